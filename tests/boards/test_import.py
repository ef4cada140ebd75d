"""Importing .excalidraw files keeps the author's stacking order."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# -- an import is checked completely before a board exists -------------------------------------

def scene(elements: list[dict[str, Any]] | str, files: str = "{}") -> str:
    listed = elements if isinstance(elements, str) else json.dumps(elements)
    return f'{{"type": "excalidraw", "elements": {listed}, "files": {files}}}'


def note(**extra: Any) -> dict[str, Any]:
    return {"id": "n1", "type": "rectangle", "x": 0, "y": 0, **extra}


def nested(depth: int) -> str:
    """customData nested `depth` levels deep (the element itself is one more)."""
    return '{"a": ' * depth + "1" + "}" * depth


REFUSED = [
    ("deep-file", "[" * 100_000 + "]" * 100_000, "nested deeper than"),
    ("deep-custom-data",
     scene(f'[{{"id": "n1", "type": "rectangle", "customData": {nested(900)}}}]'),
     "nested deeper than 32 levels"),
    ("just-too-deep",
     scene(f'[{{"id": "n1", "type": "rectangle", "customData": {nested(32)}}}]'),
     "nested deeper than 32 levels"),
    ("nan", scene('[{"id": "n1", "type": "rectangle", "x": NaN}]'), "NaN is not a number"),
    ("infinity", scene('[{"id": "n1", "type": "rectangle", "x": -Infinity}]'),
     "-Infinity is not a number"),
    ("huge-number", scene('[{"id": "n1", "type": "rectangle", "x": 1e400}]'),
     "the number 1e400 is too large"),
    ("long-id", scene([note(id="x" * 201)]), "longer than 200 characters"),
    ("not-an-image", scene([note()], '{"f": {"dataURL": "data:image/png;base64,aGVsbG8="}}'),
     "only PNG, JPEG, GIF and WebP"),
    ("file-without-data", scene([note()], '{"f": {"id": "f"}}'), "has no dataURL"),
    ("not-utf8", b'{"type": "excalidraw", "elements": ["\xff"]}', "not UTF-8"),
]


def test_bad_files_are_refused_with_the_reason_and_leave_no_board(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    server = make_server(start=False)
    for name, content, reason in REFUSED:
        path = tmp_path / f"{name}.excalidraw"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        result = server.cli("board", "import", str(path), check=False)
        assert result.returncode == 1, (name, result.stderr)
        assert reason in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr, name
    assert server.cli("board", "list").stdout == ""  # no board, not even an empty one


def test_the_deepest_allowed_value_imports_and_exports(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    server = make_server(start=False)
    path = tmp_path / "deep.excalidraw"
    path.write_text(scene(f'[{{"id": "n1", "type": "rectangle", "customData": {nested(31)}}}]'))
    board = json.loads(server.cli("board", "import", str(path)).stdout)["id"]
    exported = json.loads(server.cli("board", "export", board, "--format", "excalidraw").stdout)
    assert exported["elements"][0]["customData"] == json.loads(nested(31))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    server = make_server(start=False)
    path = tmp_path / "big.excalidraw"
    text = json.dumps([note(id=f"n{i}", text="x" * 1000) for i in range(72_000)])
    path.write_text(scene(text))  # about 70 MB
    assert path.stat().st_size > 70 * 1_000_000
    result = server.cli("board", "import", str(path), check=False)
    assert result.returncode == 1
    assert "at most 32.0 MB can be imported (INDABA_MAX_IMPORT_BYTES)" in result.stderr
    assert server.cli("board", "list").stdout == ""


def test_a_board_that_could_not_be_edited_is_refused(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    # A document over half the board limit would leave no room for edits.
    server = make_server({"INDABA_MAX_DOCUMENT_BYTES": "200000"}, start=False)
    path = tmp_path / "full.excalidraw"
    path.write_text(scene([note(id=f"n{i}", text="x" * 1000) for i in range(150)]))
    result = server.cli("board", "import", str(path), check=False)
    assert result.returncode == 1
    assert "half of INDABA_MAX_DOCUMENT_BYTES" in result.stderr
    assert server.cli("board", "list").stdout == ""
    path.write_text(scene([note(id=f"n{i}", text="x" * 1000) for i in range(50)]))
    assert server.cli("board", "import", str(path)).returncode == 0


def test_images_over_the_board_quota_are_refused(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    from tests.boards.test_views import PNG

    server = make_server({"INDABA_BOARD_IMAGE_QUOTA_BYTES": str(len(PNG) + 10)}, start=False)
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    other = "data:image/png;base64," + base64.b64encode(PNG + b"more bytes!").decode()
    path = tmp_path / "images.excalidraw"
    path.write_text(scene([note()], json.dumps({"f1": {"dataURL": data_url},
                                                "f2": {"dataURL": other}})))
    result = server.cli("board", "import", str(path), check=False)
    assert result.returncode == 1 and "images may take at most" in result.stderr
    assert server.cli("board", "list").stdout == ""


def test_exports_never_hold_nan() -> None:
    assert document.normalize({"x": float("nan"), "y": float("inf"), "z": 2.0}) == \
        {"x": None, "y": None, "z": 2}
