"""Board history: versions of a board's elements and files, restore as a forward change,
diffs and retention (docs/history.md).

A version stores zlib-compressed canonical JSON `{"elements": [...], "files": {...}}`:
the live (not deleted) elements in drawing order and the image metadata, read from the
live document when this process serves boards (`services.read_board`), else from the
store. Its digest is the SHA-256 of that JSON, so "changed since the last version" is one
comparison. Workshop maps (timer, vote, …) are not part of a version and a restore never
touches them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pycrdt
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from indaba import config
from indaba.audit import services as audit
from indaba.boards import document, schema, services
from indaba.boards.models import Board, BoardVersion, VersionReason
from indaba.common.errors import Invalid, NotFound

log = logging.getLogger("indaba.boards.history")

# Never thinned by retention: what people saved or what a restore depends on.
KEPT_REASONS = frozenset({VersionReason.NAMED, VersionReason.BEFORE_RESTORE,
                          VersionReason.RESTORE})
AUTOMATIC_REASONS = frozenset(VersionReason) - KEPT_REASONS
MAX_NAME = 120
# Fields that say which copy of an element this is, not what it shows.
_BOOKKEEPING = frozenset({"version", "versionNonce", "updated"})


@dataclass(frozen=True)
class Content:
    elements: list[dict[str, Any]]
    files: dict[str, dict[str, Any]]

    def encoded(self) -> bytes:
        return json.dumps({"elements": self.elements, "files": self.files}, sort_keys=True,
                          separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    def digest(self) -> str:
        return hashlib.sha256(self.encoded()).hexdigest()

    def compressed(self) -> bytes:
        return zlib.compress(self.encoded(), 6)


def content_of_doc(doc: pycrdt.Doc[Any]) -> Content:
    return Content(document.elements(doc), document.files(doc))


def current_content(board_id: str) -> Content:
    """The board's elements and files now (the live document when this process serves it).

    Only the encoding runs on the engine's event loop (native, quick); turning thousands of
    elements into plain JSON happens here, in the caller's thread, so a version of a large
    board never holds up everyone's edits."""
    update = services.read_board(board_id, lambda doc: doc.get_update())
    copy: pycrdt.Doc[Any] = pycrdt.Doc()
    copy.apply_update(update)
    return content_of_doc(copy)


def content_of(version: BoardVersion) -> Content:
    data = json.loads(zlib.decompress(bytes(version.content)))
    return Content(list(data["elements"]), dict(data["files"]))


# -- the audit hook point --------------------------------------------------------------------

def history_event(board_id: str, version: int, reason: str, actor: str, digest: str,
                  restored_from: int | None = None, user_id: int | None = None) -> None:
    """Every version made and every restore passes here: one structured log line
    `indaba.boards.history`, and one audit entry carrying the version's digest (a restore
    as `boards.restored`, so the trail shows who brought which version back)."""
    fields: dict[str, Any] = {"board": board_id, "version": version, "reason": reason,
                              "actor": actor, "digest": digest}
    if restored_from is not None:
        fields["restored_from"] = restored_from
    log.info("board history %s", json.dumps(fields, sort_keys=True), extra={"history": fields})
    action = "boards.restored" if restored_from is not None else "boards.version_saved"
    # The actor's name is personal data: the entry is about them, so an erasure redacts it.
    audit.record(action, obj=("board", board_id),
                 payload={k: v for k, v in fields.items() if k != "board"},
                 subjects=[f"user:{user_id}"] if user_id is not None else [])


# -- making versions -------------------------------------------------------------------------

