"""Where board updates live: the interface the engine is given, and a memory store for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class StoredBoard:
    """A board as stored: its snapshot (may be empty) and the updates written after it."""

    snapshot: bytes | None
    updates: list[bytes] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.snapshot or b"") + sum(len(u) for u in self.updates)


class BoardStore(Protocol):
    async def load(self, board_id: str) -> StoredBoard:
        """The latest snapshot and every update after it, read consistently."""

    async def append(self, board_id: str, updates: list[bytes]) -> None:
        """Durably append updates; returns only once they are committed."""

    async def compact(self, board_id: str) -> int:
        """Merge the update log into the snapshot; returns the snapshot's size in bytes."""

    async def update_count(self, board_id: str) -> int:
        """How many updates are in the log after the snapshot."""

    async def close(self) -> None: ...
