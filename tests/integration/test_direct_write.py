"""Board frames written straight to uvicorn's transport (directwrite), through a real uvicorn
server and real WebSocket clients: every client gets the same updates in order, a client
that stops reading is closed TOO_SLOW while the others carry on, and pings and closes still
work. The legacy `websockets` protocol implementation has no direct path and must behave
the same through the ASGI send."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrdt
import pytest
import uvicorn
import websockets

from indaba.sync import asgi
from indaba.sync.asgi import SyncASGIApp, WebSocketChannel
from indaba.sync.closecodes import CloseCode
from indaba.sync.engine import SyncEngine
from indaba.sync.limits import Limits
from indaba.sync.protocol import SyncMessage, SyncType, encode_sync, parse_message
from tests.support.docs import browser_doc
from tests.support.yclient import YClient
from tests.sync.harness import StaticAuthorizer, running_engine

BOARD = "direct-board"


@dataclass
class Recorded:
    """What every server-side channel did, to tell which path carried the frames."""

    channels: list[RecordingChannel] = field(default_factory=list)

    @property
    def direct_messages(self) -> int:
        return sum(c.direct_messages for c in self.channels)

    @property
    def asgi_messages(self) -> int:
        return sum(c.asgi_messages for c in self.channels)


class RecordingChannel(WebSocketChannel):
    record: Recorded

    def __init__(self, send: Any) -> None:
        super().__init__(send)
        self.direct_messages = 0
        self.asgi_messages = 0
        self.close_codes: list[int] = []
        self.record.channels.append(self)

    def write_now(self, messages: list[bytes]) -> None:
        self.direct_messages += len(messages)
        super().write_now(messages)

    async def send(self, data: bytes) -> None:
        self.asgi_messages += 1
        await super().send(data)

    async def close(self, code: int, reason: str) -> None:
        self.close_codes.append(code)
        await super().close(code, reason)


@dataclass
class Served:
    engine: SyncEngine
    auth: StaticAuthorizer
    ws_base: str
    record: Recorded
    ws: str

    def token(self, name: str) -> str:
        return self.auth.add(name, BOARD)


@contextlib.asynccontextmanager
async def serve(tmp_path: Path, ws: str, limits: Limits,
                ping_interval: float | None = None) -> AsyncIterator[Served]:
    record = Recorded()
    channel_class = type("Channel", (RecordingChannel,), {"record": record})
    async with running_engine(tmp_path, limits) as (engine, auth):
        app = SyncASGIApp(lambda: engine)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, ws=ws, lifespan="off",  # type: ignore[arg-type]
                                ws_per_message_deflate=False, ws_ping_interval=ping_interval,
                                ws_ping_timeout=5.0, log_level="warning")
        server = uvicorn.Server(config)
        with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # uvicorn deprecates ws="websockets"
            patch.setattr(asgi, "WebSocketChannel", channel_class)
            task = asyncio.create_task(server.serve())
            while not server.started:
                await asyncio.sleep(0.01)
            port = server.servers[0].sockets[0].getsockname()[1]
            try:
                yield Served(engine, auth, f"ws://127.0.0.1:{port}/sync", record, ws)
            finally:
                server.should_exit = True
                await asyncio.wait_for(task, 15)


async def joined(served: Served, name: str, **connect: Any) -> YClient:
    client = YClient(served.ws_base, BOARD, served.token(name))
    if connect:
        client.ws = await websockets.connect(client.url, **connect)
        client._subscription = client.doc.observe(client._on_local_update)
        client._reader = asyncio.create_task(client._read())
        await client._send(encode_sync(SyncType.STEP1, client.doc.get_state()))
    else:
        await client.connect()
    await asyncio.wait_for(client.synced.wait(), 10)
    return client


def updates_after_sync(client: YClient) -> list[bytes]:
    frames = []
    synced = False
    for frame in client.received:
        message = parse_message(frame)
        if isinstance(message, SyncMessage):
            if message.step is SyncType.STEP2:
                synced = True
            elif message.step is SyncType.UPDATE and synced:
                frames.append(frame)
    return frames


def versions_seen(stream: list[bytes]) -> list[int]:
    """The version of element "e" after each update, applied in the order received."""
    doc = browser_doc()
    elements = doc.get("elements", type=pycrdt.Map)
    seen = []
    for frame in stream:
        message = parse_message(frame)
        assert isinstance(message, SyncMessage)
        doc.apply_update(message.payload)
        seen.append(int(elements["e"]["version"]))
    return seen


IMPLEMENTATIONS = [("websockets-sansio", True), ("websockets", False)]


@pytest.mark.parametrize(("ws", "direct"), IMPLEMENTATIONS)
async def test_many_clients_get_identical_updates_in_order(tmp_path: Path, ws: str,
                                                           direct: bool) -> None:
    async with serve(tmp_path, ws, Limits(rate_messages_per_second=1000, rate_burst=1000)) \
            as served:
        receivers = [await joined(served, f"r{i}") for i in range(40)]
        writer = await joined(served, "writer")
        assert all(c.direct is direct for c in served.record.channels)
        before_direct = served.record.direct_messages
        versions = 60
        for version in range(1, versions + 1):
            writer.set_element("e", x=version, version=version)
            await asyncio.sleep(0.005)
        for receiver in receivers:
            await receiver.wait_for(lambda r=receiver: (r.elements.get("e") or {})
                                    .get("version") == versions, timeout=20)
        streams = [updates_after_sync(r) for r in receivers]
        for stream in streams:
            assert versions_seen(stream) == sorted(set(versions_seen(stream)))
            assert versions_seen(stream)[-1] == versions
        sent = served.record.direct_messages - before_direct
        if direct:
            # Nothing waited in a queue, so nothing was merged: each update went out as its
            # own message, the same bytes to everyone, in the writer's order.
            for stream in streams:
                assert stream == streams[0]
            assert versions_seen(streams[0]) == list(range(1, versions + 1))
            assert sent >= versions * len(receivers)
        else:
            # Through the ASGI send a busy client may get queued updates merged.
            assert sent == 0
        for client in [*receivers, writer]:
            await client.close()
            assert client.close_code == 1000


async def test_a_client_that_stops_reading_is_dropped_alone(tmp_path: Path) -> None:
    limits = Limits(client_queue_messages=8, rate_messages_per_second=1000, rate_burst=1000)
    async with serve(tmp_path, "websockets-sansio", limits) as served:
        good = await joined(served, "good")
        # A tiny receive buffer and a one-message queue: once this client's reader stops,
        # the kernel buffers fill and the server's transport has to hold the rest.
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", int(served.ws_base.split(":")[2].split("/")[0])))
        slow = await joined(served, "slow", sock=sock, max_size=None, max_queue=1)
        slow_reader = slow._reader
        assert slow_reader is not None
        slow_reader.cancel()  # stops reading from here on
        writer = await joined(served, "writer")
        slow_channel = served.record.channels[1]
        assert slow_channel.direct
        big = "x" * 60_000
        version = 0
        while not slow_channel.close_codes and version < 600:
            version += 1
            writer.set_element(f"e{version % 5}", text=big, version=version)
            await asyncio.sleep(0.01)
        assert slow_channel.close_codes == [CloseCode.TOO_SLOW]
        await good.wait_for(lambda: (good.elements.get(f"e{version % 5}") or {})
                            .get("version") == version, timeout=20)
        # The good client keeps receiving after the slow one was dropped.
        writer.set_element("after", version=1)
        await good.wait_for(lambda: "after" in good.elements, timeout=10)
        assert served.record.channels[0].close_codes == []
        for client in (good, writer):
            await client.close()
        assert slow.ws is not None
        slow.ws.transport.abort()


async def test_pings_and_closes_still_work(tmp_path: Path) -> None:
    limits = Limits(max_message_bytes=10_000, rate_messages_per_second=1000, rate_burst=1000)
    async with serve(tmp_path, "websockets-sansio", limits, ping_interval=0.1) as served:
        a = await joined(served, "a")
        b = await joined(served, "b")
        for version in range(1, 101):  # server pings every 0.1 s between direct writes
            a.set_element("e", version=version)
            await asyncio.sleep(0.01)
            if version % 20 == 0:
                assert b.ws is not None
                await asyncio.wait_for(await b.ws.ping(), 5)  # the client's ping answered
        await b.wait_for(lambda: (b.elements.get("e") or {}).get("version") == 100)
        assert served.record.channels[1].direct_messages >= 100
        # A close the server decides reaches the client with its code, after direct frames.
        assert b.ws is not None
        await b.ws.send(b"\x00\x02" + b"\x00" * 20_000)
        assert await b.closed(10) == CloseCode.TOO_LARGE
        # And a close the client starts completes normally, with the other client unharmed.
        a.set_element("last", version=1)
        await a.close()
        assert a.close_code == 1000
