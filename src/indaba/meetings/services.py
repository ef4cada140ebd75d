"""Session operations shared by the views, the CLI and the demo (no HTTP here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pycrdt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from indaba import config
from indaba.accounts.people import display_name, unit_of
from indaba.audit import services as audit
from indaba.boards import builders, document, live, tokens
from indaba.boards import frames as board_frames
from indaba.boards import services as board_services
from indaba.boards.models import BoardAccessToken, BoardRole
from indaba.communities.models import Community
from indaba.meetings import board_templates
from indaba.meetings.models import (
    AgendaItem,
    Attendance,
    JoinLink,
    JoinMethod,
    Phase,
    Presence,
    Registration,
    Session,
    join_grace,
)
from indaba.meetings.permissions import board_role
from indaba.sync.policy import new_content_doc

ROLE_RANK: dict[str, int] = {BoardRole.VIEWER: 1, BoardRole.EDITOR: 2}


class SessionError(ValueError):
    pass


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    speaker: str = ""
    starts_at: Any = None  # datetime.time
    minutes: int | None = None


def create_session(community: Community, created_by: Any, *, title: str, starts_at: datetime,
                   ends_at: datetime, mode: str, template: str = "blank", venue: str = "",
                   online_url: str = "", description: str = "",
                   registration_required: bool = False, capacity: int | None = None,
                   agenda: Iterable[AgendaEntry] = (), allow_guests: bool = True,
                   notes: Iterable[tuple[str, str, str, str]] = ()) -> Session:
    """A session with its board (laid out from the template) and an active join link.

    `notes` are sticky notes to start with: (frame name, text, author, colour)."""
    if template not in board_templates.BY_KEY:
        raise SessionError(f"unknown board template {template!r}")
    if ends_at <= starts_at:
        raise SessionError("a session must end after it starts")
    with transaction.atomic():
        board = board_services.create_board(title, created_by=created_by)
        session = Session.objects.create(
            community=community, title=" ".join(title.split())[:200], description=description,
            starts_at=starts_at, ends_at=ends_at, mode=mode, venue=venue,
            online_url=online_url, registration_required=registration_required,
            capacity=capacity, template=template, board=board, created_by=created_by)
        for position, entry in enumerate(agenda):
            AgendaItem.objects.create(session=session, position=position, title=entry.title,
                                      speaker=entry.speaker, starts_at=entry.starts_at,
                                      minutes=entry.minutes)
        new_join_link(session, created_by, allow_guests=allow_guests)
    # The board store has its own connection: write after the rows are committed
    # (on SQLite a write inside our transaction would wait for it forever).
    write_template(session, list(notes))
    return session


def write_template(session: Session, notes: list[tuple[str, str, str, str]]) -> None:
    """Lay out the session's board from its template, with optional notes
    (frame name, text, author, colour). Only for a board that has no content yet."""
    assert session.board is not None
    items, frames = board_templates.elements(session.template, session.title)
    indices = builders.IndexSequence()
    for _ in items:
        indices.next()
    rows: dict[str, int] = {}
    for frame_name, note, author, color in notes:
        row = rows.get(frame_name, 0)
        rows[frame_name] = row + 1
        x, y = board_templates.note_position(frames[frame_name], row)
        frame_id = board_frames.frame_of(items, builders.sticky_box(x, y, note))
        items.extend(builders.sticky_note(note, x, y, indices, author=author, color=color,
                                          frame_id=frame_id))
    doc: pycrdt.Doc[Any] = new_content_doc()
    document.write_elements(doc, items)
    board_services.write_initial_content(session.board.id, doc)


# -- join links ------------------------------------------------------------------------------

def active_join_link(session: Session) -> JoinLink | None:
    for link in session.join_links.filter(revoked_at__isnull=True).order_by("-created_at"):
        if link.is_active:
            return link
    return None


def current_join_link(session: Session) -> JoinLink | None:
    """The link to show people now: the active one, unless the session has ended and the
    link only lasts as long as the session does."""
    link = active_join_link(session)
    if link is not None and session.phase() is Phase.PAST and not link.outlives_session:
        return None
    return link


def ended_join_links(cutoff: datetime) -> QuerySet[JoinLink]:
    """Join links that ended (expired, withdrawn, or their session ended and the link was
    not kept open) before `cutoff`."""
    ended = (Q(revoked_at__lt=cutoff) | Q(expires_at__lt=cutoff)
             | Q(expires_at__isnull=True, keep_open=False,
                 session__ends_at__lt=cutoff - join_grace()))
    return JoinLink.objects.filter(ended)


def purge_ended_join_links(now: datetime | None = None) -> int:
    """Delete join links that ended more than RETAIN_JOIN_LINKS_DAYS ago (0 = keep), so
    old codes do not pile up; the daily retention run does the same. Attendance keeps its
    rows (the link reference is cleared); the audit trail keeps the link's number.

    Returns how many were deleted."""
    days = int(config.get("RETAIN_JOIN_LINKS_DAYS"))
    if days == 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    _, by_model = ended_join_links(cutoff).delete()
    count = int(by_model.get(JoinLink._meta.label, 0))
    if count:
        audit.record("meetings.join_links_purged", obj=("join_links", ""),
                     payload={"deleted": count, "ended_before": cutoff})
    return count


def new_join_link(session: Session, created_by: Any, *, role: str = BoardRole.EDITOR,
                  allow_guests: bool = True, expires_at: datetime | None = None,
                  keep_open: bool = False) -> JoinLink:
    """A join link; without `expires_at` or `keep_open` it ends with the session."""
    for _ in range(10):
        try:
            with transaction.atomic():
                link = JoinLink.objects.create(session=session, role=role,
                                               allow_guests=allow_guests,
                                               expires_at=expires_at, keep_open=keep_open,
                                               created_by=created_by)
                audit.record("meetings.join_link_created", obj=("session", session.pk),
                             payload={"join_link": link.pk, "role": role,
                                      "allow_guests": allow_guests, "expires_at": expires_at,
                                      "keep_open": keep_open})
                return link
        except IntegrityError:
            continue  # the random code was taken: draw again
    raise SessionError("could not find a free join code")


def find_join_link(code: str) -> JoinLink | None:
    """The link a typed code or a link's key names, in whatever state; None for neither."""
    links = JoinLink.objects.select_related("session", "session__community")
    if len(code) > MAX_CODE_LENGTH:
        # A key from a link or QR code: exact, and bounded before it reaches the query.
        return links.filter(key=code[:64]).first() if len(code) <= 64 else None
    cleaned = normalise_code(code)
    if not cleaned:
        return None
    return links.filter(code=cleaned).first()


