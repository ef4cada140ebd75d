"""RFC 6455 framing of the messages a server sends: one final, unmasked binary frame each.

A server's frames are never masked (RFC 6455 section 5.1), so the bytes on the wire for
one message are the same for every recipient. A broadcast hands every connection the very
same payload object, so `binary_frame` remembers the last payload it framed and gives the
next caller asking for that same object the bytes it already built: one broadcast is framed
once, not once per client.
"""

from __future__ import annotations

import struct

FIN_BINARY = 0x82  # FIN set, opcode 0x2 (binary)
_LEN16 = struct.Struct("!BBH")
_LEN64 = struct.Struct("!BBQ")


def encode_binary_frame(payload: bytes) -> bytes:
    """One final, unmasked binary frame carrying `payload` (RFC 6455 section 5.2)."""
    size = len(payload)
    if size < 126:
        return bytes((FIN_BINARY, size)) + payload
    if size < 1 << 16:
        return _LEN16.pack(FIN_BINARY, 126, size) + payload
    return _LEN64.pack(FIN_BINARY, 127, size) + payload


class FrameCache:
    """The frame of the last payload framed. Compared by identity: holding the payload keeps
    its id from being reused, and an identity test costs nothing next to hashing the bytes."""

    __slots__ = ("_frame", "_payload")

    def __init__(self) -> None:
        self._payload: bytes | None = None
        self._frame = b""

    def frame(self, payload: bytes) -> bytes:
        if payload is not self._payload:
            self._frame = encode_binary_frame(payload)
            self._payload = payload
        return self._frame


# One per process: every connection of every board runs on the one event loop thread.
binary_frame = FrameCache().frame
