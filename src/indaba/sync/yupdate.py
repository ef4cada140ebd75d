"""Reads a Yjs v1 update or state vector in Python, bounded, before pycrdt ever sees it.

Yrs decodes nested values recursively and sizes its tables from counts in the message, so
a 200 KB array nested 100,000 deep crashes the process and a 7-byte state vector claiming
a billion entries allocates gigabytes. This reader walks the same binary format
(yjs `readClientsStructRefs`, `readItemContent`, lib0 `readAny`, `readDeleteSet`) without
recursion, refuses every count that the bytes left cannot hold, bounds nesting depth and
clocks, and reports what the update would touch: each block of items (client, clock
range), every ID it refers to, the root types it names and the ranges it deletes. The room
decides from that summary whether the sender may make the change (see `policy.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indaba.sync.protocol import ProtocolError, write_var_uint

# Yrs keeps clocks as u32; JavaScript client ids are at most 2^53.
MAX_CLOCK = 2**32 - 1
MAX_CLIENT_ID = 2**53 - 1

# Content kinds (info & 0b11111), as yjs numbers them.
GC = 0
DELETED = 1
JSON = 2
BINARY = 3
STRING = 4
EMBED = 5
FORMAT = 6
TYPE = 7
ANY = 8
DOC = 9
SKIP = 10

CONTENT_NAMES = {
    GC: "gc", DELETED: "deleted", JSON: "json", BINARY: "binary", STRING: "string",
    EMBED: "embed", FORMAT: "format", TYPE: "nested type", ANY: "any", DOC: "subdocument",
    SKIP: "skip",
}

# lib0 `writeAny` tags.
_UNDEFINED, _NULL, _INT, _F32, _F64, _BIGINT, _FALSE, _TRUE, _STR, _OBJ, _ARR, _BYTES = (
    127, 126, 125, 124, 123, 122, 121, 120, 119, 118, 117, 116)

ID = tuple[int, int]  # (client, clock)


class UpdateRejected(ProtocolError):
    """An update or state vector that is malformed or over a bound."""


@dataclass(frozen=True, slots=True)
class Bounds:
    max_depth: int = 32  # nesting of any value (arrays, objects, JSON text)
    max_string_bytes: int = 1024 * 1024


@dataclass(slots=True)
class ItemInfo:
    """One item (or GC/skip range) of an update, with what it refers to."""

    client: int
    clock: int
    length: int
    content: int
    origin: ID | None = None
    right_origin: ID | None = None
    parent_id: ID | None = None
    parent_root: str | None = None
    key: str | None = None  # parentSub: the map key, when the item says it
    depth: int = 0  # deepest nesting of its values

    @property
    def end(self) -> int:
        return self.clock + self.length

    def refs(self) -> list[ID]:
        return [ref for ref in (self.origin, self.right_origin, self.parent_id) if ref is not None]


@dataclass(slots=True)
class UpdateInfo:
    items: list[ItemInfo] = field(default_factory=list)
    # client -> [(clock, end)] of the delete set
    deletes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.deletes

    def blocks(self) -> dict[int, tuple[int, int]]:
        """client -> (first clock, end clock) of the structs this update carries."""
        out: dict[int, tuple[int, int]] = {}
        for item in self.items:
            start, end = out.get(item.client, (item.clock, item.end))
            out[item.client] = (min(start, item.clock), max(end, item.end))
        return out


class _Reader:
    __slots__ = ("data", "end", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.end = len(data)

    def left(self) -> int:
        return self.end - self.pos

    def byte(self) -> int:
        if self.pos >= self.end:
            raise UpdateRejected("update ends early")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uint(self) -> int:
        data, pos, end = self.data, self.pos, self.end
        if pos < end and data[pos] < 0x80:  # the common one-byte case
            self.pos = pos + 1
            return data[pos]
        result = 0
        shift = 0
        while True:
            if pos >= end:
                raise UpdateRejected("update ends inside a number")
            byte = data[pos]
            pos += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                self.pos = pos
                return result
            shift += 7
            if shift > 56:
                raise UpdateRejected("number longer than 8 bytes")

    def count(self, per_entry: int, what: str) -> int:
        """A count of entries that each take at least `per_entry` bytes of what is left."""
        n = self.uint()
        if n * per_entry > self.end - self.pos:
            raise UpdateRejected(f"{what} count {n} exceeds what the remaining "
                                 f"{self.end - self.pos} bytes can hold")
        return n

    def skip_signed(self) -> None:
        # lib0 varInt: continuation bit 0x80 on every byte but the last.
        for _ in range(10):
            if self.byte() < 0x80:
                return
        raise UpdateRejected("integer longer than 10 bytes")

    def skip(self, n: int) -> None:
        if n > self.end - self.pos:
            raise UpdateRejected(f"{n} bytes announced, {self.end - self.pos} left")
        self.pos += n

    def raw(self, bounds: Bounds) -> bytes:
        n = self.uint()
        if n > bounds.max_string_bytes:
            raise UpdateRejected(f"string or byte array of {n} bytes is over the limit")
        start = self.pos
        self.skip(n)
        return self.data[start:self.pos]

    def string(self, bounds: Bounds) -> str:
        try:
            return self.raw(bounds).decode("utf-8")
        except UnicodeDecodeError:
            raise UpdateRejected("string is not valid UTF-8") from None

    def id(self) -> ID:
        client = self.uint()
        clock = self.uint()
        if client > MAX_CLIENT_ID or clock > MAX_CLOCK:
            raise UpdateRejected("item id out of range")
        return client, clock

    def any_value(self, bounds: Bounds) -> int:
        """Skip one lib0 `Any` value without recursion; returns its nesting depth."""
        # A stack of how many values each open array/object still holds; objects also
        # read a key before each value.
        remaining: list[int] = []
        is_object: list[bool] = []
        deepest = 0
        while True:
            if remaining:
                if remaining[-1] == 0:
                    remaining.pop()
                    is_object.pop()
                    if not remaining:
                        return deepest
                    continue
                remaining[-1] -= 1
                if is_object[-1]:
                    self.skip(self.uint())  # key
            tag = self.byte()
            if tag in (_STR, _BYTES):
                n = self.uint()
                if n > bounds.max_string_bytes:
                    raise UpdateRejected(f"value of {n} bytes is over the limit")
                self.skip(n)
            elif tag in (_OBJ, _ARR):
                n = self.count(2 if tag == _OBJ else 1, "object" if tag == _OBJ else "array")
                remaining.append(n)
                is_object.append(tag == _OBJ)
                if len(remaining) > deepest:
                    deepest = len(remaining)
                    if deepest > bounds.max_depth:
                        raise UpdateRejected(
                            f"a value is nested deeper than {bounds.max_depth} levels")
            elif tag == _INT:
                self.skip_signed()
            elif tag in (_F64, _BIGINT):
                self.skip(8)
            elif tag == _F32:
                self.skip(4)
            elif tag < _BYTES:
                raise UpdateRejected(f"unknown value type {tag}")
            # undefined, null, true, false carry nothing more
            if not remaining:
                return deepest


# A JSON string (with its escapes) or one bracket: the regex engine skips strings for us.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(text: str, max_depth: int) -> int:
    """Nesting depth of JSON text, without parsing it; raises when over `max_depth`.
    Brackets inside strings do not count."""
    depth = deepest = 0
    for token in _JSON_TOKENS.findall(text):
        if token == "[" or token == "{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > max_depth:
                    raise UpdateRejected(f"JSON nested deeper than {max_depth} levels")
        elif token == "]" or token == "}":
            depth -= 1
    return deepest


def _content(reader: _Reader, kind: int, bounds: Bounds) -> tuple[int, int]:
    """Read an item's content; returns (length in clock units, nesting depth)."""
    if kind == ANY:
        n = reader.count(1, "value")
        deepest = 0
        for _ in range(n):
            deepest = max(deepest, reader.any_value(bounds))
        return n, deepest
    if kind == DELETED:
        return reader.uint(), 0
    if kind == STRING:
        text = reader.string(bounds)
        return len(text.encode("utf-16-le")) // 2, 0
    if kind == JSON:
        n = reader.count(1, "JSON value")
        deepest = 0
        for _ in range(n):
            deepest = max(deepest, json_depth(reader.string(bounds), bounds.max_depth))
        return n, deepest
    if kind == BINARY:
        reader.raw(bounds)
        return 1, 0
    if kind == EMBED:
        return 1, json_depth(reader.string(bounds), bounds.max_depth)
    if kind == FORMAT:
        reader.string(bounds)
        return 1, json_depth(reader.string(bounds), bounds.max_depth)
    if kind == TYPE:
        type_ref = reader.uint()
        if type_ref > 15:
            raise UpdateRejected(f"unknown nested type {type_ref}")
        if type_ref in (3, 5):  # XML element and hook carry a name
            reader.string(bounds)
        return 1, 0
    if kind == DOC:
        reader.string(bounds)
        return 1, reader.any_value(bounds)
    raise UpdateRejected(f"unknown content type {kind}")


