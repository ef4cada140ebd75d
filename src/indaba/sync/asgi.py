"""The edge: ASGI WebSocket events in, engine calls out. Nothing else here knows ASGI."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from indaba.sync.closecodes import CloseCode
from indaba.sync.directwrite import direct_writer
from indaba.sync.engine import SyncEngine

log = logging.getLogger("indaba.sync.asgi")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BOARD_PATH = re.compile(r"^/sync/(?P<board_id>[A-Za-z0-9_-]{1,64})/?$")


class WebSocketChannel:
    """Channel over one ASGI WebSocket connection (created once the socket is accepted).

    Under uvicorn's websockets-sansio protocol it can also write frames straight to the
    socket (`write_now`, see directwrite); the connection uses that while `can_write_now`
    holds and the awaited ASGI send otherwise."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._closed = False
        self._direct = direct_writer(send)

    @property
    def direct(self) -> bool:
        """Whether this connection has the direct path at all (for tests and logs)."""
        return self._direct is not None

    def can_write_now(self) -> bool:
        return not self._closed and self._direct is not None and self._direct.can_write()

    def write_now(self, messages: list[bytes]) -> None:
        """Write these messages in order, now; only after `can_write_now()` said so."""
        assert self._direct is not None
        self._direct.write(messages)

    async def send(self, data: bytes) -> None:
        if self._closed:
            raise ConnectionError("socket closed")
        await self._send({"type": "websocket.send", "bytes": data})

    async def close(self, code: int, reason: str) -> None:
        if self._closed:
            return
        self._closed = True
        await self._send({"type": "websocket.close", "code": code, "reason": reason})


async def _frames(receive: Receive) -> AsyncIterator[bytes | str]:
    while True:
        message = await receive()
        kind = message["type"]
        if kind == "websocket.receive":
            data = message.get("bytes")
            yield data if data is not None else message.get("text") or ""
        elif kind == "websocket.disconnect":
            return


class SyncASGIApp:
    """Serves `ws://host/sync/<board_id>?token=...`."""

    def __init__(self, engine: Callable[[], SyncEngine]) -> None:
        # A callable, because the engine is created inside the running event loop.
        self._engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise ValueError(f"the sync app serves WebSockets only, got {scope['type']!r}")
        connect = await receive()
        if connect["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept"})
        channel = WebSocketChannel(send)
        match = BOARD_PATH.match(scope["path"])
        if match is None:
            await channel.close(int(CloseCode.NOT_FOUND), "no such board address")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [""])[0]
        client = scope.get("client")
        peer = f"{client[0]}:{client[1]}" if client else ""
        await self._engine().serve(match["board_id"], token, channel, _frames(receive), peer)