MAX_CODE_LENGTH = 12


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:MAX_CODE_LENGTH]


def replace_join_link(session: Session, created_by: Any, *, role: str = BoardRole.EDITOR,
                      allow_guests: bool = True, expires_at: datetime | None = None,
                      keep_open: bool = False,
                      offer_to_previous: bool = True) -> tuple[JoinLink, int]:
    """A new join code for the session; the active one (if any) is revoked with the tokens
    issued through it. With `offer_to_previous`, people who joined with the old code are
    offered the new one when their board disconnects (see `rejoin_offer`).

    Returns the new link and how many tokens were revoked."""
    active = active_join_link(session)
    link = new_join_link(session, created_by, role=role, allow_guests=allow_guests,
                         expires_at=expires_at, keep_open=keep_open)
    if active is None:
        return link, 0
    if offer_to_previous:
        active.successor = link
        active.save(update_fields=["successor"])
    revoked = revoke_join_link(active)
    audit.record("meetings.join_link_replaced", obj=("session", session.pk),
                 payload={"old": active.pk, "new": link.pk, "tokens_revoked": revoked,
                          "offer_to_previous": offer_to_previous})
    return link, revoked


def people_joined_with(link: JoinLink) -> int:
    """People whose board access came through this link and is still valid."""
    return Attendance.objects.filter(join_link=link, token__revoked_at__isnull=True).count()


def revoke_join_link(link: JoinLink) -> int:
    """Revoke the link and every board token issued through it; close their live sockets.

    Returns how many tokens were revoked."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    grants = BoardAccessToken.objects.filter(attendance__join_link=link, revoked_at__isnull=True)
    revoked = _revoke_grants(grants)
    audit.record("meetings.join_link_revoked", obj=("session", link.session_id),
                 payload={"join_link": link.pk, "tokens_revoked": revoked})
    return revoked


def _revoke_grants(grants: Iterable[BoardAccessToken]) -> int:
    count = 0
    for grant in list(grants):
        tokens.revoke(grant)
        live.close_token_connections(grant.id)
        Attendance.objects.filter(token=grant, left_at__isnull=True).update(
            left_at=timezone.now())
        count += 1
    return count


def revoke_account_tokens(community: Community, user: Any) -> int:
    """Revoke board tokens minted for a person on this community's session boards."""
    grants = BoardAccessToken.objects.filter(
        user_id=user.pk, revoked_at__isnull=True,
        board__session__community=community)
    return _revoke_grants(grants)


def on_membership_changed(sender: Any, *, community: Community, user: Any,
                          **kwargs: Any) -> None:
    """A role changed or ended (communities/signals.py): the tokens minted for the old
    role go."""
    revoke_account_tokens(community, user)


# -- joining and attendance --------------------------------------------------------------------

