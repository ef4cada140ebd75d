"""Session pages: create and edit, the room screen, joining, and attendance."""

from __future__ import annotations

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from indaba.audit import services as audit
from indaba.boards import page_tokens, tokens
from indaba.boards.models import Board
from indaba.boards.permissions import presented_token
from indaba.common.addresses import public_base
from indaba.communities.models import Community
from indaba.communities.permissions import Action as CommunityAction
from indaba.communities.permissions import can as can_in_community
from indaba.meetings import attempts, presence, services
from indaba.meetings.forms import (
    AgendaFormSet,
    CodeForm,
    JoinForm,
    JoinLinkForm,
    NewSessionForm,
    SessionForm,
)
from indaba.meetings.models import (
    Attendance,
    JoinLink,
    JoinMethod,
    Phase,
    Presence,
    Registration,
    Session,
)
from indaba.meetings.permissions import Action, JoinRefusal, board_role, can, join_refusal
from indaba.meetings.qr import qr_svg

GUEST_COOKIE = "indaba_join_{}"
# The reason on the "You may not open this page" page, one whole sentence per action so
# each language can word it its own way (never "you may not " + the action's name).
REFUSED: dict[Action, Promise] = {
    Action.VIEW: gettext_lazy("you may not view this session"),
    Action.REGISTER: gettext_lazy("you may not register for this session"),
    Action.JOIN_AS_MEMBER: gettext_lazy("you may not join this session as a member"),
    Action.MANAGE: gettext_lazy("you may not manage this session"),
    Action.VIEW_ATTENDANCE: gettext_lazy("you may not view the attendance of this session"),
    Action.VIEW_RESULTS: gettext_lazy("you may not view the results of this session"),
    Action.FACILITATE: gettext_lazy("you may not facilitate this session"),
}
REFRESH_SECONDS = 5


def session_for(request: HttpRequest, pk: int, action: Action) -> Session:
    session = get_object_or_404(Session.objects.select_related("community", "board"), pk=pk)
    if not can(request.user, action, session):
        raise PermissionDenied(str(REFUSED[action]))
    return session


def _join_url(request: HttpRequest, link: JoinLink) -> str:
    """The address in links and QR codes: it carries the link's long key, not the short
    code, so it cannot be guessed."""
    return public_base(request) + reverse("meetings:join_code", args=[link.key])


def _agenda(request: HttpRequest,
            session: Session | None = None) -> BaseInlineFormSet[Any, Session, Any]:
    """The agenda lines; "Add a line" (without JavaScript) sends the form back one longer."""
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and "add_line" in data:
        key = "agenda-TOTAL_FORMS"
        data[key] = str(int(data.get(key) or 0) + 1)
    formset: BaseInlineFormSet[Any, Session, Any] = AgendaFormSet(data, instance=session,
                                                                  prefix="agenda")
    return formset


def _adding_a_line(request: HttpRequest) -> bool:
    return request.method == "POST" and "add_line" in request.POST


@login_required
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    if not can_in_community(request.user, CommunityAction.CREATE_SESSION, community):
        raise PermissionDenied(gettext("only leads and facilitators create sessions"))
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=0, second=0,
                                                                 microsecond=0)
    form = NewSessionForm(request.POST or None, initial={
        "starts_at": start, "ends_at": start + timedelta(hours=2), "mode": "hybrid"})
    agenda = _agenda(request)
    if (request.method == "POST" and not _adding_a_line(request) and form.is_valid()
            and agenda.is_valid()):
        data = form.cleaned_data
        entries = [services.AgendaEntry(title=f.cleaned_data["title"],
                                        speaker=f.cleaned_data.get("speaker") or "",
                                        starts_at=f.cleaned_data.get("starts_at"),
                                        minutes=f.cleaned_data.get("minutes"))
                   for f in agenda.forms
                   if f.cleaned_data.get("title") and not f.cleaned_data.get("DELETE")]
        session = services.create_session(
            community, request.user, title=data["title"], description=data["description"],
            starts_at=data["starts_at"], ends_at=data["ends_at"], mode=data["mode"],
            venue=data["venue"], online_url=data["online_url"],
            registration_required=data["registration_required"], capacity=data["capacity"],
            template=data["template"], agenda=entries, allow_guests=data["allow_guests"])
        messages.success(request, gettext("Session “%(title)s” created with its board.")
                         % {"title": session.title})
        return redirect(session.get_absolute_url())
    return render(request, "meetings/session_form.html", {
        "form": form, "agenda": agenda, "community": community, "quiet": _adding_a_line(request),
        "title": gettext("New session"), "submit": gettext("Create session")})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, Action.MANAGE)
    form = SessionForm(request.POST or None, instance=session)
    agenda = _agenda(request, session)
    if (request.method == "POST" and not _adding_a_line(request) and form.is_valid()
            and agenda.is_valid()):
        form.save()
        agenda.save()
        messages.success(request, gettext("Session saved."))
        return redirect(session.get_absolute_url())
    return render(request, "meetings/session_form.html", {
        "form": form, "agenda": agenda, "community": session.community, "session": session,
        "quiet": _adding_a_line(request),
        "title": gettext("Edit %(title)s") % {"title": session.title}, "submit": gettext("Save")})


