"""Board history on real stores: restore through a live engine with two connected clients,
restore through the store (no engine, the CLI), retention and diffs."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Coroutine, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pycrdt
import pytest
from django.utils import timezone

from indaba.boards import document, history, live, services
from indaba.boards.models import BoardVersion, VersionReason
from indaba.sync.engine import SyncEngine
from indaba.sync.limits import Limits
from indaba.sync.room import load_document
from indaba.sync.sqlstore import SqlBoardStore
from tests.boards.test_repair import store_of
from tests.support.server import IndabaServer
from tests.sync.harness import FakeClient, StaticAuthorizer, eventually

T = TypeVar("T")
SHOWN = ("text", "x", "y", "isDeleted")


class LoopThread:
    """An event loop in its own thread, serving boards like the server's (views call into
    it from this, the test's, thread through `boards.live`)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[LoopThread, SyncEngine, StaticAuthorizer]]:
    loop = LoopThread()
    auth = StaticAuthorizer()
    engine = SyncEngine(SqlBoardStore.sqlite(tmp_path / "live.sqlite3", "NORMAL"), auth,
                        Limits(sweep_interval_seconds=0.05))

    async def start() -> None:
        await engine.start()
        live.register(engine)

    async def stop() -> None:
        live.unregister()
        await engine.stop()

    loop.run(start())
    yield loop, engine, auth
    loop.run(stop())
    loop.close()


def shown(client: FakeClient) -> dict[str, tuple[Any, ...]]:
    """What a client's Excalidraw would draw: live elements and what they show."""
    out = {}
    for key, value in client.elements.items():
        element = document.normalize(value)
        if not element.get("isDeleted"):
            out[key] = tuple(element.get(k) for k in SHOWN)
    return out


def note(text: str, x: int, version: int = 1) -> dict[str, Any]:
    return {"text": text, "x": x, "y": 0, "version": version, "versionNonce": 7,
            "isDeleted": False}


@pytest.mark.django_db(transaction=True)
def test_restore_with_two_clients_connected_converges_and_keeps_later_edits(
        served: tuple[LoopThread, SyncEngine, StaticAuthorizer]) -> None:
    loop, engine, auth = served
    board = services.create_board("Live restore")
    auth.add("ta", board.id)
    auth.add("tb", board.id)

    async def connect() -> tuple[FakeClient, FakeClient]:
        a = FakeClient(engine, board.id, "ta").start()
        b = FakeClient(engine, board.id, "tb").start()
        await asyncio.wait_for(asyncio.gather(a.synced.wait(), b.synced.wait()), 5)
        return a, b

    a, b = loop.run(connect())

    async def edit(client: FakeClient, element_id: str, fields: dict[str, Any],
                   others: list[FakeClient]) -> None:
        client.edit(element_id, **fields)
        await eventually(lambda: all(
            document.normalize(o.elements.get(element_id) or {}).get("version")
            == fields["version"] for o in others), what=f"{element_id} reaches everyone")

    loop.run(edit(a, "n1", note("keep me", 0), [b]))
    loop.run(edit(b, "n2", note("second", 100), [a]))
    saved = history.named_version(board, "Before the mess", "Facilitator")
    assert saved.element_count == 2
    picture = shown(a)

    # Both keep drawing: a note changed, one deleted, one added.
    loop.run(edit(b, "n1", note("rewritten", 50, version=5), [a]))
    loop.run(edit(a, "n2", {**note("second", 100, version=2), "isDeleted": True}, [b]))
    loop.run(edit(a, "n3", note("third", 200), [b]))
    messy = shown(b)

    done = history.restore(board, saved.number, actor_name="Facilitator")
    assert (done.deleted, done.restored) == (1, 2)
    loop.run(eventually(lambda: shown(a) == picture and shown(b) == picture,
                        what="both clients show the restored version"))
    n1 = document.normalize(a.elements["n1"])
    assert n1["version"] == 6 and n1["versionNonce"] != 7  # above both copies, fresh nonce
    before_ids = {e["id"]: e["text"] for e in history.content_of(done.before).elements}
    assert before_ids == {"n1": "rewritten", "n3": "third"}

    # An edit made after the restore is kept (nothing rewrites it).
    loop.run(edit(b, "n4", note("after restore", 300), [a]))
    assert set(shown(a)) == {"n1", "n2", "n4"}
    assert [v.reason for v in BoardVersion.objects.filter(board=board).order_by("number")] \
        == ["named", "before_restore", "restore"]

    # Undo: restoring the "before restore" version brings the mess back.
    undo = history.restore(board, done.before.number, actor_name="Facilitator")
    loop.run(eventually(lambda: shown(a) == messy and shown(b) == messy,
                        what="both clients show the pre-restore board"))
    assert undo.after.restored_from == done.before.number

    async def leave() -> None:
        a.disconnect()
        b.disconnect()
        await asyncio.gather(a.finished(), b.finished())

    loop.run(leave())