@dataclass(frozen=True)
class JoinResult:
    token: str
    attendance: Attendance

    @property
    def board_url(self) -> str:
        board = self.attendance.session.board
        assert board is not None
        return f"{board.get_absolute_url()}?token={self.token}"


def closed_reason(session: Session) -> str:
    """Why the session takes no joins now, in words for the person trying ("" when open)."""
    phase = session.phase()
    if phase is Phase.UPCOMING:
        opens = timezone.localtime(session.opens_at)
        return gettext("joining opens at %(time)s on %(day)s (%(minutes)s minutes before "
                       "the session starts)") % {
            "time": date_format(opens, "H:i"), "day": date_format(opens, "l j F"),
            "minutes": attendance_minutes()}
    if phase is Phase.PAST:
        return gettext("this session has ended; its board and results stay available to "
                       "members")
    return ""


def attendance_minutes() -> int:
    return int(settings.INDABA_LIMITS["attendance_margin_minutes"])


def join(session: Session, *, presence: str, method: str, user: Any = None,
         guest_name: str = "", link: JoinLink | None = None,
         previous: Attendance | None = None) -> JoinResult:
    """See `_join`; every admission is recorded in the audit trail."""
    with transaction.atomic():
        result = _join(session, presence=presence, method=method, user=user,
                       guest_name=guest_name, link=link, previous=previous)
        attendance = result.attendance
        person = (f"user:{attendance.user_id}" if attendance.user_id is not None
                  else f"guest:{attendance.pk}")
        audit.record("meetings.join", obj=("session", session.pk),
                     payload={"attendance": attendance.pk, "person": person,
                              "name": attendance.name, "method": method,
                              "presence": presence,
                              "join_link": link.pk if link is not None else None},
                     # A guest is known by their attendance and by the token they got.
                     subjects=[person, *([f"token:{attendance.token_id}"]
                                         if attendance.token_id else [])])
    return result


def _join(session: Session, *, presence: str, method: str, user: Any = None,
          guest_name: str = "", link: JoinLink | None = None,
          previous: Attendance | None = None) -> JoinResult:
    """Admit a person (user) or a guest (guest_name) to the session's board and record it.
    Only while the session is open: attendance is never recorded outside it.

    `previous` is an earlier attendance of the same browser (guests): it is reused while
    its token is still active, so reloading the join page does not count a person twice;
    a guest whose access ended (a replaced code) and who rejoins under the same name from
    the same browser stays the same person, with a new token.
    """
    if presence not in Presence.values:
        raise SessionError(gettext("say whether you are in the room or online"))
    if method not in JoinMethod.values:
        raise SessionError(f"unknown join method {method!r}")
    if session.board is None:
        raise SessionError(gettext("this session has no board"))
    if link is not None and not link.is_active:
        raise SessionError(gettext("this join code no longer works"))
    reason = closed_reason(session)
    # A link the facilitator gave its own lifetime admits people after the session.
    if reason and not (link is not None and link.outlives_session
                       and session.phase() is Phase.PAST):
        raise SessionError(reason)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    account_role = board_role(user, session) if signed_in else None
    link_role = link.role if link is not None else None
    role = max((r for r in (account_role, link_role) if r), key=ROLE_RANK.__getitem__,
               default=None)
    if role is None:
        raise SessionError(gettext("you need a join link or membership of this community"))
    if signed_in:
        name = display_name(user)
        previous = Attendance.objects.filter(session=session, user_id=user.pk).last()
    else:
        name = " ".join(guest_name.split())
        if not name:
            raise SessionError(gettext("a display name is required"))
        if len(name) > tokens.MAX_NAME_LENGTH:
            raise SessionError(gettext("display name longer than %(most)d characters")
                               % {"most": tokens.MAX_NAME_LENGTH})
    with transaction.atomic():
        grant = previous.token if previous is not None else None
        reuse = (grant is not None and grant.is_active and grant.role == role
                 and grant.name == name and previous is not None
                 and previous.session_id == session.pk and previous.join_link_id == (
                     link.pk if link else None))
        if reuse and previous is not None and grant is not None:
            previous.presence = presence
            previous.left_at = None
            previous.save(update_fields=["presence", "left_at"])
            return JoinResult(tokens.sign(grant), previous)
        token, grant = tokens.issue_token(session.board, role, name,
                                          _lifetime(session, link),
                                          user_id=user.pk if signed_in else None)
        old = previous.token if previous is not None else None
        if (not signed_in and previous is not None and previous.session_id == session.pk
                and previous.name == name and (old is None or not old.is_active)):
            previous.token, previous.join_link = grant, link
            previous.presence, previous.method, previous.left_at = presence, method, None
            previous.save(update_fields=["token", "join_link", "presence", "method",
                                         "left_at"])
            return JoinResult(token, previous)
        attendance = Attendance.objects.create(
            session=session, user=user if signed_in else None, name=name, presence=presence,
            method=method, join_link=link, token=grant)
    return JoinResult(token, attendance)


