"""ClientConnection over a channel that can write without waiting (DirectChannel): direct
writes only when nothing is ahead of them, the queue and the slow-client policy otherwise."""

from __future__ import annotations

import asyncio

from indaba.sync.auth import Grant, Role
from indaba.sync.closecodes import CloseCode
from indaba.sync.connection import ClientConnection, DirectChannel
from indaba.sync.limits import Limits


class Socket:
    """A socket stand-in: `writable` is uvicorn's flag; `wire` is everything written, in
    order, whichever path wrote it."""

    def __init__(self) -> None:
        self.writable = asyncio.Event()
        self.writable.set()
        self.wire: list[bytes] = []
        self.direct_writes: list[list[bytes]] = []
        self.awaited_sends = 0
        self.closed_with: int | None = None

    def can_write_now(self) -> bool:
        return self.writable.is_set() and self.closed_with is None

    def write_now(self, messages: list[bytes]) -> None:
        assert self.can_write_now()
        self.direct_writes.append(list(messages))
        self.wire.extend(messages)

    async def send(self, data: bytes) -> None:
        self.awaited_sends += 1
        await self.writable.wait()
        self.wire.append(data)

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = code


def connection(socket: Socket, queue: int = 8) -> ClientConnection:
    grant = Grant("b", Role.EDITOR, "t", "id-t", None)
    return ClientConnection(grant, socket, Limits(client_queue_messages=queue))


async def test_socket_is_a_direct_channel() -> None:
    assert isinstance(Socket(), DirectChannel)


async def test_idle_writable_socket_is_written_at_once_without_the_sender() -> None:
    socket = Socket()
    conn = connection(socket)
    conn.enqueue(b"a")
    conn.enqueue(b"b")
    assert socket.wire == [b"a", b"b"]  # synchronously, before any task ran
    assert socket.awaited_sends == 0
    conn.close(CloseCode.NORMAL, "bye")
    await conn.close_sent()


async def test_paused_socket_queues_and_keeps_order_then_writes_the_queue_in_one_go() -> None:
    socket = Socket()
    conn = connection(socket)
    conn.enqueue(b"1")
    socket.writable.clear()  # the transport passed its high-water mark
    for frame in (b"2", b"3", b"4"):
        conn.enqueue(frame)
    await asyncio.sleep(0.01)
    assert socket.wire == [b"1"]
    assert conn.queued == 2  # "2" is in flight in the awaited send
    conn.enqueue(b"5")  # may not overtake the queue even if the socket were writable
    socket.writable.set()
    await asyncio.sleep(0.01)
    assert socket.wire == [b"1", b"2", b"3", b"4", b"5"]
    assert socket.awaited_sends == 1
    assert socket.direct_writes[-1] == [b"3", b"4", b"5"]
    conn.enqueue(b"6")  # idle and writable again: direct
    assert socket.wire[-1] == b"6"
    conn.close(CloseCode.NORMAL, "bye")
    await conn.close_sent()


async def test_a_frame_in_flight_is_not_overtaken() -> None:
    socket = Socket()
    conn = connection(socket)
    socket.writable.clear()
    conn.enqueue(b"first")
    await asyncio.sleep(0.01)  # the sender now awaits the socket with "first"
    socket.writable.set()
    conn.enqueue(b"second")  # writable, queue empty, but "first" is still in flight
    await asyncio.sleep(0.01)
    assert socket.wire == [b"first", b"second"]
    conn.close(CloseCode.NORMAL, "bye")
    await conn.close_sent()


async def test_a_socket_that_stays_paused_fills_the_queue_and_is_closed_too_slow() -> None:
    socket = Socket()
    conn = connection(socket, queue=4)
    socket.writable.clear()
    for i in range(10):
        conn.enqueue(bytes([i]))
        await asyncio.sleep(0)
    assert conn.closed
    assert conn.close_code == CloseCode.TOO_SLOW
    await conn.close_sent()
    assert socket.closed_with == CloseCode.TOO_SLOW
    assert socket.wire == []


async def test_a_queued_frame_is_not_overtaken_before_the_sender_runs() -> None:
    socket = Socket()
    conn = connection(socket)
    socket.writable.clear()
    conn.enqueue(b"queued")  # the sender is woken but has not run yet
    socket.writable.set()
    conn.enqueue(b"later")  # writable and nothing in flight, but "queued" is ahead
    await asyncio.sleep(0.01)
    assert socket.wire == [b"queued", b"later"]
    conn.close(CloseCode.NORMAL, "bye")
    await conn.close_sent()
