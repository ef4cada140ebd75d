"""What a person may do with a session, its board and its join links: decided here only.

Community roles map onto sessions like this (superusers may do everything):

| action            | lead | facilitator | member | reviewer | executive |
|-------------------|------|-------------|--------|----------|-----------|
| view              | yes  | yes         | yes    | yes      | no        |
| register          | yes  | yes         | yes    | yes      | no        |
| join as member    | yes  | yes         | yes    | yes      | no        |
| manage            | yes  | yes         | no     | no       | no        |
| view attendance   | yes  | yes         | no     | no       | no        |
| view results      | yes  | yes         | yes    | yes      | no        |
| board role        | editor | editor    | editor | viewer   | none      |
| facilitate board  | yes  | yes         | no     | no       | no        |

Executives read the community's evidence (counts, with small counts hidden) and nothing
that names a person: no session page, no results, no board and so no board export
(docs/evidence.md). In the room they may join by the join code like anyone else.

Guests hold no account: a join link admits them to the session's board only, with
the link's role, while the link is active and the session is open (from
INDABA_ATTENDANCE_MARGIN_MINUTES before its start to as long after its end).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from indaba.boards import hooks
from indaba.boards.models import Board, BoardRole
from indaba.communities.models import Role
from indaba.communities.permissions import community_role, is_superuser
from indaba.meetings.models import JoinLink, Phase, Session


class Action(StrEnum):
    VIEW = "view"
    REGISTER = "register"
    JOIN_AS_MEMBER = "join_as_member"
    MANAGE = "manage"  # edit, agenda, room screen, join links, revoke
    VIEW_ATTENDANCE = "view_attendance"  # names, CSV export
    VIEW_RESULTS = "view_results"  # results page and its PDF / Markdown exports
    FACILITATE = "facilitate"  # timer, votes, brainstorm, locks, engagement on the board


PARTICIPANTS = frozenset({Role.LEAD, Role.FACILITATOR, Role.MEMBER, Role.REVIEWER})
ORGANISERS = frozenset({Role.LEAD, Role.FACILITATOR})
ALLOWED: dict[Action, frozenset[str]] = {
    Action.VIEW: PARTICIPANTS,
    Action.REGISTER: PARTICIPANTS,
    Action.JOIN_AS_MEMBER: PARTICIPANTS,
    Action.MANAGE: ORGANISERS,
    Action.VIEW_ATTENDANCE: ORGANISERS,
    Action.VIEW_RESULTS: PARTICIPANTS,
    Action.FACILITATE: ORGANISERS,
}
BOARD_ROLES: dict[str, BoardRole] = {
    Role.LEAD: BoardRole.EDITOR,
    Role.FACILITATOR: BoardRole.EDITOR,
    Role.MEMBER: BoardRole.EDITOR,
    Role.REVIEWER: BoardRole.VIEWER,
    # Role.EXECUTIVE: no board role. A board shows its authors' names; executives never
    # see a name (they read the evidence reports).
}


def can(user: Any, action: Action, session: Session) -> bool:
    if is_superuser(user):
        return True
    role = community_role(user, session.community_id)
    return role is not None and role in ALLOWED[action]


def board_role(user: Any, session: Session) -> BoardRole | None:
    """The role a signed-in account has on the session's board through its community."""
    if is_superuser(user):
        return BoardRole.EDITOR
    role = community_role(user, session.community_id)
    return BOARD_ROLES.get(role) if role is not None else None


def session_board_role(user: Any, board: Board) -> BoardRole | hooks.Undecided | None:
    """The board-role rule for a session's board (registered in boards/hooks.py); a board
    outside sessions is not decided here."""
    session = Session.objects.filter(board_id=board.pk).first()
    if session is None:
        return hooks.UNDECIDED
    return board_role(user, session)


def facilitates_board(user: Any, board: Board) -> bool:
    """Whether an account runs the facilitation tools of this board: the one rule.

    Superusers and staff do; on a session's board, its community's leads and
    facilitators; on a board outside sessions, its creator."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    if is_superuser(user) or getattr(user, "is_staff", False):
        return True
    session = Session.objects.filter(board_id=board.pk).first()
    if session is None:
        return board.created_by_id is not None and board.created_by_id == user.pk
    return can(user, Action.FACILITATE, session)


class JoinRefusal(StrEnum):
    NO_LINK = "no_link"
    REVOKED = "revoked"
    EXPIRED = "expired"
    SIGN_IN_REQUIRED = "sign_in_required"
    NOT_OPEN_YET = "not_open_yet"
    ENDED = "ended"


def join_refusal(user: Any, link: JoinLink | None) -> JoinRefusal | None:
    """Why this person may not join through this link, or None when they may."""
    if link is None:
        return JoinRefusal.NO_LINK
    phase = link.session.phase()
    if phase is Phase.PAST:
        return JoinRefusal.ENDED
    if link.revoked_at is not None:
        return JoinRefusal.REVOKED
    if not link.is_active:
        return JoinRefusal.EXPIRED
    if phase is Phase.UPCOMING:
        return JoinRefusal.NOT_OPEN_YET
    if not link.allow_guests and not getattr(user, "is_authenticated", False):
        return JoinRefusal.SIGN_IN_REQUIRED
    return None
