"""Hand-built Yjs messages of the kinds a hostile participant sends (the wire format is in
shared/design/yjs-protocol.md and indaba.sync.yupdate). Shared by the regression tests and
the fuzzer."""

from __future__ import annotations

import json
import secrets

from indaba.sync.protocol import (
    AwarenessEntry,
    SyncType,
    encode_awareness,
    encode_awareness_update,
    encode_sync,
    write_var_bytes,
    write_var_uint,
)

ANY_ARRAY = 117
ANY_OBJECT = 118
ANY_STRING = 119
ANY_NULL = 126


def nested_array(depth: int) -> bytes:
    """A lib0 Any value: an array nested `depth` deep around a null (2 bytes a level)."""
    return bytes((ANY_ARRAY, 1)) * depth + bytes((ANY_NULL,))


def any_string(text: str) -> bytes:
    return bytes((ANY_STRING,)) + write_var_bytes(text.encode())


def map_set(root: str, key: str, value: bytes, client: int | None = None,
            clock: int = 0) -> bytes:
    """A v1 update that sets root[key] = value (one ContentAny item naming its parent)."""
    client = secrets.randbits(32) if client is None else client
    item = (bytes((8 | 0x20,))  # ContentAny, with a parentSub (the key)
            + write_var_uint(1) + write_var_bytes(root.encode())  # parent: a root type
            + write_var_bytes(key.encode())
            + write_var_uint(1) + value)  # one value
    return (write_var_uint(1) + write_var_uint(1) + write_var_uint(client) + write_var_uint(clock)
            + item + write_var_uint(0))


def overwrite(origin: tuple[int, int], value: bytes, client: int | None = None,
              clock: int = 0) -> bytes:
    """A v1 update whose item sits right after `origin` (so in the origin's map and key)."""
    client = secrets.randbits(32) if client is None else client
    item = (bytes((8 | 0x80,)) + write_var_uint(origin[0]) + write_var_uint(origin[1])
            + write_var_uint(1) + value)
    return (write_var_uint(1) + write_var_uint(1) + write_var_uint(client) + write_var_uint(clock)
            + item + write_var_uint(0))


def delete(client: int, clock: int, length: int = 1) -> bytes:
    """A v1 update that only deletes client's items [clock, clock + length)."""
    return (write_var_uint(0) + write_var_uint(1) + write_var_uint(client) + write_var_uint(1)
            + write_var_uint(clock) + write_var_uint(length))


def update_message(update: bytes) -> bytes:
    return encode_sync(SyncType.UPDATE, update)


def step1_claiming(entries: int) -> bytes:
    """A SyncStep1 whose state vector claims `entries` entries and holds none."""
    return encode_sync(SyncType.STEP1, write_var_uint(entries))


def presence(client_id: int, clock: int, state_json: str) -> bytes:
    return encode_awareness(encode_awareness_update([AwarenessEntry(client_id, clock, state_json)]))


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def presence_state(name: str) -> str:
    return json.dumps({"user": {"name": name, "color": "#1e1e1e"}})
