"""Handing a board's connection to the worker owning it (web/handover.py), in one process:
two Routers, each with a TCP listener and a Unix socket of its own, stand for two workers;
a recording protocol stands for uvicorn's. The whole server is tested with real workers in
tests/integration/test_workers.py."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from indaba.web.handover import Placement, Router, board_of, owner_slot


def test_the_board_is_read_from_a_sync_request_line_only() -> None:
    assert board_of(b"GET /sync/abc123?token=x HTTP/1.1\r\nHost: h\r\n") == "abc123"
    assert board_of(b"GET /sync/-dash_id HTTP/1.1\r\n") == "-dash_id"
    assert board_of(b"GET /sync/abc/extra HTTP/1.1\r\n") == "abc"
    assert board_of(b"GET /boards/abc HTTP/1.1\r\n") is None
    assert board_of(b"POST /sync/abc HTTP/1.1\r\n") is None
    assert board_of(b"GET /sync/?token=x HTTP/1.1\r\n") is None
    assert board_of(b"GET /sync/\xff HTTP/1.1\r\n") is None
    assert board_of(b"garbage") is None


def test_the_owner_is_stable_and_both_slots_are_used() -> None:
    boards = [f"board-{i}" for i in range(200)]
    slots = [owner_slot(b, 2) for b in boards]
    assert slots == [owner_slot(b, 2) for b in boards]
    assert 60 < slots.count(0) < 140
    assert all(0 <= owner_slot(b, 3) < 3 for b in boards)


def _claim_all(args: tuple[str, list[str]]) -> list[int]:
    directory, boards = args
    placement = Placement(directory, 2)
    return [placement.owner(board) for board in boards]


def test_boards_are_given_to_the_slots_in_turn_and_every_worker_agrees(
        tmp_path: Path) -> None:
    """Eight busy boards: the hash put 7 on one slot in a benchmark, in turn they are 4/4.
    Whichever worker sees a board first, all agree, and a replacement reads the same."""
    boards = [f"board-{i}" for i in range(8)]
    w0, w1 = Placement(str(tmp_path), 2), Placement(str(tmp_path), 2)
    owners = {b: (w0 if i % 3 else w1).owner(b) for i, b in enumerate(boards)}
    assert Counter(owners.values()) == {0: 4, 1: 4}
    assert [w0.owner(b) for b in boards] == [w1.owner(b) for b in boards] == list(owners.values())
    replacement = Placement(str(tmp_path), 2)
    assert {b: replacement.owner(b) for b in boards} == owners
    # A name that is no file name: the hash.
    assert w0.owner("../x") == owner_slot("../x", 2)


def test_two_processes_seeing_new_boards_at_once_agree_on_their_owners(
        tmp_path: Path) -> None:
    boards = [f"b{i}" for i in range(200)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        first, second = pool.map(_claim_all, [(str(tmp_path), boards),
                                              (str(tmp_path), boards[::-1])])
    assert first == second[::-1]
    assert Counter(first) == {0: 100, 1: 100}


def _board_owned_by(directory: Path, slot: int) -> str:
    placement = Placement(str(directory), 2)
    return next(f"b{i}" for i in range(100) if placement.owner(f"b{i}") == slot)


class Recording(asyncio.Protocol):
    """Stands for uvicorn's HTTP protocol: records what it was given and by which worker."""

    made: list[Recording] = []

    def __init__(self, worker: str, **kwargs: Any) -> None:
        self.worker = worker
        self.received = b""
        self.transport: asyncio.Transport | None = None
        Recording.made.append(self)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.received += data
        if self.received.endswith(b"ping"):
            assert self.transport is not None
            self.transport.write(f"pong from {self.worker}".encode())


async def _worker(tmp_path: Path, slot: int, inbox: bool
                  ) -> tuple[Router, asyncio.Server, int]:
    name = f"w{slot}"
    router = Router(slot, 2, str(tmp_path),
                    lambda **kw: Recording(name, **kw))
    loop = asyncio.get_running_loop()
    if inbox:
        router.open_inbox(loop, lambda: Recording(name))
    server = await loop.create_server(lambda: router.protocol(config=None), "127.0.0.1", 0,
                                      backlog=512)
    return router, server, int(server.sockets[0].getsockname()[1])


async def _exchange(port: int, head: bytes, timeout: float = 5) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    await writer.drain()
    await asyncio.sleep(0.1)
    writer.write(b"ping")
    answer = await asyncio.wait_for(reader.read(100), timeout)
    writer.close()
    return answer


