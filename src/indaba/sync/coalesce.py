"""Presence coalescing: one awareness message per recipient per tick.

Relaying every cursor move to every other client costs N x N messages per cursor tick
(60 people moving their pointers at 20 Hz: 72,000 frames a second through Python's
WebSocket path). Instead the room collects the presence entries it accepted during a
tick, keeping only the newest of each client id, and at the end of the tick sends each
recipient ONE y-protocols awareness update carrying them all (the format holds any
number of clients' states, like `encodeAwarenessUpdate(awareness, clientIds)`).

Rules kept for stock clients:
- per client id only the newest clock is sent (a removal also replaces a state at the
  same clock, as y-protocols applies it), so a receiver never sees a client go back;
- removals (state `null`) are entries like any other and are delivered the same way;
- a recipient is not sent its own states back, except in a tick where it would otherwise
  get nothing: then it gets them alone (the stock provider closes a socket that has heard
  nothing for 30 s, so a lone client's 15 s renewal must still be answered).

Each entry is encoded once; a recipient's message is the join of the encoded entries it
gets, so the cost per tick is one small join per recipient, not one encode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from indaba.sync.protocol import AwarenessEntry, encode_awareness, write_var_bytes, write_var_uint

Owner = TypeVar("Owner")


@dataclass(frozen=True, slots=True)
class _Pending(Generic[Owner]):
    entry: AwarenessEntry
    owner: Owner
    encoded: bytes  # client id, clock and state as they appear inside an awareness update


def _encode_entry(entry: AwarenessEntry) -> bytes:
    return (write_var_uint(entry.client_id) + write_var_uint(entry.clock)
            + write_var_bytes(entry.state_json.encode("utf-8")))


def _frame(parts: list[bytes]) -> bytes:
    return encode_awareness(write_var_uint(len(parts)) + b"".join(parts))


class PresenceTick(Generic[Owner]):
    """What one tick sends: the newest entry of every client id changed during it."""

    def __init__(self, pending: Iterable[_Pending[Owner]]) -> None:
        self._pending = list(pending)
        self._by_owner: dict[Owner, list[int]] = {}
        for index, item in enumerate(self._pending):
            self._by_owner.setdefault(item.owner, []).append(index)
        self._everything: bytes | None = None

    @property
    def entries(self) -> list[AwarenessEntry]:
        return [item.entry for item in self._pending]

    def owned_by(self, owner: Owner) -> list[AwarenessEntry]:
        return [self._pending[i].entry for i in self._by_owner.get(owner, [])]

    def frame_for(self, recipient: Owner) -> bytes | None:
        """The one awareness message for `recipient` (None when the tick is empty)."""
        if not self._pending:
            return None
        own = self._by_owner.get(recipient)
        if own is None or len(own) == len(self._pending):
            # Nothing of its own, or nothing but its own (the keep-alive echo): everything.
            if self._everything is None:
                self._everything = _frame([item.encoded for item in self._pending])
            return self._everything
        skip = set(own)
        return _frame([item.encoded for i, item in enumerate(self._pending) if i not in skip])


class PresenceCoalescer(Generic[Owner]):
    """The entries accepted since the last tick, newest per client id, in arrival order."""

    def __init__(self) -> None:
        self._pending: dict[int, _Pending[Owner]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, owner: Owner, entries: Iterable[AwarenessEntry]) -> None:
        for entry in entries:
            current = self._pending.get(entry.client_id)
            if current is not None:
                older = current.entry
                # The registry already orders clocks; this keeps the tick right on its own.
                if entry.clock < older.clock or (
                        entry.clock == older.clock and not entry.is_removal):
                    continue
                del self._pending[entry.client_id]  # re-inserted: order of the latest change
            self._pending[entry.client_id] = _Pending(entry, owner, _encode_entry(entry))

    def take(self) -> PresenceTick[Owner]:
        """Everything pending, as one tick; the coalescer starts empty again."""
        tick = PresenceTick(self._pending.values())
        self._pending = {}
        return tick
