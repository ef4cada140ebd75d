"""Which frame an element belongs to: the top-most frame holding its centre."""

from __future__ import annotations

from indaba.boards import builders, frames


def test_the_frame_holding_the_centre_and_the_top_most_of_overlapping_ones() -> None:
    indices = builders.IndexSequence()
    left = builders.frame("Left", 0, 0, 400, 600, indices)
    right = builders.frame("Right", 500, 0, 400, 600, indices)
    inner = builders.frame("Inner", 550, 50, 100, 100, indices)
    deleted = {**builders.frame("Gone", 0, 0, 2000, 2000, indices), "isDeleted": True}
    items = [left, right, inner, deleted]
    assert frames.frame_at(items, 100, 100) == left["id"]
    assert frames.frame_at(items, 450, 100) is None
    assert frames.frame_at(items, 600, 100) == inner["id"]  # drawn above "Right"
    assert frames.frame_of(items, {"x": 310, "y": 10, "width": 200, "height": 140}) is None
    assert frames.frame_of(items, {"x": 250, "y": 10, "width": 200, "height": 140}) \
        == left["id"]


def test_template_and_demo_notes_get_their_frame_by_the_rule() -> None:
    from indaba.boards.demo import demo_elements

    items = demo_elements()
    names = {e["id"]: e["name"] for e in items if e["type"] == "frame"}
    notes = [e for e in items if (e.get("customData") or {}).get("indaba")]
    assert notes and all(names.get(n["frameId"]) for n in notes)
    texts = {e["containerId"]: e["frameId"] for e in items if e.get("containerId")}
    assert all(texts[n["id"]] == n["frameId"] for n in notes)
