"""Who may do what with a board's facilitation tools: decided here only.

| capability  | facilitator | participant (editor) | viewer | no access |
|-------------|-------------|----------------------|--------|-----------|
| read        | yes         | yes                  | yes    | no        |
| participate | yes         | yes                  | no     | no        |
| facilitate  | yes         | no                   | no     | no        |

A facilitator is an account (signed in, or the account behind the board token used)
with board edit access that is a lead or facilitator of the session's community, a
superuser or staff member, or the creator of a board outside any session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.http import HttpRequest

from indaba.boards.models import Board
from indaba.boards.permissions import board_access


class Capability(IntEnum):
    READ = 1
    PARTICIPATE = 2
    FACILITATE = 3


@dataclass(frozen=True)
class Actor:
    """The person behind a facilitation request."""

    capability: Capability
    token_id: str  # the board token's id ("" for an account without one)
    name: str
    user: Any  # the account, or None for a guest

    @property
    def key(self) -> str:
        """Who this is for counting: the token id, or the account for a token-less caller."""
        if self.token_id:
            return self.token_id
        return f"user:{getattr(self.user, 'pk', '')}"


def is_facilitator(user: Any, board: Board) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    from indaba.communities.permissions import community_role
    from indaba.meetings.models import Session
    from indaba.meetings.permissions import ORGANISERS

    session = Session.objects.filter(board_id=board.pk).first()
    if session is None:
        return board.created_by_id is not None and board.created_by_id == user.pk
    role = community_role(user, session.community_id)
    return role is not None and role in ORGANISERS


def actor(request: HttpRequest, board: Board) -> Actor | None:
    access = board_access(request, board)
    if access is None:
        return None
    user: Any
    if access.grant is not None:
        user = access.grant.user
        token_id = access.grant.id
    else:
        user = request.user
        token_id = ""
    if access.role != "editor":
        capability = Capability.READ
    elif is_facilitator(user, board):
        capability = Capability.FACILITATE
    else:
        capability = Capability.PARTICIPATE
    return Actor(capability, token_id, access.name, user if user is not None
                 and getattr(user, "is_authenticated", False) else None)
