"""Community operations shared by the views, the CLI and the demo (no HTTP here)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from indaba.audit import services as audit
from indaba.communities.models import Community, Invitation, Membership, Role
from indaba.communities.signals import membership_changed

INVITATION_DAYS = 14
RESERVED_SLUGS = frozenset({"new", "invitations"})  # paths under /communities/


class CommunityError(ValueError):
    pass


def unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "community"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_community(name: str, created_by: Any, purpose: str = "", unit: str = "") -> Community:
    name = " ".join(name.split())
    if not name:
        raise CommunityError("a community needs a name")
    community = Community.objects.create(slug=unique_slug(name), name=name[:120],
                                         purpose=purpose, unit=unit, created_by=created_by)
    audit.record("communities.created", obj=("community", community.pk),
                 payload={"name": community.name, "slug": community.slug})
    if created_by is not None:
        Membership.objects.create(community=community, user=created_by, role=Role.LEAD)
        _audit_member("communities.member_added", community, created_by, {"role": Role.LEAD})
    return community


def set_member(community: Community, user: Any, role: str) -> Membership:
    """Add a person with a role, or change the role they have."""
    if role not in Role.values:
        raise CommunityError(f"role must be one of {', '.join(Role.values)}")
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is None:
        membership = Membership.objects.create(community=community, user=user, role=role)
        _audit_member("communities.member_added", community, user, {"role": role})
        return membership
    if membership.role == Role.LEAD and role != Role.LEAD:
        _keep_a_lead(community, membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    if previous != role:
        _audit_member("communities.role_changed", community, user,
                      {"from": previous, "to": role})
    if role in (Role.REVIEWER, Role.EXECUTIVE):
        _revoke_board_access(community, user)  # to viewer (reviewer) or none (executive)
    return membership


def remove_member(community: Community, user: Any) -> None:
    membership = Membership.objects.filter(community=community, user=user).first()
    if membership is None:
        return
    if membership.role == Role.LEAD:
        _keep_a_lead(community, membership)
    membership.delete()
    _audit_member("communities.member_removed", community, user,
                  {"role": membership.role})
    _revoke_board_access(community, user)


def _audit_member(action: str, community: Community, user: Any,
                  details: dict[str, Any]) -> None:
    audit.record(action, obj=("community", community.pk),
                 payload={"user": f"user:{user.pk}", **details}, subjects=[f"user:{user.pk}"])


def _keep_a_lead(community: Community, leaving: Membership) -> None:
    others = Membership.objects.filter(community=community, role=Role.LEAD).exclude(pk=leaving.pk)
    if not others.exists():
        raise CommunityError(gettext("a community needs at least one lead; make someone else "
                                     "lead first"))


def _revoke_board_access(community: Community, user: Any) -> None:
    """Board access granted from this person's account no longer matches their role: the
    apps that granted it revoke it (sessions connect to this signal)."""
    membership_changed.send(sender=Community, community=community, user=user)


def invite(community: Community, email: str, role: str, invited_by: Any,
           base_url: str) -> Invitation:
    if role not in Role.values:
        raise CommunityError(f"role must be one of {', '.join(Role.values)}")
    invitation = Invitation.objects.create(
        community=community, email=email.strip(), role=role, invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    link = f"{base_url.rstrip('/')}/communities/invitations/{invitation.key}/"
    send_mail(
        subject=f"Invitation to the community {community.name}",
        message=(f"You are invited to join the Community of Practice “{community.name}” on "
                 f"Indaba as {invitation.get_role_display().lower()}.\n\n"
                 f"Accept the invitation (valid {INVITATION_DAYS} days):\n{link}\n"),
        from_email=None, recipient_list=[invitation.email])
    audit.record("communities.invitation_sent", obj=("invitation", invitation.pk),
                 payload={"community": community.pk, "email": invitation.email, "role": role},
                 subjects=[audit.email_ref(invitation.email)])
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user: Any) -> Membership:
    if not invitation.is_open:
        raise CommunityError("this invitation has been used or has expired")
    existing = Membership.objects.filter(community=invitation.community, user=user).first()
    membership = existing or Membership.objects.create(
        community=invitation.community, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if not user.email:
        user.email = invitation.email
        user.save(update_fields=["email"])
    audit.record("communities.invitation_accepted", obj=("invitation", invitation.pk),
                 payload={"community": invitation.community_id, "user": f"user:{user.pk}",
                          "email": invitation.email, "role": membership.role,
                          "already_member": existing is not None},
                 subjects=[f"user:{user.pk}", audit.email_ref(invitation.email)])
    return membership
