"""Hypothesis strategies for messages a hostile board client can send: Yjs v1 updates, state
vectors and presence updates that look valid (right framing, plausible ids and roots) with
the faults that break servers mixed in: deep nesting, counts the bytes cannot hold, truncated
numbers, wrong type tags, out-of-range clocks and ids, references to items that do not exist
or belong to the server."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from indaba.sync.protocol import write_var_bytes, write_var_uint

ROOTS = ["elements", "files", "timer", "vote", "facilitation", "reactions", "locks", "x"]
BIG = [2**31, 2**32, 2**32 + 1, 2**53, 2**63, 2**64 - 1, 900_000_000]


def varuint(value: int) -> bytes:
    return write_var_uint(value)


numbers = st.one_of(st.integers(0, 300), st.sampled_from(BIG))


@st.composite
def truncated_varuint(draw: st.DrawFn) -> bytes:
    """A number whose last byte still says "more follows"."""
    return bytes([0x80 | draw(st.integers(0, 127))] * draw(st.integers(1, 12)))


@st.composite
def any_value(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A lib0 `Any` value; sometimes deep, sometimes claiming more than follows."""
    choice = draw(st.integers(0, 12))
    if choice == 0 and depth < 6:
        entries = draw(st.lists(any_value(depth + 1), max_size=3))  # type: ignore[arg-type]
        return bytes((117,)) + varuint(len(entries)) + b"".join(entries)
    if choice == 1 and depth < 6:
        entries = draw(st.lists(st.tuples(st.text(max_size=5),
                                          any_value(depth + 1)), max_size=3))  # type: ignore[arg-type]
        return bytes((118,)) + varuint(len(entries)) + b"".join(
            write_var_bytes(k.encode()) + v for k, v in entries)
    if choice == 2:
        levels = draw(st.sampled_from([31, 32, 33, 64, 1_000, 20_000, 100_000]))
        return bytes((117, 1)) * levels + bytes((126,))
    if choice == 3:
        return bytes((draw(st.sampled_from([117, 118])),)) + varuint(draw(st.sampled_from(BIG)))
    if choice == 4:
        return bytes((119,)) + write_var_bytes(draw(st.text(max_size=30)).encode())
    if choice == 5:
        return bytes((125,)) + draw(st.binary(min_size=1, max_size=11))  # signed varint
    if choice == 6:
        return bytes((draw(st.sampled_from([123, 124, 122])),)) + draw(st.binary(max_size=9))
    if choice == 7:
        return bytes((draw(st.integers(0, 115)),))  # an unknown tag
    if choice == 8:
        return bytes((119,)) + draw(truncated_varuint())
    return bytes((draw(st.sampled_from([120, 121, 126, 127])),))


@st.composite
def item_id(draw: st.DrawFn, known: list[tuple[int, int]]) -> bytes:
    if known and draw(st.booleans()):
        client, clock = draw(st.sampled_from(known))
        clock += draw(st.sampled_from([0, 0, 1, 1000]))
    else:
        client, clock = draw(numbers), draw(numbers)
    return varuint(client) + varuint(clock)


@st.composite
def item(draw: st.DrawFn, known: list[tuple[int, int]]) -> bytes:
    kind = draw(st.one_of(st.just(8), st.just(8), st.integers(0, 31)))
    flags = draw(st.sampled_from([0x20, 0x20, 0x80, 0x40, 0xC0, 0x00, 0xE0]))
    out = bytes((kind | flags,))
    if kind in (0, 10):
        return out + varuint(draw(numbers))
    if flags & 0x80:
        out += draw(item_id(known))
    if flags & 0x40:
        out += draw(item_id(known))
    if not flags & 0xC0:
        if draw(st.booleans()):
            out += varuint(1) + write_var_bytes(draw(st.sampled_from(ROOTS)).encode())
        else:
            out += varuint(0) + draw(item_id(known))
        if flags & 0x20:
            out += write_var_bytes(draw(st.text(max_size=8)).encode())
    if kind == 8:
        values = draw(st.lists(any_value(), min_size=1, max_size=3))
        count = draw(st.one_of(st.just(len(values)), numbers))
        return out + varuint(count) + b"".join(values)
    if kind in (2, 4, 5, 6):
        text = draw(st.sampled_from(["[" * 5_000, json.dumps({"a": [1, {"b": 2}]}), "x", "{{{"]))
        body = write_var_bytes(text.encode())
        return out + (varuint(1) + body if kind == 2 else body * (2 if kind == 6 else 1))
    if kind == 7:
        return out + varuint(draw(st.integers(0, 20)))
    if kind == 9:
        return out + write_var_bytes(b"guid") + draw(any_value())
    return out + draw(st.binary(max_size=8))


