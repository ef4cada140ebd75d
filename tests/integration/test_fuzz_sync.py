"""A structure-aware fuzzer against a real server process: hostile frames (tests/support/
yfuzz.py) go to one board over a guest editor's socket while two honest clients edit another
board. After every input: the process is alive, /healthz answers within 1 s, and the honest
reader sees the honest writer's edit.

Bounded for CI: INDABA_FUZZ_EXAMPLES inputs (default 1000) or INDABA_FUZZ_SECONDS of wall
time (default 60), whichever ends first. Inputs that once broke the server are kept in
fuzz_corpus/ and replayed on every run; a failing input is written to test-artifacts/."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from indaba.sync.policy import is_server_client
from indaba.sync.protocol import SyncType, encode_sync
from indaba.sync.yupdate import decode_state_vector
from tests.support.server import IndabaServer
from tests.support.yclient import YClient
from tests.support.yfuzz import frame

CORPUS = Path(__file__).parent / "fuzz_corpus"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EXAMPLES = int(os.environ.get("INDABA_FUZZ_EXAMPLES", "1000"))
SECONDS = float(os.environ.get("INDABA_FUZZ_SECONDS", "60"))


class HonestPair:
    """A writer and a reader on a board of their own, on an event loop in a thread."""

    def __init__(self, server: IndabaServer, board: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.writer = self._run(self._open(server, board, "Honest writer"))
        self.reader = self._run(self._open(server, board, "Honest reader"))
        self.edits = 0

    def _run(self, coro: Any, timeout: float = 15) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @staticmethod
    async def _open(server: IndabaServer, board: str, name: str) -> YClient:
        client = await YClient(server.ws_url, board, server.token(board, name=name)).connect()
        await asyncio.wait_for(client.synced.wait(), 10)
        return client

    def edit_is_seen(self, timeout: float = 2.0) -> bool:
        self.edits += 1
        key = f"edit-{self.edits}"

        async def go() -> bool:
            self.writer.set_element(key, x=self.edits, version=1)
            with contextlib.suppress(TimeoutError):
                await self.reader.wait_for(lambda: key in self.reader.elements, timeout)
                return True
            return False

        return bool(self._run(go(), timeout + 5))

    def close(self) -> None:
        for client in (self.writer, self.reader):
            with contextlib.suppress(Exception):
                self._run(client.close(), 5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Attacker:
    """A guest editor's socket on the attacked board, reopened whenever the server closes it."""

    def __init__(self, server: IndabaServer, board: str) -> None:
        self.url = f"{server.ws_url}/{board}?token={server.token(board, name='Fuzzer')}"
        self.ws: ClientConnection | None = None
        self.closes: dict[int, int] = {}
        self.sockets = contextlib.ExitStack()

    def send(self, data: bytes | str) -> None:
        if self.ws is None:
            self.ws = self.sockets.enter_context(
                connect(self.url, max_size=None, compression=None, open_timeout=10))
            self.ws.send(encode_sync(SyncType.STEP1, b"\x00"))
        try:
            self.ws.send(data)
            deadline = time.monotonic() + 0.05
            while time.monotonic() < deadline:  # read what comes back, notice a close
                self.ws.recv(timeout=max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            return
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd is not None else 1006
            self.closes[code] = self.closes.get(code, 0) + 1
            self.ws = None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.sockets.close()


def healthz_seconds(server: IndabaServer) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:
        assert response.status == 200
    return time.monotonic() - started


def known_ids(server: IndabaServer, board: str) -> list[tuple[int, int]]:
    """Ids of items on the attacked board (the server's reaction state among them), for
    the fuzzer to point at."""
    token = server.token(board, name="Participant")
    request = urllib.request.Request(
        f"{server.url}/boards/{board}/facilitation/reactions?token={token}",
        data=json.dumps({"emoji": "👍"}).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()

    async def read() -> list[tuple[int, int]]:
        client = await YClient(server.ws_url, board, token).connect()
        await asyncio.wait_for(client.synced.wait(), 10)
        client.set_element("seed", x=1, version=1)
        await asyncio.sleep(0.2)
        vector = decode_state_vector(client.doc.get_state())
        await client.close()
        return [(c, clock - 1) for c, clock in vector.items() if clock] + [(c, 0) for c in vector]

    ids = asyncio.run(read())
    assert any(is_server_client(c) for c, _ in ids)
    return ids


@pytest.fixture
def arena(server: IndabaServer) -> Iterator[tuple[IndabaServer, Attacker, HonestPair, list[Any]]]:
    attacked = server.create_board("Attacked")
    honest = HonestPair(server, server.create_board("Honest"))
    attacker = Attacker(server, attacked)
    ids = known_ids(server, attacked)
    yield server, attacker, honest, ids
    attacker.close()
    honest.close()


def check_alive(server: IndabaServer, honest: HonestPair, data: bytes | str) -> None:
    problem = None
    if server.process is None or server.process.poll() is not None:
        problem = f"the server process died:\n{server.log()[-3000:]}"
    elif (took := healthz_seconds(server)) >= 1.0:
        problem = f"/healthz took {took:.2f} s"
    elif not honest.edit_is_seen():
        problem = "an honest client on another board missed an edit"
    if problem is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / f"fuzz-failure-{int(time.time())}"
        if isinstance(data, str):
            saved = stem.with_suffix(".txt")
            saved.write_text(data)
        else:
            saved = stem.with_suffix(".bin.gz")
            saved.write_bytes(gzip.compress(data))
        pytest.fail(f"{problem} (input saved to {saved}; add it to {CORPUS})")


def corpus() -> list[Path]:
    return sorted([*CORPUS.glob("*.bin.gz"), *CORPUS.glob("*.txt")])


def load(entry: Path) -> bytes | str:
    """A binary frame (gzip-compressed: deep inputs repeat) or a text frame."""
    if entry.name.endswith(".txt"):
        return entry.read_text()
    return gzip.decompress(entry.read_bytes())


@pytest.mark.parametrize("entry", corpus(), ids=lambda p: p.name.split(".")[0])
def test_inputs_that_once_broke_the_server(arena: Any, entry: Path) -> None:
    server, attacker, honest, _ = arena
    data = load(entry)
    attacker.send(data)
    check_alive(server, honest, data)


# The honest clients' thread uses `random` (websockets' frame masks) while Hypothesis draws,
# which it reports as if a strategy had used it.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
def test_fuzzed_frames_never_hurt_the_server_or_other_boards(arena: Any) -> None:
    server, attacker, honest, ids = arena
    started = time.monotonic()
    sent = 0

    # Generation only: each input costs a round trip to the server, and a failing input is
    # saved as it is (no shrinking, whose replays would also outlast the time bound).
    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.large_base_example])
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        nonlocal sent
        message = data.draw(frame(ids))
        if time.monotonic() - started > SECONDS:
            return  # time's up: the remaining inputs are drawn but not sent
        attacker.send(message)
        sent += 1
        check_alive(server, honest, message)

    fuzz()
    assert sent >= min(EXAMPLES, 20), f"only {sent} inputs were sent"
    print(f"fuzzer: {sent} inputs in {time.monotonic() - started:.0f} s; "
          f"closes by code {attacker.closes}; honest edits seen {honest.edits}")
    # The attacked board is still readable (an editor may delete, so its content may vary),
    # and its workshop state is the server's alone.
    exported = server.export_json(_attacked(server))
    assert isinstance(exported["elements"], list)
    assert exported["reactions"]["counts"] == {"👍": 1}
    assert exported.get("timer", {}) == {} and exported.get("vote", {}) == {}


def _attacked(server: IndabaServer) -> str:
    boards = [json.loads(line) for line in server.cli("board", "list").stdout.splitlines()]
    return str(next(b["id"] for b in boards if b["title"] == "Attacked"))
