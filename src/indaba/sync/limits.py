"""Every bound the engine enforces, in one place, plus the per-client rate bucket."""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_message_bytes: int = 2 * 1024 * 1024
    max_document_bytes: int = 64 * 1024 * 1024
    max_clients_per_board: int = 1000
    rate_messages_per_second: float = 60.0
    rate_burst: int = 240
    client_queue_messages: int = 512
    compact_after_updates: int = 500
    idle_unload_seconds: float = 60.0
    awareness_timeout_seconds: float = 30.0
    token_check_seconds: float = 5.0
    # How many awareness client ids one connection may speak for (a tab has one).
    awareness_ids_per_connection: int = 4
    max_awareness_state_bytes: int = 16 * 1024
    # Nesting of any value in the document or in presence (arrays, objects, JSON text).
    # Excalidraw elements nest about 4 deep; Yrs and browsers recurse on deep values.
    max_value_depth: int = 32
    sweep_interval_seconds: float = 1.0
    # Presence is coalesced per recipient per tick (coalesce.py); 0 relays every message
    # at once. Rooms with fewer clients than the minimum relay at once too.
    presence_tick_seconds: float = 0.04
    presence_coalesce_min_clients: int = 1


def compaction_point(board_id: str, every: int) -> int:
    """The log length at which this board compacts: fixed per board, in [every, 1.5 every].

    Boards written at the same rate (a workshop split into breakout boards) would otherwise
    reach the same count together and queue their compactions on the store's one thread,
    stalling every board's commits at once; spreading the points spreads that work.
    """
    return every + zlib.crc32(board_id.encode()) % (every // 2 + 1)


class TokenBucket:
    """Allows `rate` events per second on average and `burst` at once."""

    __slots__ = ("_capacity", "_rate", "_stamp", "_tokens")

    def __init__(self, rate: float, burst: int) -> None:
        self._rate = rate
        self._capacity = float(burst)
        self._tokens = float(burst)
        self._stamp = time.monotonic()

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self._tokens = min(self._capacity, self._tokens + (now - self._stamp) * self._rate)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False