def save_version(board: Board, reason: VersionReason, content: Content, *, name: str = "",
                 actor_name: str = "system", user: Any = None, moment: str = "",
                 restored_from: int | None = None, at: datetime | None = None,
                 unless_newer_than: datetime | None = None) -> BoardVersion | None:
    """Store `content` as the board's next version; None when `moment` was already saved,
    or when a version newer than `unless_newer_than` exists (another process made it)."""
    if moment and BoardVersion.objects.filter(board=board, moment=moment).exists():
        return None
    encoded = content.compressed()
    digest = content.digest()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                # Checked in the transaction that numbers the version: two processes making
                # the same periodic version collide on the number, and the retry sees the
                # other's (SQLite's IMMEDIATE transactions run them one after the other).
                if unless_newer_than is not None and BoardVersion.objects.filter(
                        board=board, created_at__gt=unless_newer_than).exists():
                    return None
                last = BoardVersion.objects.filter(board=board).aggregate(n=Max("number"))["n"]
                created = BoardVersion.objects.create(
                    board=board, number=(last or 0) + 1, reason=reason, name=name[:MAX_NAME],
                    actor_name=(actor_name or "system")[:120],
                    user=user if getattr(user, "is_authenticated", False) else None,
                    moment=moment, element_count=len(content.elements), digest=digest,
                    content=encoded, restored_from=restored_from,
                    created_at=at or timezone.now())
        except IntegrityError:
            if moment and BoardVersion.objects.filter(board=board, moment=moment).exists():
                return None
            continue  # another process took this number: take the next one
        history_event(board.id, created.number, str(reason), created.actor_name, digest,
                      restored_from, created.user_id)
        return created
    raise RuntimeError(f"could not number a new version of board {board.id}")


def make_version(board: Board, reason: VersionReason, *, name: str = "",
                 actor_name: str = "system", user: Any = None,
                 moment: str = "") -> BoardVersion | None:
    """Save the board as it is now. None when `moment` was already saved."""
    if moment and BoardVersion.objects.filter(board=board, moment=moment).exists():
        return None
    return save_version(board, reason, current_content(board.id), name=name,
                        actor_name=actor_name, user=user, moment=moment)


def automatic_version(board: Board, reason: VersionReason, moment: str,
                      actor_name: str = "system") -> BoardVersion | None:
    """A workshop moment's version. A failure is logged and never fails the workshop
    action that asked for it (the vote still starts)."""
    try:
        return make_version(board, reason, actor_name=actor_name, moment=moment)
    except Exception:
        log.exception("board %s: could not save the %s version", board.id, reason)
        return None


def named_version(board: Board, name: str, actor_name: str, user: Any = None) -> BoardVersion:
    name = " ".join(name.split())
    if not name:
        raise Invalid(gettext("give the version a name"))
    if len(name) > MAX_NAME:
        raise Invalid(gettext("a version name has at most %(most)d characters")
                      % {"most": MAX_NAME})
    made = make_version(board, VersionReason.NAMED, name=name, actor_name=actor_name, user=user)
    assert made is not None  # no moment: always made
    return made


def latest(board: Board) -> BoardVersion | None:
    return BoardVersion.objects.filter(board=board).order_by("-number").first()


def periodic_version(board: Board, now: datetime | None = None) -> BoardVersion | None:
    """A "periodic" version when the last one is INDABA_HISTORY_EVERY_MINUTES old (the
    board's creation when it has none) and the board changed since then; else None."""
    now = now or timezone.now()
    every = timedelta(minutes=config.get("HISTORY_EVERY_MINUTES"))
    last = latest(board)
    since = last.created_at if last is not None else board.created_at
    if now - since < every:
        return None
    content = current_content(board.id)
    if last is not None and last.digest == content.digest():
        return None
    if last is None and not content.elements and not content.files:
        return None
    # Every worker process serving the board checks it: only the first makes the version.
    return save_version(board, VersionReason.PERIODIC, content, at=now, unless_newer_than=since)


def periodic_versions(board_ids: Iterable[str], now: datetime | None = None) -> int:
    """`periodic_version` for each board (the live ones); how many were made."""
    made = 0
    for board in Board.objects.filter(pk__in=list(board_ids)):
        try:
            if periodic_version(board, now) is not None:
                made += 1
        except Exception:
            log.exception("board %s: periodic version failed", board.id)
    return made


def get_version(board: Board, number: Any) -> BoardVersion:
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        raise Invalid(gettext("a version is a whole number")) from None
    found = BoardVersion.objects.filter(board=board, number=wanted).first()
    if found is None:
        raise NotFound(gettext("this board has no version %(number)s") % {"number": wanted})
    return found


