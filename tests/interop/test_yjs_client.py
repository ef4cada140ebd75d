"""The stock JavaScript client (yjs 13 + y-websocket, from npm) against a real server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.interop.conftest import StartNode
from tests.interop.jsclients import ClientState, NodeClients
from tests.support.server import IndabaServer

pytestmark = pytest.mark.interop


def exported_elements(server: IndabaServer, board: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in server.export_json(board)["elements"]}


def has(*keys: str) -> Any:
    return lambda state: all(key in state["elements"] for key in keys)


async def test_three_stock_clients_converge(server: IndabaServer, node: NodeClients) -> None:
    board = server.create_board()
    names = ("ann", "ben", "cy")
    tokens = server.tokens(board, list(names))
    for name in names:
        await node.open(name, server.ws_url, board, tokens[name])
    await node.wait_synced(*names)
    # Each writes an element of its own, and all three write the same one at once.
    for name in names:
        await node.set(name, f"own-{name}", x=1, version=1)
        await node.set(name, "shared", x=len(name), version=2, author=name)
    expected = {"own-ann", "own-ben", "own-cy", "shared"}
    for name in names:
        await node.wait_for(name, lambda s: set(s["elements"]) == expected,
                            what="all four elements")
    # Converged: the concurrent writes to "shared" resolved the same way everywhere.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 15
    while True:
        documents = [await node.elements(name) for name in names]
        if all(d == documents[0] for d in documents):
            break
        assert loop.time() < deadline, f"the clients did not converge: {documents}"
        await asyncio.sleep(0.02)
    final = documents[0]
    assert final["shared"]["author"] in names
    # A client that joins afterwards, and the stored board, hold the same document.
    await node.open("late", server.ws_url, board, server.token(board, name="late"))
    await node.wait_for("late", lambda s: s["synced"] and s["elements"] == final,
                        what="the converged document")
    assert exported_elements(server, board) == final


async def test_viewer_writes_never_reach_others(server: IndabaServer, node: NodeClients) -> None:
    board = server.create_board()
    await node.open("editor", server.ws_url, board, server.token(board, name="Ed"))
    viewer_id = await node.open("viewer", server.ws_url, board,
                                server.token(board, role="viewer", name="Vi"))
    await node.open("observer", server.ws_url, board, server.token(board, name="Ob"))
    await node.wait_synced("editor", "viewer", "observer")

    await node.set("editor", "e1", x=10, version=1)
    await node.wait_for("viewer", has("e1"), what="the editor's element")  # viewers read
    await node.wait_for("observer", has("e1"), what="the editor's element")

    # The viewer's stock client sends its changes; the server must drop them.
    await node.set("viewer", "v1", x=5, version=1)
    await node.set("viewer", "e1", x=999, version=7)
    assert "v1" in await node.elements("viewer")
    # Its awareness update goes out on the same socket after those updates, and the server
    # handles one socket's frames in order: once the observer sees this marker, the updates
    # before it have been dealt with, and any broadcast of them would already have arrived.
    await node.call("setAwareness", client="viewer", state={"marker": "after-writes"})
    observed = await node.wait_for(
        "observer",
        lambda s: (s["awareness"].get(str(viewer_id)) or {}).get("marker") == "after-writes",
        what="the viewer's awareness marker")
    assert "v1" not in observed["elements"]
    assert observed["elements"]["e1"]["x"] == 10
    editor = await node.elements("editor")
    assert "v1" not in editor and editor["e1"]["x"] == 10

    # The viewer keeps receiving the editors' changes.
    await node.set("editor", "e2", x=20, version=1)
    await node.wait_for("viewer", has("e2"), what="a later editor change")
    await node.wait_for("observer", has("e2"), what="a later editor change")

    stored = exported_elements(server, board)
    assert set(stored) == {"e1", "e2"}
    assert stored["e1"]["x"] == 10
    # Nor does a client that joins later get the viewer's edits.
    await node.open("late", server.ws_url, board, server.token(board, name="late"))
    late = await node.wait_for("late", lambda s: s["synced"] and has("e1", "e2")(s),
                               what="the stored document")
    assert "v1" not in late["elements"] and late["elements"]["e1"]["x"] == 10


async def test_offline_edits_merge_on_reconnect(server: IndabaServer, node: NodeClients) -> None:
    board = server.create_board()
    await node.open("away", server.ws_url, board, server.token(board, name="Away"))
    await node.open("stay", server.ws_url, board, server.token(board, name="Stay"))
    await node.wait_synced("away", "stay")
    await node.set("stay", "s", x=0, version=1)
    await node.wait_for("away", has("s"), what="the first element")

    await node.call("disconnect", client="away")
    await node.wait_for("away", lambda s: s["status"] == "disconnected", what="offline")
    await node.set("away", "a-offline", x=1, version=1)
    await node.call("delete", client="away", key="s")
    await node.set("stay", "b-while-away", x=2, version=1)
    await node.wait_for("stay", has("b-while-away"), what="its own element")
    assert "a-offline" not in (await node.elements("stay"))  # the away client really is away

    await node.call("connect", client="away")
    expected = {"a-offline", "b-while-away"}
    for name in ("away", "stay"):
        await node.wait_for(name, lambda s: set(s["elements"]) == expected,
                            what="both sides' changes, with 's' deleted offline")
    assert await node.elements("away") == await node.elements("stay")
    assert set(exported_elements(server, board)) == expected


async def test_awareness_is_relayed_and_removed(server: IndabaServer,
                                                start_node: StartNode) -> None:
    board = server.create_board()
    first = await start_node()  # hosts Ann: killed at the end to drop her sockets
    second = await start_node()
    ann_id = str(await first.open("ann", server.ws_url, board, server.token(board, name="Ann")))
    await second.open("ben", server.ws_url, board, server.token(board, name="Ben"))
    await first.wait_synced("ann")
    await second.wait_synced("ben")

    def ann_seen(state: ClientState) -> bool:
        return bool((state["awareness"].get(ann_id) or {}).get("user") == {"name": "Ann"})

    def ann_gone(state: ClientState) -> bool:
        return ann_id not in state["awareness"]

    await first.call("setAwareness", client="ann", state={"user": {"name": "Ann"}})
    await second.wait_for("ben", ann_seen, what="Ann's presence")
    # A client joining now is sent the current states at once; clients renew only every
    # 15 s, so seeing Ann well within that means the server sent them on join.
    await second.open("cy", server.ws_url, board, server.token(board, name="Cy"))
    await second.wait_for("cy", ann_seen, timeout=8, what="Ann's presence on joining")

    # A clean disconnect: the stock provider sends no removal itself; the server does.
    await first.call("disconnect", client="ann")
    await second.wait_for("ben", ann_gone, timeout=10, what="Ann's presence removed")
    await second.wait_for("cy", ann_gone, timeout=10, what="Ann's presence removed")

    # A dropped connection (the process dies, no close frame): removed well before the
    # 30 s expiry.
    dan_id = str(await first.open("dan", server.ws_url, board, server.token(board, name="Dan")))
    await first.call("setAwareness", client="dan", state={"user": {"name": "Dan"}})
    await second.wait_for("ben", lambda s: dan_id in s["awareness"], what="Dan's presence")
    first.kill()
    await second.wait_for("ben", lambda s: dan_id not in s["awareness"], timeout=10,
                          what="Dan's presence removed after his process died")
    await second.wait_for("cy", lambda s: dan_id not in s["awareness"], timeout=10,
                          what="Dan's presence removed after his process died")


async def test_presence_returns_at_the_first_change_after_a_reconnect(
        server: IndabaServer, node: NodeClients) -> None:
    """The server removes a departed client's presence at its current clock (as y-protocols
    does); a bumped clock would make peers drop the client's next change as stale."""
    board = server.create_board()
    ann = str(await node.open("ann", server.ws_url, board, server.token(board, name="Ann")))
    await node.open("ben", server.ws_url, board, server.token(board, name="Ben"))
    await node.wait_synced("ann", "ben")
    await node.call("setAwareness", client="ann", state={"n": 1})
    await node.wait_for("ben", lambda s: ann in s["awareness"], what="Ann's presence")
    await node.call("disconnect", client="ann")
    await node.wait_for("ben", lambda s: ann not in s["awareness"], what="Ann removed")
    await node.call("connect", client="ann")
    await node.wait_synced("ann")
    await node.call("setAwareness", client="ann", state={"n": 2})
    # Well inside the 15 s renewal: only the change itself can bring her back this fast.
    await node.wait_for("ben", lambda s: (s["awareness"].get(ann) or {}).get("n") == 2,
                        timeout=5, what="Ann's first change after reconnecting")
