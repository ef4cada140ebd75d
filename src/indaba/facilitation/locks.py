"""Locking frames and headings: `locked` on the element (Excalidraw will not move it) and
its id in the `locks` map (the page puts back a participant's move of it)."""

from __future__ import annotations

import secrets
from typing import Any

import pycrdt
from django.utils.translation import gettext

from indaba.boards import schema
from indaba.boards.models import Board
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.errors import BadInput

LOCKABLE_TYPES = ("frame", "text", "rectangle")


def lock(board: Board, element_ids: list[str], locked: bool, by: str = "") -> list[str]:
    """Lock (or unlock) the given elements; returns the ids changed."""
    changed: list[str] = []

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        emap = workshop.shared_map(doc, schema.ELEMENTS)
        locks = workshop.shared_map(doc, schema.LOCKS)
        for element_id in element_ids:
            value = emap.get(element_id)
            if not isinstance(value, dict):
                continue
            element = workshop.plain(value)
            if element.get("type") not in LOCKABLE_TYPES:
                continue
            element["locked"] = locked
            element["version"] = int(element.get("version", 1)) + 1
            element["versionNonce"] = secrets.randbelow(2**31 - 1) + 1
            element["updated"] = workshop.now_ms()
            emap[element_id] = element
            if locked:
                locks[element_id] = {"x": element.get("x"), "y": element.get("y"),
                                     "at": workshop.now_ms(), "by": by}
            elif element_id in locks:
                del locks[element_id]
            changed.append(element_id)
        if not changed:
            return BadInput(
                gettext("none of those elements can be locked (frames, headings and shapes can)"))
        return None

    workshop.change(board, mutate)
    return changed
