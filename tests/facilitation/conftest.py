"""Facilitation unit tests: boards live in memory (no sync engine, no store)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pycrdt
import pytest

from indaba.boards import builders, document
from tests.communities.helpers import World, fast_hashing, make_world, no_board_store

__all__ = ["fast_hashing", "no_board_store"]


@pytest.fixture
def docs(monkeypatch: pytest.MonkeyPatch) -> dict[str, pycrdt.Doc[Any]]:
    """Every board's document, in memory; change_board edits it in one transaction."""
    held: dict[str, pycrdt.Doc[Any]] = {}

    def doc_for(board_id: str) -> pycrdt.Doc[Any]:
        return held.setdefault(board_id, pycrdt.Doc())

    def change(board_id: str, mutate: Callable[[pycrdt.Doc[Any]], None]) -> None:
        doc = doc_for(board_id)
        with doc.transaction(origin="indaba-server"):
            mutate(doc)

    monkeypatch.setattr("indaba.boards.services.change_board", change)
    monkeypatch.setattr("indaba.boards.services.load_board_document", doc_for)
    return held


@pytest.fixture
def world(db: None, no_board_store: list[tuple[str, Any]],
          docs: dict[str, pycrdt.Doc[Any]]) -> World:
    made = make_world()
    assert made.session.board is not None
    # The session's board as its template made it: a frame with two notes in it.
    indices = builders.IndexSequence()
    frame = builders.frame("Ideas", 0, 0, 900, 600, indices)
    notes = builders.sticky_note("First idea", 20, 60, indices, author="Lead",
                                 frame_id=frame["id"])
    notes += builders.sticky_note("Second idea", 240, 60, indices, author="Lead",
                                  frame_id=frame["id"])
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [frame, *notes])
    docs[made.session.board.id] = doc
    return made
