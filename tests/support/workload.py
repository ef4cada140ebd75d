"""Writers under load, a server process SIGKILLed among them, and the checks that nothing
acknowledged was lost: shared by the several-nodes and the worker tests (tests/integration).

*Acknowledged* follows from "durable before visible" (docs/architecture.md): a node sends an
update to any client only after committing it, so an edit is acknowledged as soon as a client
other than its author holds it (the author's own echo is no evidence).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tests.support.reconnecting import ReconnectingClient
from tests.support.server import IndabaServer
from tests.support.waiting import until
from tests.support.yclient import YClient


def author(element_id: str) -> str:
    """Writers name their notes "<writer>:<n>"."""
    return element_id.rsplit(":", 1)[0]


class Workshop:
    """Writers adding a note every `write_every` seconds, on one board or several; records
    every edit written and when another client first held it."""

    def __init__(self, write_every: float) -> None:
        self.write_every = write_every
        self.acked: dict[str, float] = {}  # element id -> when another client first held it
        self.written: dict[str, list[str]] = {}  # board -> element ids written
        self.writers: dict[str, list[ReconnectingClient]] = {}
        self.watchers: dict[tuple[str, str], ReconnectingClient] = {}  # (board, node)
        self._counter: Counter[str] = Counter()
        self.writing = True
        self._tasks: list[asyncio.Task[None]] = []

    def seen(self, observer: str, element_id: str) -> None:
        if author(element_id) != observer and element_id not in self.acked:
            self.acked[element_id] = time.monotonic()

    def add_writers(self, board: str, url: str, count: int,
                    tls: ssl.SSLContext | None = None) -> list[ReconnectingClient]:
        """`count` writers on `board` through `url` (connecting; not writing yet)."""
        self.written.setdefault(board, [])
        self.writers[board] = [ReconnectingClient(url, f"{board}-w{i}", self.seen, tls=tls).start()
                               for i in range(count)]
        return self.writers[board]

    def start_writing(self) -> None:
        """Every writer writes, their first notes spread over one interval."""
        for board, group in self.writers.items():
            self._tasks += [asyncio.create_task(
                self._write_forever(board, client, i * self.write_every / len(group)))
                for i, client in enumerate(group)]

    async def _write_forever(self, board: str, client: ReconnectingClient,
                             offset: float) -> None:
        await asyncio.sleep(offset)
        while self.writing:
            self._counter[client.name] += 1
            element_id = f"{client.name}:{self._counter[client.name]}"
            client.write(element_id, x=self._counter[client.name], version=1)
            self.written[board].append(element_id)
            await asyncio.sleep(self.write_every)

    async def stop_writing(self) -> None:
        self.writing = False
        await asyncio.gather(*self._tasks)

    def clients(self) -> list[ReconnectingClient]:
        return [c for group in self.writers.values() for c in group] + list(
            self.watchers.values())

    async def close(self) -> None:
        """Whatever state the test left: stop writing, close every client."""
        self.writing = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*(c.close() for c in self.clients()), return_exceptions=True)


@dataclass
class Kill:
    killed_at: float
    acked_before: set[str]  # the moved clients' edits another client held before the kill
    reconnect: list[float]  # seconds from the kill to each moved client's next sync, sorted


async def kill_under_load(workshop: Workshop, moved: list[ReconnectingClient],
                          kill: Callable[[], None], victim: str, limit: float) -> Kill:
    """Kill `victim` (holding the `moved` clients); every moved client must be back in sync
    elsewhere within `limit` seconds, and the victim must have acknowledged some edits."""
    killed_at = time.monotonic()
    kill()
    names = {c.name for c in moved}
    acked_before = {e for e, t in workshop.acked.items()
                    if t < killed_at and author(e) in names}
    await until(lambda: all(any(t > killed_at for t in c.synced_at) for c in moved),
                20, f"every client of the killed {victim} synced again")
    reconnect = sorted(min(t for t in c.synced_at if t > killed_at) - killed_at
                       for c in moved)
    print(f"\nkilled {victim}: {len(moved)} clients back in sync after max "
          f"{reconnect[-1]:.2f} s, median {reconnect[len(reconnect) // 2]:.2f} s")
    assert moved and acked_before, f"{victim} had acknowledged nothing before the kill"
    assert reconnect[-1] <= limit, reconnect
    return Kill(killed_at, acked_before, reconnect)


async def held_by_fresh_client(ws_url: str, board: str, token: str) -> set[str]:
    """The element ids a new client is given on connecting through `ws_url`."""
    fresh = await YClient(ws_url, board, token).connect()
    try:
        await asyncio.wait_for(fresh.synced.wait(), timeout=20)
        return set(fresh.elements.keys())
    finally:
        await fresh.close()


def assert_nothing_lost(held: set[str], wanted: set[str], acked: set[str], where: str) -> None:
    assert acked & wanted <= held, f"{where} lost acknowledged edits"
    assert wanted <= held, f"{where} lacks {len(wanted - held)} edits"


def assert_stored(server: IndabaServer, board: str, wanted: set[str], acked: set[str]) -> None:
    stored = {e["id"] for e in server.export_json(board)["elements"]}
    assert_nothing_lost(stored, wanted, acked, "the database")
