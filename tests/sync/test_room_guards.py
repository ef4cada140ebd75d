"""A room under hostile input: each bad message costs only its sender, and a failure
inside a room is logged, closes its clients with a code and reloads the board."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pycrdt
import pytest

from indaba.sync.closecodes import CloseCode
from indaba.sync.engine import SyncEngine
from indaba.sync.limits import Limits
from indaba.sync.policy import WritePolicy
from indaba.sync.protocol import (
    AwarenessEntry,
    encode_awareness,
    encode_awareness_update,
)
from indaba.sync.sqlstore import SqlBoardStore
from tests.support import hostile
from tests.sync.harness import FakeClient, StaticAuthorizer, eventually


def engine_for(path: Path,
               policy: WritePolicy | None = None) -> tuple[SyncEngine, StaticAuthorizer]:
    auth = StaticAuthorizer()
    engine = SyncEngine(SqlBoardStore.sqlite(path / "boards.sqlite3", "NORMAL"), auth,
                        Limits(sweep_interval_seconds=0.05), policy=policy)
    return engine, auth


async def joined(engine: SyncEngine, auth: StaticAuthorizer, name: str,
                 board: str = "b") -> FakeClient:
    auth.add(name, board)
    client = FakeClient(engine, board, name).start()
    await client.synced.wait()
    return client


async def test_presence_echoes_of_a_full_room_close_nobody(tmp_path: Path) -> None:
    engine, auth = engine_for(tmp_path)
    async with engine:
        people = [await joined(engine, auth, f"p{i}") for i in range(10)]
        for clock, person in enumerate(people, start=1):
            person.set_presence({"user": {"name": person.token}}, clock=clock)
        # Presence goes out once per tick: let this burst's tick reach everyone first.
        await eventually(lambda: all(o.doc.client_id in p.awareness
                                     for p in people for o in people if o is not p),
                         what="the burst delivered")
        newcomer = await joined(engine, auth, "new")
        await eventually(lambda: len(newcomer.awareness) == 10, what="everyone's presence")
        frames_before = [len(p.frames) for p in people]
        # Stock y-websocket sends back every state it applied (the snapshot), then its own.
        echo = [AwarenessEntry(cid, clock, json.dumps(state))
                for cid, (clock, state) in enumerate_states(newcomer).items()]
        newcomer.push(encode_awareness(encode_awareness_update(echo)))
        newcomer.set_presence({"user": {"name": "new"}}, clock=1)
        await eventually(lambda: all(newcomer.doc.client_id in p.awareness for p in people),
                         what="the newcomer's own presence")
        assert newcomer.close_code is None
        assert all(p.close_code is None for p in people)
        # Only the newcomer's own state went out: one awareness frame to each of the others.
        assert [len(p.frames) - before for p, before in zip(people, frames_before, strict=True)] \
            == [1] * 10


def enumerate_states(client: FakeClient) -> dict[int, tuple[int, Any]]:
    # The fake client keeps states without clocks; the server assigned clock = position.
    return {cid: (i + 1, state) for i, (cid, state) in enumerate(client.awareness.items())}


async def test_a_failing_room_closes_its_clients_and_reloads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    engine, auth = engine_for(tmp_path)
    async with engine:
        writer = await joined(engine, auth, "writer")
        watcher = await joined(engine, auth, "watcher")
        writer.edit("kept", x=1)
        await eventually(lambda: "kept" in watcher.element_ids())
        room = engine.rooms["b"]

        class PanicException(BaseException):  # what pyo3 raises when Rust panics
            pass

        def panic(update: bytes) -> None:
            raise PanicException("simulated panic inside Yrs")

        monkeypatch.setattr(room.doc, "apply_update", panic)
        with caplog.at_level(logging.ERROR, logger="indaba.sync.room"):
            writer.edit("lost-in-panic", x=2)
            await eventually(lambda: writer.close_code is not None
                             and watcher.close_code is not None)
        assert writer.close_code == watcher.close_code == CloseCode.INTERNAL_ERROR
        assert "board b" in caplog.text and "PanicException" in caplog.text
        # The next person gets a room loaded afresh from the store.
        await eventually(lambda: "b" not in engine.rooms or engine.rooms["b"] is not room)
        again = await joined(engine, auth, "again")
        assert "kept" in again.element_ids()
        again.edit("after", x=3)
        await eventually(lambda: "after" in (engine.document("b") or pycrdt.Doc()).get(
            "elements", type=pycrdt.Map))


async def test_forged_workshop_state_is_refused_with_4422(tmp_path: Path) -> None:
    engine, auth = engine_for(tmp_path, WritePolicy(client_roots=frozenset({"elements"})))
    async with engine:
        await engine.change("b", lambda doc: doc.get("timer", type=pycrdt.Map).__setitem__(
            "state", {"state": "stopped"}))
        forger = await joined(engine, auth, "forger")
        honest = await joined(engine, auth, "honest")
        forger.doc.get("timer", type=pycrdt.Map)["state"] = {"state": "running", "durationMs": 1}
        forger.push(hostile.update_message(forger.doc.get_update(honest.doc.get_state())))
        await eventually(lambda: forger.close_code is not None)
        assert forger.close_code == CloseCode.FORBIDDEN_CHANGE
        assert "only the server writes" in forger.close_reason
        room_timer = engine.rooms["b"].doc.get("timer", type=pycrdt.Map).to_py()
        assert room_timer == {"state": {"state": "stopped"}}
        assert honest.close_code is None
        honest.edit("still-fine", x=1)
        await eventually(lambda: "still-fine" in engine.rooms["b"].doc.get(
            "elements", type=pycrdt.Map))


@pytest.mark.parametrize("message", [
    hostile.update_message(hostile.map_set("elements", "x", hostile.nested_array(100_000))),
    hostile.update_message(hostile.map_set("elements", "x", hostile.nested_array(5_000))),
    hostile.step1_claiming(900_000_000),
    hostile.presence(12345, 1, hostile.deep_json(5_000)),
    hostile.presence(12345, 1, '{"x": NaN}'),
    hostile.presence(2**60, 1, "{}"),
], ids=["deep-update-100k", "deep-update-5k", "huge-state-vector", "deep-presence",
        "nan-presence", "huge-client-id"])
async def test_each_attack_closes_only_its_sender(tmp_path: Path, message: bytes) -> None:
    engine, auth = engine_for(tmp_path)
    async with engine:
        attacker = await joined(engine, auth, "attacker")
        honest = await joined(engine, auth, "honest")
        started = time.monotonic()
        attacker.push(message)
        await eventually(lambda: attacker.close_code is not None)
        assert attacker.close_code == CloseCode.BAD_MESSAGE
        assert time.monotonic() - started < 1.0
        honest.edit("after-attack", x=1)
        other = await joined(engine, auth, "other")
        await eventually(lambda: "after-attack" in other.element_ids())
        assert honest.close_code is None and not engine.rooms["b"].failed
