"""Each attack a hostile participant made on the live board, through a real server's socket:
the sender is closed with a code it receives (never 1006), the process, the board and every
other client carry on, and nothing forged reaches the stored board."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from typing import Any

import pycrdt
import pytest

from indaba.sync.closecodes import CloseCode
from indaba.sync.protocol import AwarenessEntry, encode_awareness, encode_awareness_update
from tests.support import hostile
from tests.support.server import IndabaServer
from tests.support.yclient import YClient


def healthz_seconds(server: IndabaServer) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
        assert response.status == 200
    return time.monotonic() - started


async def connected(server: IndabaServer, board: str, name: str,
                    role: str = "editor") -> YClient:
    token = server.token(board, role=role, name=name)
    client = await YClient(server.ws_url, board, token).connect()
    await asyncio.wait_for(client.synced.wait(), 10)
    return client


async def assert_alive(server: IndabaServer, board: str) -> None:
    """The process answers, and two honest clients on the board still see each other."""
    assert server.process is not None and server.process.poll() is None, server.log()[-3000:]
    assert healthz_seconds(server) < 1.0
    a = await connected(server, board, "Honest A")
    b = await connected(server, board, "Honest B")
    a.set_element("after-attack", x=1, version=1)
    await b.wait_for(lambda: "after-attack" in b.elements, timeout=5)
    await a.close()
    await b.close()


async def attack(server: IndabaServer, board: str, frame: bytes,
                 role: str = "editor") -> YClient:
    attacker = await connected(server, board, "Mallory", role)
    await attacker.send_raw(frame)
    await attacker.closed(timeout=10)
    return attacker


@pytest.mark.parametrize("depth", [100_000, 20_000, 5_000])
async def test_deeply_nested_value_from_a_guest_editor(server: IndabaServer, depth: int) -> None:
    """100,000 deep segfaulted the process; 20,000 was stored and crashed every later read;
    5,000 was stored and no browser could load the board."""
    board = server.create_board()
    frame = hostile.update_message(hostile.map_set("elements", "poison",
                                                   hostile.nested_array(depth)))
    attacker = await attack(server, board, frame)
    assert attacker.close_code == CloseCode.BAD_MESSAGE
    assert "nested deeper than 32" in attacker.close_reason
    await assert_alive(server, board)
    exported = server.export_json(board)  # reads the whole stored board
    assert "poison" not in {e["id"] for e in exported["elements"]}


async def test_state_vector_claiming_a_billion_entries(server: IndabaServer) -> None:
    """7 bytes made the server allocate about 1 GB; ten of them froze it for 10 s."""
    board = server.create_board()
    attackers = [await connected(server, board, f"Viewer {i}", "viewer") for i in range(10)]
    for attacker in attackers:
        await attacker.send_raw(hostile.step1_claiming(900_000_000))
    assert healthz_seconds(server) < 1.0
    for attacker in attackers:
        assert await attacker.closed(timeout=10) == CloseCode.BAD_MESSAGE
    await assert_alive(server, board)


async def test_deeply_nested_presence(server: IndabaServer) -> None:
    """A presence state 5,000 deep killed the room task: nobody could sync that board."""
    board = server.create_board()
    attacker = await connected(server, board, "Mallory")
    frame = hostile.presence(attacker.doc.client_id, 1, hostile.deep_json(5_000))
    await attacker.send_raw(frame)
    assert await attacker.closed(timeout=10) == CloseCode.BAD_MESSAGE
    await assert_alive(server, board)


def react(server: IndabaServer, board: str, token: str) -> None:
    request = urllib.request.Request(
        f"{server.url}/boards/{board}/facilitation/reactions?token={token}",
        data=json.dumps({"emoji": "👏"}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


@pytest.mark.parametrize("root", ["timer", "vote", "facilitation", "locks", "reactions",
                                  "harvest"])
async def test_forged_workshop_state_by_name(server: IndabaServer, root: str) -> None:
    """Any editor could start timers, reveal fake votes or summon everyone in the
    facilitator's name by writing the workshop maps through the document."""
    board = server.create_board()
    forged = {"summon": {"x": 0, "y": 0, "zoom": 1, "by": "Thandi (facilitator)", "nonce": "x"}}
    frame = hostile.update_message(hostile.map_set(root, "summon", hostile.any_string(
        json.dumps(forged))))
    attacker = await attack(server, board, frame)
    assert attacker.close_code == CloseCode.FORBIDDEN_CHANGE
    assert "written by the server only" in attacker.close_reason
    assert root not in server.export_json(board) or server.export_json(board)[root] == {}
    await assert_alive(server, board)