# -- restore ---------------------------------------------------------------------------------

def _nonce() -> int:
    return secrets.randbelow(2**31 - 1) + 1


def restore_mutation(target: Content, stats: dict[str, int]) -> Any:
    """A change that makes the live elements equal `target`'s, as forward edits only:
    elements not in it are marked deleted, its elements come back with their old content
    and a version above both the current and the old one (so every Excalidraw client takes
    the server's copy), missing image metadata is put back. Workshop maps are not touched."""

    def mutate(doc: pycrdt.Doc[Any]) -> None:
        emap = doc.get(schema.ELEMENTS, type=pycrdt.Map)
        fmap = doc.get(schema.FILES, type=pycrdt.Map)
        now_ms = int(time.time() * 1000)
        wanted = {e["id"]: e for e in target.elements}
        current: dict[str, dict[str, Any]] = {}
        for key, value in emap.items():
            if isinstance(value, dict):
                current[key] = document.normalize(value)
        for key, element in current.items():
            if key not in wanted and not element.get("isDeleted"):
                emap[key] = {**element, "isDeleted": True,
                             "version": int(element.get("version") or 0) + 1,
                             "versionNonce": _nonce(), "updated": now_ms}
                stats["deleted"] += 1
        for key, old in wanted.items():
            now_value = current.get(key)
            if now_value == old:
                continue  # untouched since the version
            top = max(int(old.get("version") or 0),
                      int((now_value or {}).get("version") or 0))
            emap[key] = {**old, "isDeleted": False, "version": top + 1,
                         "versionNonce": _nonce(), "updated": now_ms}
            stats["restored"] += 1
        for file_id, meta in target.files.items():
            if file_id not in fmap:
                fmap[file_id] = meta
                stats["files"] += 1

    return mutate


@dataclass(frozen=True)
class Restored:
    before: BoardVersion
    after: BoardVersion
    deleted: int
    restored: int
    files: int


def restore(board: Board, number: Any, *, actor_name: str = "system",
            user: Any = None) -> Restored:
    """Bring version `number` back as a new forward change, safe while people are connected:
    save "before restore", change the board in one transaction, save "restore". Undo is
    restoring the "before restore" version."""
    target = get_version(board, number)
    before = make_version(board, VersionReason.BEFORE_RESTORE, actor_name=actor_name,
                          user=user, name=f"version {target.number}")
    assert before is not None
    stats = {"deleted": 0, "restored": 0, "files": 0}
    services.change_board(board.id, restore_mutation(content_of(target), stats))
    after = save_version(board, VersionReason.RESTORE, current_content(board.id),
                         actor_name=actor_name, user=user, name=f"version {target.number}",
                         restored_from=target.number)
    assert after is not None
    return Restored(before, after, stats["deleted"], stats["restored"], stats["files"])


# -- diff ------------------------------------------------------------------------------------

def _texts(elements: list[dict[str, Any]]) -> dict[str, str]:
    """Element id -> the text it shows (a text element's own, a container's bound text)."""
    out: dict[str, str] = {}
    for e in elements:
        if e.get("type") == "text":
            value = str(e.get("originalText") or e.get("text") or "")
            out[e["id"]] = value
            if e.get("containerId"):
                out.setdefault(str(e["containerId"]), value)
    return out


def _kind(element: dict[str, Any]) -> str:
    custom = element.get("customData")
    indaba = custom.get("indaba") if isinstance(custom, dict) else None
    if isinstance(indaba, dict) and indaba.get("kind") == "sticky":
        return "note"
    return str(element.get("type", ""))


