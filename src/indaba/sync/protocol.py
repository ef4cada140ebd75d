"""The y-protocols wire format: variable-length integers and the message envelope.

See shared/design/yjs-protocol.md. Every reader is bounded: a malformed or
truncated frame raises ProtocolError instead of reading past the buffer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class MessageType(IntEnum):
    SYNC = 0
    AWARENESS = 1
    AUTH = 2
    QUERY_AWARENESS = 3


class SyncType(IntEnum):
    STEP1 = 0
    STEP2 = 1
    UPDATE = 2


MAX_SAFE_INTEGER = 2**53 - 1  # the largest integer JavaScript holds exactly


class ProtocolError(ValueError):
    """A frame does not follow the Yjs wire protocol."""


def write_var_uint(value: int) -> bytes:
    if value < 0:
        raise ValueError(f"varUint cannot encode a negative number: {value}")
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def write_var_bytes(data: bytes) -> bytes:
    return write_var_uint(len(data)) + data


class Reader:
    """A cursor over one frame."""

    __slots__ = ("_data", "_pos")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read_var_uint(self) -> int:
        result = 0
        shift = 0
        while True:
            if self._pos >= len(self._data):
                raise ProtocolError("frame ends inside a varUint")
            byte = self._data[self._pos]
            self._pos += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7
            if shift > 63:
                raise ProtocolError("varUint longer than 64 bits")

    def read_var_bytes(self) -> bytes:
        length = self.read_var_uint()
        end = self._pos + length
        if end > len(self._data):
            raise ProtocolError(
                f"byte array of length {length} runs past the end of the frame "
                f"({len(self._data) - self._pos} bytes left)"
            )
        chunk = self._data[self._pos : end]
        self._pos = end
        return chunk

    def read_var_string(self) -> str:
        try:
            return self.read_var_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError("string is not valid UTF-8") from exc

    @property
    def remaining(self) -> int:
        return len(self._data) - self._pos


@dataclass(frozen=True, slots=True)
class SyncMessage:
    step: SyncType
    payload: bytes


@dataclass(frozen=True, slots=True)
class AwarenessMessage:
    payload: bytes


@dataclass(frozen=True, slots=True)
class QueryAwarenessMessage:
    pass


@dataclass(frozen=True, slots=True)
class AuthMessage:
    payload: bytes


Message = SyncMessage | AwarenessMessage | QueryAwarenessMessage | AuthMessage


def parse_message(frame: bytes) -> Message:
    """Decode one binary frame from a client; raises ProtocolError when it is not valid."""
    if not frame:
        raise ProtocolError("empty frame")
    reader = Reader(frame)
    kind = reader.read_var_uint()
    if kind == MessageType.SYNC:
        step = reader.read_var_uint()
        if step not in (SyncType.STEP1, SyncType.STEP2, SyncType.UPDATE):
            raise ProtocolError(f"unknown sync message type {step}")
        return SyncMessage(SyncType(step), reader.read_var_bytes())
    if kind == MessageType.AWARENESS:
        return AwarenessMessage(reader.read_var_bytes())
    if kind == MessageType.QUERY_AWARENESS:
        return QueryAwarenessMessage()
    if kind == MessageType.AUTH:
        return AuthMessage(frame[1:])
    raise ProtocolError(f"unknown message type {kind}")


def encode_sync(step: SyncType, payload: bytes) -> bytes:
    return bytes((MessageType.SYNC, step)) + write_var_bytes(payload)


def encode_awareness(payload: bytes) -> bytes:
    return bytes((MessageType.AWARENESS,)) + write_var_bytes(payload)


def encode_permission_denied(reason: str) -> bytes:
    return bytes((MessageType.AUTH, 0)) + write_var_bytes(reason.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state_json: str  # "null" removes the client

    @property
    def is_removal(self) -> bool:
        return self.state_json == "null"


def decode_awareness_update(payload: bytes, max_entries: int) -> list[AwarenessEntry]:
    """The entries of an awareness update. The count is checked against the bytes that
    follow (an entry takes at least three) before anything is allocated for it."""
    reader = Reader(payload)
    count = reader.read_var_uint()
    if count > max_entries:
        raise ProtocolError(f"awareness update names {count} clients; at most {max_entries}")
    if count * 3 > reader.remaining:
        raise ProtocolError(f"awareness update names {count} clients in {reader.remaining} bytes")
    entries = []
    for _ in range(count):
        client_id = reader.read_var_uint()
        clock = reader.read_var_uint()
        if client_id > MAX_SAFE_INTEGER or clock > MAX_SAFE_INTEGER:
            # Relayed, it would make every stock client throw while decoding (lib0 reads
            # at most 53 bits).
            raise ProtocolError("awareness client id or clock above 2^53")
        state = reader.read_var_string()
        entries.append(AwarenessEntry(client_id, clock, state))
    return entries


def encode_awareness_update(entries: list[AwarenessEntry]) -> bytes:
    parts = [write_var_uint(len(entries))]
    for entry in entries:
        parts.append(write_var_uint(entry.client_id))
        parts.append(write_var_uint(entry.clock))
        parts.append(write_var_bytes(entry.state_json.encode("utf-8")))
    return b"".join(parts)