async def test_forged_workshop_state_through_a_server_item(server: IndabaServer) -> None:
    """Overwriting the server's own reaction counts (pointing at its item) is refused too."""
    board = server.create_board()
    token = server.token(board, name="Participant")
    react(server, board, token)
    attacker = await connected(server, board, "Mallory")
    await attacker.wait_for(lambda: attacker.doc.get("reactions", type=pycrdt.Map).get("counts")
                            is not None)
    before = server.export_json(board)["reactions"]
    attacker.doc.get("reactions", type=pycrdt.Map)["counts"] = {"👏": 99}  # sent by YClient
    assert await attacker.closed(timeout=10) == CloseCode.FORBIDDEN_CHANGE
    assert server.export_json(board)["reactions"] == before
    await assert_alive(server, board)


async def test_close_codes_reach_the_client(server: IndabaServer) -> None:
    """4413 and 4400 arrived as 1006: the app returned before the close frame was sent."""
    board = server.create_board()
    big = await connected(server, board, "Big")
    await big.send_raw(b"\x00\x02" + b"\x00" * (3 * 1024 * 1024))
    assert await big.closed(timeout=10) == CloseCode.TOO_LARGE
    garbage = await connected(server, board, "Garbage")
    await garbage.send_raw(b"\x09\x09\x09")
    assert await garbage.closed(timeout=10) == CloseCode.BAD_MESSAGE
    text = await connected(server, board, "Text")
    await text.send_raw("hello")
    assert await text.closed(timeout=10) == CloseCode.BAD_MESSAGE


async def test_presence_echo_of_a_full_room_disconnects_nobody(server: IndabaServer) -> None:
    """Stock clients echo everyone's presence back; with more than four people the server
    closed every newcomer with 4400 in a loop."""
    board = server.create_board()
    people = [await connected(server, board, f"P{i}") for i in range(6)]
    for person in people:
        await person.set_awareness({"user": {"name": person.url[-6:]}}, clock=1)
    newcomer = await connected(server, board, "New")
    await newcomer.wait_for(lambda: len(newcomer.awareness) == 6)
    echo = [(cid, state) for cid, state in newcomer.awareness.items()]
    entries = [AwarenessEntry(cid, 1, json.dumps(state)) for cid, state in echo]
    await newcomer.send_raw(encode_awareness(encode_awareness_update(entries)))
    await newcomer.set_awareness({"user": {"name": "New"}}, clock=1)
    for person in people:
        await person.wait_for(lambda p=person: newcomer.doc.client_id in p.awareness)
    assert newcomer.close_code is None and all(p.close_code is None for p in people)
    for client in [*people, newcomer]:
        await client.close()


async def test_echo_of_a_departed_person_does_not_bring_them_back(server: IndabaServer) -> None:
    board = server.create_board()
    leaver = await connected(server, board, "Leaver")
    stayer = await connected(server, board, "Stayer")
    state: dict[str, Any] = {"user": {"name": "Leaver"}}
    await leaver.set_awareness(state, clock=3)
    await stayer.wait_for(lambda: leaver.doc.client_id in stayer.awareness)
    await leaver.close()
    await stayer.wait_for(lambda: leaver.doc.client_id not in stayer.awareness)
    # The stayer's page, not yet having applied the removal, echoes the old state.
    echo = AwarenessEntry(leaver.doc.client_id, 3, json.dumps(state))
    await stayer.send_raw(encode_awareness(encode_awareness_update([echo])))
    await stayer.set_awareness({"user": {"name": "Stayer"}}, clock=1)  # ordered after the echo
    newcomer = await connected(server, board, "Newcomer")
    await newcomer.wait_for(lambda: stayer.doc.client_id in newcomer.awareness)
    assert leaver.doc.client_id not in newcomer.awareness
    await stayer.close()
    await newcomer.close()
