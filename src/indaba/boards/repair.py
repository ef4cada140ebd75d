"""Finding and removing values a board should never have held (stored before the sync
engine checked every update): values nested too deep for Yrs or a browser to read, and
workshop state written by a browser instead of the server.

The stored updates are read with the bounded reader (`indaba.sync.yupdate`), never with
pycrdt's own reader of values, so a poisoned board can be examined without crashing. Each
offending item is traced to the top-level map and key it sits under; keys whose current
value offends are deleted, everything else on the board stays. The repaired document is
then written back as the board's snapshot, so the poisoned bytes leave the database.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pycrdt

from indaba.boards.document import CLIENT_WRITABLE_ROOTS
from indaba.sync.policy import PLAIN_VALUE_CONTENTS, is_server_client
from indaba.sync.room import load_document
from indaba.sync.store import StoredBoard
from indaba.sync.yupdate import CONTENT_NAMES, ID, Bounds, ItemInfo, inspect_update

_READ_EVERYTHING = Bounds(max_depth=2**31, max_string_bytes=2**31)


@dataclass(frozen=True)
class Offence:
    root: str
    key: str | None  # None: an item of a top-level type that is not a map
    reason: str
    current: bool  # the key's present value (a replaced or deleted one is history)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class _Items:
    """Every item of the stored board, found by any id inside it."""

    def __init__(self, items: Iterable[ItemInfo]) -> None:
        by_client: dict[int, dict[int, ItemInfo]] = {}
        for item in items:
            by_client.setdefault(item.client, {})[item.clock] = item
        self._starts = {c: sorted(found) for c, found in by_client.items()}
        self._items = by_client

    def find(self, ref: ID) -> ItemInfo | None:
        starts = self._starts.get(ref[0])
        if not starts:
            return None
        i = bisect.bisect_right(starts, ref[1]) - 1
        if i < 0:
            return None
        item = self._items[ref[0]][starts[i]]
        return item if ref[1] < item.end else None

    def __iter__(self) -> Any:
        for found in self._items.values():
            yield from found.values()


def _place(item: ItemInfo, items: _Items) -> tuple[str, str | None] | None:
    """The top-level type and key an item sits under (following origins and parents)."""
    seen = 0
    current: ItemInfo | None = item
    while current is not None and seen < 1_000_000:
        seen += 1
        if current.parent_root is not None:
            return current.parent_root, current.key
        ref = current.origin or current.right_origin or current.parent_id
        current = items.find(ref) if ref is not None else None
    return None


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _deleted(ranges: dict[int, list[tuple[int, int]]], item: ItemInfo) -> bool:
    return any(start <= item.clock and item.end <= end
               for start, end in ranges.get(item.client, []))


def find_offences(stored: StoredBoard, max_depth: int) -> list[Offence]:
    parts = ([stored.snapshot] if stored.snapshot else []) + list(stored.updates)
    everything: list[ItemInfo] = []
    deletes: dict[int, list[tuple[int, int]]] = {}
    for part in parts:
        info = inspect_update(part, _READ_EVERYTHING)
        everything.extend(info.items)
        for client, ranges in info.deletes.items():
            deletes.setdefault(client, []).extend(ranges)
    deletes = {client: _merged(ranges) for client, ranges in deletes.items()}
    items = _Items(everything)
    offences: dict[tuple[str, str | None], Offence] = {}
    for item in items:
        place = _place(item, items)
        if place is None:
            continue  # waiting for an item that never came: Yrs never shows it
        reason = _reason(item, place[0], max_depth)
        if reason is None:
            continue
        current = not _deleted(deletes, item)
        earlier = offences.get(place)
        if earlier is None or (current and not earlier.current):
            offences[place] = Offence(place[0], place[1], reason, current)
    return sorted(offences.values(), key=lambda o: (o.root, o.key or ""))


def _reason(item: ItemInfo, root: str, max_depth: int) -> str | None:
    if item.depth > max_depth:
        return f"a value nested {item.depth} levels deep (at most {max_depth})"
    if is_server_client(item.client):
        return None  # the server's own writes, workshop state included
    if root not in CLIENT_WRITABLE_ROOTS:
        return f"workshop state in {root!r} written by a browser, not the server"
    if item.content not in PLAIN_VALUE_CONTENTS:
        return f"{CONTENT_NAMES.get(item.content, item.content)} content written by a browser"
    return None


def repaired(stored: StoredBoard, offences: list[Offence]) -> bytes:
    """The board without the offending keys, as one update (a new snapshot). Deleted
    values leave only a marker behind: Yrs collects their content."""
    doc = load_document(stored)
    with doc.transaction(origin="indaba-repair"):
        for offence in offences:
            if offence.key is None:
                doc.get(offence.root, type=pycrdt.Array).clear()
            else:
                target = doc.get(offence.root, type=pycrdt.Map)
                if offence.key in target:
                    del target[offence.key]
    return doc.get_update()

