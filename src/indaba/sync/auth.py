"""What the host application tells the engine about who may open a board."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from indaba.sync.closecodes import CloseCode


class Role(StrEnum):
    EDITOR = "editor"
    VIEWER = "viewer"


@dataclass(frozen=True)
class Grant:
    board_id: str
    role: Role
    name: str
    token_id: str
    expires_at: float | None = None  # unix time; None = no expiry

    @property
    def can_write(self) -> bool:
        return self.role is Role.EDITOR


class AccessDenied(Exception):
    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Authorizer(Protocol):
    async def authorize(self, board_id: str, token: str) -> Grant:
        """The grant for this token on this board, or raise AccessDenied."""

    async def revoked(self, token_ids: set[str]) -> set[str]:
        """Which of these token ids have been revoked since they were granted."""


class EngineObserver(Protocol):
    """Told when clients come and go (attendance, engagement). Called on the event loop;
    must not block: hand slow work to a task of its own."""

    def client_joined(self, grant: Grant) -> None: ...

    def client_left(self, grant: Grant) -> None: ...