def diff(old: Content, new: Content) -> dict[str, Any]:
    """Added, removed and changed elements from `old` to `new`, with their text."""
    before = {e["id"]: e for e in old.elements}
    after = {e["id"]: e for e in new.elements}
    old_text, new_text = _texts(old.elements), _texts(new.elements)

    def item(element: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
        return {"id": element["id"], "type": element.get("type"), "kind": _kind(element),
                "text": texts.get(element["id"], "")}

    def container(element: dict[str, Any], pool: dict[str, dict[str, Any]]) -> str | None:
        """A note's label is reported as its note (the container), not a second entry."""
        key = element.get("containerId")
        return str(key) if element.get("type") == "text" and key in pool else None

    added = [item(after[k], new_text) for k in after
             if k not in before and container(after[k], after) not in set(after) - set(before)]
    removed = [item(before[k], old_text) for k in before
               if k not in after and container(before[k], before) not in set(before) - set(after)]
    changed: list[dict[str, Any]] = []
    reported: set[str] = set()
    for key in after:
        if key not in before:
            continue
        a, b = before[key], after[key]
        fields = sorted(k for k in set(a) | set(b)
                        if k not in _BOOKKEEPING and a.get(k) != b.get(k))
        if not fields:
            continue
        owner = container(b, after)
        if owner is not None and owner in before:
            if owner not in reported:
                reported.add(owner)
                changed.append({**item(after[owner], new_text),
                                "before": old_text.get(owner, ""), "fields": ["text"]})
            continue
        if key in reported:
            continue
        reported.add(key)
        changed.append({**item(b, new_text), "before": old_text.get(key, ""),
                        "fields": fields})
    return {"added": added, "removed": removed, "changed": changed,
            "summary": {"added": len(added), "removed": len(removed),
                        "changed": len(changed)}}


# -- listing and scenes ----------------------------------------------------------------------

def as_json(version: BoardVersion) -> dict[str, Any]:
    return {"version": version.number, "at": version.created_at.isoformat(),
            "reason": version.reason, "reasonLabel": str(VersionReason(version.reason).label),
            "name": version.name, "who": version.actor_name,
            "elements": version.element_count, "digest": version.digest,
            "bytes": len(bytes(version.content)), "restoredFrom": version.restored_from}


def listing(board: Board) -> list[dict[str, Any]]:
    """Every version, newest first (the content is not loaded)."""
    return [as_json(v) for v in BoardVersion.objects.filter(board=board).defer("content")
            .order_by("-number")]


def scene(board: Board, version: BoardVersion) -> dict[str, Any]:
    """The version as an Excalidraw scene (images inlined when they are still stored)."""
    content = content_of(version)
    urls = {file_id: str(meta.get("url", "")) for file_id, meta in content.files.items()}
    data_urls = services.board_image_data_urls(board.id, urls)  # this board's images only
    scene_files = {}
    for file_id, meta in content.files.items():
        if file_id in data_urls:
            scene_files[file_id] = {"id": file_id, "dataURL": data_urls[file_id],
                                    "created": meta.get("created", 0),
                                    "mimeType": meta.get("mimeType",
                                                         "application/octet-stream")}
    return {"type": "excalidraw", "version": 2, "source": "indaba",
            "elements": content.elements,
            "appState": {"gridSize": None, "viewBackgroundColor": "#ffffff"},
            "files": scene_files}


# -- retention -------------------------------------------------------------------------------

def thin(now: datetime | None = None, keep_days: int | None = None) -> int:
    """Automatic versions older than `keep_days` (INDABA_HISTORY_KEEP_DAYS) are thinned to
    the newest one per board and hour; named, restore and before-restore versions are all
    kept. Returns how many were deleted."""
    now = now or timezone.now()
    days = config.get("HISTORY_KEEP_DAYS") if keep_days is None else keep_days
    cutoff = now - timedelta(days=days)
    old = (BoardVersion.objects.filter(created_at__lt=cutoff,
                                       reason__in=[str(r) for r in AUTOMATIC_REASONS])
           .order_by("board_id", "-created_at", "-number")
           .values_list("pk", "board_id", "created_at"))
    seen: set[tuple[str, datetime]] = set()
    doomed: list[int] = []
    for pk, board_id, created in old:
        hour = created.replace(minute=0, second=0, microsecond=0)
        if (board_id, hour) in seen:
            doomed.append(pk)
        else:
            seen.add((board_id, hour))
    for start in range(0, len(doomed), 500):
        BoardVersion.objects.filter(pk__in=doomed[start:start + 500]).delete()
    return len(doomed)