def inspect_update(data: bytes, bounds: Bounds) -> UpdateInfo:
    """Check a v1 update's shape and bounds and summarise it; raises UpdateRejected."""
    reader = _Reader(data)
    info = UpdateInfo()
    for _ in range(reader.count(3, "client block")):
        structs = reader.count(1, "struct")
        client = reader.uint()
        clock = reader.uint()
        if client > MAX_CLIENT_ID or clock > MAX_CLOCK:
            raise UpdateRejected("client id or clock out of range")
        for _ in range(structs):
            item_info = reader.byte()
            kind = item_info & 0b11111
            if kind in (GC, SKIP):
                item = ItemInfo(client, clock, reader.uint(), kind)
            else:
                if kind > SKIP:
                    raise UpdateRejected(f"unknown content type {kind}")
                item = ItemInfo(client, clock, 0, kind)
                if item_info & 0x80:
                    item.origin = reader.id()
                if item_info & 0x40:
                    item.right_origin = reader.id()
                if not item_info & 0xC0:
                    if reader.uint() == 1:
                        item.parent_root = reader.string(bounds)
                    else:
                        item.parent_id = reader.id()
                    if item_info & 0x20:
                        item.key = reader.string(bounds)
                item.length, item.depth = _content(reader, kind, bounds)
            if item.length < 1 and kind not in (DELETED, STRING):  # Yrs writes empty strings
                raise UpdateRejected("a struct of length 0")
            clock += item.length
            if clock > MAX_CLOCK:
                raise UpdateRejected("clock out of range")
            info.items.append(item)
    for _ in range(reader.count(2, "deleting client")):
        client = reader.uint()
        ranges = []
        for _ in range(reader.count(2, "deleted range")):
            start = reader.uint()
            length = reader.uint()
            if client > MAX_CLIENT_ID or start + length > MAX_CLOCK:
                raise UpdateRejected("deleted range out of range")
            ranges.append((start, start + length))
        if ranges:
            info.deletes.setdefault(client, []).extend(ranges)
    if reader.left():
        raise UpdateRejected(f"{reader.left()} bytes after the end of the update")
    return info


def decode_state_vector(data: bytes) -> dict[int, int]:
    """A SyncStep1 state vector, checked; raises UpdateRejected."""
    reader = _Reader(data)
    vector: dict[int, int] = {}
    for _ in range(reader.count(2, "state vector entry")):
        client = reader.uint()
        clock = reader.uint()
        if client > MAX_CLIENT_ID or clock > MAX_CLOCK:
            raise UpdateRejected("state vector entry out of range")
        vector[client] = clock
    if reader.left():
        raise UpdateRejected(f"{reader.left()} bytes after the end of the state vector")
    return vector


def encode_state_vector(vector: dict[int, int]) -> bytes:
    return write_var_uint(len(vector)) + b"".join(
        write_var_uint(client) + write_var_uint(clock) for client, clock in vector.items())
