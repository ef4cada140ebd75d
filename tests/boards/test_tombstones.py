"""Deleted elements older than the history retention are dropped, live and stored, and a
client that was offline meanwhile gets the outcome docs/board-document.md describes."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycrdt
import pytest

from indaba.boards import document, services, tombstones
from indaba.sync.engine import SyncEngine
from tests.boards.test_history import LoopThread, served  # noqa: F401 (a fixture)
from tests.support.reconnecting import ReconnectingClient
from tests.support.server import IndabaServer
from tests.support.waiting import until
from tests.sync.harness import FakeClient, StaticAuthorizer, eventually

REDIS_URL = os.environ.get("INDABA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY_MS = 86_400_000
NOW_MS = int(NOW.timestamp() * 1000)


def element(element_id: str, deleted: bool, age_days: float, version: int = 2) -> dict[str, Any]:
    return {"id": element_id, "type": "rectangle", "x": 0, "version": version,
            "isDeleted": deleted, "updated": NOW_MS - int(age_days * DAY_MS)}


def board_doc(*items: dict[str, Any]) -> pycrdt.Doc[Any]:
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, list(items))
    return doc


def put(*items: dict[str, Any]) -> Callable[[pycrdt.Doc[Any]], None]:
    def mutate(doc: pycrdt.Doc[Any]) -> None:
        emap = doc.get("elements", type=pycrdt.Map)
        for item in items:
            emap[item["id"]] = item
    return mutate


def test_only_deletions_older_than_the_cutoff_with_a_known_time_expire() -> None:
    no_time = {"id": "no-time", "type": "rectangle", "isDeleted": True}
    odd_time = {**element("odd-time", True, 90), "updated": "long ago"}
    doc = board_doc(element("old", True, 31), element("recent", True, 29),
                    element("alive-old", False, 400), no_time, odd_time,
                    {**element("flag-not-true", True, 90), "isDeleted": 1})
    cutoff = tombstones.cutoff_ms(NOW, keep_days=30)
    assert cutoff == NOW_MS - 30 * DAY_MS
    assert tombstones.expired(doc, cutoff) == ["old"]
    with doc.transaction():
        assert tombstones.drop(doc, cutoff) == ["old"]
    assert sorted(doc.get("elements", type=pycrdt.Map).keys()) == [
        "alive-old", "flag-not-true", "no-time", "odd-time", "recent"]


@pytest.mark.django_db(transaction=True)
def test_compaction_of_a_stored_board_and_its_dry_run() -> None:
    board = services.create_board("Many deletions")
    services.change_board(board.id, put(
        element("old-1", True, 40), element("old-2", True, 35), element("new", True, 1),
        element("kept", False, 40)))
    dry = tombstones.compact([board.id], keep_days=30, dry_run=True, now=NOW)
    assert dry == {board.id: ["old-1", "old-2"]}
    assert len(services.load_board_document(board.id).get("elements", type=pycrdt.Map)) == 4
    assert tombstones.compact(keep_days=30, now=NOW) == {board.id: ["old-1", "old-2"]}
    stored = services.load_board_document(board.id).get("elements", type=pycrdt.Map)
    assert sorted(stored.keys()) == ["kept", "new"]
    assert tombstones.compact(keep_days=30, now=NOW) == {}  # nothing left to drop


@pytest.mark.django_db(transaction=True)
def test_compaction_goes_through_the_live_engine_to_connected_clients(
        served: tuple[LoopThread, SyncEngine, StaticAuthorizer]) -> None:  # noqa: F811
    loop, engine, auth = served
    board = services.create_board("Live compaction")
    auth.add("t", board.id)

    async def connect() -> FakeClient:
        client = FakeClient(engine, board.id, "t").start()
        await asyncio.wait_for(client.synced.wait(), 5)
        client.edit("old", **element("old", True, 40))
        client.edit("new", **element("new", True, 1))
        await eventually(lambda: len(engine.rooms[board.id].doc.get(
            "elements", type=pycrdt.Map)) == 2, what="both stored")
        return client

    client = loop.run(connect())
    assert tombstones.compact([board.id], keep_days=30, now=NOW) == {board.id: ["old"]}
    loop.run(eventually(lambda: "old" not in client.elements, what="the client drops it"))
    assert sorted(client.elements.keys()) == ["new"]


async def test_a_client_offline_past_the_retention_gets_the_documented_outcome(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    """The CLI compacts from another process: the board is live in the server, so the
    change reaches it (and its clients) through Redis, as it would reach every node."""
    server = make_server(env={"INDABA_REDIS_URL": REDIS_URL})
    board = server.create_board()
    url = f"{server.ws_url}/{board}?token={server.token(board)}"
    online = ReconnectingClient(url, "online").start()
    offline = ReconnectingClient(url, "offline").start()
    try:
        await asyncio.wait_for(asyncio.gather(online.synced.wait(), offline.synced.wait()), 20)
        now_ms = int(time.time() * 1000)
        for element_id, deleted, age in [("untouched", True, 40), ("edited-offline", True, 40),
                                         ("recently-deleted", True, 1), ("alive", False, 40)]:
            online.write(element_id, x=0, version=2, isDeleted=deleted,
                         updated=now_ms - age * DAY_MS)
        await online.synced.wait()
        await _until(lambda: len(offline.elements) == 4, "the offline client has them all")
        await offline.close()  # offline from here on, holding every element

        # While away it restores the deleted element it was looking at (undo).
        offline.write("edited-offline", x=50, version=3, isDeleted=False, updated=now_ms)

        result = json.loads(server.cli("board", "compact-tombstones", "--board", board).stdout)
        assert result == {"dryRun": False, "boards": {board: ["edited-offline", "untouched"]},
                          "dropped": 2}
        await _until(lambda: "untouched" not in online.elements
                     and "edited-offline" not in online.elements,
                     "the live client sees both entries go")

        offline.start()  # back, with its old document
        await _until(lambda: len(offline.synced_at) == 2, "the offline client synced again")
        await _until(lambda: "edited-offline" in online.elements, "its edit reached the board")
        for client in (online, offline):
            # Its concurrent edit wins over the deletion; the untouched tombstone stays gone.
            assert sorted(client.elements.keys()) == ["alive", "edited-offline",
                                                      "recently-deleted"]
            restored = document.normalize(client.elements["edited-offline"])
            assert (restored["x"], restored["isDeleted"], restored["version"]) == (50, False, 3)
        exported = {e["id"] for e in server.export_json(board)["elements"]}
        assert exported == {"alive", "edited-offline"}
        again = json.loads(server.cli("board", "compact-tombstones", "--dry-run").stdout)
        assert again == {"dryRun": True, "boards": {}, "dropped": 0}
        sooner = json.loads(server.cli("board", "compact-tombstones", "--board", board,
                                       "--days", "0", "--dry-run").stdout)
        assert sooner["boards"] == {board: ["recently-deleted"]}
    finally:
        await online.close()
        await offline.close()


async def _until(predicate: Callable[[], bool], what: str, timeout: float = 15) -> None:
    await until(predicate, timeout, what, poll=0.02)
