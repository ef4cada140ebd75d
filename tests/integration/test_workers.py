"""`indaba serve --workers 2`: two worker processes on one port, each a node of its own.

With INDABA_WORKER_ROUTING=board (the default) every WebSocket of a board ends on the worker
owning the board (handed over by the worker that accepted it, web/handover.py); the owner is
SIGKILLed under load: its clients reconnect at once to the other worker, which serves them
itself while the owner's slot is empty, no acknowledged edit is lost, and the owner's
replacement takes the board's new connections.

With INDABA_WORKER_ROUTING=kernel the kernel spreads the board's connections over both
workers (found from /proc, see
tests/support/processes.py); a client on one worker sees the edits and presence of a client
on the other, and a web request that changes the board reaches clients on both, whichever
worker handled it. Then the worker holding most writers is SIGKILLed under load: its clients
reconnect to the other worker, uvicorn's supervisor starts a new worker, and no edit is
lost. *Acknowledged* is as in test_several_nodes.py: another client held the edit, which a
worker sends only after committing it. Runs on SQLite, or on PostgreSQL when
INDABA_TEST_POSTGRES_URL is set (the make_server fixture).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycrdt
import pytest

from indaba.boards import schema
from tests.support.balancer import PrivateRedis
from tests.support.processes import holder, worker_pids
from tests.support.server import INDABA, IndabaServer
from tests.support.waiting import until
from tests.support.workload import (
    Workshop,
    assert_nothing_lost,
    assert_stored,
    kill_under_load,
)
from tests.support.yclient import YClient

WRITERS = 12
WRITE_EVERY = 0.3  # seconds between one writer's notes
RECONNECT_LIMIT = 3.0  # the figure: kill to first sync on another process


def _react(server: IndabaServer, board: str, token: str) -> int:
    request = urllib.request.Request(
        f"{server.url}/boards/{board}/facilitation/reactions", method="POST",
        data=json.dumps({"emoji": "👍"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return int(response.status)


def _thumbs(client: YClient) -> int:
    counts = client.doc.get(schema.REACTIONS, type=pycrdt.Map).get("counts")
    return int(counts.get("👍", 0)) if isinstance(counts, dict) else 0


@pytest.mark.slow
async def test_two_workers_spread_a_board_share_it_and_lose_nothing_when_one_is_killed(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    redis_server = PrivateRedis(tmp_path / "redis").start()
    probes: list[YClient] = []
    workshop = Workshop(WRITE_EVERY)
    try:
        server = make_server(env={"INDABA_REDIS_URL": redis_server.url,
                                  "INDABA_WORKERS": "2", "INDABA_WORKER_ROUTING": "kernel"})
        assert server.process is not None
        parent = server.process.pid
        await until(lambda: len(worker_pids(parent)) == 2, 30, "two worker processes")
        workers = worker_pids(parent)
        board = server.create_board("Both cores")
        token = server.token(board, name="Participant")

        # -- the kernel spreads connections over both workers ----------------------------
        probes = [await YClient(server.ws_url, board, token).connect() for _ in range(12)]
        await asyncio.wait_for(asyncio.gather(*(p.synced.wait() for p in probes)), 30)
        where: dict[int, int | None] = {}
        for i, probe in enumerate(probes):
            assert probe.ws is not None
            where[i] = holder(workers, server.port, int(probe.ws.local_address[1]))
        spread = Counter(where.values())
        print(f"\n12 connections over workers {workers}: {dict(spread)}")
        assert set(spread) == set(workers), spread
        a = probes[next(i for i, pid in where.items() if pid == workers[0])]
        b = probes[next(i for i, pid in where.items() if pid == workers[1])]

        # -- edits and presence cross between the workers, both ways -----------------------
        a.set_element("from-a", x=1)
        await b.wait_for(lambda: "from-a" in b.elements, 10)
        b.set_element("from-b", x=2)
        await a.wait_for(lambda: "from-b" in a.elements, 10)
        await a.set_awareness({"user": {"name": "On worker A"}})
        await b.wait_for(lambda: a.doc.client_id in b.awareness, 10)
        await b.set_awareness({"user": {"name": "On worker B"}})
        await a.wait_for(lambda: b.doc.client_id in a.awareness, 10)
        assert b.awareness[a.doc.client_id]["user"]["name"] == "On worker A"

        # -- a web request changing the board reaches clients on both workers --------------
        for _ in range(3):  # each on a new connection: the kernel picks the worker
            assert await asyncio.to_thread(_react, server, board, token) == 200
        await a.wait_for(lambda: _thumbs(a) == 3, 10)
        await b.wait_for(lambda: _thumbs(b) == 3, 10)
        for probe in probes:
            await probe.close()

        # -- SIGKILL the worker holding most writers, under load ---------------------------
        writers = workshop.add_writers(board, f"{server.ws_url}/{board}?token={token}", WRITERS)
        await asyncio.wait_for(asyncio.gather(*(w.synced.wait() for w in writers)), 60)
        home = {w.name: holder(workers, server.port, w.local_port or 0) for w in writers}
        assert set(home.values()) == set(workers), home  # both workers hold writers
        workshop.start_writing()
        await asyncio.sleep(3.0)
        victim = Counter(home.values()).most_common(1)[0][0]
        assert victim is not None
        moved = [w for w in writers if home[w.name] == victim]
        killed = await kill_under_load(workshop, moved, lambda: os.kill(victim, signal.SIGKILL),
                                       f"worker {victim}", RECONNECT_LIMIT)

        # uvicorn's supervisor replaces the dead worker.
        await until(lambda: len(worker_pids(parent)) == 2 and victim not in worker_pids(parent),
                     60, "a new worker in place of the killed one")
        await asyncio.sleep(2.0)
        await workshop.stop_writing()
        written = set(workshop.written[board])
        try:
            await until(lambda: all(written <= set(w.elements.keys()) for w in writers),
                        30, "every writer holds every edit")
        except AssertionError:
            now = worker_pids(parent)
            for w in writers:
                lacking = written - set(w.elements.keys())
                if lacking:
                    print(w.name, home[w.name], holder(now, server.port, w.local_port or 0),
                          w.connections, len(lacking), sorted(lacking)[:6])
            raise
        acked = set(workshop.acked)
        print(f"edits written: {len(written)}, acknowledged: {len(acked)}, acknowledged "
              f"through the killed worker before the kill: {len(killed.acked_before)}")

        # Fresh clients (on whichever worker, the new one included) and the database.
        now_workers = worker_pids(parent)
        fresh_on: set[int | None] = set()
        for _ in range(6):
            where, held = await _fresh_holder(server, board, token, now_workers)
            fresh_on.add(where)
            assert_nothing_lost(held, written, acked, f"worker {where}")
        print(f"fresh clients served by workers {sorted(p for p in fresh_on if p)}")
        assert_stored(server, board, written, acked)
    finally:
        await workshop.close()
        await asyncio.gather(*(c.close() for c in probes), return_exceptions=True)
        redis_server.stop()


async def _holders(clients: list[YClient], workers: list[int], port: int
                   ) -> list[int | None]:
    await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), 30)
    where = []
    for client in clients:
        assert client.ws is not None
        where.append(holder(workers, port, int(client.ws.local_address[1])))
    return where


async def _fresh_holder(server: IndabaServer, board: str, token: str, workers: list[int]
                        ) -> tuple[int | None, set[str]]:
    """A new client's worker and the element ids it is given."""
    fresh = await YClient(server.ws_url, board, token).connect()
    try:
        (where,) = await _holders([fresh], workers, server.port)
        return where, set(fresh.elements.keys())
    finally:
        await fresh.close()