def session_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    session = session_for(request, pk, Action.VIEW)
    manage = can(request.user, Action.MANAGE, session)
    phase = session.phase()
    # A past session takes no joins (no live code, no "where are you?") unless the
    # facilitator kept a link open.
    link = services.current_join_link(session)
    registered = Registration.objects.filter(session=session, user_id=request.user.pk).exists()
    return render(request, "meetings/session_detail.html", {
        "session": session,
        "phase": phase,
        "closed_reason": services.closed_reason(session),
        "agenda": session.agenda.all(),
        "manage": manage,
        "link": link,
        "people_with_link": services.people_joined_with(link) if link else 0,
        "join_url": _join_url(request, link) if link else "",
        "link_form": JoinLinkForm(),
        "join_form": JoinForm(),
        "board_role": board_role(request.user, session),
        "registered": registered,
        "registrations": session.registrations.count(),
        "is_full": session.capacity is not None
        and session.registrations.count() >= session.capacity,
    })


@require_POST
@login_required
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, Action.REGISTER)
    try:
        if request.POST.get("cancel"):
            services.unregister(session, request.user)
            messages.success(request, gettext("Your registration is cancelled."))
        else:
            services.register(session, request.user)
            messages.success(request, gettext("You are registered."))
    except services.SessionError as exc:
        messages.error(request, str(exc).capitalize() + ".")
    return redirect(session.get_absolute_url())


@require_POST
@login_required
def session_join(request: HttpRequest, pk: int) -> HttpResponse:
    """A member joins from the session page, without a code."""
    session = session_for(request, pk, Action.JOIN_AS_MEMBER)
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Say whether you are in the room or online."))
        return redirect(session.get_absolute_url())
    try:
        result = services.join(session, presence=form.cleaned_data["presence"],
                               method=JoinMethod.MEMBER, user=request.user)
    except services.SessionError as exc:
        messages.error(request, _sentence(str(exc)))
        return redirect(session.get_absolute_url())
    _remember_token(request, result)
    return redirect(_landing(result))


def _remember_token(request: HttpRequest, result: services.JoinResult) -> None:
    """A signed-in person's join token ends when they sign out (boards/page_tokens.py)."""
    if result.attendance.token is not None:
        page_tokens.remember(request, result.attendance.token)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _landing(result: services.JoinResult) -> str:
    """Where a person goes after joining: the light phone page when in the room (it links
    to the full board), the full board when online."""
    if result.attendance.presence == Presence.IN_ROOM:
        board_url, _, query = result.board_url.partition("?")
        return f"{board_url}/phone?{query}"
    return result.board_url


@login_required
def room_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """For the venue's projector: title, join code, QR code. The page asks `room/code`
    every few seconds and reloads when the code changed, so it never shows a dead one."""
    session = session_for(request, pk, Action.MANAGE)
    link = services.current_join_link(session)
    join_url = _join_url(request, link) if link else ""
    return render(request, "meetings/room.html", {
        "session": session, "link": link, "join_url": join_url,
        "closed_reason": services.closed_reason(session),
        "join_base": public_base(request) + reverse("meetings:join"),
        "qr": qr_svg(join_url, title=gettext("QR code: join %(title)s") % {"title": session.title})
        if link else "",
    })


