"""A Yjs client that behaves like the stock y-websocket provider across lost connections.

It keeps one document for its whole life. When the socket drops it reconnects (through
whatever URL it was given: a load balancer picks the node) with y-websocket's backoff
(100 ms * 2^failures, at most 2.5 s), sends SyncStep1 with its state vector and answers the
server's SyncStep1, so every edit the server never received is sent again. `synced_at`
records the first SyncStep2 of each connection: the moment the client is back in sync.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Callable
from typing import Any

import pycrdt
import websockets
from websockets.asyncio.client import ClientConnection

from indaba.sync.protocol import SyncMessage, SyncType, encode_sync, parse_message
from tests.support.docs import browser_doc

NODE_HEADER = "X-Indaba-Node"


class ReconnectingClient:
    def __init__(self, url: str, name: str,
                 on_seen: Callable[[str, str], None] | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        self.url = url
        self.tls = tls  # for a wss:// URL: the context that trusts its certificate
        self.name = name
        self.doc: pycrdt.Doc[Any] = browser_doc()
        self.elements = self.doc.get("elements", type=pycrdt.Map)
        self.node = ""  # which node the balancer gave this connection (its response header)
        self.connections = 0
        self.disconnected_at: list[float] = []
        self.synced_at: list[float] = []
        self.synced = asyncio.Event()
        self._ws: ClientConnection | None = None
        self._remote = False
        self._running = True
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()
        self._on_seen = on_seen
        self.doc.observe(self._on_local_update)
        if on_seen is not None:
            self.elements.observe(self._on_elements)

    @property
    def local_port(self) -> int | None:
        """This end's port of the current connection (None while reconnecting)."""
        ws = self._ws
        return int(ws.local_address[1]) if ws is not None else None

    def start(self) -> ReconnectingClient:
        """Connect (again, after close(): the document and its edits are kept)."""
        self._running = True
        self.synced.clear()
        self._task = asyncio.create_task(self._run(), name=f"client-{self.name}")
        return self

    def _on_elements(self, event: Any) -> None:
        assert self._on_seen is not None
        for key in event.keys:
            self._on_seen(self.name, str(key))

    def _on_local_update(self, event: Any) -> None:
        if self._remote or self._ws is None:
            return  # not connected: the next SyncStep exchange carries it
        task = asyncio.get_running_loop().create_task(
            self._send(encode_sync(SyncType.UPDATE, event.update)))
        self._sends.add(task)
        task.add_done_callback(self._sends.discard)

    async def _send(self, frame: bytes) -> None:
        ws = self._ws
        if ws is None:
            return
        with contextlib.suppress(websockets.ConnectionClosed):
            await ws.send(frame)

    async def _run(self) -> None:
        failures = 0
        tls = {"ssl": self.tls} if self.tls is not None else {}
        while self._running:
            try:
                ws = await websockets.connect(self.url, compression=None, max_size=None,
                                              open_timeout=5, **tls)
            except (OSError, websockets.InvalidHandshake, TimeoutError):
                await asyncio.sleep(min(0.1 * 2 ** failures, 2.5))
                failures += 1
                continue
            failures = 0
            self.connections += 1
            self.node = ws.response.headers.get(NODE_HEADER, "") if ws.response else ""
            self._ws = ws
            try:
                await ws.send(encode_sync(SyncType.STEP1, self.doc.get_state()))
                await self._read(ws)
            finally:
                self._ws = None
                if self._running:
                    self.disconnected_at.append(time.monotonic())
            if self._running:
                await asyncio.sleep(0.1)  # y-websocket's first reconnect delay

    async def _read(self, ws: ClientConnection) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for frame in ws:
                assert isinstance(frame, bytes)
                message = parse_message(frame)
                if not isinstance(message, SyncMessage):
                    continue
                if message.step is SyncType.STEP1:
                    await ws.send(encode_sync(SyncType.STEP2,
                                              self.doc.get_update(message.payload)))
                    continue
                self._remote = True
                try:
                    self.doc.apply_update(message.payload)
                finally:
                    self._remote = False
                if message.step is SyncType.STEP2:
                    self.synced_at.append(time.monotonic())
                    self.synced.set()

    def write(self, element_id: str, **fields: Any) -> None:
        self.elements[element_id] = {"id": element_id, "type": "rectangle", **fields}

    async def close(self) -> None:
        self._running = False
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
