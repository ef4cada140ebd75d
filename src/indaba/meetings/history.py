"""Board versions at a session's start and end (docs/history.md).

Checked once a minute by the server (`indaba.asgi`) and whenever the session's board page
is opened (registered in boards/hooks.py). Idempotent per session and reason: each moment
is saved once (`BoardVersion.moment`). A start version is made only while the session
runs, an end version only within a day of its end, so old sessions get no invented ones.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from indaba.boards import history, hooks
from indaba.boards.models import Board, BoardVersion, VersionReason
from indaba.meetings.models import Session

log = logging.getLogger("indaba.meetings.history")
END_GRACE = timedelta(days=1)


def _moment(session: Session, what: str) -> str:
    return f"session:{session.pk}:{what}"


def check_session(session: Session, now: datetime | None = None) -> list[BoardVersion]:
    """The start or end version this session is due, if not saved yet."""
    now = now or timezone.now()
    board = session.board
    if board is None:
        return []
    made: list[BoardVersion] = []
    due: list[tuple[VersionReason, str]] = []
    if session.starts_at <= now < session.ends_at:
        due.append((VersionReason.SESSION_START, "start"))
    if session.ends_at <= now < session.ends_at + END_GRACE:
        due.append((VersionReason.SESSION_END, "end"))
    for reason, what in due:
        version = history.automatic_version(board, reason, _moment(session, what))
        if version is not None:
            made.append(version)
    return made


def check_sessions(now: datetime | None = None) -> list[BoardVersion]:
    """Every session with a board that is running or ended within the last day."""
    now = now or timezone.now()
    made: list[BoardVersion] = []
    sessions = Session.objects.filter(board__isnull=False, starts_at__lte=now,
                                      ends_at__gt=now - END_GRACE).select_related("board")
    for session in sessions:
        made += check_session(session, now)
    return made


def on_board_open(board: Board) -> None:
    """The same check when the session's board page is opened (boards/hooks.py)."""
    session = Session.objects.filter(board=board).first()
    if session is not None:
        check_session(session)


def register_hooks() -> None:
    hooks.add_board_open_listener(on_board_open)
