"""The workshop state in the board document: how facilitation features read and change
the server-written maps (timer, vote, facilitation, reactions, locks) and read the notes.

Changes go through `boards.services.change_board` (the live engine when this process
serves boards, so clients see them at once); reads through `boards.services.read_board`,
which hands the live document to a function without copying it."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pycrdt

from indaba.boards import document, schema
from indaba.boards import services as board_services
from indaba.boards.models import Board
from indaba.common.errors import DomainError

T = TypeVar("T")
# A change function returns the error that refuses the request (and changes nothing), or None.
Mutation = Callable[[pycrdt.Doc[Any]], DomainError | None]


def now_ms() -> int:
    return int(time.time() * 1000)


def new_round_id() -> str:
    return secrets.token_hex(6)


def change(board: Board, mutate: Mutation) -> None:
    """Run `mutate` on the board document in one transaction; raise what it returns."""
    outcome: list[DomainError | None] = []

    def run(doc: pycrdt.Doc[Any]) -> None:
        outcome.append(mutate(doc))

    board_services.change_board(board.id, run)
    if outcome and outcome[0] is not None:
        raise outcome[0]


def read(board: Board, fn: Callable[[pycrdt.Doc[Any]], T]) -> T:
    """`fn(board document)` without copying it; `fn` must only read."""
    return board_services.read_board(board.id, fn)


def shared_map(doc: pycrdt.Doc[Any], name: str) -> pycrdt.Map[Any]:
    found: pycrdt.Map[Any] = doc.get(name, type=pycrdt.Map)
    return found


def plain(value: Any) -> Any:
    """A value read from the document as plain JSON (whole numbers as ints)."""
    return document.normalize(value)


def read_map(board: Board, name: str) -> dict[str, Any]:
    return read(board, lambda doc: dict(plain(shared_map(doc, name).to_py())))


def read_state(board: Board) -> dict[str, Any]:
    """The workshop maps as stored (the state endpoint, the phone page's first paint)."""
    return read(board, lambda doc: {name: plain(shared_map(doc, name).to_py())
                                    for name in schema.WORKSHOP_ROOTS})


def frame_ids(doc: pycrdt.Doc[Any]) -> set[str]:
    emap = shared_map(doc, schema.ELEMENTS)
    return {key for key, value in emap.items()
            if isinstance(value, dict) and value.get("type") == "frame"
            and not value.get("isDeleted")}


def note_of(element: dict[str, Any]) -> dict[str, Any] | None:
    """The sticky-note metadata of a rectangle, or None when it is not a live note."""
    if element.get("isDeleted"):
        return None
    custom = element.get("customData")
    indaba = custom.get("indaba") if isinstance(custom, dict) else None
    if not isinstance(indaba, dict) or indaba.get("kind") != "sticky":
        return None
    return indaba


def sticky_note(doc: pycrdt.Doc[Any], element_id: str) -> dict[str, Any] | None:
    """One note's {frameId, author, authorId} looked up by id (no walk over the board)."""
    value = shared_map(doc, schema.ELEMENTS).get(element_id)
    if not isinstance(value, dict):
        return None
    indaba = note_of(value)
    if indaba is None:
        return None
    return {"frameId": value.get("frameId"), "author": indaba.get("author", ""),
            "authorId": indaba.get("authorId", "")}


def sticky_notes(doc: pycrdt.Doc[Any]) -> dict[str, dict[str, Any]]:
    """Visible sticky notes in drawing order: rectangle id -> {text, frameId, author,
    authorId, x, y, brainstorm}."""
    items = document.elements(doc)
    texts = {e.get("containerId"): e.get("originalText") or e.get("text") or ""
             for e in items if e.get("type") == "text" and e.get("containerId")}
    notes = {}
    for element in items:
        indaba = note_of(element)
        if indaba is not None:
            notes[element["id"]] = {"text": texts.get(element["id"], ""),
                                    "frameId": element.get("frameId"),
                                    "author": indaba.get("author", ""),
                                    "authorId": indaba.get("authorId", ""),
                                    "x": element.get("x", 0), "y": element.get("y", 0),
                                    "brainstorm": indaba.get("brainstorm", "")}
    return notes
