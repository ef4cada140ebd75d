"""Presence: who controls which awareness client id, and when each state expires.

States are relayed, never stored. The registry exists so that a joining
client gets everyone's state at once, and so that a connection that goes
away (or falls silent) has its states removed for everyone immediately.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from indaba.sync.protocol import AwarenessEntry

Owner = TypeVar("Owner")


class Verdict(Enum):
    IGNORE = "ignore"  # stale, an echo, or someone else's
    APPLY = "apply"  # a newer state (or removal) of an id this owner holds
    CLAIM = "claim"  # a new id for this owner


@dataclass
class _State(Generic[Owner]):
    clock: int
    state_json: str
    last_seen: float
    owner: Owner


class AwarenessRegistry(Generic[Owner]):
    def __init__(self) -> None:
        self._states: dict[int, _State[Owner]] = {}
        self._clocks: dict[int, int] = {}  # clocks of removed clients, so removals stay ordered

    def __len__(self) -> int:
        return len(self._states)

    def verdict(self, owner: Owner, entry: AwarenessEntry) -> Verdict:
        """What applying `entry` from `owner` would do, by y-protocols' rules.

        A connection speaks only for itself: stock clients re-broadcast every state they
        apply, including the snapshot of the others they get on joining, so entries for ids
        owned by someone else are echoes and are ignored. A state is applied only at a newer
        clock (a removal also at an equal one), so an echo of a departed client's last state
        cannot bring it back.
        """
        current = self._states.get(entry.client_id)
        if current is not None:
            if current.owner is not owner:
                return Verdict.IGNORE
            if entry.clock > current.clock or (entry.clock == current.clock and entry.is_removal):
                return Verdict.APPLY
            return Verdict.IGNORE
        if entry.is_removal:
            return Verdict.IGNORE  # nothing here to remove
        known = self._clocks.get(entry.client_id)
        if known is not None and entry.clock <= known:
            return Verdict.IGNORE
        return Verdict.CLAIM

    def apply(self, owner: Owner, entry: AwarenessEntry, now: float) -> bool:
        """Record one entry from `owner`; False when it is ignored (see `verdict`)."""
        if self.verdict(owner, entry) is Verdict.IGNORE:
            return False
        if entry.is_removal:
            self._states.pop(entry.client_id, None)
            self._clocks[entry.client_id] = entry.clock
            return True
        self._states[entry.client_id] = _State(entry.clock, entry.state_json, now, owner)
        return True

    def owned_by(self, owner: Owner) -> set[int]:
        return {cid for cid, st in self._states.items() if st.owner is owner}

    def remove_owner(self, owner: Owner) -> list[AwarenessEntry]:
        return self._remove([cid for cid, st in self._states.items() if st.owner is owner])

    def expire(self, now: float, timeout: float) -> list[AwarenessEntry]:
        return self._remove(
            [cid for cid, st in self._states.items() if now - st.last_seen >= timeout]
        )

    def snapshot(self) -> list[AwarenessEntry]:
        return [AwarenessEntry(cid, st.clock, st.state_json) for cid, st in self._states.items()]

    def _remove(self, client_ids: list[int]) -> list[AwarenessEntry]:
        # Removal keeps the client's clock, as y-protocols does for a remote client: peers
        # accept a null state at an equal clock, and the client's next change (clock + 1)
        # after it reconnects is then accepted at once instead of being taken as stale.
        removals = []
        for cid in client_ids:
            state = self._states.pop(cid)
            self._clocks[cid] = state.clock
            removals.append(AwarenessEntry(cid, state.clock, "null"))
        if len(self._clocks) > 10_000:  # ids of long-gone clients: forget the oldest
            for cid in list(self._clocks)[: len(self._clocks) - 10_000]:
                del self._clocks[cid]
        return removals
