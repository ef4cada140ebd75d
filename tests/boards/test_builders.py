"""The Python sticky-note builder against the vectors both languages share, and the index
sequence against the npm package's own output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from indaba.boards import builders, schema
from tests.fixtures import make_sticky_note_vectors

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_the_committed_vectors_are_what_the_builder_makes() -> None:
    committed = json.loads((FIXTURES / "sticky-note-vectors.json").read_text(encoding="utf-8"))
    assert committed == {"cases": make_sticky_note_vectors.vectors()}


@pytest.mark.parametrize("case", make_sticky_note_vectors.CASES, ids=lambda c: c["text"][:20])
def test_a_note_is_sized_coloured_and_bound_from_the_schema(case: dict[str, Any]) -> None:
    box, label = builders.sticky_note(
        case["text"], case["x"], case["y"], builders.IndexSequence(after=case["after"]),
        author=case["author"], author_id=case["authorId"], color=case["color"],
        frame_id=case["frameId"])
    shape = schema.STICKY
    assert box["width"] == shape.width and box["height"] >= shape.min_height
    assert box["backgroundColor"] == schema.colour_fill(case["color"])
    assert box["boundElements"] == [{"id": label["id"], "type": "text"}]
    assert label["containerId"] == box["id"]
    assert box["index"] < label["index"]
    assert (case["after"] or "") < box["index"]
    # The text sits inside the note and every wrapped line fits the text width.
    assert box["y"] <= label["y"] and label["y"] + label["height"] <= box["y"] + box["height"]
    columns = int(shape.text_width / (shape.font_size * shape.char_width_em))
    assert all(len(line) <= columns for line in label["text"].split("\n"))
    assert label["originalText"] == case["text"].strip()
    assert ("authorId" in box["customData"]["indaba"]) == bool(case["authorId"])


def test_index_sequence_matches_the_npm_package() -> None:
    vectors = json.loads((FIXTURES / "fractional-index-vectors.json").read_text())
    expected = dict(vectors["appended"])
    sequence = builders.IndexSequence()
    for position in range(max(expected) + 1):
        key = sequence.next()
        if position in expected:
            assert key == expected[position], position


def test_index_sequence_continues_after_a_given_index() -> None:
    sequence = builders.IndexSequence(after="a5")
    first, second = sequence.next(), sequence.next()
    assert "a5" < first < second
