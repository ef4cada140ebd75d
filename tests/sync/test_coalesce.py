"""The presence coalescer: newest clock per client, removals, no echo, one frame per tick."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from indaba.sync.coalesce import PresenceCoalescer
from indaba.sync.limits import Limits
from indaba.sync.protocol import (
    AwarenessEntry,
    AwarenessMessage,
    decode_awareness_update,
    parse_message,
)
from tests.sync.harness import FakeClient, eventually, running_engine


def entries_of(frame: bytes | None) -> list[AwarenessEntry]:
    assert frame is not None
    message = parse_message(frame)
    assert isinstance(message, AwarenessMessage)
    return decode_awareness_update(message.payload, 1000)


def state(n: int) -> str:
    return json.dumps({"cursor": {"x": n}})


A, B, C = "conn-a", "conn-b", "conn-c"


def test_newest_clock_of_each_client_wins_in_order_of_latest_change() -> None:
    coalescer: PresenceCoalescer[str] = PresenceCoalescer()
    coalescer.add(A, [AwarenessEntry(1, 1, state(1))])
    coalescer.add(B, [AwarenessEntry(2, 1, state(1))])
    coalescer.add(A, [AwarenessEntry(1, 3, state(3))])
    coalescer.add(A, [AwarenessEntry(1, 2, state(2))])  # older than what waits: dropped
    assert len(coalescer) == 2
    got = entries_of(coalescer.take().frame_for(C))
    assert [(e.client_id, e.clock, e.state_json) for e in got] == [
        (2, 1, state(1)), (1, 3, state(3))]
    assert len(coalescer) == 0  # taken: the next tick starts empty


def test_a_removal_replaces_a_state_at_the_same_clock_but_not_the_reverse() -> None:
    coalescer: PresenceCoalescer[str] = PresenceCoalescer()
    coalescer.add(A, [AwarenessEntry(1, 4, state(4)), AwarenessEntry(1, 4, "null")])
    coalescer.add(A, [AwarenessEntry(1, 4, state(9))])  # a state after its own removal
    [entry] = entries_of(coalescer.take().frame_for(B))
    assert (entry.clock, entry.is_removal) == (4, True)


def test_a_recipient_gets_others_states_not_its_own() -> None:
    coalescer: PresenceCoalescer[str] = PresenceCoalescer()
    coalescer.add(A, [AwarenessEntry(1, 1, state(1))])
    coalescer.add(B, [AwarenessEntry(2, 1, state(2))])
    tick = coalescer.take()
    assert [e.client_id for e in entries_of(tick.frame_for(A))] == [2]
    assert [e.client_id for e in entries_of(tick.frame_for(B))] == [1]
    assert [e.client_id for e in entries_of(tick.frame_for(C))] == [1, 2]


def test_a_lone_change_is_echoed_to_its_sender_so_it_hears_from_the_server() -> None:
    coalescer: PresenceCoalescer[str] = PresenceCoalescer()
    coalescer.add(A, [AwarenessEntry(1, 1, state(1))])
    tick = coalescer.take()
    assert [e.client_id for e in entries_of(tick.frame_for(A))] == [1]
    assert PresenceCoalescer[str]().take().frame_for(A) is None  # nothing pending


async def test_a_burst_of_cursor_moves_is_one_message_per_recipient_per_tick(
        tmp_path: Path) -> None:
    limits = Limits(presence_tick_seconds=0.2)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        clients = [FakeClient(engine, "b", "t").start() for _ in range(8)]
        await asyncio.gather(*(c.synced.wait() for c in clients))
        for c in clients:
            c.set_presence({"cursor": {"x": 0}}, clock=1)
        await eventually(lambda: all(o.doc.client_id in c.awareness
                                     for c in clients for o in clients if o is not c))
        await asyncio.sleep(0.3)  # past the tick: the next change goes out at once
        before = [len(c.frames) for c in clients]
        for step in range(2, 6):  # four moves each, all inside one tick
            for c in clients:
                c.set_presence({"cursor": {"x": step}}, clock=step)
        await eventually(lambda: all(c.awareness[o.doc.client_id] == {"cursor": {"x": 5}}
                                     for c in clients for o in clients if o is not c))
        await asyncio.sleep(0.3)
        received = [len(c.frames) - n for c, n in zip(clients, before, strict=True)]
        # 8 clients x 4 moves = 32 relayed states per recipient without coalescing; with it
        # one message in the tick that started on the first move and one for the rest.
        assert all(1 <= r <= 2 for r in received), received
        # Never its own state back while others' states go to it.
        for c, n in zip(clients, before, strict=True):
            for frame in c.frames[n:]:
                ids = {e.client_id for e in entries_of(frame)}
                assert c.doc.client_id not in ids or ids == {c.doc.client_id}


async def test_relaying_at_once_when_the_tick_is_zero(tmp_path: Path) -> None:
    limits = Limits(presence_tick_seconds=0)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        before = len(b.frames)
        for clock in range(1, 6):
            a.set_presence({"cursor": {"x": clock}}, clock=clock)
        await eventually(lambda: b.awareness.get(a.doc.client_id) == {"cursor": {"x": 5}})
        assert len(b.frames) - before == 5  # every message relayed


async def test_a_departure_is_delivered_within_a_tick(tmp_path: Path) -> None:
    limits = Limits(presence_tick_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        a.set_presence({"cursor": {"x": 1}}, clock=1)
        await eventually(lambda: a.doc.client_id in b.awareness)
        a.disconnect()
        await eventually(lambda: a.doc.client_id not in b.awareness, timeout=1,
                         what="removal delivered")


async def test_a_board_below_the_minimum_size_relays_at_once(tmp_path: Path) -> None:
    limits = Limits(presence_tick_seconds=5.0, presence_coalesce_min_clients=3)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        for clock in range(1, 4):
            a.set_presence({"cursor": {"x": clock}}, clock=clock)
        # Long before the 5 s tick: relayed message by message.
        await eventually(lambda: b.awareness.get(a.doc.client_id) == {"cursor": {"x": 3}},
                         timeout=1)
