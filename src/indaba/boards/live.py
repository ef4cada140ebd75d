"""A bridge from synchronous Django code to the live sync engine in this process.

Views run in worker threads, the engine on the event loop: every call here hands its work
to the loop and waits for it. When no engine runs in this process (the CLI, a test without
a server) each call says so (False / None) and the caller uses the store instead. Other
processes notice revocation through the engine's periodic token check
(INDABA_TOKEN_CHECK_SECONDS).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pycrdt

from indaba.sync.engine import SyncEngine

T = TypeVar("T")


class LiveEngine:
    """The engine serving boards in this process, if any, and the loop it runs on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: SyncEngine | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def register(self, engine: SyncEngine) -> None:
        with self._lock:
            self._engine, self._loop = engine, asyncio.get_running_loop()

    def unregister(self) -> None:
        with self._lock:
            self._engine, self._loop = None, None

    def _current(self) -> tuple[SyncEngine, asyncio.AbstractEventLoop] | None:
        with self._lock:
            if self._engine is None or self._loop is None:
                return None
            return self._engine, self._loop

    def _run(self, what: str, work: Callable[[SyncEngine], Coroutine[Any, Any, T]],
             timeout: float) -> tuple[bool, T | None]:
        """Run `work(engine)` on the engine's loop and wait: (False, None) when no engine
        runs here. Blocking the loop's own thread would deadlock, so that is refused."""
        current = self._current()
        if current is None:
            return False, None
        engine, loop = current
        if _on_loop(loop):
            raise RuntimeError(f"live.{what}() must be called from a worker thread")
        return True, asyncio.run_coroutine_threadsafe(work(engine), loop).result(timeout)

    def apply_update(self, board_id: str, update: bytes, timeout: float = 15.0) -> bool:
        """Apply a server-made update through the live engine; False if none runs here."""
        ran, _ = self._run("apply_update",
                           lambda e: e.apply_server_update(board_id, update), timeout)
        return ran

    def change(self, board_id: str, mutate: Callable[[pycrdt.Doc[Any]], None],
               timeout: float = 15.0) -> bool:
        """Edit the live document in one transaction; False if no engine runs here."""
        ran, _ = self._run("change", lambda e: e.change(board_id, mutate), timeout)
        return ran

    def read(self, board_id: str, fn: Callable[[pycrdt.Doc[Any]], T],
             timeout: float = 15.0) -> tuple[bool, T | None]:
        """(True, fn(live document)) without copying it, or (False, None) if no engine
        runs here. `fn` runs on the event loop: keep it short and do not change the doc."""
        return self._run("read", lambda e: e.read(board_id, fn), timeout)

    def connected_token_ids(self, board_id: str, timeout: float = 5.0) -> set[str] | None:
        """Token ids of the open sockets on this board in this process; None when no engine
        runs here. Read on the event loop (the engine's sets are not thread-safe)."""
        current = self._current()
        if current is None:
            return None
        engine, loop = current

        def ids() -> set[str]:
            return {c.grant.token_id for c in engine.connections(board_id) if not c.closed}

        async def on_loop() -> set[str]:
            return ids()

        if _on_loop(loop):
            return ids()
        return asyncio.run_coroutine_threadsafe(on_loop(), loop).result(timeout)

    def serves_alone(self) -> bool:
        """True when this process's engine has no fan-out: no other worker process or node
        holds sockets of its boards, so what it sees of a board's clients is all of them."""
        current = self._current()
        return current is not None and current[0].fanout is None

    def close_token_connections(self, token_id: str) -> None:
        """Close live sockets opened with this token, if this process serves any."""
        current = self._current()
        if current is not None:
            engine, loop = current
            loop.call_soon_threadsafe(engine.close_token, token_id)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


engine = LiveEngine()

# Module-level names for callers (and tests that replace one of them).
register = engine.register
unregister = engine.unregister
apply_update = engine.apply_update
change = engine.change
read = engine.read
connected_token_ids = engine.connected_token_ids
close_token_connections = engine.close_token_connections
serves_alone = engine.serves_alone