@pytest.mark.django_db
def test_restore_without_an_engine_changes_the_stored_board() -> None:
    board = services.create_board("Stored restore")
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [{"id": "a", "type": "rectangle", "version": 3}])
    document.write_files(doc, {"f1": {"id": "f1", "mimeType": "image/png", "url": "/x/f1"}})
    services.write_initial_content(board.id, doc)
    first = history.named_version(board, "one", "me")

    def scribble(live_doc: pycrdt.Doc[Any]) -> None:
        emap = live_doc.get(document.ELEMENTS, type=pycrdt.Map)
        emap["a"] = {"id": "a", "type": "rectangle", "version": 4, "isDeleted": True}
        emap["b"] = {"id": "b", "type": "ellipse", "version": 1}
        del live_doc.get(document.FILES, type=pycrdt.Map)["f1"]

    services.change_board(board.id, scribble)
    done = history.restore(board, first.number)
    assert done.files == 1
    stored = services.load_board_document(board.id)
    assert [(e["id"], e["version"]) for e in document.elements(stored)] == [("a", 5)]
    assert set(document.files(stored)) == {"f1"}
    assert history.content_of(done.after).elements[0]["id"] == "a"
    assert done.after.digest != first.digest  # same picture, newer element versions


@pytest.mark.django_db
def test_versions_are_numbered_compressed_and_moments_saved_once() -> None:
    board = services.create_board("Numbers")
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, [{"id": f"e{i}", "type": "text", "text": "hello " * 20,
                                   "version": 1} for i in range(50)])
    services.write_initial_content(board.id, doc)
    one = history.make_version(board, VersionReason.VOTE_START, moment="vote:r1:start")
    again = history.make_version(board, VersionReason.VOTE_START, moment="vote:r1:start")
    two = history.make_version(board, VersionReason.PERIODIC)
    assert one is not None and again is None and two is not None
    assert (one.number, two.number) == (1, 2) and one.digest == two.digest
    assert one.element_count == 50
    assert len(bytes(one.content)) < len(history.current_content(board.id).encoded()) / 5
    assert [v["version"] for v in history.listing(board)] == [2, 1]


@pytest.mark.django_db
def test_retention_thins_old_automatic_versions_to_one_per_hour() -> None:
    board = services.create_board("Old")
    now = timezone.now().replace(minute=30, second=0, microsecond=0)
    empty = history.Content([], {})
    old = now - timedelta(days=40)
    made = {}
    for minutes, reason in [(0, VersionReason.PERIODIC), (10, VersionReason.VOTE_START),
                            (20, VersionReason.NAMED), (25, VersionReason.BEFORE_RESTORE),
                            (26, VersionReason.RESTORE), (28, VersionReason.PERIODIC),
                            (70, VersionReason.PERIODIC)]:
        at = old.replace(minute=0) + timedelta(minutes=minutes)
        made[minutes] = history.save_version(board, reason, empty, at=at)
    recent = [history.save_version(board, VersionReason.PERIODIC, empty,
                                   at=now - timedelta(minutes=m)) for m in (1, 2)]
    assert history.thin(now, keep_days=30) == 2
    left = set(BoardVersion.objects.filter(board=board).values_list("pk", flat=True))
    kept = {made[m].pk for m in (20, 25, 26, 28, 70)} | {v.pk for v in recent if v}
    assert left == kept  # newest automatic per hour, every named/restore one, all recent
    assert history.thin(now, keep_days=30) == 0


