"""Excalidraw elements built in Python: sticky notes, frames and headings for demos,
templates and tests. The shapes match what Excalidraw 0.18 itself saves."""

from __future__ import annotations

import random
import string
import textwrap
import time
from typing import Any

# Accessible sticky-note colours: dark text on each meets WCAG AA (>= 4.5:1).
STICKY_COLORS: dict[str, str] = {
    "yellow": "#ffec99",
    "green": "#b2f2bb",
    "blue": "#a5d8ff",
    "pink": "#fcc2d7",
    "orange": "#ffd8a8",
    "violet": "#d0bfff",
}
TEXT_COLOR = "#1e1e1e"
STICKY_SIZE = {"width": 200, "height": 140}
_ALPHABET = string.ascii_letters + string.digits


class IndexSequence:
    """Fractional indices in increasing order ("a0", "a1", ... "aZ", "b00", ...)."""

    DIGITS = string.digits + string.ascii_uppercase + string.ascii_lowercase

    def __init__(self) -> None:
        self._n = 0

    def next(self) -> str:
        n = self._n
        self._n += 1
        if n < 62:
            return "a" + self.DIGITS[n]
        n -= 62
        if n < 62 * 62:
            return "b" + self.DIGITS[n // 62] + self.DIGITS[n % 62]
        n -= 62 * 62
        return "c" + self.DIGITS[n // 3844] + self.DIGITS[(n // 62) % 62] + self.DIGITS[n % 62]


def new_id(rng: random.Random | None = None) -> str:
    r = rng or random
    return "".join(r.choice(_ALPHABET) for _ in range(21))


def _base(kind: str, element_id: str, x: float, y: float, width: float, height: float,
          index: str, rng: random.Random | None = None) -> dict[str, Any]:
    r = rng or random
    return {
        "id": element_id, "type": kind, "x": x, "y": y, "width": width, "height": height,
        "angle": 0, "strokeColor": TEXT_COLOR, "backgroundColor": "transparent",
        "fillStyle": "solid", "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1,
        "opacity": 100, "groupIds": [], "frameId": None, "index": index, "roundness": None,
        "seed": r.randint(1, 2**31 - 1), "version": 1, "versionNonce": r.randint(1, 2**31 - 1),
        "isDeleted": False, "boundElements": [], "updated": int(time.time() * 1000),
        "link": None, "locked": False,
    }


def text(text_value: str, x: float, y: float, index: str, *, font_size: int = 20,
         width: float | None = None, container_id: str | None = None,
         frame_id: str | None = None, rng: random.Random | None = None,
         locked: bool = False) -> dict[str, Any]:
    lines = text_value.split("\n")
    line_height = 1.25
    est_width = width if width is not None else max(len(line) for line in lines) * font_size * 0.55
    element = _base("text", new_id(rng), x, y, est_width, len(lines) * font_size * line_height,
                    index, rng)
    element.update({
        "text": text_value, "originalText": text_value, "fontSize": font_size,
        "fontFamily": 5, "textAlign": "center" if container_id else "left",
        "verticalAlign": "middle" if container_id else "top", "containerId": container_id,
        "autoResize": container_id is None, "lineHeight": line_height, "frameId": frame_id,
        "locked": locked,
    })
    return element


def sticky_note(note: str, x: float, y: float, indices: IndexSequence, *, author: str,
                color: str = "yellow", frame_id: str | None = None,
                rng: random.Random | None = None) -> list[dict[str, Any]]:
    """A sticky note: a filled rectangle with its text bound inside (wrapping)."""
    fill = STICKY_COLORS.get(color, color)
    box = _base("rectangle", new_id(rng), x, y, STICKY_SIZE["width"], STICKY_SIZE["height"],
                indices.next(), rng)
    box.update({
        "backgroundColor": fill, "strokeColor": "transparent", "roundness": {"type": 3},
        "frameId": frame_id,
        "customData": {"indaba": {"kind": "sticky", "author": author, "color": fill}},
    })
    label = text(note, x + 10, y + 10, indices.next(), width=180, container_id=box["id"],
                 frame_id=frame_id, rng=rng)
    box["boundElements"] = [{"id": label["id"], "type": "text"}]
    # Excalidraw draws `text` as given and re-wraps only when the note is edited, so a
    # note made here is wrapped here (Excalifont averages about 0.6 em per character).
    wrapped = wrap_text(note, width=180, font_size=label["fontSize"])
    label["text"] = wrapped
    label["height"] = wrapped.count("\n") * label["fontSize"] * 1.25 + label["fontSize"] * 1.25
    label["y"] = y + max(10, (box["height"] - label["height"]) / 2)
    return [box, label]


def wrap_text(value: str, width: float, font_size: int) -> str:
    columns = max(4, int(width / (font_size * 0.6)))
    lines: list[str] = []
    for paragraph in value.split("\n"):
        lines.extend(textwrap.wrap(paragraph, columns, break_long_words=True) or [""])
    return "\n".join(lines)


def frame(name: str, x: float, y: float, width: float, height: float, indices: IndexSequence,
          *, locked: bool = False, rng: random.Random | None = None) -> dict[str, Any]:
    element = _base("frame", new_id(rng), x, y, width, height, indices.next(), rng)
    element.update({"name": name, "roundness": None, "locked": locked})
    return element
