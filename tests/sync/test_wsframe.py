"""Server frames byte for byte against RFC 6455 section 5.2, and when the direct path is
(not) taken."""

from __future__ import annotations

import asyncio
import os
import types
from typing import Any

import pytest
from websockets.frames import Frame, Opcode

from indaba.sync.asgi import WebSocketChannel
from indaba.sync.directwrite import DirectWriter, direct_writer
from indaba.sync.wsframe import FrameCache, PairCache, encode_binary_frame


def rfc6455_frame(payload: bytes) -> bytes:
    """Written out from the RFC's figure: FIN=1, RSV=0, opcode 2, MASK=0, then 7-bit length,
    or 126 and a 16-bit length, or 127 and a 64-bit length, all network byte order."""
    header = bytearray([0b1000_0010])
    n = len(payload)
    if n <= 125:
        header.append(n)
    elif n <= 0xFFFF:
        header.append(126)
        header += n.to_bytes(2, "big")
    else:
        header.append(127)
        header += n.to_bytes(8, "big")
    return bytes(header) + payload


@pytest.mark.parametrize("size", [0, 1, 125, 126, 127, 1000, 65535, 65536, 70_000])
def test_frame_matches_rfc6455(size: int) -> None:
    payload = os.urandom(size)
    assert encode_binary_frame(payload) == rfc6455_frame(payload)


@pytest.mark.parametrize(("size", "header"), [
    (5, b"\x82\x05"),
    (126, b"\x82\x7e\x00\x7e"),
    (300, b"\x82\x7e\x01\x2c"),
    (65536, b"\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00"),
])
def test_frame_headers_literal(size: int, header: bytes) -> None:
    payload = b"\xab" * size
    frame = encode_binary_frame(payload)
    assert frame[:len(header)] == header
    assert frame[len(header):] == payload


@pytest.mark.parametrize("size", [3, 126, 65536])
def test_frame_is_what_the_websockets_library_writes_as_a_server(size: int) -> None:
    payload = os.urandom(size)
    theirs = Frame(Opcode.BINARY, payload).serialize(mask=False)
    assert encode_binary_frame(payload) == theirs


def test_cache_frames_one_payload_object_once_and_never_confuses_equal_bytes() -> None:
    cache = FrameCache()
    payload = b"\x00\x01\x02"
    first = cache.frame(payload)
    assert cache.frame(payload) is first  # the same broadcast: built once
    twin = bytes(bytearray(payload))  # equal bytes, another object: framed afresh, same bytes
    assert cache.frame(twin) is not first
    assert cache.frame(twin) == rfc6455_frame(payload)
    other = bytes(bytearray(b"\x09\x09\x09"))
    assert cache.frame(other) == rfc6455_frame(other)
    assert cache.frame(payload) == rfc6455_frame(payload)


class _NotUvicorn:
    async def send(self, message: Any) -> None:
        self.sent = message


async def _plain_send(message: Any) -> None:
    pass


def test_no_direct_writer_for_another_server() -> None:
    assert direct_writer(_plain_send) is None
    assert direct_writer(_NotUvicorn().send) is None


async def test_channel_without_direct_path_uses_asgi_send() -> None:
    server = _NotUvicorn()
    channel = WebSocketChannel(server.send)
    assert not channel.direct
    assert not channel.can_write_now()
    await channel.send(b"\x00\x02\x01\x00")
    assert server.sent == {"type": "websocket.send", "bytes": b"\x00\x02\x01\x00"}


class _Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing


class _Conn:
    def __init__(self, state: object) -> None:
        self.state = state


def _protocol(open_state: object) -> Any:
    writable = asyncio.Event()
    writable.set()
    return types.SimpleNamespace(
        handshake_complete=True, close_sent=False, disconnected=False, initial_response=None,
        writable=writable, conn=_Conn(open_state), transport=_Transport())


@pytest.mark.parametrize("blocker", ["close_sent", "disconnected", "paused", "closing_state",
                                     "transport_closing"])
async def test_try_write_writes_nothing_whenever_can_write_says_no(blocker: str) -> None:
    open_state = object()
    protocol = _protocol(open_state)
    writer = DirectWriter(protocol, open_state)
    assert writer.can_write()
    assert writer.try_write(b"\x00\x02\x01\x00")
    assert protocol.transport.written == [encode_binary_frame(b"\x00\x02\x01\x00")]
    if blocker == "close_sent":
        protocol.close_sent = True
    elif blocker == "disconnected":
        protocol.disconnected = True
    elif blocker == "paused":
        protocol.writable.clear()
    elif blocker == "closing_state":
        protocol.conn.state = object()
    else:
        protocol.transport.closing = True
    assert not writer.can_write()
    assert not writer.try_write(b"\x00\x02\x01\x01")
    assert len(protocol.transport.written) == 1


async def test_channel_without_direct_path_never_writes_directly() -> None:
    channel = WebSocketChannel(_NotUvicorn().send)
    assert not channel.try_write_now(b"\x00\x02\x01\x00")


def test_pair_cache_joins_two_frames_and_rebuilds_for_other_payload_objects() -> None:
    cache = PairCache()
    first, second, third = b"\x01\x05abc", os.urandom(300), os.urandom(70_000)
    joined = cache.frames(first, second)
    assert joined == rfc6455_frame(first) + rfc6455_frame(second)
    assert cache.frames(first, second) is joined  # the same two objects: built once
    assert cache.frames(first, third) == rfc6455_frame(first) + rfc6455_frame(third)
    equal = bytes(bytearray(first))  # equal bytes, another object: framed again, same bytes
    assert cache.frames(equal, third) == rfc6455_frame(first) + rfc6455_frame(third)
