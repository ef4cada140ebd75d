"""Dropping deleted elements once they are older than the board's history retention.

Excalidraw deletes an element by setting `isDeleted: true` on it (docs/board-document.md),
so without this pass every element ever drawn stays in the document. An entry is dropped
(its key deleted from the `elements` map) when it is marked deleted and its `updated` time
(Excalidraw's epoch-milliseconds field, set on every change, so on the deletion too) is
older than INDABA_HISTORY_KEEP_DAYS. An entry without a usable `updated` is kept: its age
is unknown.

The key is deleted as a server change: through the live engine when this process serves
the board (its clients get the deletion at once), else on the stored board and announced
to the nodes that serve it (services.change_board). A client that was offline all along
and did not touch the element receives the deletion when it syncs, and the element stays
gone; one that changed the element while offline wrote a new value concurrently with the
deletion, and by the CRDT's rules that value survives: the element comes back as that
client left it (docs/board-document.md, "Deleted elements").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pycrdt
from django.utils import timezone

from indaba import config
from indaba.boards import document, services
from indaba.boards.models import Board

DAY = timedelta(days=1)


def cutoff_ms(now: datetime | None = None, keep_days: int | None = None) -> int:
    """Epoch milliseconds before which a deletion is old enough to drop."""
    now = now or timezone.now()
    days = config.get("HISTORY_KEEP_DAYS") if keep_days is None else keep_days
    return int((now - days * DAY).timestamp() * 1000)


def _deleted_before(value: Any, cutoff: int) -> bool:
    if not isinstance(value, dict) or value.get("isDeleted") is not True:
        return False
    updated = value.get("updated")
    return (isinstance(updated, int | float) and not isinstance(updated, bool)
            and math.isfinite(updated) and updated < cutoff)


def expired(doc: pycrdt.Doc[Any], cutoff: int) -> list[str]:
    """Ids of the elements deleted before `cutoff` (epoch ms), sorted."""
    emap = doc.get(document.ELEMENTS, type=pycrdt.Map)
    return sorted(key for key, value in emap.items() if _deleted_before(value, cutoff))


def drop(doc: pycrdt.Doc[Any], cutoff: int) -> list[str]:
    """Delete the expired entries from the document (in the caller's transaction)."""
    emap = doc.get(document.ELEMENTS, type=pycrdt.Map)
    doomed = expired(doc, cutoff)
    for key in doomed:
        del emap[key]
    return doomed


def compact_board(board_id: str, cutoff: int, dry_run: bool = False) -> list[str]:
    """Drop (or with `dry_run` only list) one board's expired tombstones."""
    found = services.read_board(board_id, lambda doc: expired(doc, cutoff))
    if dry_run or not found:
        return found
    dropped: list[str] = []

    def mutate(doc: pycrdt.Doc[Any]) -> None:
        # Again on the document being changed: it may have moved on since the read.
        dropped[:] = drop(doc, cutoff)

    services.change_board(board_id, mutate)
    return dropped


def compact(board_ids: Iterable[str] | None = None, *, keep_days: int | None = None,
            dry_run: bool = False, now: datetime | None = None) -> dict[str, list[str]]:
    """Every board's (or the given boards') dropped tombstones, by board id; boards with
    none are left out."""
    cutoff = cutoff_ms(now, keep_days)
    ids = list(board_ids) if board_ids is not None else list(
        Board.objects.order_by("pk").values_list("pk", flat=True))
    result: dict[str, list[str]] = {}
    for board_id in ids:
        dropped = compact_board(str(board_id), cutoff, dry_run)
        if dropped:
            result[str(board_id)] = dropped
    return result
