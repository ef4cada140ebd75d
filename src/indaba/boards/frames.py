"""Which frame an element belongs to: the rule in Python (its browser twin is
frontend/src/frames/membership.ts, and docs/board-document.md states it).

An element belongs to the top-most frame (the last one in drawing order) whose area holds
the element's centre. That is where Excalidraw itself puts an element dropped with the
pointer over a frame, so notes made by a button, a key, a phone or the server land where a
drag would have put them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def centre(element: dict[str, Any]) -> tuple[float, float]:
    return (float(element.get("x", 0)) + float(element.get("width", 0)) / 2,
            float(element.get("y", 0)) + float(element.get("height", 0)) / 2)


def frame_at(elements: Iterable[dict[str, Any]], x: float, y: float) -> str | None:
    """The id of the top-most live frame containing the point, or None.

    `elements` must be in drawing order (as `indaba.boards.document.elements` returns them).
    """
    found = None
    for element in elements:
        if element.get("type") != "frame" or element.get("isDeleted"):
            continue
        left, top = float(element.get("x", 0)), float(element.get("y", 0))
        if (left <= x <= left + float(element.get("width", 0))
                and top <= y <= top + float(element.get("height", 0))):
            found = str(element["id"])
    return found


def frame_of(elements: Iterable[dict[str, Any]], box: dict[str, Any]) -> str | None:
    """The frame a new element with this position and size belongs to."""
    return frame_at(elements, *centre(box))
