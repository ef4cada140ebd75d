"""Several engines sharing one database, connected by a fan-out (as app nodes via Redis)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pycrdt
import pytest

from indaba.sync.engine import SyncEngine
from indaba.sync.fanout import Kind, RedisFanout, decode, encode
from indaba.sync.limits import Limits
from indaba.sync.sqlstore import SqlBoardStore
from tests.support.balancer import PrivateRedis
from tests.sync.harness import FakeClient, MemoryFanout, StaticAuthorizer, eventually


def _node(tmp_path: Path, hub: list[MemoryFanout],
          auth: StaticAuthorizer) -> tuple[SyncEngine, MemoryFanout]:
    fanout = MemoryFanout(hub)
    store = SqlBoardStore.sqlite(tmp_path / "shared.sqlite3", "NORMAL")
    return SyncEngine(store, auth, Limits(sweep_interval_seconds=0.05), fanout=fanout), fanout


def test_message_envelope_round_trip() -> None:
    node = b"n" * 16
    assert decode(encode(node, Kind.AWARENESS, b"xyz")) == (node, Kind.AWARENESS, b"xyz")
    with pytest.raises(ValueError):
        decode(b"nope")


async def test_edits_and_presence_cross_nodes_live(tmp_path: Path) -> None:
    hub: list[MemoryFanout] = []
    auth = StaticAuthorizer()
    auth.add("t", "b")
    (a, _), (b, _) = _node(tmp_path, hub, auth), _node(tmp_path, hub, auth)
    async with a, b:
        on_a, on_b = FakeClient(a, "b", "t").start(), FakeClient(b, "b", "t").start()
        await asyncio.gather(on_a.synced.wait(), on_b.synced.wait())
        on_a.edit("from-a", x=1)
        await eventually(lambda: "from-a" in on_b.element_ids(), what="A's edit on B")
        on_b.edit("from-b", x=2)
        await eventually(lambda: "from-b" in on_a.element_ids(), what="B's edit on A")
        on_a.set_presence({"user": {"name": "Ann"}}, clock=1)
        await eventually(lambda: on_a.doc.client_id in on_b.awareness, what="presence on B")
        late = FakeClient(b, "b", "t").start()
        await eventually(lambda: on_a.doc.client_id in late.awareness, what="sent at join on B")
        on_a.disconnect()
        await eventually(lambda: on_a.doc.client_id not in on_b.awareness, what="removed on B")
        # Stored once, by the node that received it.
        assert len((await a.store.load("b")).updates) == 2


async def test_a_node_that_missed_messages_resyncs_from_the_database(tmp_path: Path) -> None:
    hub: list[MemoryFanout] = []
    auth = StaticAuthorizer()
    auth.add("t", "b")
    (a, _), (b, fan_b) = _node(tmp_path, hub, auth), _node(tmp_path, hub, auth)
    async with a, b:
        on_a, on_b = FakeClient(a, "b", "t").start(), FakeClient(b, "b", "t").start()
        await asyncio.gather(on_a.synced.wait(), on_b.synced.wait())
        fan_b.connected = False  # B's link to Redis drops
        on_a.edit("while-away", x=1)
        await eventually(lambda: len(a.rooms["b"].doc.get("elements", type=pycrdt.Map)) == 1)
        await asyncio.sleep(0.1)
        assert "while-away" not in on_b.element_ids()
        fan_b.connected = True
        fan_b.resync()  # what RedisFanout does when its subscription comes back
        await eventually(lambda: "while-away" in on_b.element_ids(), what="resynced")


async def test_a_redis_restart_makes_the_subscriber_resync(tmp_path: Path) -> None:
    """redis-py alone would reconnect and re-subscribe without a word after a short restart,
    and what was published meanwhile would be missed for good: RedisFanout must notice."""
    redis_server = PrivateRedis(tmp_path / "redis").start()
    fanout = RedisFanout(redis_server.url)
    resyncs: list[float] = []
    try:
        await fanout.start(lambda board, kind, payload: None,
                           lambda: resyncs.append(time.monotonic()))
        # Stopped and started while this loop is blocked (as on a busy node): the subscriber
        # only finds out once Redis is already back.
        redis_server.stop()
        redis_server.start()
        await eventually(lambda: len(resyncs) == 1, timeout=15, what="a resync")
    finally:
        await fanout.close()
        redis_server.stop()


async def test_a_node_hears_only_the_boards_live_on_it(tmp_path: Path) -> None:
    """Per-board subscriptions over a real Redis: a node with no client of a board is sent
    none of its traffic, joins it live when a client arrives (missing nothing committed
    before), and stops hearing it once the board is unloaded."""
    redis_server = PrivateRedis(tmp_path / "redis").start()
    auth = StaticAuthorizer()
    auth.add("t", "x")
    limits = Limits(sweep_interval_seconds=0.05, idle_unload_seconds=0.3)

    def node() -> tuple[SyncEngine, RedisFanout]:
        fanout = RedisFanout(redis_server.url)
        store = SqlBoardStore.sqlite(tmp_path / "shared.sqlite3", "NORMAL")
        return SyncEngine(store, auth, limits, fanout=fanout), fanout

    (a, _), (b, fan_b) = node(), node()
    try:
        async with a, b:
            writer = FakeClient(a, "x", "t").start()
            await writer.synced.wait()
            for i in range(20):
                writer.edit(f"before-{i}", x=i)
            await eventually(lambda: len(a.rooms["x"].doc.get("elements",
                                                                type=pycrdt.Map)) == 20)
            await asyncio.sleep(0.3)
            assert fan_b.received == 0 and "x" not in fan_b.boards

            reader = FakeClient(b, "x", "t").start()
            await reader.synced.wait()
            assert {f"before-{i}" for i in range(20)} <= reader.element_ids()
            writer.edit("live", x=1)
            await eventually(lambda: "live" in reader.element_ids(), what="live via Redis")
            assert fan_b.received >= 1

            reader.disconnect()
            await eventually(lambda: "x" not in b.rooms, what="B unloads the board")
            await asyncio.sleep(0.2)  # the unsubscribe is sent
            heard = fan_b.received
            for i in range(10):
                writer.edit(f"after-{i}", x=i)
            await eventually(lambda: len(a.rooms["x"].doc.get("elements",
                                                                type=pycrdt.Map)) == 31)
            await asyncio.sleep(0.3)
            assert fan_b.received == heard
    finally:
        redis_server.stop()
