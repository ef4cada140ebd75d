"""Importing .excalidraw files keeps the author's stacking order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from indaba.boards import document
from tests.support.server import IndabaServer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "two-boxes-and-arrow.excalidraw"


def without_indices(tmp_path: Path) -> tuple[Path, list[str]]:
    """The fixture as an Excalidraw before 0.17 saved it: no `index` fields. Its ids sort
    differently from its file order (the arrow's id sorts first)."""
    scene = json.loads(FIXTURE.read_text())
    for element in scene["elements"]:
        element.pop("index", None)
    order = [e["id"] for e in scene["elements"]]
    assert sorted(order) != order
    path = tmp_path / "old.excalidraw"
    path.write_text(json.dumps(scene))
    return path, order


def test_a_file_without_indices_keeps_file_order(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    server = make_server(start=False)
    path, order = without_indices(tmp_path)
    board = json.loads(server.cli("board", "import", str(path)).stdout)["id"]
    exported = json.loads(server.cli("board", "export", board, "--format", "excalidraw").stdout)
    assert [e["id"] for e in exported["elements"]] == order
    indices = [e["index"] for e in exported["elements"]]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)


def test_indices_in_rising_file_order_are_kept() -> None:
    items = [{"id": "b", "index": "a0"}, {"id": "a", "index": "a5"}]
    assert document.ordered_by_file(items) == items
    shuffled = [{"id": "b", "index": "a5"}, {"id": "a", "index": "a0"}]
    assert [e["index"] for e in document.ordered_by_file(shuffled)] == ["a0", "a1"]