@pytest.mark.slow
async def test_two_workers_route_each_board_to_its_owner_and_lose_nothing_when_it_is_killed(
        make_server: Callable[..., IndabaServer], tmp_path: Path) -> None:
    redis_server = PrivateRedis(tmp_path / "redis").start()
    probes: list[YClient] = []
    workshop = Workshop(WRITE_EVERY)
    try:
        server = make_server(env={"INDABA_REDIS_URL": redis_server.url,
                                  "INDABA_WORKERS": "2"})  # routing: board, the default
        assert server.process is not None
        parent = server.process.pid
        await until(lambda: len(worker_pids(parent)) == 2, 30, "two worker processes")
        workers = worker_pids(parent)
        # Two boards: given to the slots in turn as they are first joined, one each.
        boards = {i: server.create_board(f"Routed {i}") for i in range(2)}
        tokens = {b: server.token(b, name="Participant") for b in boards.values()}

        # -- every connection of a board ends on one worker, the two boards on two -------
        owner: dict[str, int] = {}
        on_board: dict[str, list[YClient]] = {}
        for board in boards.values():
            clients = [await YClient(server.ws_url, board, tokens[board]).connect()
                       for _ in range(10)]
            probes += clients
            on_board[board] = clients
            where = await _holders(clients, workers, server.port)
            print(f"\nboard {board}: 10 connections on "
                  f"{dict(Counter(where))}")
            assert len(set(where)) == 1 and where[0] in workers, where
            owner[board] = where[0]
        assert set(owner.values()) == set(workers), owner

        # -- edits and presence cross between a board's clients; a web request, on
        # -- whichever worker it lands, reaches them ---------------------------------------
        board = boards[0]
        a, b = on_board[board][:2]
        a.set_element("from-a", x=1)
        await b.wait_for(lambda: "from-a" in b.elements, 10)
        await a.set_awareness({"user": {"name": "A"}})
        await b.wait_for(lambda: a.doc.client_id in b.awareness, 10)
        for _ in range(4):  # each on a new connection: the kernel picks the worker
            assert await asyncio.to_thread(_react, server, board, tokens[board]) == 200
        await a.wait_for(lambda: _thumbs(a) == 4, 10)
        await b.wait_for(lambda: _thumbs(b) == 4, 10)
        for probe in probes:
            await probe.close()

        # -- SIGKILL the board's owner under load ------------------------------------------
        writers = workshop.add_writers(board, f"{server.ws_url}/{board}?token={tokens[board]}",
                                       WRITERS)
        await asyncio.wait_for(asyncio.gather(*(w.synced.wait() for w in writers)), 60)
        home = {w.name: holder(workers, server.port, w.local_port or 0) for w in writers}
        assert set(home.values()) == {owner[board]}, home
        workshop.start_writing()
        await asyncio.sleep(3.0)
        victim = owner[board]
        survivor = next(w for w in workers if w != victim)
        killed = await kill_under_load(workshop, writers, lambda: os.kill(victim, signal.SIGKILL),
                                       f"owner {victim}", RECONNECT_LIMIT)
        # Before the replacement is up, the surviving worker served them itself.
        assert {holder(workers, server.port, w.local_port or 0) for w in writers} <= {
            survivor, None}

        await until(lambda: len(worker_pids(parent)) == 2 and victim not in worker_pids(parent),
                     60, "a new worker in place of the killed owner")
        replacement = next(w for w in worker_pids(parent) if w != survivor)
        await asyncio.sleep(2.0)
        await workshop.stop_writing()
        written = set(workshop.written[board])
        await until(lambda: all(written <= set(w.elements.keys()) for w in writers),
                    30, "every writer holds every edit")
        acked = set(workshop.acked)
        print(f"edits written: {len(written)}, acknowledged: {len(acked)}, acknowledged by "
              f"the owner before the kill: {len(killed.acked_before)}")

        # The replacement owns the board again: new connections end on it (once it has
        # started and opened its socket), and see every edit; so does the database.
        now_workers = [survivor, replacement]
        deadline = time.monotonic() + 60
        while (await _fresh_holder(server, board, tokens[board], now_workers))[0] != replacement:
            assert time.monotonic() < deadline, "the replacement never took the board"
            await asyncio.sleep(0.5)
        for _ in range(6):
            where, held = await _fresh_holder(server, board, tokens[board], now_workers)
            assert where == replacement, (where, replacement, survivor)
            assert_nothing_lost(held, written, acked, f"worker {where}")
        assert_stored(server, board, written, acked)
    finally:
        await workshop.close()
        await asyncio.gather(*(c.close() for c in probes), return_exceptions=True)
        redis_server.stop()


def test_several_workers_without_redis_are_refused_with_a_clear_message(
        make_server: Callable[..., IndabaServer]) -> None:
    server = make_server(start=False)
    for args, extra in ((["--workers", "2"], {}), ([], {"INDABA_WORKERS": "2"})):
        env: dict[str, Any] = {**server.env(), **extra}
        env.pop("INDABA_REDIS_URL", None)
        result = subprocess.run([INDABA, "serve", "--port", str(server.port), *args],
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode != 0, result.stderr
        assert "needs INDABA_REDIS_URL" in result.stderr, result.stderr