@st.composite
def well_formed_update(draw: st.DrawFn, known: list[tuple[int, int]]) -> bytes:
    """An update the bounded reader accepts, so that it reaches Yrs: plain values set,
    overwritten or deleted in the maps a browser may write, pointing at real or invented
    items, with delete ranges anywhere."""
    client = draw(st.integers(0, 2**32 - 1))
    clock = draw(st.sampled_from([0, 0, 1, 5, 1000]))
    items = []
    for _ in range(draw(st.integers(1, 4))):
        shape = draw(st.integers(0, 2))
        if shape == 0 or not known:
            head = bytes((8 | 0x20,)) + varuint(1) + write_var_bytes(
                draw(st.sampled_from(["elements", "files"])).encode()) + write_var_bytes(
                draw(st.text(min_size=1, max_size=6)).encode())
        elif shape == 1:
            head = bytes((8 | 0x80,)) + draw(item_id(known))
        else:
            head = bytes((1 | 0x80,)) + draw(item_id(known))  # deleted content
            items.append(head + varuint(draw(st.integers(1, 3))))
            continue
        values = draw(st.lists(shallow_value(), min_size=1, max_size=2))
        items.append(head + varuint(len(values)) + b"".join(values))
    deletes = draw(st.lists(st.tuples(st.one_of(st.sampled_from([c for c, _ in known] or [0]),
                                                st.integers(0, 2**32 - 1)),
                                      st.integers(0, 50), st.integers(1, 5)), max_size=2))
    return (varuint(1) + varuint(len(items)) + varuint(client) + varuint(clock)
            + b"".join(items) + varuint(len(deletes))
            + b"".join(varuint(c) + varuint(1) + varuint(a) + varuint(n) for c, a, n in deletes))


@st.composite
def shallow_value(draw: st.DrawFn) -> bytes:
    value = draw(st.recursive(
        st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8))
    return _encode_any(value)


def _encode_any(value: object) -> bytes:
    if value is None:
        return bytes((126,))
    if value is True or value is False:
        return bytes((120 if value else 121,))
    if isinstance(value, int):
        sign = 0x40 if value < 0 else 0
        n = abs(value)
        out = bytearray([(n & 0x3F) | sign | (0x80 if n > 0x3F else 0)])
        n >>= 6
        while n:
            out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
            n >>= 7
        return bytes((125,)) + bytes(out)
    if isinstance(value, str):
        return bytes((119,)) + write_var_bytes(value.encode())
    if isinstance(value, list):
        return bytes((117,)) + varuint(len(value)) + b"".join(_encode_any(v) for v in value)
    assert isinstance(value, dict)
    return bytes((118,)) + varuint(len(value)) + b"".join(
        write_var_bytes(k.encode()) + _encode_any(v) for k, v in value.items())


@st.composite
def update(draw: st.DrawFn, known: list[tuple[int, int]]) -> bytes:
    if draw(st.booleans()):
        return draw(well_formed_update(known))
    blocks = draw(st.lists(st.lists(item(known), min_size=1, max_size=4), max_size=3))
    out = varuint(len(blocks) if draw(st.integers(0, 9)) else draw(numbers))
    for items in blocks:
        client = draw(st.one_of(st.integers(0, 2**32 - 1), st.sampled_from(BIG)))
        out += varuint(len(items)) + varuint(client) + varuint(draw(numbers)) + b"".join(items)
    deletes = draw(st.lists(st.tuples(numbers, st.lists(st.tuples(numbers, numbers),
                                                          max_size=3)), max_size=2))
    out += varuint(len(deletes))
    for client, ranges in deletes:
        out += varuint(client) + varuint(len(ranges)) + b"".join(
            varuint(a) + varuint(b) for a, b in ranges)
    return draw(damaged(out))


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """The message as built, or cut short, with a byte changed, or with junk after it."""
    how = draw(st.integers(0, 5))
    if how == 0 and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == 1 and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes((draw(st.integers(0, 255)),)) + data[at + 1:]
    if how == 2:
        return data + draw(st.binary(min_size=1, max_size=8))
    return data


@st.composite
def state_vector(draw: st.DrawFn) -> bytes:
    entries = draw(st.lists(st.tuples(numbers, numbers), max_size=4))
    count = len(entries) if draw(st.booleans()) else draw(numbers)
    return draw(damaged(varuint(count) + b"".join(varuint(c) + varuint(k) for c, k in entries)))


@st.composite
def presence(draw: st.DrawFn) -> bytes:
    states = draw(st.lists(st.sampled_from([
        json.dumps({"user": {"name": "x"}}), "null", "[" * 5_000 + "]" * 5_000, '{"x": NaN}',
        "not json", '{"a":' * 40 + "1" + "}" * 40, json.dumps({"pointer": {"x": 1e308}}),
    ]), max_size=4))
    count = len(states) if draw(st.integers(0, 4)) else draw(numbers)
    body = varuint(count) + b"".join(
        varuint(draw(numbers)) + varuint(draw(numbers)) + write_var_bytes(s.encode())
        for s in states)
    return draw(damaged(body))


@st.composite
def frame(draw: st.DrawFn, known: list[tuple[int, int]]) -> bytes | str:
    """One WebSocket frame from a hostile client."""
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        step = draw(st.sampled_from([1, 2, 2]))
        return bytes((0, step)) + write_var_bytes(draw(update(known)))
    if kind == 4:
        return bytes((0, 0)) + write_var_bytes(draw(state_vector()))
    if kind in (5, 6):
        return bytes((1,)) + write_var_bytes(draw(presence()))
    if kind == 7:
        return draw(st.sampled_from([b"\x03", b"\x02\x00\x01x", b"\x05", b"\x00\x07",
                                     b"\x00", b""]))
    if kind == 8:
        return draw(st.text(max_size=20))
    return draw(st.binary(max_size=64))
