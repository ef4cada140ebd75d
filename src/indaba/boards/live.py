"""A bridge from synchronous Django code to the live sync engine in this process.

Revoking a link must close its sockets at once; views run in worker threads,
the engine on the event loop. Other processes notice revocation through the
engine's periodic token check (INDABA_TOKEN_CHECK_SECONDS).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pycrdt

from indaba.sync.engine import SyncEngine

_lock = threading.Lock()
_engine: SyncEngine | None = None
_loop: asyncio.AbstractEventLoop | None = None


def register(engine: SyncEngine) -> None:
    global _engine, _loop
    with _lock:
        _engine, _loop = engine, asyncio.get_running_loop()


def unregister() -> None:
    global _engine, _loop
    with _lock:
        _engine, _loop = None, None


def apply_update(board_id: str, update: bytes, timeout: float = 15.0) -> bool:
    """Apply a server-made update through the live engine of this process.

    Returns False when no engine runs here (the CLI); the caller then writes to the store.
    Must be called from a worker thread, never from the event loop itself.
    """
    with _lock:
        engine, loop = _engine, _loop
    if engine is None or loop is None:
        return False
    if _on_loop(loop):
        raise RuntimeError("live.apply_update() must be called from a worker thread")
    future = asyncio.run_coroutine_threadsafe(engine.apply_server_update(board_id, update), loop)
    future.result(timeout)
    return True


def change(board_id: str, mutate: Callable[[pycrdt.Doc[Any]], None],
           timeout: float = 15.0) -> bool:
    """Edit the live document through this process's engine; False if none runs here."""
    with _lock:
        engine, loop = _engine, _loop
    if engine is None or loop is None:
        return False
    if _on_loop(loop):
        raise RuntimeError("live.change() must be called from a worker thread")
    asyncio.run_coroutine_threadsafe(engine.change(board_id, mutate), loop).result(timeout)
    return True


def connected_token_ids(board_id: str, timeout: float = 5.0) -> set[str] | None:
    """Token ids of the open sockets on this board in this process; None when no engine
    runs here. Read on the event loop (the engine's sets are not thread-safe)."""
    with _lock:
        engine, loop = _engine, _loop
    if engine is None or loop is None:
        return None

    def ids() -> set[str]:
        return {c.grant.token_id for c in engine.connections(board_id) if not c.closed}

    async def read() -> set[str]:
        return ids()

    if _on_loop(loop):
        return ids()
    return asyncio.run_coroutine_threadsafe(read(), loop).result(timeout)


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


def close_token_connections(token_id: str) -> None:
    """Close live sockets opened with this token, if this process serves any."""
    with _lock:
        engine, loop = _engine, _loop
    if engine is None or loop is None:
        return
    loop.call_soon_threadsafe(engine.close_token, token_id)
