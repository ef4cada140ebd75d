"""The board document schema (docs/board-document.md), read and written from Python.

Excalidraw elements live in the top-level map `elements`, keyed by element id,
one plain JSON object each. Image metadata lives in `files` (never the bytes).
This module imports pycrdt only: export, import, harvest and analytics share it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
from typing import Any

import pycrdt

from indaba.boards import schema
from indaba.boards.builders import IndexSequence
from indaba.sync.yupdate import UpdateRejected, json_depth

ELEMENTS = schema.ELEMENTS
FILES = schema.FILES
# The only root types a browser may write; the workshop maps are written by the server.
CLIENT_WRITABLE_ROOTS = schema.CLIENT_WRITABLE_ROOTS
MAX_IMPORT_ELEMENTS = 50_000
MAX_IMPORT_FILES = 1_000
MAX_ID_LENGTH = 200  # element and file ids; Excalidraw's are about 20 characters
REQUIRED_ELEMENT_KEYS = ("id", "type")
# Levels a scene file adds above an element's own values: the file object, its
# "elements" list (or "files" object).
SCENE_LEVELS = 2


class DocumentError(ValueError):
    """Input that is not a board document or an Excalidraw scene."""


def normalize(value: Any) -> Any:
    """Yrs hands numbers back as floats; whole numbers go back out as ints. NaN and the
    infinities, which JSON cannot hold, go out as null: every export is valid JSON."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return int(value)
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def _order_key(element: dict[str, Any]) -> tuple[int, str, str]:
    index = element.get("index")
    # Fractional indices compare as plain strings; elements without one go last.
    return (0, index, element["id"]) if isinstance(index, str) else (1, "", element["id"])


def elements(doc: pycrdt.Doc[Any], include_deleted: bool = False) -> list[dict[str, Any]]:
    emap = doc.get(ELEMENTS, type=pycrdt.Map)
    result = []
    for key, value in emap.items():
        if not isinstance(value, dict):
            continue
        element = normalize(value)
        element.setdefault("id", key)
        if include_deleted or not element.get("isDeleted"):
            result.append(element)
    result.sort(key=_order_key)
    return result


def files(doc: pycrdt.Doc[Any]) -> dict[str, dict[str, Any]]:
    fmap = doc.get(FILES, type=pycrdt.Map)
    return {k: normalize(v) for k, v in fmap.items() if isinstance(v, dict)}


def to_json(doc: pycrdt.Doc[Any]) -> dict[str, Any]:
    """Every top-level map of the board as plain JSON (the `--format json` export)."""
    out: dict[str, Any] = {"elements": elements(doc), "files": files(doc)}
    for name in list(doc.keys()):  # a pycrdt Doc is not iterable itself
        if name not in out:
            with contextlib.suppress(TypeError, ValueError):
                out[name] = normalize(doc.get(name, type=pycrdt.Map).to_py())
    return out


def to_excalidraw(doc: pycrdt.Doc[Any], file_data: dict[str, str] | None = None) -> dict[str, Any]:
    """A scene Excalidraw opens. `file_data` maps file id to a data: URL of the image."""
    scene_files = {}
    for file_id, meta in files(doc).items():
        if file_data and file_id in file_data:
            scene_files[file_id] = {
                "id": file_id,
                "mimeType": meta.get("mimeType", "application/octet-stream"),
                "dataURL": file_data[file_id],
                "created": meta.get("created", 0),
            }
    return {
        "type": "excalidraw",
        "version": 2,
        "source": "indaba",
        "elements": elements(doc),
        "appState": {"gridSize": None, "viewBackgroundColor": "#ffffff"},
        "files": scene_files,
    }


def _no_constant(name: str) -> Any:
    raise DocumentError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses as infinity
        raise DocumentError(f"the number {text[:40]} is too large")
    return value


