"""In-process clients for engine tests: a fake channel instead of a WebSocket."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pycrdt

from indaba.sync.auth import AccessDenied, Grant, Role
from indaba.sync.closecodes import CloseCode
from indaba.sync.engine import SyncEngine
from indaba.sync.limits import Limits
from indaba.sync.protocol import (
    AwarenessEntry,
    AwarenessMessage,
    SyncMessage,
    SyncType,
    decode_awareness_update,
    encode_awareness,
    encode_awareness_update,
    encode_sync,
    parse_message,
)
from indaba.sync.sqlstore import SqlBoardStore
from tests.support.docs import browser_doc


class StaticAuthorizer:
    def __init__(self) -> None:
        self.grants: dict[str, Grant] = {}
        self.revoked_ids: set[str] = set()

    def add(self, token: str, board_id: str, role: Role = Role.EDITOR,
            expires_at: float | None = None) -> str:
        self.grants[token] = Grant(board_id, role, token, f"id-{token}", expires_at)
        return token

    async def authorize(self, board_id: str, token: str) -> Grant:
        grant = self.grants.get(token)
        if grant is None:
            raise AccessDenied(CloseCode.UNAUTHORIZED, "access token is not valid")
        if grant.board_id != board_id:
            raise AccessDenied(CloseCode.UNAUTHORIZED, "token is for another board")
        return grant

    async def revoked(self, token_ids: set[str]) -> set[str]:
        return token_ids & self.revoked_ids


class FakeClient:
    """Speaks the protocol through the engine's Channel interface."""

    def __init__(self, engine: SyncEngine, board_id: str, token: str) -> None:
        self.engine = engine
        self.board_id = board_id
        self.token = token
        self.doc: pycrdt.Doc[Any] = browser_doc()
        self.elements = self.doc.get("elements", type=pycrdt.Map)
        self.frames: list[bytes] = []
        self.awareness: dict[int, Any] = {}
        self.close_code: int | None = None
        self.close_reason = ""
        self.synced = asyncio.Event()
        self.send_gate: asyncio.Event | None = None  # when set and cleared, sends block
        self._incoming: asyncio.Queue[bytes | str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    # Channel interface -------------------------------------------------------------------
    async def send(self, data: bytes) -> None:
        if self.send_gate is not None:
            await self.send_gate.wait()
        self.frames.append(data)
        self._apply(data)

    async def close(self, code: int, reason: str) -> None:
        if self.close_code is None:
            self.close_code = code
            self.close_reason = reason
        self._incoming.put_nowait(None)

    # client behaviour --------------------------------------------------------------------
    def _apply(self, frame: bytes) -> None:
        message = parse_message(frame)
        if isinstance(message, SyncMessage):
            if message.step is SyncType.STEP1:
                self.push(encode_sync(SyncType.STEP2, self.doc.get_update(message.payload)))
            else:
                self.doc.apply_update(message.payload)
                if message.step is SyncType.STEP2:
                    self.synced.set()
        elif isinstance(message, AwarenessMessage):
            for entry in decode_awareness_update(message.payload, 1000):
                if entry.is_removal:
                    self.awareness.pop(entry.client_id, None)
                else:
                    self.awareness[entry.client_id] = json.loads(entry.state_json)

    async def _frames(self) -> AsyncIterator[bytes | str]:
        while True:
            frame = await self._incoming.get()
            if frame is None:
                return
            yield frame

    def start(self, send_step1: bool = True) -> FakeClient:
        self._task = asyncio.create_task(
            self.engine.serve(self.board_id, self.token, self, self._frames()))
        if send_step1:
            self.push(encode_sync(SyncType.STEP1, self.doc.get_state()))
        return self

    def push(self, frame: bytes | str) -> None:
        self._incoming.put_nowait(frame)

    def edit(self, element_id: str, **fields: Any) -> bytes:
        """Change the local doc and send the update; returns the update."""
        before = self.doc.get_state()
        self.elements[element_id] = {"id": element_id, "type": "rectangle", **fields}
        update = self.doc.get_update(before)
        self.push(encode_sync(SyncType.UPDATE, update))
        return update

    def set_presence(self, state: Any, clock: int, client_id: int | None = None) -> None:
        entry = AwarenessEntry(client_id or self.doc.client_id, clock, json.dumps(state))
        self.push(encode_awareness(encode_awareness_update([entry])))

    def disconnect(self) -> None:
        self._incoming.put_nowait(None)

    async def finished(self, timeout: float = 5.0) -> None:
        assert self._task is not None
        await asyncio.wait_for(self._task, timeout)

    def element_ids(self) -> set[str]:
        return set(self.elements.keys())


async def eventually(predicate: Any, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout} s")
        await asyncio.sleep(0.005)


@contextlib.asynccontextmanager
async def running_engine(path: Path, limits: Limits | None = None,
                         store: SqlBoardStore | None = None
                         ) -> AsyncIterator[tuple[SyncEngine, StaticAuthorizer]]:
    auth = StaticAuthorizer()
    engine = SyncEngine(store or SqlBoardStore.sqlite(path / "boards.sqlite3", "NORMAL"),
                        auth, limits or Limits(sweep_interval_seconds=0.05))
    async with engine:
        yield engine, auth


class MemoryFanout:
    """Connects engines in one process the way Redis connects nodes (tests only)."""

    def __init__(self, hub: list[MemoryFanout]) -> None:
        self.hub = hub
        self.connected = True
        self._deliver: Any = None
        self.resync: Any = None
        self.boards: set[str] = set()  # as Redis: a node hears only the boards it watches
        hub.append(self)

    async def start(self, deliver: Any, resync: Any) -> None:
        self._deliver, self.resync = deliver, resync

    async def watch(self, board_id: str) -> None:
        self.boards.add(board_id)

    def unwatch(self, board_id: str) -> None:
        self.boards.discard(board_id)

    def publish(self, board_id: str, kind: Any, payload: bytes) -> None:
        if not self.connected:
            return
        for other in self.hub:
            if (other is not self and other.connected and other._deliver is not None
                    and board_id in other.boards):
                asyncio.get_running_loop().call_soon(other._deliver, board_id, kind, payload)

    async def close(self) -> None:
        self.hub.remove(self)
