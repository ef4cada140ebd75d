"""Excalidraw elements built in Python: sticky notes, frames and headings for demos,
templates, the brainstorm reveal and tests. Shapes, sizes and colours come from the board
schema (boards/schema/board-document.json), which the front end's builder
(frontend/src/sticky/stickyNote.ts) reads too; tests/fixtures/sticky-note-vectors.json
holds both to the same output."""

from __future__ import annotations

import math
import random
import string
import textwrap
import time
from typing import Any

from fractional_indexing import generate_key_between

from indaba.boards import schema

_ALPHABET = string.ascii_letters + string.digits


class IndexSequence:
    """Fractional indices in increasing order, after `last` (default: from the start)."""

    def __init__(self, after: str | None = None) -> None:
        self.last = after or None

    def next(self) -> str:
        self.last = generate_key_between(self.last, None)
        return self.last


def new_id(rng: random.Random | None = None) -> str:
    r = rng or random
    return "".join(r.choice(_ALPHABET) for _ in range(21))


def _base(kind: str, element_id: str, x: float, y: float, width: float, height: float,
          index: str, rng: random.Random | None, now_ms: int | None) -> dict[str, Any]:
    r = rng or random
    element = schema.element_defaults()
    element.update({
        "id": element_id, "type": kind, "x": x, "y": y, "width": width, "height": height,
        "index": index, "seed": r.randint(1, 2**31 - 1),
        "versionNonce": r.randint(1, 2**31 - 1),
        "updated": int(time.time() * 1000) if now_ms is None else now_ms,
    })
    return element


def text(text_value: str, x: float, y: float, index: str, *, font_size: int = 20,
         width: float | None = None, frame_id: str | None = None,
         rng: random.Random | None = None, locked: bool = False) -> dict[str, Any]:
    """Free text (a heading or prompt) that sizes itself to its content."""
    lines = text_value.split("\n")
    line_height = schema.STICKY.line_height
    est_width = width if width is not None else (
        max(len(line) for line in lines) * font_size * 0.55)
    element = _base("text", new_id(rng), x, y, est_width, len(lines) * font_size * line_height,
                    index, rng, None)
    element.update({
        "text": text_value, "originalText": text_value, "fontSize": font_size,
        "fontFamily": schema.STICKY.font_family, "textAlign": "left", "verticalAlign": "top",
        "containerId": None, "autoResize": True, "lineHeight": line_height,
        "frameId": frame_id, "locked": locked,
    })
    return element


def wrap_text(value: str, width: float | None = None, font_size: int | None = None) -> str:
    """Lines of at most width / (font size x average character width) characters, long words
    broken. Excalidraw draws `text` as given and re-wraps only when the note is edited, so a
    note made outside the editor is wrapped by its maker (frontend/src/text/wrap.ts is the
    same rule)."""
    shape = schema.STICKY
    width = shape.text_width if width is None else width
    font_size = shape.font_size if font_size is None else font_size
    columns = max(4, int(width / (font_size * shape.char_width_em)))
    lines: list[str] = []
    for paragraph in value.split("\n"):
        lines.extend(textwrap.wrap(paragraph, columns, break_long_words=True,
                                   break_on_hyphens=False) or [""])
    return "\n".join(lines)


def sticky_note_height(note: str) -> int:
    """A note is at least `minHeight` tall and grows to hold its wrapped text."""
    shape = schema.STICKY
    lines = wrap_text(note.strip()).count("\n") + 1
    text_height = lines * shape.font_size * shape.line_height
    return max(shape.min_height, math.ceil(text_height + 2 * shape.vertical_padding))


def sticky_note(note: str, x: float, y: float, indices: IndexSequence, *, author: str,
                author_id: str = "", color: str = schema.DEFAULT_COLOUR.id,
                frame_id: str | None = None, rng: random.Random | None = None,
                now_ms: int | None = None) -> list[dict[str, Any]]:
    """A sticky note: a filled rectangle with its wrapped text bound inside, centred."""
    shape = schema.STICKY
    fill = schema.colour_fill(color)
    content = note.strip()
    wrapped = wrap_text(content)
    text_height = (wrapped.count("\n") + 1) * shape.font_size * shape.line_height
    height = sticky_note_height(content)
    box = _base("rectangle", new_id(rng), x, y, shape.width, height, indices.next(), rng, now_ms)
    label = _base("text", new_id(rng), x + (shape.width - shape.text_width) / 2,
                  y + (height - text_height) / 2, shape.text_width, text_height,
                  indices.next(), rng, now_ms)
    indaba: dict[str, Any] = {"kind": "sticky", "author": author, "color": fill}
    if author_id:
        indaba["authorId"] = author_id
    box.update({
        "backgroundColor": fill, "strokeColor": shape.stroke_color,
        "strokeWidth": shape.stroke_width, "roughness": shape.roughness,
        "fillStyle": shape.fill_style, "roundness": dict(shape.roundness),
        "frameId": frame_id, "boundElements": [{"id": label["id"], "type": "text"}],
        "customData": {"indaba": indaba},
    })
    label.update({
        "strokeColor": shape.text_color, "frameId": frame_id, "text": wrapped,
        "originalText": content, "fontSize": shape.font_size, "fontFamily": shape.font_family,
        "textAlign": "center", "verticalAlign": "middle", "containerId": box["id"],
        "autoResize": True, "lineHeight": shape.line_height,
    })
    return [box, label]


def sticky_box(x: float, y: float, note: str = "") -> dict[str, float]:
    """The area a note made at (x, y) will cover (for frame membership before it exists)."""
    return {"x": x, "y": y, "width": schema.STICKY.width, "height": sticky_note_height(note)}


def frame(name: str, x: float, y: float, width: float, height: float, indices: IndexSequence,
          *, locked: bool = False, rng: random.Random | None = None) -> dict[str, Any]:
    element = _base("frame", new_id(rng), x, y, width, height, indices.next(), rng, None)
    element.update({"name": name, "locked": locked})
    return element
