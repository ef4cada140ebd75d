"""Who may open a board, and with which role: the one place board access is decided.

A request reaches a board either with a signed access token (a join link, or
the cookie the board page sets from it) or as a signed-in person whose
account grants access.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from indaba.accounts.people import display_name
from indaba.boards import hooks, tokens
from indaba.boards.models import Board, BoardAccessToken, BoardRole
from indaba.sync.auth import AccessDenied

COOKIE_PREFIX = "indaba_board_"


@dataclass(frozen=True)
class BoardAccess:
    role: BoardRole
    name: str
    grant: BoardAccessToken | None  # the token used, when access came from one


def cookie_name(board_id: str) -> str:
    return f"{COOKIE_PREFIX}{board_id}"


def account_role(user: object, board: Board) -> BoardRole | None:
    """The role a signed-in account has on a board, or None.

    A session's board follows the community's roles (meetings/permissions.py registers
    that rule in boards/hooks.py): lead, facilitator and member edit; reviewers view;
    executives have no access (a board names its authors). Superusers edit every board.
    A board outside any session is open to its creator (and staff).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return BoardRole.EDITOR
    decided = hooks.resolve_account_role(user, board)
    if decided is not hooks.UNDECIDED:
        return decided
    if getattr(user, "is_staff", False):
        return BoardRole.EDITOR
    if board.created_by_id is not None and board.created_by_id == getattr(user, "pk", None):
        return BoardRole.EDITOR
    return None


def presented_token(request: HttpRequest, board_id: str) -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[7:].strip()
    return request.GET.get("token") or request.COOKIES.get(cookie_name(board_id), "")


def board_access(request: HttpRequest, board: Board) -> BoardAccess | None:
    token = presented_token(request, board.id)
    if token:
        try:
            grant = tokens.resolve(token)
        except AccessDenied:
            grant = None
        if grant is not None and grant.board_id == board.id:
            return BoardAccess(BoardRole(grant.role), grant.name, grant)
    role = account_role(request.user, board)
    if role is None:
        return None
    return BoardAccess(role, display_name(request.user), None)
