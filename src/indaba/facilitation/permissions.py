"""Who may do what with a board's facilitation tools: decided here only.

| capability  | facilitator | participant (editor) | viewer | no access |
|-------------|-------------|----------------------|--------|-----------|
| read        | yes         | yes                  | yes    | no        |
| participate | yes         | yes                  | no     | no        |
| facilitate  | yes         | no                   | no     | no        |

A facilitator is an account (signed in, or the account behind the board token used)
with board edit access for which `meetings.permissions.facilitates_board` holds (the one
rule: community leads and facilitators, superusers and staff, a board's creator outside
sessions).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from django.http import HttpRequest

from indaba.boards import hooks
from indaba.boards.models import Board, BoardRole
from indaba.boards.permissions import board_access
from indaba.meetings.permissions import facilitates_board


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
    if access.role != BoardRole.EDITOR:
        capability = Capability.READ
    elif facilitates_board(user, board):
        capability = Capability.FACILITATE
    else:
        capability = Capability.PARTICIPATE
    return Actor(capability, token_id, access.name, user if user is not None
                 and getattr(user, "is_authenticated", False) else None)


def page_config(request: HttpRequest, board: Board, participant_id: str) -> dict[str, object]:
    """Facilitation fields of the board and phone pages' config (boards/hooks.py)."""
    who = actor(request, board)
    return {
        "canFacilitate": who is not None and who.capability >= Capability.FACILITATE,
        "facilitationUrl": f"{board.get_absolute_url()}/facilitation",
        "historyUrl": f"{board.get_absolute_url()}/history",
        "serverNow": int(time.time() * 1000),
    }


def register_hooks() -> None:
    hooks.add_page_config_provider(page_config)
