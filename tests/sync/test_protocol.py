from __future__ import annotations

import pytest

from indaba.sync.protocol import (
    AwarenessEntry,
    AwarenessMessage,
    ProtocolError,
    QueryAwarenessMessage,
    Reader,
    SyncMessage,
    SyncType,
    decode_awareness_update,
    encode_awareness,
    encode_awareness_update,
    encode_permission_denied,
    encode_sync,
    parse_message,
    write_var_uint,
)


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 2**21, 2**32 + 5, 2**53 - 1])
def test_var_uint_round_trip(value: int) -> None:
    assert Reader(write_var_uint(value)).read_var_uint() == value


def test_var_uint_matches_lib0_encoding() -> None:
    # lib0 writes 300 as 0xAC 0x02 (7 bits per byte, least significant group first).
    assert write_var_uint(300) == b"\xac\x02"
    assert write_var_uint(127) == b"\x7f"


def test_sync_messages_round_trip() -> None:
    for step in SyncType:
        message = parse_message(encode_sync(step, b"\x01\x02\x03"))
        assert message == SyncMessage(step, b"\x01\x02\x03")


def test_awareness_and_query_messages_parse() -> None:
    entries = [AwarenessEntry(7, 3, '{"user":{"name":"Ann"}}'), AwarenessEntry(9, 1, "null")]
    message = parse_message(encode_awareness(encode_awareness_update(entries)))
    assert isinstance(message, AwarenessMessage)
    assert decode_awareness_update(message.payload, 10) == entries
    assert entries[1].is_removal and not entries[0].is_removal
    assert parse_message(b"\x03") == QueryAwarenessMessage()


def test_permission_denied_layout() -> None:
    assert encode_permission_denied("no") == b"\x02\x00\x02no"


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        (b"", "empty frame"),
        (b"\x09", "unknown message type 9"),
        (b"\x00\x07\x00", "unknown sync message type 7"),
        (b"\x00\x02\x05ab", "runs past the end"),
        (b"\x00", "ends inside a varUint"),
        (b"\x00\x00" + b"\xff" * 11, "longer than 64 bits"),
    ],
)
def test_malformed_frames_are_named(frame: bytes, problem: str) -> None:
    with pytest.raises(ProtocolError, match=problem):
        parse_message(frame)


def test_awareness_count_is_bounded() -> None:
    payload = encode_awareness_update([AwarenessEntry(i, 1, "{}") for i in range(5)])
    with pytest.raises(ProtocolError, match="at most 4"):
        decode_awareness_update(payload, 4)


def test_invalid_utf8_state_is_refused() -> None:
    # count 1, client 1, clock 1, a one-byte string that is not UTF-8
    payload = write_var_uint(1) + write_var_uint(1) + write_var_uint(1) + b"\x01\xff"
    with pytest.raises(ProtocolError, match="UTF-8"):
        decode_awareness_update(payload, 4)
