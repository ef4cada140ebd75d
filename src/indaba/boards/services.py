"""Board operations shared by the CLI and the web views (no HTTP, no click here)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pycrdt
from django.conf import settings
from django.db import transaction
from django.db.models import Sum

from indaba import config
from indaba.boards import document, live, repair
from indaba.boards.images import (
    ImageQuotaExceeded,
    ImageRejected,
    ImageStore,
    check_quota,
    megabytes,
)
from indaba.boards.models import Board, BoardImage, new_board_id
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


def forget_replaced(board_id: str) -> bool:
    """Rewrite a stored board as one snapshot of its current state, so values that were
    replaced or deleted (an erased person's name) are gone from storage as well: the update
    log, and snapshots merged from it, keep them otherwise (Yjs history). Only for a board
    this process does not serve (a served one is held in memory and would write its own
    state back): returns False then, and True once rewritten."""
    served, _ = live.read(board_id, lambda doc: None)
    if served:
        return False
    # A document rebuilt from the stored updates keeps replaced values only as markers.
    _with_store(SqlBoardStore.rewrite_sync, board_id,
                lambda stored: load_document(stored).get_update())
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


@dataclass(frozen=True)
class ImportedImage:
    file_id: str
    data: bytes
    image_id: str
    mime: str
    created: int


def _prepare_import(raw: bytes, board_id: str) -> tuple[pycrdt.Doc[Any], list[ImportedImage]]:
    """The board document and the images of a scene file, everything checked: the file's
    size, its nesting, its numbers, its elements and files, the images (type, size, this
    board's quota) and the size of the resulting document. Raises DocumentError naming the
    problem; nothing is stored."""
    max_file = int(config.get("MAX_IMPORT_BYTES"))
    if len(raw) > max_file:
        raise document.DocumentError(
            f"the file is {megabytes(len(raw))}; at most {megabytes(max_file)} can be "
            "imported (INDABA_MAX_IMPORT_BYTES)")
    scene = document.parse_excalidraw(raw, int(config.get("MAX_VALUE_DEPTH")))
    store = image_store()
    images: list[ImportedImage] = []
    for file_id, entry in (scene.get("files") or {}).items():
        try:
            data = store.decode_data_url(entry["dataURL"])
            image_id, mime = store.inspect(data)
        except ImageRejected as exc:
            raise document.DocumentError(f"file {file_id[:40]!r}: {exc}") from None
        created = entry.get("created")
        images.append(ImportedImage(str(file_id), data, image_id, mime,
                                    int(created) if created else int(time.time() * 1000)))
    unique = {image.image_id: len(image.data) for image in images}
    try:
        check_quota(0, sum(unique.values()), settings.INDABA_LIMITS["board_image_quota_bytes"])
    except ImageQuotaExceeded as exc:
        raise document.DocumentError(str(exc)) from None
    doc: pycrdt.Doc[Any] = new_content_doc()
    document.write_elements(doc, document.ordered_by_file(scene["elements"]))
    if images:
        document.write_files(doc, {image.file_id: {
            "id": image.file_id, "mimeType": image.mime,
            "url": image_url(board_id, image.image_id), "created": image.created,
        } for image in images})
    size = len(doc.get_update())
    room = int(config.get("MAX_DOCUMENT_BYTES")) // 2
    if size > room:
        raise document.DocumentError(
            f"the board would hold {megabytes(size)}; an imported board may take at most "
            f"{megabytes(room)}, half of INDABA_MAX_DOCUMENT_BYTES, so it can still be edited")
    return doc, images


def import_excalidraw(raw: str | bytes, title: str, created_by: Any = None) -> Board:
    """Create a board holding an Excalidraw scene; images go to the image store. The
    whole file is checked first (`_prepare_import`): a file that fails leaves no board."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    title = " ".join(title.split())
    if not title:
        raise ValueError("a board needs a title")
    board_id = new_board_id()
    doc, images = _prepare_import(data, board_id)
    with transaction.atomic():
        board = Board.objects.create(id=board_id, title=title[:200], created_by=created_by)
        store = image_store()
        for image in images:
            store.save(image.data)
            BoardImage.objects.get_or_create(board=board, sha256=image.image_id,
                                             defaults={"size": len(image.data)})
    try:
        write_initial_content(board.id, doc)
    except BaseException:
        board.delete()  # the content lives in the board store: not part of the transaction
        raise
    return board


# -- images ----------------------------------------------------------------------------------

def board_image_bytes(board: Board) -> int:
    return int(BoardImage.objects.filter(board=board).aggregate(total=Sum("size"))["total"]
               or 0)


def add_image(board: Board, data: bytes) -> tuple[str, str]:
    """Store an image for a board (checked, within the board's quota); (id, mime type)."""
    store = image_store()
    image_id, mime = store.inspect(data)
    with transaction.atomic():
        # One upload at a time per board on PostgreSQL, so two cannot both fit the quota.
        Board.objects.select_for_update().filter(pk=board.pk).first()
        if not BoardImage.objects.filter(board=board, sha256=image_id).exists():
            check_quota(board_image_bytes(board), len(data),
                        settings.INDABA_LIMITS["board_image_quota_bytes"])
            BoardImage.objects.create(board=board, sha256=image_id, size=len(data))
        store.save(data)
    return image_id, mime


def board_has_image(board_id: str, image_id: str) -> bool:
    return BoardImage.objects.filter(board_id=board_id, sha256=image_id).exists()


def board_image_data_urls(board_id: str, urls: dict[str, str]) -> dict[str, str]:
    """data: URLs of the images (file id → image URL) that belong to this board; an image
    of another board, or one no longer stored, is left out."""
    ids = {file_id: url.rsplit("/", 1)[-1] for file_id, url in urls.items()}
    own = set(BoardImage.objects.filter(board_id=board_id, sha256__in=set(ids.values()))
              .values_list("sha256", flat=True))
    store = image_store()
    found = {}
    for file_id, image_id in ids.items():
        if image_id in own:
            try:
                found[file_id] = store.data_url(image_id)
            except (KeyError, OSError):
                continue  # a file whose image is gone is left out, not invented
    return found


def export_json(board: Board) -> dict[str, Any]:
    doc = load_board_document(board.id)
    data = document.to_json(doc)
    return {"board": {"id": board.id, "title": board.title}, **data}


def export_excalidraw(board: Board) -> dict[str, Any]:
    doc = load_board_document(board.id)
    urls = {file_id: str(meta.get("url", "")) for file_id, meta in document.files(doc).items()}
    return document.to_excalidraw(doc, board_image_data_urls(board.id, urls))
