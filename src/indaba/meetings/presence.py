"""Join and leave times from board presence.

The sync engine imports nothing from Django; its observer forwards each client's
arrival and departure as the Django signals `board_client_joined` / `board_client_left`
(boards/signals.py, kwargs token_id and at). The receivers here stamp the attendance
that owns the token: `last_seen_at` on arrival and departure, `left_at` on departure
(unless another socket with the same token is still open in this process).

As a second source, whenever the facilitator's attendance panel is rendered (it
refreshes every few seconds) the live connections of the session's board in this
process are *sampled*: connected tokens get `last_seen_at = now`. When other processes
serve boards too (several workers or nodes, fanned out through Redis) this process sees
only its own sockets: the sample then stamps those and concludes nothing about the others.

Nothing is stamped outside the session's open window (INDABA_ATTENDANCE_MARGIN_MINUTES
around its times): someone looking at last month's board does not attend it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from indaba.boards import live
from indaba.boards.signals import board_client_joined, board_client_left
from indaba.meetings.models import Attendance, Phase, Session, attendance_margin


def live_token_ids(board_id: str) -> set[str] | None:
    """Token ids of the live sockets on this board in this process; None if no engine runs
    here (a CLI, a test without a server)."""
    return live.connected_token_ids(board_id)


def _open_rows(token_id: str, now: datetime) -> QuerySet[Attendance]:
    """The attendance owning this token, if its session is open at `now`."""
    margin = attendance_margin()
    return Attendance.objects.filter(token_id=token_id, session__starts_at__lte=now + margin,
                                     session__ends_at__gte=now - margin)


def connection_opened(token_id: str, at: datetime | None = None) -> None:
    """A board socket opened with this token."""
    now = at or timezone.now()
    _open_rows(token_id, now).update(last_seen_at=now, left_at=None)


def connection_closed(token_id: str, board_id: str = "", at: datetime | None = None) -> None:
    """A board socket opened with this token closed."""
    now = at or timezone.now()
    still_open = live_token_ids(board_id) if board_id else None
    if still_open is not None and token_id in still_open:
        _open_rows(token_id, now).update(last_seen_at=now)
        return
    _open_rows(token_id, now).update(last_seen_at=now, left_at=now)
    # Someone who stayed on past the window left, for the record, when it closed.
    for row in Attendance.objects.filter(token_id=token_id, left_at__isnull=True,
                                         session__ends_at__lt=now - attendance_margin()
                                         ).select_related("session"):
        row.left_at = row.session.closes_at
        row.save(update_fields=["left_at"])


def _on_joined(sender: str, token_id: str, at: datetime, **_: Any) -> None:
    connection_opened(token_id, at)


def _on_left(sender: str, token_id: str, at: datetime, **_: Any) -> None:
    connection_closed(token_id, sender, at)


def connect_board_signals() -> None:
    board_client_joined.connect(_on_joined, dispatch_uid="indaba.meetings.presence.joined")
    board_client_left.connect(_on_left, dispatch_uid="indaba.meetings.presence.left")


def sample(session: Session, connected: set[str] | None = None,
           at: datetime | None = None, complete: bool = True) -> set[str] | None:
    """Record what the live connections show now; returns the connected token ids, or None
    when they are not known. `complete=False`: `connected` is only part of the board's
    sockets (other processes hold the rest): they are stamped as seen, nobody is taken
    for gone, and None is returned (the count would be too low)."""
    if session.board is None:
        return None
    if connected is None:
        connected = live_token_ids(session.board.id)
        if connected is None:
            return None
        # With a fan-out, other worker processes (`indaba serve --workers`) or nodes hold
        # sockets of this board too: this process sees part of the room.
        complete = live.serves_alone()
    now = at or timezone.now()
    if session.phase(now) is not Phase.OPEN:
        return connected if complete else None
    rows = Attendance.objects.filter(session=session, token__isnull=False)
    rows.filter(token_id__in=connected).update(last_seen_at=now, left_at=None)
    if not complete:
        return None  # departures come from the signal of the process that held the socket
    # Seen before, gone now, and the departure signal never came (another process
    # served it, or it was lost): the last sighting is the best leave time we have.
    for row in rows.exclude(token_id__in=connected).filter(
            last_seen_at__isnull=False, left_at__isnull=True):
        row.left_at = row.last_seen_at
        row.save(update_fields=["left_at"])
    return connected
