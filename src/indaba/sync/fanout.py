"""Fan-out between nodes: what one node commits reaches the clients of every other node.

Several app nodes can serve the same board when they share the database. Each node
publishes what it has *committed* (document updates) and the presence its clients send;
every other node applies the updates to its live copy of the board (without storing them
again: they are already durable) and relays both to its own clients.

Redis pub/sub carries the messages. Every node subscribes to the pattern of all boards and
drops messages for boards it has not loaded: simple and correct, but every node sees every
board's traffic (Hocuspocus' Redis extension has the same limit). A message a node misses
while Redis is unreachable is recovered by reloading its live boards from the database
when the subscription comes back. The subscription's connection is made without
redis-py's automatic retries (redis-py's PubSub can reconnect and re-subscribe on its own
inside a read), so every lost connection reaches `_read_forever`, which resyncs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from enum import IntEnum
from typing import Any, Protocol

log = logging.getLogger("indaba.sync.fanout")

CHANNEL_PREFIX = "indaba:board:"
MAGIC = b"IDB1"


class Kind(IntEnum):
    UPDATE = 0
    AWARENESS = 1


Deliver = Callable[[str, Kind, bytes], None]
Resync = Callable[[], None]


class Fanout(Protocol):
    async def start(self, deliver: Deliver, resync: Resync) -> None: ...

    def publish(self, board_id: str, kind: Kind, payload: bytes) -> None: ...

    async def close(self) -> None: ...


def encode(node_id: bytes, kind: Kind, payload: bytes) -> bytes:
    return MAGIC + node_id + bytes((kind,)) + payload


def decode(message: bytes) -> tuple[bytes, Kind, bytes]:
    if message[:4] != MAGIC or len(message) < 21:
        raise ValueError("not an Indaba fan-out message")
    return message[4:20], Kind(message[20]), message[21:]


class RedisFanout:
    def __init__(self, url: str, node_id: bytes | None = None) -> None:
        import redis.asyncio as redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._redis = redis.from_url(url)  # publishing: retrying a publish is harmless
        # Subscribing: every lost connection must reach _read_forever (see the module doc).
        self._subscriber = redis.from_url(url, retry=Retry(NoBackoff(), 0))
        self.node_id = node_id or os.urandom(16)
        self._deliver: Deliver | None = None
        self._resync: Resync | None = None
        self._reader: asyncio.Task[None] | None = None
        self._outbox: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(maxsize=10_000)
        self._writer: asyncio.Task[None] | None = None
        self.subscribed = asyncio.Event()

    async def start(self, deliver: Deliver, resync: Resync) -> None:
        self._deliver, self._resync = deliver, resync
        self._reader = asyncio.create_task(self._read_forever(), name="fanout-reader")
        self._writer = asyncio.create_task(self._write_forever(), name="fanout-writer")
        await asyncio.wait_for(self.subscribed.wait(), timeout=10)

    def publish(self, board_id: str, kind: Kind, payload: bytes) -> None:
        try:
            self._outbox.put_nowait((CHANNEL_PREFIX + board_id,
                                     encode(self.node_id, kind, payload)))
        except asyncio.QueueFull:
            # Other nodes recover from the database when they next load or resync.
            log.error("fan-out queue full; dropped a message for board %s", board_id)

    async def _write_forever(self) -> None:
        while True:
            channel, message = await self._outbox.get()
            try:
                await self._redis.publish(channel, message)
            except Exception as exc:
                log.warning("could not publish to Redis (%s); other nodes will resync", exc)

    async def _read_forever(self) -> None:
        delay = 0.1
        while True:
            pubsub = self._subscriber.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                if self.subscribed.is_set() and self._resync is not None:
                    self._resync()  # we may have missed messages while away
                self.subscribed.set()
                delay = 0.1
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message is not None and message.get("type") == "pmessage":
                        self._handle(message)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                raise
            except Exception as exc:
                log.warning("Redis subscription lost (%s); retrying in %.1f s", exc, delay)
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _handle(self, message: dict[str, Any]) -> None:
        channel = message["channel"]
        channel = channel.decode() if isinstance(channel, bytes) else str(channel)
        try:
            node_id, kind, payload = decode(message["data"])
        except ValueError:
            log.warning("ignored a malformed fan-out message on %s", channel)
            return
        if node_id == self.node_id or self._deliver is None:
            return
        self._deliver(channel[len(CHANNEL_PREFIX):], kind, payload)

    async def close(self) -> None:
        # Let what is queued reach the other nodes before the connection goes.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 2.0
        while not self._outbox.empty() and loop.time() < deadline:
            await asyncio.sleep(0.01)
        for task in (self._writer, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._redis.aclose()
        await self._subscriber.aclose()
