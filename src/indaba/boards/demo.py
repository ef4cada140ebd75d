"""Demo content: a lessons-learned board with a few notes, created once per data directory."""

from __future__ import annotations

from typing import Any

import pycrdt

from indaba.boards import builders, document, frames, services
from indaba.boards.models import Board
from indaba.sync.policy import new_content_doc

DEMO_TITLE = "Inaugural CoP session: lessons learned"

NOTES = (
    ("What worked", "Hybrid flipchart kept online people talking", "Thandi", "green"),
    ("What worked", "Short check-in round before the keynote", "Pieter", "green"),
    ("What to improve", "Share the join code before the session starts", "Naledi", "pink"),
    ("What to improve", "Room microphone for in-room questions", "Sipho", "pink"),
    ("Ideas", "Harvest lessons into the knowledge base the same week", "Lerato", "blue"),
)


def demo_elements() -> list[dict[str, Any]]:
    indices = builders.IndexSequence()
    items: list[dict[str, Any]] = []
    columns: dict[str, dict[str, Any]] = {}
    for position, name in enumerate(("What worked", "What to improve", "Ideas")):
        frame = builders.frame(name, 40 + position * 480, 120, 440, 620, indices)
        columns[name] = frame
        items.append(frame)
    items.append(builders.text(DEMO_TITLE, 40, 40, indices.next(), font_size=36, locked=True))
    filled: dict[str, int] = {}
    for column, note, author, color in NOTES:
        frame = columns[column]
        row = filled.get(column, 0)
        filled[column] = row + 1
        x, y = frame["x"] + 20 + (row % 2) * 210, frame["y"] + 30 + (row // 2) * 210
        items.extend(builders.sticky_note(
            note, x, y, indices, author=author, color=color,
            frame_id=frames.frame_of(items, builders.sticky_box(x, y, note))))
    return items


def ensure_demo_board() -> tuple[bool, Board]:
    existing = Board.objects.filter(title=DEMO_TITLE).order_by("created_at").first()
    if existing is not None:
        return False, existing
    board = services.create_board(DEMO_TITLE)
    doc: pycrdt.Doc[Any] = new_content_doc()
    document.write_elements(doc, demo_elements())
    services.write_initial_content(board.id, doc)
    return True, board
