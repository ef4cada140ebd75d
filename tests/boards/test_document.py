from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycrdt
import pytest

from indaba.boards import builders, document, schema

# Saved by excalidraw.com itself (a copy of shared/data/excalidraw's sample).
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "two-boxes-and-arrow.excalidraw"


def _fixture_text() -> str:
    return FIXTURE.read_text()


def test_excalidraw_round_trip_keeps_ids_text_and_bindings() -> None:
    scene = document.parse_excalidraw(_fixture_text())
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, scene["elements"])
    copy: pycrdt.Doc[Any] = pycrdt.Doc()
    copy.apply_update(doc.get_update())
    exported = document.to_excalidraw(copy)
    assert exported["type"] == "excalidraw"
    assert exported["elements"] == sorted(scene["elements"], key=lambda e: e["index"])
    arrow = next(e for e in exported["elements"] if e["type"] == "arrow")
    assert arrow["startBinding"] == next(
        e for e in scene["elements"] if e["type"] == "arrow")["startBinding"]


def test_elements_are_ordered_by_fractional_index_and_deleted_hidden() -> None:
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [
        {"id": "c", "type": "text", "index": "a2"},
        {"id": "a", "type": "text", "index": "a0V"},
        {"id": "b", "type": "text", "index": "a0"},
        {"id": "gone", "type": "text", "index": "a1", "isDeleted": True},
        {"id": "z", "type": "text"},
    ])
    assert [e["id"] for e in document.elements(doc)] == ["b", "a", "c", "z"]
    assert "gone" in {e["id"] for e in document.elements(doc, include_deleted=True)}


def test_whole_numbers_come_back_as_ints() -> None:
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [{"id": "a", "type": "rectangle", "x": 3, "y": 2.5}])
    element = document.elements(doc)[0]
    assert element["x"] == 3 and isinstance(element["x"], int)
    assert element["y"] == 2.5


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("not json", "not JSON"),
        ('{"type": "other"}', "not an Excalidraw file"),
        ('{"type": "excalidraw", "elements": {}}', '"elements" list'),
        ('{"type": "excalidraw", "elements": [3]}', "element 0 is not an object"),
        ('{"type": "excalidraw", "elements": [{"id": "a"}]}', "has no 'type'"),
        ('{"type": "excalidraw", "elements": [{"id": "a", "type": "x"}, {"id": "a", "type": "y"}]}',
         "appears twice"),
    ],
)
def test_bad_excalidraw_files_are_named(raw: str, problem: str) -> None:
    with pytest.raises(document.DocumentError, match=problem):
        document.parse_excalidraw(raw)


def test_sticky_note_builder_binds_text_inside_and_names_author() -> None:
    box, label = builders.sticky_note("Hello", 0, 0, builders.IndexSequence(), author="Ann")
    assert box["customData"]["indaba"] == {"kind": "sticky", "author": "Ann",
                                           "color": schema.COLOURS_BY_ID["yellow"].background}
    assert label["containerId"] == box["id"]
    long_box, long_label = builders.sticky_note(
        "Harvest lessons into the knowledge base the same week", 0, 0,
        builders.IndexSequence(), author="Ann")
    assert long_label["originalText"] == "Harvest lessons into the knowledge base the same week"
    assert all(len(line) <= 15 for line in long_label["text"].split("\n"))
    assert long_label["y"] + long_label["height"] <= long_box["y"] + long_box["height"]
    assert box["boundElements"] == [{"id": label["id"], "type": "text"}]
    json.dumps([box, label])  # plain JSON values only


def test_index_sequence_is_strictly_increasing() -> None:
    seq = builders.IndexSequence()
    values = [seq.next() for _ in range(5000)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)


@pytest.mark.django_db
def test_change_board_without_a_live_engine_edits_the_stored_state() -> None:
    from indaba.boards import services

    board = services.create_board("Offline change")
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [{"id": "a", "type": "rectangle", "version": 1}])
    services.write_initial_content(board.id, doc)

    def lock(live_doc: pycrdt.Doc[Any]) -> None:
        emap = live_doc.get(document.ELEMENTS, type=pycrdt.Map)
        emap["a"] = {**emap["a"], "locked": True, "version": 2}

    services.change_board(board.id, lock)
    stored = document.elements(services.load_board_document(board.id))
    assert stored == [{"id": "a", "type": "rectangle", "version": 2, "locked": True}]