def load_json(raw: str | bytes, max_depth: int) -> Any:
    """JSON from an untrusted file: nesting checked before parsing (the parser recurses,
    and a deep file would crash it), NaN and the infinities refused."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"not UTF-8 text: {exc}") from None
    try:
        json_depth(raw, max_depth)
    except UpdateRejected:
        raise DocumentError(f"values are nested deeper than {max_depth - SCENE_LEVELS} "
                            "levels (INDABA_MAX_VALUE_DEPTH)") from None
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except ValueError as exc:
        raise DocumentError(f"not JSON: {exc}") from None


def parse_excalidraw(raw: str | bytes, max_value_depth: int = 32) -> dict[str, Any]:
    """Validate an .excalidraw file's JSON; raises DocumentError naming the problem.
    No value of an element may nest deeper than `max_value_depth` (what a board accepts
    from a client, INDABA_MAX_VALUE_DEPTH)."""
    data = load_json(raw, max_value_depth + SCENE_LEVELS)
    if not isinstance(data, dict) or data.get("type") != "excalidraw":
        raise DocumentError('not an Excalidraw file (expected "type": "excalidraw")')
    items = data.get("elements")
    if not isinstance(items, list):
        raise DocumentError('an Excalidraw file needs an "elements" list')
    if len(items) > MAX_IMPORT_ELEMENTS:
        raise DocumentError(f"{len(items)} elements; at most {MAX_IMPORT_ELEMENTS} can be imported")
    seen = set()
    for position, element in enumerate(items):
        if not isinstance(element, dict):
            raise DocumentError(f"element {position} is not an object")
        for key in REQUIRED_ELEMENT_KEYS:
            if not isinstance(element.get(key), str) or not element[key]:
                raise DocumentError(f"element {position} has no {key!r}")
            if len(element[key]) > MAX_ID_LENGTH:
                raise DocumentError(f"element {position}: {key!r} is longer than "
                                    f"{MAX_ID_LENGTH} characters")
        if element["id"] in seen:
            raise DocumentError(f"element id {element['id']!r} appears twice")
        seen.add(element["id"])
    scene_files = data.get("files") or {}
    if not isinstance(scene_files, dict):
        raise DocumentError('"files" must be an object')
    if len(scene_files) > MAX_IMPORT_FILES:
        raise DocumentError(f"{len(scene_files)} files; at most {MAX_IMPORT_FILES} can be "
                            "imported")
    for file_id, entry in scene_files.items():
        if len(file_id) > MAX_ID_LENGTH:
            raise DocumentError(f"a file id is longer than {MAX_ID_LENGTH} characters")
        if not isinstance(entry, dict) or not isinstance(entry.get("dataURL"), str):
            raise DocumentError(f"file {file_id[:40]!r} has no dataURL")
        if not isinstance(entry.get("created", 0), int | float):
            raise DocumentError(f"file {file_id[:40]!r}: \"created\" is not a number")
    return data


def ordered_by_file(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Elements with fractional indices that keep the file's order.

    Excalidraw draws by `index`; files from versions before 0.17 have none, and a board
    would then order by id (arrows ending up under the boxes they connect). When any index
    is missing or the indices do not rise in file order, every element gets a fresh one in
    file order, as the file's own order is what its author saw."""
    indices = [element.get("index") for element in items]
    given = [i for i in indices if isinstance(i, str) and i]
    if len(given) == len(items) and all(a < b for a, b in itertools.pairwise(given)):
        return items
    sequence = IndexSequence()
    return [{**element, "index": sequence.next()} for element in items]


def write_elements(doc: pycrdt.Doc[Any], items: list[dict[str, Any]]) -> None:
    emap = doc.get(ELEMENTS, type=pycrdt.Map)
    with doc.transaction(origin="indaba"):
        for element in items:
            emap[element["id"]] = element


def write_files(doc: pycrdt.Doc[Any], metas: dict[str, dict[str, Any]]) -> None:
    fmap = doc.get(FILES, type=pycrdt.Map)
    with doc.transaction(origin="indaba"):
        for file_id, meta in metas.items():
            fmap[file_id] = meta