@never_cache
@login_required
def room_code(request: HttpRequest, pk: int) -> JsonResponse:
    """The code the room screen should show now (empty when there is none)."""
    session = session_for(request, pk, Action.MANAGE)
    link = services.current_join_link(session)
    return JsonResponse({"code": link.code if link else "",
                         "displayCode": link.display_code if link else "",
                         "phase": session.phase().value})


@require_POST
@login_required
def link_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a join code; replacing an active one disconnects its people, so it asks first."""
    session = session_for(request, pk, Action.MANAGE)
    form = JoinLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("The join link settings are not valid."))
        return redirect(session.get_absolute_url())
    if session.phase() is Phase.PAST:
        messages.error(request, gettext("This session has ended: it takes no new join codes."))
        return redirect(session.get_absolute_url())
    active = services.active_join_link(session)
    if active is not None and request.POST.get("confirm") != "yes":
        return render(request, "meetings/link_confirm.html", {
            "session": session, "link": active, "replace": True, "form": form,
            "people": services.people_joined_with(active)})
    hours = form.cleaned_data.get("hours")
    link, closed = services.replace_join_link(
        session, request.user, role=form.cleaned_data["role"],
        allow_guests=form.cleaned_data["allow_guests"],
        expires_at=timezone.now() + timedelta(hours=hours) if hours else None,
        keep_open=bool(form.cleaned_data.get("keep_open")) and not hours,
        offer_to_previous=request.POST.get("offer") == "on")
    text = gettext("New join code %(code)s.") % {"code": link.display_code}
    if active is not None:
        disconnected = ngettext("%(n)d person was disconnected",
                                "%(n)d people were disconnected", closed) % {"n": closed}
        said = (gettext("The old code %(code)s no longer works; %(disconnected)s and offered "
                        "the new code.") if request.POST.get("offer") == "on" else
                gettext("The old code %(code)s no longer works; %(disconnected)s."))
        text += " " + said % {"code": active.display_code, "disconnected": disconnected}
    messages.success(request, text)
    return redirect(session.get_absolute_url())


@login_required
def link_revoke(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    """Withdraw a join code: a confirmation page first (GET, or a POST without
    `confirm=yes`), then the code and every board access issued through it end."""
    session = session_for(request, pk, Action.MANAGE)
    link = get_object_or_404(JoinLink, pk=link_id, session=session)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "meetings/link_confirm.html", {
            "session": session, "link": link, "replace": False,
            "people": services.people_joined_with(link)})
    count = services.revoke_join_link(link)
    messages.success(request, gettext("Join code %(code)s withdrawn; %(disconnected)s") % {
        "code": link.display_code,
        "disconnected": ngettext("%(n)d person was disconnected.",
                                 "%(n)d people were disconnected.", count) % {"n": count}})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = session.get_absolute_url()
    return redirect(target)


@never_cache
def rejoin(request: HttpRequest, board_id: str) -> JsonResponse:
    """For a board page whose access ended: why, and the code to rejoin with when the
    facilitator offered one. Answers only to a genuine token for this board."""
    board = get_object_or_404(Board, pk=board_id)
    grant = tokens.identify(presented_token(request, board.id), board.id)
    offer = services.rejoin_offer(grant) if grant is not None else None
    if offer is None:
        return JsonResponse({"error": gettext("nothing to offer for this access")}, status=404)
    return JsonResponse({
        "reason": offer.reason,
        "code": offer.link.code if offer.link else "",
        "displayCode": offer.link.display_code if offer.link else "",
        "joinUrl": offer.join_path,
    })


@never_cache
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, Action.VIEW_ATTENDANCE)
    connected = presence.sample(session)
    link = services.active_join_link(session)
    # Refreshing is opt-in: a page that reloads itself every few seconds loses a screen
    # reader's place and the keyboard focus (WCAG 2.2.1, axe's meta-refresh rule).
    refresh = request.GET.get("refresh") == "on"
    return render(request, "meetings/attendance.html", {
        "session": session,
        "summary": services.summary(session, connected),
        "people": services.attendees(session),
        "connected": connected or set(),
        "live_known": connected is not None,
        "link": link,
        "refresh": REFRESH_SECONDS if refresh else None,
    })


@login_required
def attendance_csv(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, Action.VIEW_ATTENDANCE)
    presence.sample(session)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-session-{session.pk}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
    writer = csv.writer(response)
    writer.writerow(services.CSV_HEADER)
    rows = services.attendance_csv_rows(session)
    for row in rows:
        writer.writerow([_csv_safe(cell) for cell in row])
    audit.record("meetings.attendance_export", obj=("session", session.pk),
                 payload={"format": "csv", "rows": len(rows)})
    return response


def _csv_safe(cell: str) -> str:
    """Neutralise spreadsheet formulas in user-written text (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# -- joining ---------------------------------------------------------------------------------

# Wrong, expired, withdrawn and ended codes get one answer, so trying codes tells nobody
# which exist: the same status, page and work (one lookup by code or key) for each.
UNUSABLE = frozenset({JoinRefusal.NO_LINK, JoinRefusal.REVOKED, JoinRefusal.EXPIRED,
                      JoinRefusal.ENDED})
UNUSABLE_CODE = gettext_lazy("No session is taking joins with that code: it may be "
                             "mistyped, the session may have ended, or the facilitator "
                             "changed the code. Check it on the room screen.")


def _too_many(request: HttpRequest, allowance: attempts.Allowance) -> HttpResponse:
    minutes = max(1, -(-allowance.seconds_left // 60))
    response = render(request, "meetings/join_refused.html", {
        "too_many": True, "minutes": minutes}, status=429)
    response["Retry-After"] = str(allowance.seconds_left)
    return response


def _usable(request: HttpRequest, code: str) -> tuple[JoinLink | None, JoinRefusal | None]:
    """The link a code names and why this person may not join with it; an unusable code
    counts against the client's allowance of wrong codes."""
    link = services.find_join_link(code)
    refusal = join_refusal(request.user, link)
    if refusal in UNUSABLE:
        attempts.count_failure(request)
    return link, refusal


def join_start(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        allowance = attempts.allowance(request)
        if allowance.refused:
            return _too_many(request, allowance)
        code = services.normalise_code(form.cleaned_data["code"])
        link, refusal = _usable(request, code)
        if link is not None and refusal not in UNUSABLE:
            return redirect(reverse("meetings:join_code", args=[link.code]) + "?via=code")
        form.add_error("code", UNUSABLE_CODE)
    return render(request, "meetings/join_start.html", {"form": form})


@never_cache
def join_code(request: HttpRequest, code: str) -> HttpResponseBase:
    allowance = attempts.allowance(request)
    if allowance.refused:
        return _too_many(request, allowance)
    link, refusal = _usable(request, code)
    if link is None or refusal in UNUSABLE:
        return render(request, "meetings/join_refused.html", {"unusable": True}, status=404)
    session = link.session
    if refusal is JoinRefusal.NOT_OPEN_YET:
        return render(request, "meetings/join_refused.html", {
            "session": session, "not_yet": True,
            "reason": _sentence(services.closed_reason(session))}, status=403)
    if refusal is JoinRefusal.SIGN_IN_REQUIRED:
        return redirect_to_login(request.get_full_path())
    signed_in = request.user.is_authenticated
    via = request.POST.get("via") or request.GET.get("via")
    method = JoinMethod.CODE if via == "code" else JoinMethod.LINK
    cookie = GUEST_COOKIE.format(session.pk)
    previous = None
    if not signed_in:
        attendance_id = request.get_signed_cookie(cookie, default=None, salt=cookie)
        previous = Attendance.objects.filter(pk=attendance_id, session=session,
                                             user__isnull=True).select_related(
            "token").first() if attendance_id else None
    # Someone coming back (a replaced code) finds their name and place filled in.
    initial = {"name": previous.name, "presence": previous.presence} if previous else None
    form = JoinForm(request.POST or None, guest=not signed_in, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.join(
                session, presence=form.cleaned_data["presence"], method=method,
                user=request.user if signed_in else None,
                guest_name=form.cleaned_data.get("name", ""), link=link, previous=previous)
        except services.SessionError as exc:
            form.add_error(None, _sentence(str(exc)))
        else:
            _remember_token(request, result)
            response = redirect(_landing(result))
            if not signed_in:
                response.set_signed_cookie(
                    cookie, str(result.attendance.pk), salt=cookie, max_age=24 * 3600,
                    httponly=True, samesite="Lax", secure=request.is_secure())
            return response
    return render(request, "meetings/join.html", {
        "session": session, "link": link, "form": form, "via": via or "",
        "signed_in": signed_in})