def _lifetime(session: Session, link: JoinLink | None) -> float:
    """Seconds a board token issued at this join lasts: no longer than the link it came
    through (so, by default, the session's end plus the grace period), nor than
    GUEST_TOKEN_SECONDS. A member joining without a link gets the session's end too: after
    it, the board opens for them from the session page."""
    lifetime = float(settings.INDABA_LIMITS["guest_token_seconds"])
    ends = link.ends_at if link is not None else session.ends_at + join_grace()
    if ends is not None:
        lifetime = max(1.0, min(lifetime, (ends - timezone.now()).total_seconds()))
    return lifetime


@dataclass(frozen=True)
class RejoinOffer:
    """What a person whose board access ended is told, and the code to rejoin with."""

    session: Session
    reason: str
    link: JoinLink | None  # None: no code is offered; they must ask the facilitator

    @property
    def join_path(self) -> str:
        return f"/join/{self.link.key}/" if self.link is not None else "/join/"


def rejoin_offer(grant: BoardAccessToken) -> RejoinOffer | None:
    """For a token whose access ended: the current code when the facilitator replaced the
    one it came through and chose to offer the new one; else why there is none. None for
    a token that still works or came from no join code."""
    if grant.is_active:
        return None
    attendance = Attendance.objects.filter(token=grant).select_related(
        "join_link", "session").first()
    if attendance is None or attendance.join_link is None:
        return None
    used = attendance.join_link
    current, seen = used, {used.pk}
    while current.successor_id is not None and current.successor_id not in seen:
        seen.add(current.successor_id)
        current = JoinLink.objects.get(pk=current.successor_id)
    session = attendance.session
    closed = closed_reason(session)
    if closed:
        return RejoinOffer(session, closed[0].upper() + closed[1:] + ".", None)
    if current.pk != used.pk and current.is_active:
        return RejoinOffer(session, "The facilitator changed the join code. Rejoin with "
                                    f"the new code {current.display_code}.", current)
    if used.revoked_at is not None:
        return RejoinOffer(session, "The facilitator withdrew the join code you used. Ask "
                                    "them for the current code.", None)
    return RejoinOffer(session, "Your access to this board has ended. Ask the facilitator "
                                "for the current code.", None)


@dataclass(frozen=True)
class AttendanceSummary:
    in_room: int
    online: int
    guests: int
    accounts: int
    connected: int | None  # live board connections in this process; None = unknown

    @property
    def total(self) -> int:
        return self.in_room + self.online


def attendees(session: Session) -> list[Attendance]:
    """One row per person: the latest join of each account, and every guest join."""
    rows = list(session.attendance.select_related("user", "token").order_by("joined_at", "pk"))
    latest: dict[Any, Attendance] = {}
    for row in rows:
        latest[("user", row.user_id) if row.user_id else ("guest", row.pk)] = row
    return sorted(latest.values(), key=lambda r: (r.joined_at, r.pk))


def summary(session: Session, connected: set[str] | None = None) -> AttendanceSummary:
    people = attendees(session)
    live_count = None
    if connected is not None:
        live_count = sum(1 for p in people if p.token_id in connected)
    return AttendanceSummary(
        in_room=sum(1 for p in people if p.presence == Presence.IN_ROOM),
        online=sum(1 for p in people if p.presence == Presence.ONLINE),
        guests=sum(1 for p in people if p.is_guest),
        accounts=sum(1 for p in people if not p.is_guest),
        connected=live_count,
    )


CSV_HEADER = ("name", "kind", "unit", "presence", "joined_via", "joined_at", "last_seen_at",
              "left_at")


def attendance_csv_rows(session: Session) -> list[tuple[str, ...]]:
    def when(value: datetime | None) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds") if value else ""

    rows: list[tuple[str, ...]] = []
    for person in attendees(session):
        rows.append((
            person.name,
            "guest" if person.is_guest else "account",
            unit_of(person.user) if person.user is not None else "",
            person.presence,
            person.method,
            when(person.joined_at),
            when(person.last_seen_at),
            when(person.left_at),
        ))
    return rows


# -- registration ------------------------------------------------------------------------------

@transaction.atomic
def register(session: Session, user: Any) -> Registration:
    locked = Session.objects.select_for_update().get(pk=session.pk)
    existing = Registration.objects.filter(session=locked, user=user).first()
    if existing is not None:
        return existing
    if not locked.registration_required:
        raise SessionError(gettext("this session does not take registrations"))
    if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
        raise SessionError(gettext("this session is full"))
    return Registration.objects.create(session=locked, user=user)


def unregister(session: Session, user: Any) -> None:
    Registration.objects.filter(session=session, user=user).delete()
