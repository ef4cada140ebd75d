"""`indaba board repair`: a board poisoned before updates were checked can be mended by an
operator, keeping everything else. Run through the real CLI: reading a poisoned value in
this process would crash it (that is the point)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pycrdt

from indaba.common.database import sqlite_path
from indaba.sync.policy import new_server_doc
from indaba.sync.sqlstore import SqlBoardStore
from indaba.sync.yupdate import Bounds, inspect_update
from tests.support import hostile
from tests.support.docs import browser_doc
from tests.support.server import IndabaServer


def store_of(server: IndabaServer) -> SqlBoardStore:
    if server.database_url:
        return SqlBoardStore.postgresql(server.database_url)
    return SqlBoardStore.sqlite(sqlite_path(server.data_dir), "NORMAL")


def append(server: IndabaServer, board: str, *updates: bytes) -> None:
    """Write straight to the store, as the engine did before it checked updates."""
    store = store_of(server)
    try:
        store.call_sync(store.append_many_sync, [(board, list(updates))])
    finally:
        store.shutdown_sync()


def change(doc: pycrdt.Doc[Any], edit: Callable[[pycrdt.Doc[Any]], None]) -> bytes:
    before = doc.get_state()
    edit(doc)
    return doc.get_update(before)


def test_repair_removes_poison_and_forgery_and_keeps_the_rest(
        make_server: Callable[..., IndabaServer]) -> None:
    server = make_server(start=False)
    board = server.create_board("Poisoned")
    browser = browser_doc()
    legit = change(browser, lambda d: d.get("elements", type=pycrdt.Map).__setitem__(
        "keep", {"id": "keep", "type": "rectangle", "x": 1}))
    workshop = new_server_doc()
    timer = change(workshop, lambda d: d.get("timer", type=pycrdt.Map).__setitem__(
        "state", {"state": "stopped"}))
    # A deep value later replaced: history only; a deep value still current; forged state.
    replaced = hostile.map_set("elements", "was-deep", hostile.nested_array(40), client=7,
                               clock=0)
    replacement = hostile.overwrite((7, 0), hostile.any_string("fine"), client=7, clock=1)
    gone = hostile.delete(7, 0)
    poison = hostile.map_set("elements", "poison", hostile.nested_array(20_000), client=8)
    forged = hostile.map_set("vote", "current", hostile.any_string("99 votes"), client=9)
    append(server, board, legit, timer, replaced, replacement, gone, poison, forged)

    listed = json.loads(server.cli("board", "repair", board).stdout)
    assert {(o["root"], o["key"]) for o in listed["offending"]} == {
        ("elements", "poison"), ("vote", "current")}
    assert "20000 levels deep" in {o["key"]: o for o in listed["offending"]}["poison"]["reason"]
    assert [(o["root"], o["key"]) for o in listed["history"]] == [("elements", "was-deep")]
    assert listed["removed"] == []

    applied = json.loads(server.cli("board", "repair", board, "--apply").stdout)
    assert {(o["root"], o["key"]) for o in applied["removed"]} == {
        ("elements", "poison"), ("vote", "current")}
    # Readable again (this export crashed the process before), with the rest intact.
    exported = server.export_json(board)
    assert {e["id"]: e.get("x") for e in exported["elements"]} == {"keep": 1}
    assert exported["timer"] == {"state": {"state": "stopped"}}
    assert exported["vote"] == {}
    # The poisoned bytes left the database: the stored board is one shallow snapshot.
    store = store_of(server)
    try:
        stored = store.call_sync(store.load_sync, board)
    finally:
        store.shutdown_sync()
    assert stored.updates == [] and stored.snapshot is not None
    assert max(i.depth for i in inspect_update(stored.snapshot, Bounds()).items) <= 32
    assert json.loads(server.cli("board", "repair", board).stdout)["offending"] == []
