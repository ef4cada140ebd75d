"""Who may write what: browsers write elements and files; the workshop maps are the server's."""

from __future__ import annotations

from typing import Any

import pycrdt
import pytest

from indaba.sync.policy import (
    ServerItems,
    WritePolicy,
    WriteRefused,
    is_server_client,
    new_server_doc,
)
from indaba.sync.yupdate import Bounds, inspect_update
from tests.support import hostile
from tests.support.docs import browser_doc

POLICY = WritePolicy(client_roots=frozenset({"elements", "files"}))


def synced(server: pycrdt.Doc[Any]) -> pycrdt.Doc[Any]:
    browser = browser_doc()
    browser.apply_update(server.get_update())
    return browser


def change(doc: pycrdt.Doc[Any], edit: Any) -> bytes:
    before = doc.get_state()
    edit(doc)
    return doc.get_update(before)


def check(items: ServerItems, update: bytes) -> None:
    items.check_client_update(inspect_update(update, Bounds()))


@pytest.fixture
def server() -> pycrdt.Doc[Any]:
    doc = new_server_doc()
    assert is_server_client(doc.client_id)
    doc.get("timer", type=pycrdt.Map)["state"] = {"state": "running", "durationMs": 60_000}
    doc.get("elements", type=pycrdt.Map)["revealed"] = {"id": "revealed", "type": "text"}
    return doc


@pytest.fixture
def items(server: pycrdt.Doc[Any]) -> ServerItems:
    # As a room builds it on load: from the stored document alone.
    return ServerItems.from_doc(server, POLICY)


def test_browsers_write_elements_and_files(server: pycrdt.Doc[Any], items: ServerItems) -> None:
    browser = synced(server)

    def edit(doc: pycrdt.Doc[Any]) -> None:
        doc.get("elements", type=pycrdt.Map)["note"] = {"id": "note"}
        doc.get("files", type=pycrdt.Map)["f"] = {"id": "f", "mimeType": "image/png"}
        # Editing and deleting what the server wrote into elements is ordinary editing.
        doc.get("elements", type=pycrdt.Map)["revealed"] = {"id": "revealed", "x": 5}

    check(items, change(browser, edit))
    check(items, change(browser, lambda d: d.get("elements", type=pycrdt.Map).pop("revealed")))


@pytest.mark.parametrize("root", ["timer", "vote", "facilitation", "reactions", "locks", "other"])
def test_naming_a_server_map_is_refused(items: ServerItems, root: str) -> None:
    with pytest.raises(WriteRefused, match="written by the server only"):
        check(items, hostile.map_set(root, "state", hostile.any_string("forged")))


def test_overwriting_server_state_through_its_item_is_refused(
        server: pycrdt.Doc[Any], items: ServerItems) -> None:
    browser = synced(server)
    forged = change(browser, lambda d: d.get("timer", type=pycrdt.Map).__setitem__(
        "state", {"state": "running", "durationMs": 1}))
    assert inspect_update(forged, Bounds()).items[0].parent_root is None  # points, not names
    with pytest.raises(WriteRefused, match="only the server writes"):
        check(items, forged)


def test_deleting_server_state_is_refused(server: pycrdt.Doc[Any], items: ServerItems) -> None:
    browser = synced(server)
    with pytest.raises(WriteRefused, match="deletes workshop state"):
        check(items, change(browser, lambda d: d.get("timer", type=pycrdt.Map).pop("state")))


def test_deleting_server_state_is_refused_when_the_document_is_given_too(
        server: pycrdt.Doc[Any], items: ServerItems) -> None:
    browser = synced(server)
    forged = change(browser, lambda d: d.get("timer", type=pycrdt.Map).pop("state"))
    with pytest.raises(WriteRefused, match="deletes workshop state"):
        items.check_client_update(inspect_update(forged, Bounds()), server)


def test_a_reconnecting_client_may_send_back_deletions_the_servers_made(
        server: pycrdt.Doc[Any]) -> None:
    """Worker B replaces the timer state worker A wrote; a browser holding both reconnects
    to worker C, which loaded the board from the store, and answers C's SyncStep1 with its
    whole delete set (as every Yjs client does), deletions of A's items included."""
    worker_b = new_server_doc()
    worker_b.apply_update(server.get_update())
    worker_b.get("timer", type=pycrdt.Map)["state"] = {"state": "paused", "durationMs": 1}
    worker_c = new_server_doc()
    worker_c.apply_update(worker_b.get_update())
    items = ServerItems.from_doc(worker_c, POLICY)
    browser = synced(worker_b)
    browser.get("elements", type=pycrdt.Map)["offline"] = {"id": "offline"}
    resend = inspect_update(browser.get_update(worker_c.get_state()), Bounds())
    assert any(is_server_client(client) for client in resend.deletes)
    with pytest.raises(WriteRefused):  # judged on the update alone it looks forged
        items.check_client_update(resend)
    items.check_client_update(resend, worker_c)  # the document already holds them


def test_later_server_writes_are_protected_too(server: pycrdt.Doc[Any],
                                               items: ServerItems) -> None:
    update = change(server, lambda d: d.get("vote", type=pycrdt.Map).__setitem__(
        "current", {"state": "open"}))
    items.record_trusted(update)
    browser = synced(server)
    with pytest.raises(WriteRefused):
        check(items, change(browser, lambda d: d.get("vote", type=pycrdt.Map).__setitem__(
            "current", {"state": "revealed", "results": {"n": 99}})))


def test_pointing_at_a_server_item_that_does_not_exist_yet_is_refused(
        server: pycrdt.Doc[Any], items: ServerItems) -> None:
    # It would wait in Yrs until the server writes that item, then land beside it.
    future = (server.client_id, 1_000)
    with pytest.raises(WriteRefused, match="does not exist"):
        check(items, hostile.overwrite(future, hostile.any_string("x")))


def test_server_client_ids_and_other_content_are_refused(items: ServerItems) -> None:
    with pytest.raises(WriteRefused, match="reserved for the server"):
        check(items, hostile.map_set("elements", "x", b"\x7e", client=2**40))
    nested = browser_doc()
    nested.get("elements", type=pycrdt.Map)["x"] = pycrdt.Map({"deep": 1})
    with pytest.raises(WriteRefused, match="nested type content"):
        check(items, nested.get_update())
    text = browser_doc()
    text["elements"] = pycrdt.Text("hello")
    with pytest.raises(WriteRefused, match="string content"):
        check(items, text.get_update())


def test_without_a_policy_clients_write_every_root() -> None:
    open_items = ServerItems.from_doc(new_server_doc(), WritePolicy())
    check(open_items, hostile.map_set("timer", "state", hostile.any_string("anything")))


def test_the_parts_of_a_deleted_range_the_document_has_not_deleted() -> None:
    from indaba.sync.policy import _Ranges

    done = _Ranges()
    done.add(10, 20)
    done.add(30, 40)
    assert done.uncovered(12, 18) == []
    assert done.uncovered(10, 40) == [(20, 30)]
    assert done.uncovered(0, 50) == [(0, 10), (20, 30), (40, 50)]
    assert done.uncovered(18, 32) == [(20, 30)]
    assert done.uncovered(40, 45) == [(40, 45)]
    assert _Ranges().uncovered(3, 7) == [(3, 7)]
