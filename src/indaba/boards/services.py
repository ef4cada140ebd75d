"""Board operations shared by the CLI and the web views (no HTTP, no click here)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import pycrdt
from django.conf import settings

from indaba import config
from indaba.boards import document, live, repair
from indaba.boards.images import ImageRejected, ImageStore
from indaba.boards.models import Board
from indaba.boards.storage import open_store
from indaba.sync import fanout
from indaba.sync.policy import new_content_doc
from indaba.sync.room import load_document
from indaba.sync.sqlstore import SqlBoardStore
from indaba.sync.store import StoredBoard

T = TypeVar("T")


def image_store() -> ImageStore:
    return ImageStore(settings.MEDIA_ROOT / "images", settings.INDABA_LIMITS["max_image_bytes"])


def image_url(board_id: str, image_id: str) -> str:
    return f"/boards/{board_id}/images/{image_id}"


def _with_store(fn: Any, *args: Any) -> Any:
    store = open_store()
    try:
        return store.call_sync(fn, store, *args)
    finally:
        store.shutdown_sync()


def load_board_document(board_id: str) -> pycrdt.Doc[Any]:
    """The board as stored (what every client has received), read straight from the store."""
    stored = _with_store(SqlBoardStore.load_sync, board_id)
    return load_document(stored)


def read_board(board_id: str, fn: Callable[[pycrdt.Doc[Any]], T]) -> T:
    """`fn(board document)`: the live document, without a copy, when this process serves
    boards (reads see what clients see, committed); else the stored board. `fn` must not
    change the document and should be quick (it runs on the engine's event loop)."""
    ran, result = live.read(board_id, fn)
    if ran:
        return cast(T, result)
    return fn(load_board_document(board_id))


def write_initial_content(board_id: str, doc: pycrdt.Doc[Any]) -> None:
    update = doc.get_update()
    _with_store(SqlBoardStore.append_many_sync, [(board_id, [update])])


def apply_update(board_id: str, update: bytes) -> None:
    """Change a board from the server side (reveals, templates): through the live engine
    when this process serves boards, so clients see it at once; else into the store."""
    if not live.apply_update(board_id, update):
        _with_store(SqlBoardStore.append_many_sync, [(board_id, [update])])


def change_board(board_id: str, mutate: Callable[[pycrdt.Doc[Any]], None]) -> None:
    """Edit a board from the server side in one transaction: on the live document when this
    process serves boards (clients see it at once), else on the stored state, then announced
    through Redis (when INDABA_REDIS_URL is set) to the nodes serving the board, which apply
    it as they apply another node's committed update."""
    if live.change(board_id, mutate):
        return
    doc = load_board_document(board_id)
    before = doc.get_state()
    with doc.transaction(origin="indaba-server"):
        mutate(doc)
    update = doc.get_update(before)
    _with_store(SqlBoardStore.append_many_sync, [(board_id, [update])])
    announce(board_id, update)


def announce(board_id: str, update: bytes) -> bool:
    """Tell the nodes serving a board about an update already committed (so a lost
    message costs nothing: they load it with the board). False without Redis."""
    url = config.get("REDIS_URL")
    if not url:
        return False
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        client.publish(fanout.CHANNEL_PREFIX + board_id,
                       fanout.encode(os.urandom(16), fanout.Kind.UPDATE, update))
    except redis.RedisError:
        return False
    finally:
        client.close()
    return True


def repair_board(board_id: str, apply: bool) -> list[repair.Offence]:
    """The offending keys of a stored board; with `apply`, removed (the board is rewritten
    as one snapshot without them). Run it while the board is not open in a server: an open
    board is held in memory and would keep serving what it holds."""
    max_depth = config.get("MAX_VALUE_DEPTH")
    store = open_store()
    try:
        if not apply:
            return repair.find_offences(store.call_sync(store.load_sync, board_id),
                                        max_depth)
        found: list[repair.Offence] = []

        def rewrite(stored: StoredBoard) -> bytes:
            found.extend(repair.find_offences(stored, max_depth))
            return repair.repaired(stored, [o for o in found if o.current])

        store.call_sync(store.rewrite_sync, board_id, rewrite)
        return found
    finally:
        store.shutdown_sync()


def create_board(title: str, created_by: Any = None) -> Board:
    title = " ".join(title.split())
    if not title:
        raise ValueError("a board needs a title")
    return Board.objects.create(title=title[:200], created_by=created_by)


def import_excalidraw(raw: str | bytes, title: str, created_by: Any = None) -> Board:
    """Create a board holding an Excalidraw scene; images go to the image store."""
    scene = document.parse_excalidraw(raw)
    doc: pycrdt.Doc[Any] = new_content_doc()
    board = create_board(title, created_by)
    metas = {}
    store = image_store()
    for file_id, entry in (scene.get("files") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("dataURL"), str):
            continue
        try:
            image_id, mime = store.save_data_url(entry["dataURL"])
        except ImageRejected as exc:
            raise document.DocumentError(f"file {file_id!r}: {exc}") from None
        metas[str(file_id)] = {
            "id": str(file_id),
            "mimeType": mime,
            "url": image_url(board.id, image_id),
            "created": entry.get("created") or int(time.time() * 1000),
        }
    document.write_elements(doc, document.ordered_by_file(scene["elements"]))
    if metas:
        document.write_files(doc, metas)
    write_initial_content(board.id, doc)
    return board


def export_json(board: Board) -> dict[str, Any]:
    doc = load_board_document(board.id)
    data = document.to_json(doc)
    return {"board": {"id": board.id, "title": board.title}, **data}


def export_excalidraw(board: Board) -> dict[str, Any]:
    doc = load_board_document(board.id)
    store = image_store()
    file_data = {}
    for file_id, meta in document.files(doc).items():
        url = str(meta.get("url", ""))
        image_id = url.rsplit("/", 1)[-1]
        try:
            file_data[file_id] = store.data_url(image_id)
        except (KeyError, OSError):
            continue  # a file whose image is gone is left out, not invented
    return document.to_excalidraw(doc, file_data)
