"""Server frames byte for byte against RFC 6455 section 5.2, and when the direct path is
(not) taken."""

from __future__ import annotations

import os
from typing import Any

import pytest
from websockets.frames import Frame, Opcode

from indaba.sync.asgi import WebSocketChannel
from indaba.sync.directwrite import direct_writer
from indaba.sync.wsframe import FrameCache, encode_binary_frame


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
