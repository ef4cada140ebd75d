"""The board document's shared constants (board-document.json beside this file), as typed
Python values. The front end reads the same file (frontend/src/schema); change values
there, never here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

_RAW: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("board-document.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Colour:
    id: str
    name: str
    background: str


@dataclass(frozen=True)
class StickyNoteShape:
    width: int
    min_height: int
    text_width: int
    vertical_padding: int
    font_size: int
    font_family: int
    line_height: float
    char_width_em: float
    text_color: str
    stroke_color: str
    stroke_width: int
    roughness: int
    fill_style: str
    roundness: dict[str, Any]
    gap: int


def raw() -> dict[str, Any]:
    """The whole file, parsed (a fresh copy: callers may not change the shared one)."""
    copied: dict[str, Any] = json.loads(json.dumps(_RAW))
    return copied


VERSION: int = _RAW["version"]
ELEMENTS: str = _RAW["roots"]["elements"]
FILES: str = _RAW["roots"]["files"]
CLIENT_WRITABLE_ROOTS: tuple[str, ...] = tuple(_RAW["roots"]["clientWritable"])
TIMER: str = _RAW["roots"]["workshop"]["timer"]
VOTE: str = _RAW["roots"]["workshop"]["vote"]
FACILITATION: str = _RAW["roots"]["workshop"]["facilitation"]
REACTIONS: str = _RAW["roots"]["workshop"]["reactions"]
LOCKS: str = _RAW["roots"]["workshop"]["locks"]
HARVEST: str = _RAW["roots"]["workshop"]["harvest"]
WORKSHOP_ROOTS: tuple[str, ...] = (TIMER, VOTE, FACILITATION, REACTIONS, LOCKS, HARVEST)

_sticky = _RAW["stickyNote"]
STICKY = StickyNoteShape(
    width=_sticky["width"], min_height=_sticky["minHeight"], text_width=_sticky["textWidth"],
    vertical_padding=_sticky["verticalPadding"], font_size=_sticky["fontSize"],
    font_family=_sticky["fontFamily"], line_height=_sticky["lineHeight"],
    char_width_em=_sticky["charWidthEm"], text_color=_sticky["textColor"],
    stroke_color=_sticky["strokeColor"], stroke_width=_sticky["strokeWidth"],
    roughness=_sticky["roughness"], fill_style=_sticky["fillStyle"],
    roundness=dict(_sticky["roundness"]), gap=_sticky["gap"])

PALETTE: tuple[Colour, ...] = tuple(Colour(**c) for c in _RAW["palette"])
COLOURS_BY_ID: dict[str, Colour] = {c.id: c for c in PALETTE}
DEFAULT_COLOUR: Colour = COLOURS_BY_ID[_RAW["defaultColor"]]


def element_defaults() -> dict[str, Any]:
    """Fields every element starts with (a fresh dict: lists inside are not shared)."""
    fresh: dict[str, Any] = json.loads(json.dumps(_RAW["elementDefaults"]))
    return fresh


def close_codes() -> dict[int, tuple[str, bool]]:
    """Close code -> (name, whether reconnecting can help)."""
    return {int(code): (info["name"], bool(info["reconnect"]))
            for code, info in _RAW["closeCodes"].items()}


def colour_fill(colour: str) -> str:
    """A palette id ("green") or a `#rrggbb` value, as the note's background."""
    if colour in COLOURS_BY_ID:
        return COLOURS_BY_ID[colour].background
    return colour


def default_note_background() -> str:
    """The default colour's background (a model field default: migrations name this)."""
    return DEFAULT_COLOUR.background