def test_diff_lists_added_removed_and_changed_with_their_text() -> None:
    box = {"id": "box", "type": "rectangle", "version": 1,
           "customData": {"indaba": {"kind": "sticky"}}}
    label = {"id": "lbl", "type": "text", "containerId": "box", "text": "old idea",
             "version": 1}
    gone = {"id": "gone", "type": "text", "text": "bye", "version": 1}
    old = history.Content([box, label, gone], {})
    new = history.Content([
        {**box, "version": 9, "versionNonce": 3},  # only bookkeeping changed
        {**label, "text": "new idea", "version": 2},
        {"id": "hi", "type": "text", "text": "hello", "version": 1}], {})
    result = history.diff(old, new)
    assert result["added"] == [{"id": "hi", "type": "text", "kind": "text", "text": "hello"}]
    assert result["removed"] == [{"id": "gone", "type": "text", "kind": "text", "text": "bye"}]
    # The note's label changed: reported once, as the note, with its text before and after.
    assert result["changed"] == [{"id": "box", "type": "rectangle", "kind": "note",
                                  "text": "new idea", "before": "old idea",
                                  "fields": ["text"]}]
    fresh = history.Content([box, label], {})
    assert [(i["id"], i["text"]) for i in history.diff(history.Content([], {}), fresh)
            ["added"]] == [("box", "old idea")]  # a new note once, not note and label
    assert result["summary"] == {"added": 1, "removed": 1, "changed": 1}


def test_cli_history_snapshot_and_restore_without_a_server(make_server: Any) -> None:
    server: IndabaServer = make_server(start=False)
    scene = {"type": "excalidraw", "elements": [
        {"id": "a", "type": "rectangle", "x": 0, "y": 0, "version": 1}]}
    path = server.data_dir / "scene.excalidraw"
    server.data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scene))
    board = json.loads(server.cli("board", "import", str(path)).stdout)["id"]
    made = json.loads(server.cli("board", "snapshot", board, "--name", "First").stdout)
    assert (made["version"], made["reason"], made["elements"]) == (1, "named", 1)
    # Someone draws on: a deleted, b added (written to the store as the engine would).
    store = store_of(server)
    try:
        doc = load_document(store.call_sync(store.load_sync, board))
        before = doc.get_state()
        emap = doc.get(document.ELEMENTS, type=pycrdt.Map)
        emap["a"] = {**document.normalize(emap["a"]), "isDeleted": True, "version": 2}
        emap["b"] = {"id": "b", "type": "ellipse", "x": 5, "y": 5, "version": 1}
        store.call_sync(store.append_many_sync, [(board, [doc.get_update(before)])])
    finally:
        store.shutdown_sync()
    assert [e["id"] for e in server.export_json(board)["elements"]] == ["b"]
    restored = json.loads(server.cli("board", "restore", board, "1").stdout)
    assert restored == {"board": board, "restored": 1, "beforeRestore": 2, "version": 3,
                        "elements": 1}
    listed = json.loads(server.cli("board", "history", board).stdout)
    assert [(v["version"], v["reason"], v["elements"]) for v in listed] == [
        (3, "restore", 1), (2, "before_restore", 1), (1, "named", 1)]
    assert set(listed[0]) >= {"version", "at", "reason", "elements"}
    assert [e["id"] for e in server.export_json(board)["elements"]] == ["a"]
    failed = server.cli("board", "restore", board, "99", check=False)
    assert failed.returncode != 0 and "no version 99" in failed.stderr
    assert json.loads(server.cli("board", "history-thin").stdout) == {
        "deleted": 0, "tombstonesDropped": 0}
