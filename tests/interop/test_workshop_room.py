"""A room the size of a real workshop, with the stock client (yjs + y-websocket) that
re-broadcasts every presence state it applies: 30 people with presence, then 5 late
joiners. Before, every joiner past the fourth was closed with 4400 in a loop."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from indaba.sync.protocol import AwarenessEntry, encode_awareness, encode_awareness_update
from tests.interop.jsclients import NodeClients
from tests.support.server import IndabaServer
from tests.support.yclient import YClient

pytestmark = pytest.mark.interop

ROOM = 30
LATE = 5


async def open_people(node: NodeClients, server: IndabaServer, board: str,
                      names: list[str]) -> dict[str, int]:
    ids = {}
    tokens = server.tokens(board, names)
    for name in names:
        ids[name] = await node.open(name, server.ws_url, board, tokens[name])
        await node.call("setAwareness", client=name, state={"user": {"name": name}})
    await node.wait_synced(*names, timeout=30)
    return ids


def present(state: dict[str, Any]) -> set[str]:
    return {str(s["user"]["name"]) for s in state["awareness"].values() if s and "user" in s}


async def test_thirty_people_and_five_late_joiners(server: IndabaServer,
                                                   node: NodeClients) -> None:
    board = server.create_board()
    room = [f"person-{i:02d}" for i in range(ROOM)]
    await open_people(node, server, board, room)
    everyone = set(room)
    for name in room:
        await node.wait_for(name, lambda s: present(s) == everyone, timeout=30,
                            what="all 30 present")

    late = [f"late-{i}" for i in range(LATE)]
    tokens = server.tokens(board, late)  # a CLI call: before the joins
    loop = asyncio.get_running_loop()
    opened = {}
    for name in late:  # all five join at once
        await node.open(name, server.ws_url, board, tokens[name])
        opened[name] = loop.time()
        await node.call("setAwareness", client=name, state={"user": {"name": name}})
    everyone |= set(late)
    took = {}
    while len(took) < LATE and loop.time() - min(opened.values()) < 15:
        for name in late:
            if name not in took and present(await node.state(name)) == everyone:
                took[name] = loop.time() - opened[name]
        await asyncio.sleep(0.02)
    assert set(took) == set(late), f"late joiners that never saw all {ROOM + LATE}: " \
        f"{sorted(set(late) - set(took))}"
    assert max(took.values()) <= 5.0, took
    # Every presence list is the same, and nobody was ever closed.
    states = {name: await node.state(name) for name in sorted(everyone)}
    lists = {name: present(state) for name, state in states.items()}
    assert all(names == everyone for names in lists.values()), lists
    closes = {name: state["closes"] for name, state in states.items() if state["closes"]}
    assert closes == {}
    assert all(state["status"] == "connected" for state in states.values())
    assert "awareness update names" not in server.log()


async def test_an_echo_of_a_dropped_person_does_not_bring_them_back(
        server: IndabaServer, node: NodeClients) -> None:
    board = server.create_board()
    names = ["ann", "ben", "cy", "dee", "eve", "fay"]
    ids = await open_people(node, server, board, names)
    for name in names:
        await node.wait_for(name, lambda s: present(s) == set(names), what="all present")
    seen_by_ben = await node.state("ben")
    ann_state = seen_by_ben["awareness"][str(ids["ann"])]
    ann_clock = seen_by_ben["clocks"][str(ids["ann"])]
    # Ann's connection drops; everyone sees her go.
    await node.call("disconnect", client="ann")
    for name in names[1:]:
        await node.wait_for(name, lambda s: "ann" not in present(s), what="ann gone")
    # A participant whose page still held Ann's last state sends it back, at her clock.
    echo = YClient(server.ws_url, board, server.token(board, name="Echo"))
    await echo.connect()
    await asyncio.wait_for(echo.synced.wait(), 10)
    entry = AwarenessEntry(ids["ann"], ann_clock, json.dumps(ann_state))
    await echo.send_raw(encode_awareness(encode_awareness_update([entry])))
    await echo.set_awareness({"user": {"name": "echo"}}, clock=1)  # after the echo
    await node.wait_for("ben", lambda s: "echo" in present(s), what="the echo's own presence")
    # A newcomer sees everyone who is here, and not Ann.
    await open_people(node, server, board, ["newcomer"])
    here = {"ben", "cy", "dee", "eve", "fay", "echo", "newcomer"}
    state = await node.wait_for("newcomer", lambda s: present(s) == here, what="who is here")
    assert "ann" not in present(state)
    assert echo.close_code is None
    await echo.close()


CURSORS = 32


async def test_thirty_two_moving_cursors_each_see_every_others_last_position(
        server: IndabaServer, node: NodeClients) -> None:
    """Presence is coalesced per recipient per tick: a burst of cursor moves from 32 stock
    clients must still leave every client with every other client's newest cursor (the
    newest clock of each), none of them closed (the stock client re-sends every state it
    applies, one message per tick it receives)."""
    board = server.create_board()
    names = [f"mover-{i:02d}" for i in range(CURSORS)]
    ids = await open_people(node, server, board, names)
    rounds = 6
    for n in range(1, rounds + 1):
        for name in names:
            await node.call("setAwareness", client=name,
                            state={"user": {"name": name}, "pointer": {"x": n, "y": n}})
    by_id = {str(cid): name for name, cid in ids.items()}

    def sees_every_last_cursor(state: dict[str, Any]) -> bool:
        seen = {by_id[cid]: s.get("pointer") for cid, s in state["awareness"].items()
                if cid in by_id and s}
        return len(seen) == CURSORS and all(p == {"x": rounds, "y": rounds}
                                            for p in seen.values())

    for name in names:
        final = await node.wait_for(name, sees_every_last_cursor, timeout=30,
                                    what="every other client's last cursor")
        assert final["closes"] == [], final["closes"]
        # The clock each client holds for another is that client's own newest one.
        assert final["status"] == "connected"
    owners = {name: await node.state(name) for name in names}
    own_clock = {str(ids[n]): owners[n]["clocks"][str(ids[n])] for n in names}
    for name in names:
        for cid, clock in own_clock.items():
            assert owners[name]["clocks"][cid] == clock, (name, cid)
