"""The bounded Yjs update reader, checked against what pycrdt itself writes."""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pycrdt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indaba.sync.yupdate import (
    ANY,
    Bounds,
    UpdateRejected,
    decode_state_vector,
    encode_state_vector,
    inspect_update,
    json_depth,
)
from tests.support import hostile
from tests.support.docs import browser_doc

BOUNDS = Bounds()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


def end_clocks(update: bytes) -> dict[int, int]:
    return decode_state_vector(pycrdt.get_state(update))


@given(st.dictionaries(st.text(min_size=1, max_size=10), json_values, min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_reads_every_map_update_pycrdt_writes(values: dict[str, Any]) -> None:
    doc = browser_doc()
    elements = doc.get("elements", type=pycrdt.Map)
    with doc.transaction():
        for key, value in values.items():
            elements[key] = value
    update = doc.get_update()
    info = inspect_update(update, BOUNDS)
    assert {(c, end) for c, (_, end) in info.blocks().items()} == set(end_clocks(update).items())
    assert all(item.content == ANY for item in info.items)
    assert all(item.parent_root == "elements" for item in info.items)
    assert max(item.depth for item in info.items) == max(depth_of(v) for v in values.values())


def test_reads_overwrites_deletes_and_every_content_kind() -> None:
    doc = browser_doc()
    elements = doc.get("elements", type=pycrdt.Map)
    elements["a"] = {"x": 1}
    before = doc.get_state()
    elements["a"] = {"x": 2}  # an overwrite: points at the old value, names no parent
    del elements["a"]
    overwrite = inspect_update(doc.get_update(before), BOUNDS)
    assert overwrite.items[0].origin is not None and overwrite.items[0].parent_root is None
    assert overwrite.deletes
    # Text, arrays, nested types and binary: read with the right lengths.
    doc["text"] = text = pycrdt.Text("héllo 👋")
    doc["list"] = pycrdt.Array([1, b"bytes", [2, 3]])
    doc["nested"] = pycrdt.Map({"inner": pycrdt.Map({"k": "v"})})
    text.insert(2, "xx")
    update = doc.get_update()
    info = inspect_update(update, BOUNDS)
    assert {c: end for c, (_, end) in info.blocks().items()} == end_clocks(update)


@given(st.binary(max_size=200))
@settings(max_examples=400, deadline=None)
def test_garbage_is_refused_or_read_never_anything_else(data: bytes) -> None:
    with contextlib.suppress(UpdateRejected):
        inspect_update(data, BOUNDS)
    with contextlib.suppress(UpdateRejected):
        decode_state_vector(data)


def test_every_truncation_of_a_real_update_is_refused() -> None:
    doc = browser_doc()
    doc.get("elements", type=pycrdt.Map)["note"] = {"id": "note", "text": "hello", "n": [1, 2.5]}
    update = doc.get_update()
    for cut in range(len(update) - 1):
        with pytest.raises(UpdateRejected):
            inspect_update(update[:cut], BOUNDS)


@pytest.mark.parametrize("depth", [33, 5_000, 20_000, 100_000])
def test_deep_values_are_refused_quickly(depth: int) -> None:
    update = hostile.map_set("elements", "x", hostile.nested_array(depth))
    started = time.perf_counter()
    with pytest.raises(UpdateRejected, match="nested deeper than 32"):
        inspect_update(update, BOUNDS)
    assert time.perf_counter() - started < 0.5


def test_depth_at_the_limit_is_accepted() -> None:
    info = inspect_update(hostile.map_set("elements", "x", hostile.nested_array(32)), BOUNDS)
    assert info.items[0].depth == 32


@pytest.mark.parametrize("claim", [900_000_000, 2**40])
def test_counts_the_bytes_cannot_hold_are_refused(claim: int) -> None:
    with pytest.raises(UpdateRejected, match="exceeds what the remaining"):
        decode_state_vector(hostile.write_var_uint(claim))
    with pytest.raises(UpdateRejected, match="exceeds what the remaining"):
        inspect_update(hostile.write_var_uint(claim) + b"\x00", BOUNDS)
    # An array value claiming more entries than bytes follow.
    array = bytes((hostile.ANY_ARRAY,)) + hostile.write_var_uint(claim)
    with pytest.raises(UpdateRejected, match="exceeds what the remaining"):
        inspect_update(hostile.map_set("elements", "x", array), BOUNDS)


def test_clocks_beyond_what_yrs_holds_are_refused() -> None:
    with pytest.raises(UpdateRejected, match="out of range"):
        inspect_update(hostile.map_set("elements", "x", b"\x7e", clock=2**32), BOUNDS)


def test_state_vectors_round_trip() -> None:
    doc = browser_doc()
    doc.get("elements", type=pycrdt.Map)["a"] = 1
    vector = decode_state_vector(doc.get_state())
    assert vector == {doc.client_id: 1}
    assert encode_state_vector(vector) == doc.get_state()


def test_json_depth_skips_brackets_inside_strings() -> None:
    assert json_depth('{"a": "[[[{{{", "b": [{"c": "\\"]"}]}', 32) == 3
    assert json_depth('"[["', 32) == 0
    with pytest.raises(UpdateRejected):
        json_depth(hostile.deep_json(33), 32)