@pytest.mark.parametrize("owner_up", [True, False])
async def test_a_board_owned_elsewhere_is_handed_over_with_the_bytes_read(
        tmp_path: Path, owner_up: bool) -> None:
    Recording.made = []
    board = _board_owned_by(tmp_path, 1)
    mine = _board_owned_by(tmp_path, 0)
    routers = []
    servers = []
    try:
        r0, s0, port0 = await _worker(tmp_path, 0, inbox=True)
        r1, s1, _ = await _worker(tmp_path, 1, inbox=owner_up)
        routers, servers = [r0, r1], [s0, s1]
        head = f"GET /sync/{board}?token=t HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        # Sent in two pieces: the request line is complete only with the second.
        answer = await _exchange(port0, head)
        assert answer == (b"pong from w1" if owner_up else b"pong from w0")
        (made,) = [r for r in Recording.made if r.received.startswith(b"GET /sync/")]
        assert made.received == head + b"ping"  # nothing lost, nothing twice
        assert (r0.handed, r1.adopted, r0.kept) == ((1, 1, 0) if owner_up else (0, 0, 1))

        # Its own board and a plain request stay on the worker that accepted them.
        for line in (f"GET /sync/{mine} HTTP/1.1\r\n\r\n", "GET /boards/x HTTP/1.1\r\n\r\n"):
            assert await _exchange(port0, line.encode()) == b"pong from w0"
        assert r0.handed == (1 if owner_up else 0)
    finally:
        for server in servers:
            server.close()
        for router in routers:
            router.close()
    assert not list(tmp_path.glob("*.sock")), "a worker left its socket file behind"


async def test_a_burst_of_connections_waits_for_the_owners_short_queue(tmp_path: Path) -> None:
    """60 clients of one board at once: more than the owner's queue holds (10 by default),
    all end on the owner, none is served by the worker that accepted it."""
    Recording.made = []
    board = _board_owned_by(tmp_path, 1)
    r0, s0, port0 = await _worker(tmp_path, 0, inbox=True)
    r1, s1, _ = await _worker(tmp_path, 1, inbox=True)
    try:
        head = f"GET /sync/{board} HTTP/1.1\r\n\r\n".encode()
        answers = await asyncio.gather(*(_exchange(port0, head) for _ in range(60)))
        assert set(answers) == {b"pong from w1"}
        assert (r0.handed, r1.adopted, r0.kept) == (60, 60, 0)
    finally:
        for server in (s0, s1):
            server.close()
        for router in (r0, r1):
            router.close()


async def test_a_large_burst_reaches_a_busy_owner(tmp_path: Path) -> None:
    """200 clients of one board at once while the owner's event loop is busy for 3 s (as an
    owner serving a loaded board is): every connection still ends on the owner. With the
    old datagram queue (10 deep, given up after 2 s) most of them stayed where they landed."""
    Recording.made = []
    board = _board_owned_by(tmp_path, 1)
    owner_loop = asyncio.new_event_loop()
    thread = threading.Thread(target=owner_loop.run_forever, daemon=True)
    thread.start()
    r0, s0, port0 = await _worker(tmp_path, 0, inbox=True)

    async def start_owner() -> tuple[Router, asyncio.Server, int]:
        return await _worker(tmp_path, 1, inbox=True)

    r1, s1, _ = asyncio.run_coroutine_threadsafe(start_owner(), owner_loop).result(10)
    try:
        owner_loop.call_soon_threadsafe(time.sleep, 3.0)  # the owner is busy
        head = f"GET /sync/{board} HTTP/1.1\r\n\r\n".encode()
        answers = await asyncio.gather(*(_exchange(port0, head, timeout=30)
                                         for _ in range(200)))
        assert Counter(answers) == {b"pong from w1": 200}
        assert (r0.handed, r1.adopted, r0.kept) == (200, 200, 0)
    finally:
        s0.close()
        r0.close()

        async def stop_owner() -> None:
            s1.close()
            r1.close()

        asyncio.run_coroutine_threadsafe(stop_owner(), owner_loop).result(10)
        owner_loop.call_soon_threadsafe(owner_loop.stop)
        thread.join(10)
        owner_loop.close()


async def test_a_replaced_owner_gets_the_next_connections(tmp_path: Path) -> None:
    """The link to an owner that died is dropped; its replacement (same slot) gets the
    board's next connections, and while the slot is empty they are served where they land."""
    Recording.made = []
    board = _board_owned_by(tmp_path, 1)
    head = f"GET /sync/{board} HTTP/1.1\r\n\r\n".encode()
    r0, s0, port0 = await _worker(tmp_path, 0, inbox=True)
    r1, s1, _ = await _worker(tmp_path, 1, inbox=True)
    routers, servers = [r0, r1], [s0, s1]
    try:
        assert await _exchange(port0, head) == b"pong from w1"
        r1.close()  # the owner dies
        s1.close()
        await asyncio.sleep(0.05)
        assert await _exchange(port0, head) == b"pong from w0"
        r2, s2, _ = await _worker(tmp_path, 1, inbox=True)  # its replacement
        routers.append(r2)
        servers.append(s2)
        assert await _exchange(port0, head) == b"pong from w1"
        assert (r0.handed, r0.kept, r2.adopted) == (2, 1, 1)
    finally:
        for server in servers:
            server.close()
        for router in routers:
            router.close()
