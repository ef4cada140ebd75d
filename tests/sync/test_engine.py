"""Every rule in architecture.md's "Rules for the sync engine", driven in-process."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pycrdt

from indaba.sync.auth import Grant, Role
from indaba.sync.closecodes import CloseCode
from indaba.sync.engine import SyncEngine
from indaba.sync.limits import Limits, compaction_point
from indaba.sync.protocol import SyncMessage, SyncType, parse_message
from indaba.sync.sqlstore import SqlBoardStore
from tests.sync.harness import FakeClient, eventually, running_engine


def _element_count(engine: SyncEngine, board_id: str = "b") -> int:
    return len(engine.rooms[board_id].doc.get("elements", type=pycrdt.Map))


async def test_many_simultaneous_first_joins_are_all_served(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "fresh")
        clients = [FakeClient(engine, "fresh", "t") for _ in range(60)]
        for client in clients:
            client.start()
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), 10)
        assert len(engine.rooms) == 1
        assert len(engine.rooms["fresh"].clients) == 60


async def test_edits_reach_every_other_client_and_the_store(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        a, b, c = (FakeClient(engine, "b", "t").start() for _ in range(3))
        await asyncio.gather(a.synced.wait(), b.synced.wait(), c.synced.wait())
        a.edit("r1", x=1)
        b.edit("r2", x=2)
        for client in (a, b, c):
            await eventually(lambda cl=client: cl.element_ids() == {"r1", "r2"}, what="convergence")
        stored = await engine.store.load("b")
        assert len(stored.updates) == 2


async def test_a_joiner_never_gets_an_update_before_its_sync_step2(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        writer = FakeClient(engine, "b", "t").start()
        await writer.synced.wait()
        joiners = []
        for i in range(40):
            writer.edit(f"e{i}", x=i)
            if i % 4 == 0:
                joiners.append(FakeClient(engine, "b", "t").start())
            await asyncio.sleep(0)
        expected = {f"e{i}" for i in range(40)}
        for joiner in joiners:
            await eventually(lambda j=joiner: j.element_ids() == expected, what="joiner caught up")
            kinds = [m.step for m in map(parse_message, joiner.frames)
                     if isinstance(m, SyncMessage)]
            assert kinds.index(SyncType.STEP2) < (
                kinds.index(SyncType.UPDATE) if SyncType.UPDATE in kinds else len(kinds))


def _gated_store(tmp_path: Path) -> tuple[SqlBoardStore, asyncio.Event]:
    """A store whose commits wait until the returned event is set."""
    store = SqlBoardStore.sqlite(tmp_path / "gated.sqlite3", "NORMAL")
    gate = asyncio.Event()
    original = store.append

    async def gated_append(board_id: str, updates: list[bytes]) -> None:
        await gate.wait()
        await original(board_id, updates)

    store.append = gated_append  # type: ignore[method-assign]
    return store, gate


async def test_durable_before_visible(tmp_path: Path) -> None:
    """While the store has not committed, no other client sees the update."""
    store, gate = _gated_store(tmp_path)
    async with running_engine(tmp_path, store=store) as (engine, auth):
        auth.add("t", "b")
        writer, reader = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(writer.synced.wait(), reader.synced.wait())
        writer.edit("r1", x=1)
        await asyncio.sleep(0.2)
        assert "r1" not in reader.element_ids()
        gate.set()
        await eventually(lambda: "r1" in reader.element_ids())
        stored = await store.load("b")
        assert len(stored.updates) == 1


async def test_slow_client_is_disconnected_others_carry_on(tmp_path: Path) -> None:
    limits = Limits(client_queue_messages=5, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        writer, fast, slow = (FakeClient(engine, "b", "t").start() for _ in range(3))
        await asyncio.gather(writer.synced.wait(), fast.synced.wait(), slow.synced.wait())
        slow.send_gate = asyncio.Event()  # stops reading
        for i in range(30):
            writer.edit(f"e{i}", x=i)
            await asyncio.sleep(0.001)
        await eventually(lambda: slow.close_code == CloseCode.TOO_SLOW, what="slow close")
        await eventually(lambda: len(fast.element_ids()) == 30, what="fast client kept up")
        assert writer.close_code is None and fast.close_code is None


async def test_queued_updates_are_merged_into_one_message(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        writer, lagging = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(writer.synced.wait(), lagging.synced.wait())
        before = len(lagging.frames)
        lagging.send_gate = asyncio.Event()
        for i in range(20):
            writer.edit(f"e{i}", x=i)
        await asyncio.sleep(0.3)
        lagging.send_gate.set()
        await eventually(lambda: len(lagging.element_ids()) == 20)
        assert len(lagging.frames) - before < 20


async def test_oversized_message_is_refused(tmp_path: Path) -> None:
    limits = Limits(max_message_bytes=1000, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        big, other = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(big.synced.wait(), other.synced.wait())
        big.edit("huge", text="x" * 5000)
        await big.finished()
        assert big.close_code == CloseCode.TOO_LARGE
        other.edit("ok", x=1)
        await eventually(lambda: "ok" in other.element_ids())
        assert "huge" not in other.element_ids()


async def test_rate_limit_closes_the_flooding_client(tmp_path: Path) -> None:
    limits = Limits(rate_messages_per_second=5, rate_burst=10, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        flood = FakeClient(engine, "b", "t").start()
        await flood.synced.wait()
        for i in range(40):
            flood.edit(f"e{i}", x=i)
        await flood.finished()
        assert flood.close_code == CloseCode.RATE_LIMITED


async def test_document_size_limit(tmp_path: Path) -> None:
    limits = Limits(max_document_bytes=3000, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        writer, watcher = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(writer.synced.wait(), watcher.synced.wait())
        for i in range(10):
            writer.edit(f"e{i}", text="y" * 500)
        await writer.finished()
        assert writer.close_code == CloseCode.TOO_LARGE
        stored_size = (await engine.store.load("b")).size
        assert stored_size <= 3000
        assert watcher.close_code is None


async def test_clients_per_board_limit(tmp_path: Path) -> None:
    limits = Limits(max_clients_per_board=2, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        first, second = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(first.synced.wait(), second.synced.wait())
        third = FakeClient(engine, "b", "t").start()
        await third.finished()
        assert third.close_code == CloseCode.BOARD_FULL
        assert third.frames == []


async def test_viewer_updates_are_refused_and_not_applied(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("edit", "b")
        auth.add("view", "b", Role.VIEWER)
        editor = FakeClient(engine, "b", "edit").start()
        viewer = FakeClient(engine, "b", "view").start()
        await asyncio.gather(editor.synced.wait(), viewer.synced.wait())
        viewer.edit("sneaky", x=1)
        editor.edit("legit", x=2)
        await eventually(lambda: "legit" in viewer.element_ids(), what="viewer sees live updates")
        await asyncio.sleep(0.1)
        assert "sneaky" not in editor.element_ids()
        late = FakeClient(engine, "b", "edit").start()
        await late.synced.wait()
        assert late.element_ids() == {"legit"}
        assert viewer.close_code is None


async def test_invalid_and_expired_tokens_are_refused_before_any_data(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("old", "b", expires_at=time.time() - 1)
        auth.add("other", "elsewhere")
        for token in ("nope", "old", "other", ""):
            client = FakeClient(engine, "b", token).start()
            await client.finished()
            assert client.close_code == CloseCode.UNAUTHORIZED, token
            assert client.frames == []
        assert engine.rooms == {}


async def test_revocation_and_expiry_close_live_sockets(tmp_path: Path) -> None:
    limits = Limits(token_check_seconds=0.1, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("guest", "b")
        auth.add("brief", "b", expires_at=time.time() + 0.5)
        auth.add("staff", "b")
        guest, brief, staff = (
            FakeClient(engine, "b", t).start() for t in ("guest", "brief", "staff"))
        await asyncio.gather(guest.synced.wait(), brief.synced.wait(), staff.synced.wait())
        auth.revoked_ids.add("id-guest")
        await guest.finished()
        await brief.finished()
        assert guest.close_code == CloseCode.REVOKED
        assert brief.close_code == CloseCode.UNAUTHORIZED
        assert staff.close_code is None
        assert engine.close_token("id-staff") == 1
        await staff.finished()
        assert staff.close_code == CloseCode.REVOKED


async def test_awareness_is_relayed_echoed_sent_to_joiners_and_removed(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        a.set_presence({"user": {"name": "Ann"}}, clock=1)
        await eventually(lambda: a.doc.client_id in b.awareness, what="relayed")
        await eventually(lambda: a.doc.client_id in a.awareness, what="echoed to sender")
        c = FakeClient(engine, "b", "t").start()
        await eventually(lambda: a.doc.client_id in c.awareness, timeout=1, what="sent at join")
        a.disconnect()
        await eventually(lambda: a.doc.client_id not in b.awareness, timeout=1, what="removed")
        assert a.doc.client_id not in c.awareness
        assert engine.rooms["b"].awareness.snapshot() == []


async def test_awareness_expires_after_silence(tmp_path: Path) -> None:
    limits = Limits(awareness_timeout_seconds=0.3, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        a.set_presence({"user": {"name": "Ann"}}, clock=1)
        await eventually(lambda: a.doc.client_id in b.awareness)
        await eventually(lambda: a.doc.client_id not in b.awareness, timeout=2, what="expired")
        assert a.close_code is None  # the connection itself stays


async def test_awareness_cannot_speak_for_another_client(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        a, b = FakeClient(engine, "b", "t").start(), FakeClient(engine, "b", "t").start()
        await asyncio.gather(a.synced.wait(), b.synced.wait())
        a.set_presence({"user": {"name": "Ann"}}, clock=1)
        await eventually(lambda: a.doc.client_id in b.awareness)
        b.set_presence({"user": {"name": "Mallory"}}, clock=5, client_id=a.doc.client_id)
        await asyncio.sleep(0.1)
        assert a.awareness[a.doc.client_id] == {"user": {"name": "Ann"}}


async def test_bad_frames_close_only_the_sender(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        good = FakeClient(engine, "b", "t").start()
        await good.synced.wait()
        for bad_frame in ("hello", b"\xff\xff\xff", b"\x07", b"\x00\x02\x03abc",
                          b"\x01\x05\x01\x01\x01\x01x"):
            bad = FakeClient(engine, "b", "t").start()
            await bad.synced.wait()
            bad.push(bad_frame)
            await bad.finished()
            assert bad.close_code == CloseCode.BAD_MESSAGE, bad_frame
        good.edit("still-fine", x=1)
        checker = FakeClient(engine, "b", "t").start()
        await eventually(lambda: "still-fine" in checker.element_ids())
        assert good.close_code is None


async def test_idle_board_is_compacted_unloaded_and_reloaded(tmp_path: Path) -> None:
    limits = Limits(idle_unload_seconds=0.2, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        writer = FakeClient(engine, "b", "t").start()
        await writer.synced.wait()
        for i in range(5):
            writer.edit(f"e{i}", x=i)
        await eventually(lambda: _element_count(engine) == 5)
        writer.disconnect()
        await writer.finished()
        await eventually(lambda: "b" not in engine.rooms, timeout=3, what="unloaded")
        await eventually(lambda: not engine._unloading, timeout=3, what="unload finished")
        assert await engine.store.update_count("b") == 0
        again = FakeClient(engine, "b", "t").start()
        await again.synced.wait()
        assert again.element_ids() == {f"e{i}" for i in range(5)}


async def test_log_is_compacted_after_n_updates(tmp_path: Path) -> None:
    limits = Limits(compact_after_updates=10, sweep_interval_seconds=0.05)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", "b")
        writer = FakeClient(engine, "b", "t").start()
        await writer.synced.wait()
        for i in range(35):
            writer.edit(f"e{i}", x=i)
            await asyncio.sleep(0.002)
        await eventually(lambda: _element_count(engine) == 35)
        await asyncio.sleep(0.2)
        assert await engine.store.update_count("b") < 20
        late = FakeClient(engine, "b", "t").start()
        await late.synced.wait()
        assert len(late.element_ids()) == 35


async def test_each_board_compacts_at_its_own_point(tmp_path: Path) -> None:
    limits = Limits(compact_after_updates=10, sweep_interval_seconds=0.05)
    late_board = next(f"b{i}" for i in range(100) if compaction_point(f"b{i}", 10) == 15)
    async with running_engine(tmp_path, limits) as (engine, auth):
        auth.add("t", late_board)
        writer = FakeClient(engine, late_board, "t").start()
        await writer.synced.wait()
        for i in range(14):
            writer.edit(f"e{i}", x=i)
            await asyncio.sleep(0.002)
        await eventually(lambda: _element_count(engine, late_board) == 14)
        await asyncio.sleep(0.2)
        assert await engine.store.update_count(late_board) == 14  # past 10, not yet at 15
        writer.edit("e14", x=14)
        deadline = time.monotonic() + 5
        while await engine.store.update_count(late_board) != 0:
            assert time.monotonic() < deadline, "not compacted at its own point (15)"
            await asyncio.sleep(0.01)


async def test_stop_closes_clients_with_going_away_and_keeps_everything(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        client = FakeClient(engine, "b", "t").start()
        await client.synced.wait()
        client.edit("kept", x=1)
        await eventually(lambda: _element_count(engine) == 1)
    assert client.close_code == CloseCode.GOING_AWAY
    store = SqlBoardStore.sqlite(tmp_path / "boards.sqlite3", "NORMAL")
    stored = await store.load("b")
    await store.close()
    doc: pycrdt.Doc[object] = pycrdt.Doc()
    if stored.snapshot:
        doc.apply_update(stored.snapshot)
    for update in stored.updates:
        doc.apply_update(update)
    assert "kept" in doc.get("elements", type=pycrdt.Map)


async def test_server_updates_are_stored_and_reach_everyone(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        client = FakeClient(engine, "b", "t").start()
        await client.synced.wait()
        server_doc: pycrdt.Doc[object] = pycrdt.Doc()
        server_doc.get("elements", type=pycrdt.Map)["revealed"] = {"id": "revealed"}
        await engine.apply_server_update("b", server_doc.get_update())
        await eventually(lambda: "revealed" in client.element_ids())
        assert len((await engine.store.load("b")).updates) == 1
        # A board nobody has open is loaded for the change and keeps it.
        await engine.apply_server_update("quiet", server_doc.get_update())
        assert len((await engine.store.load("quiet")).updates) == 1


async def test_observer_hears_joins_and_leaves(tmp_path: Path) -> None:
    heard: list[tuple[str, str]] = []

    class Recorder:
        def client_joined(self, grant: Grant) -> None:
            heard.append(("joined", grant.token_id))

        def client_left(self, grant: Grant) -> None:
            heard.append(("left", grant.token_id))

    async with running_engine(tmp_path) as (engine, auth):
        engine.observer = Recorder()
        auth.add("t", "b")
        client = FakeClient(engine, "b", "t").start()
        await client.synced.wait()
        client.disconnect()
        await client.finished()
    assert heard == [("joined", "id-t"), ("left", "id-t")]


async def test_server_change_builds_on_current_state(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        client = FakeClient(engine, "b", "t").start()
        await client.synced.wait()
        client.edit("note", text="client wrote this", version=1)
        await eventually(lambda: _element_count(engine) == 1)

        def lock(doc: pycrdt.Doc[object]) -> None:
            elements = doc.get("elements", type=pycrdt.Map)
            elements["note"] = {**elements["note"], "locked": True, "version": 2}

        await engine.change("b", lock)
        await eventually(lambda: client.elements["note"].get("locked") is True)
        again = FakeClient(engine, "b", "t").start()
        await again.synced.wait()
        assert again.elements["note"]["locked"] is True


async def test_a_host_read_sees_the_live_document_without_copying_it(tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, auth):
        auth.add("t", "b")
        client = FakeClient(engine, "b", "t").start()
        await client.synced.wait()
        client.edit("note", text="hello")
        await eventually(lambda: _element_count(engine) == 1)
        seen: list[object] = []

        def look(doc: pycrdt.Doc[object]) -> str:
            seen.append(doc)
            return str(doc.get("elements", type=pycrdt.Map)["note"]["text"])

        assert await engine.read("b", look) == "hello"
        assert seen == [engine.rooms["b"].doc]  # the room's own document, not a copy


async def test_a_host_read_loads_the_board_and_reports_the_readers_error(
        tmp_path: Path) -> None:
    async with running_engine(tmp_path) as (engine, _auth):
        assert await engine.read("cold", lambda doc: len(doc.get("elements", type=pycrdt.Map))) \
            == 0
        assert "cold" in engine.rooms

        def broken(doc: pycrdt.Doc[object]) -> None:
            raise KeyError("missing")

        try:
            await engine.read("cold", broken)
        except KeyError as exc:
            assert "missing" in str(exc)
        else:
            raise AssertionError("the reader's error must reach the reader")
        # The room is not harmed by a reader's error.
        assert await engine.read("cold", lambda doc: "still here") == "still here"


async def test_a_host_read_never_sees_what_is_not_yet_durable(tmp_path: Path) -> None:
    store, gate = _gated_store(tmp_path)
    async with running_engine(tmp_path, store=store) as (engine, auth):
        auth.add("t", "b")
        writer = FakeClient(engine, "b", "t").start()
        await writer.synced.wait()
        writer.edit("r1", x=1)
        await asyncio.sleep(0.1)
        read = asyncio.ensure_future(engine.read(
            "b", lambda doc: "r1" in doc.get("elements", type=pycrdt.Map)))
        await asyncio.sleep(0.2)
        assert not read.done()  # waits for the commit of the batch before it
        gate.set()
        assert await asyncio.wait_for(read, 5) is True
