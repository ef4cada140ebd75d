"""A minimal Yjs protocol client in Python (pycrdt + websockets) for integration tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import pycrdt
import websockets
from websockets.asyncio.client import ClientConnection

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
from tests.support.docs import browser_doc


class YClient:
    def __init__(self, ws_base: str, board_id: str, token: str) -> None:
        self.url = f"{ws_base}/{board_id}?token={token}"
        self.doc: pycrdt.Doc[Any] = browser_doc()
        self.elements = self.doc.get("elements", type=pycrdt.Map)
        self.ws: ClientConnection | None = None
        self.synced = asyncio.Event()
        self.awareness: dict[int, Any] = {}
        self.received: list[bytes] = []
        self.close_code: int | None = None
        self.close_reason = ""
        self._reader: asyncio.Task[None] | None = None
        self._subscription: Any = None
        self._remote = False

    async def connect(self, compression: str | None = None) -> YClient:
        self.ws = await websockets.connect(self.url, compression=compression, max_size=None)
        self._subscription = self.doc.observe(self._on_local_update)
        self._reader = asyncio.create_task(self._read())
        await self._send(encode_sync(SyncType.STEP1, self.doc.get_state()))
        return self

    def _on_local_update(self, event: Any) -> None:
        if self._remote or self.ws is None:
            return
        asyncio.get_running_loop().create_task(
            self._send(encode_sync(SyncType.UPDATE, event.update)))

    async def _send(self, frame: bytes) -> None:
        assert self.ws is not None
        with contextlib.suppress(websockets.ConnectionClosed):
            await self.ws.send(frame)

    async def send_raw(self, frame: bytes | str) -> None:
        assert self.ws is not None
        await self.ws.send(frame)

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for frame in self.ws:
                assert isinstance(frame, bytes)
                self.received.append(frame)
                message = parse_message(frame)
                if isinstance(message, SyncMessage):
                    if message.step is SyncType.STEP1:
                        reply = self.doc.get_update(message.payload)
                        await self._send(encode_sync(SyncType.STEP2, reply))
                    else:
                        self._remote = True
                        try:
                            self.doc.apply_update(message.payload)
                        finally:
                            self._remote = False
                        if message.step is SyncType.STEP2:
                            self.synced.set()
                elif isinstance(message, AwarenessMessage):
                    for entry in decode_awareness_update(message.payload, 10_000):
                        if entry.is_removal:
                            self.awareness.pop(entry.client_id, None)
                        else:
                            self.awareness[entry.client_id] = json.loads(entry.state_json)
        except websockets.ConnectionClosed:
            pass
        finally:
            if self.ws.close_code is not None:
                self.close_code = self.ws.close_code
                self.close_reason = self.ws.close_reason or ""

    async def set_awareness(self, state: Any, clock: int = 1) -> None:
        entry = AwarenessEntry(self.doc.client_id, clock, json.dumps(state))
        await self._send(encode_awareness(encode_awareness_update([entry])))

    def set_element(self, element_id: str, **fields: Any) -> None:
        self.elements[element_id] = {"id": element_id, "type": "rectangle", **fields}

    async def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.01)

    async def closed(self, timeout: float = 5.0) -> int | None:
        assert self._reader is not None
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        return self.close_code

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader
