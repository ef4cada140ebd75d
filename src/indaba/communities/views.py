"""Community pages: list, create, home, settings, members and invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indaba.accounts.forms import AccountCreationForm
from indaba.accounts.people import display_name, unit_of
from indaba.audit import services as audit
from indaba.common.addresses import public_base
from indaba.communities import services
from indaba.communities.forms import AddMemberForm, CommunityForm, InviteForm, RoleForm
from indaba.communities.models import Community, Invitation, Membership, Role
from indaba.communities.permissions import (
    Action,
    can,
    can_create_community,
    community_role,
    visible_communities,
)

ROLE_ORDER = list(Role.values)
# The reason on the "You may not open this page" page, one whole sentence per action so
# each language can word it its own way (never "you may not " + the action's name).
REFUSED: dict[Action, Promise] = {
    Action.VIEW: gettext_lazy("you may not view this community"),
    Action.EDIT: gettext_lazy("you may not edit this community"),
    Action.MANAGE_MEMBERS: gettext_lazy("you may not manage the members of this community"),
    Action.CREATE_SESSION: gettext_lazy("you may not create sessions in this community"),
    Action.VIEW_EVIDENCE: gettext_lazy("you may not view the evidence of this community"),
}


def _community(request: HttpRequest, slug: str, action: Action) -> Community:
    community = get_object_or_404(Community, slug=slug)
    if not can(request.user, action, community):
        raise PermissionDenied(str(REFUSED[action]))
    return community


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    # Counted in a subquery: the visibility filter joins memberships to this user's only.
    members = (Membership.objects.filter(community=OuterRef("pk")).order_by()
               .values("community").annotate(n=Count("pk")).values("n"))
    communities = visible_communities(request.user).annotate(
        member_count=Coalesce(Subquery(members), 0))
    roles = dict(Membership.objects.filter(user_id=int(request.user.pk or 0))
                 .values_list("community_id", "role"))
    rows = [(c, roles.get(c.pk)) for c in communities]
    return render(request, "communities/list.html", {"rows": rows})


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    if not can_create_community(request.user):
        raise PermissionDenied
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = services.create_community(
            form.cleaned_data["name"], request.user, purpose=form.cleaned_data["purpose"],
            unit=form.cleaned_data["unit"])
        messages.success(request, _("Community “%(name)s” created. You are its lead.")
                         % {"name": community.name})
        return redirect(community.get_absolute_url())
    return render(request, "communities/form.html",
                  {"form": form, "title": _("New community"), "submit": _("Create community")})


def community_home(request: HttpRequest, slug: str) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    community = get_object_or_404(Community, slug=slug)
    if not can(request.user, Action.VIEW, community):
        if can(request.user, Action.VIEW_EVIDENCE, community):
            return redirect("evidence:community", slug=slug)
        raise PermissionDenied(gettext("you are not a member of this community"))
    now = timezone.now()
    sessions = community.sessions.select_related("board")
    members = sorted(((m, display_name(m.user), unit_of(m.user))
                      for m in community.memberships.select_related("user")),
                     key=lambda row: (ROLE_ORDER.index(row[0].role), row[1].lower()))
    return render(request, "communities/home.html", {
        "community": community,
        "role": community_role(request.user, community),
        "can_view_evidence": can(request.user, Action.VIEW_EVIDENCE, community),
        "members": members,
        "upcoming": sessions.filter(ends_at__gte=now).order_by("starts_at"),
        "past": sessions.filter(ends_at__lt=now).order_by("-starts_at"),
        "board_sessions": [s for s in sessions.order_by("-starts_at") if s.board is not None],
        "can_edit": can(request.user, Action.EDIT, community),
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, community),
        "can_create_session": can(request.user, Action.CREATE_SESSION, community),
    })


@login_required
def community_edit(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, Action.EDIT)
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        changed = {field: {"from": form.initial.get(field), "to": form.cleaned_data[field]}
                   for field in form.changed_data}
        with transaction.atomic():
            form.save()
            if changed:
                audit.record("communities.settings_changed", obj=("community", community.pk),
                             payload={"changed": changed})
        messages.success(request, _("Saved."))
        return redirect(community.get_absolute_url())
    return render(request, "communities/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": community.name}, "submit": _("Save"),
        "community": community})


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug, Action.MANAGE_MEMBERS)
    invite_form = InviteForm(request.POST if request.POST.get("form") == "invite" else None,
                             prefix="invite")
    add_form = AddMemberForm(request.POST if request.POST.get("form") == "add" else None,
                             prefix="add")
    if request.method == "POST":
        if invite_form.is_bound and invite_form.is_valid():
            services.invite(community, invite_form.cleaned_data["email"],
                            invite_form.cleaned_data["role"], request.user, public_base(request))
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": invite_form.cleaned_data["email"]})
            return redirect("communities:members", slug=slug)
        if add_form.is_bound and add_form.is_valid():
            user = _find_account(add_form.cleaned_data["username"])
            if user is None:
                add_form.add_error("username", _("No account has that username or e-mail."))
            else:
                services.set_member(community, user, add_form.cleaned_data["role"])
                messages.success(request, _("%(name)s is now a member.")
                                 % {"name": display_name(user)})
                return redirect("communities:members", slug=slug)
    rows = [(m, display_name(m.user), unit_of(m.user), RoleForm(initial={"role": m.role},
                                                                  prefix=f"m{m.pk}"))
            for m in community.memberships.select_related("user")]
    open_invitations = [i for i in community.invitations.filter(accepted_at__isnull=True)
                        if i.is_open]
    return render(request, "communities/members.html", {
        "community": community, "rows": rows, "invite_form": invite_form,
        "add_form": add_form, "invitations": open_invitations})


def _find_account(name: str) -> Any:
    model = get_user_model()
    name = name.strip()
    user = model._default_manager.filter(username=name).first()
    if user is None and "@" in name:
        matches = list(model._default_manager.filter(email__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


@require_POST
@login_required
def member_update(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    community = _community(request, slug, Action.MANAGE_MEMBERS)
    membership = get_object_or_404(Membership, pk=membership_id, community=community)
    try:
        if request.POST.get("remove"):
            services.remove_member(community, membership.user)
            messages.success(request, _("%(name)s removed.")
                             % {"name": display_name(membership.user)})
        else:
            form = RoleForm(request.POST, prefix=f"m{membership.pk}")
            if form.is_valid():
                services.set_member(community, membership.user, form.cleaned_data["role"])
                messages.success(request, _("Role of %(name)s changed.")
                                 % {"name": display_name(membership.user)})
    except services.CommunityError as exc:
        messages.error(request, str(exc))
    return redirect("communities:members", slug=slug)


def accept_invitation(request: HttpRequest, key: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("community"), key=key)
    if not invitation.is_open:
        return render(request, "communities/invitation.html",
                      {"invitation": invitation, "closed": True}, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            services.accept_invitation(invitation, request.user)
            messages.success(request, _("Welcome to %(name)s.")
                             % {"name": invitation.community.name})
            return redirect(invitation.community.get_absolute_url())
        return render(request, "communities/invitation.html", {"invitation": invitation})
    form = AccountCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.email = invitation.email
        user.save(update_fields=["email"])
        services.accept_invitation(invitation, user)
        login(request, user, backend="indaba.accounts.backends.ThrottledEmailOrUsernameBackend")
        messages.success(request, _("Welcome to %(name)s.")
                         % {"name": invitation.community.name})
        return redirect(invitation.community.get_absolute_url())
    return render(request, "communities/invitation.html",
                  {"invitation": invitation, "form": form})
