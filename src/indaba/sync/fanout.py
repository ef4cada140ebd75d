"""Fan-out between nodes: what one node commits reaches the clients of every other node.

Several app nodes can serve the same board when they share the database. Each node
publishes what it has *committed* (document updates) and the presence its clients send;
every other node applies the updates to its live copy of the board (without storing them
again: they are already durable) and relays both to its own clients.

Redis pub/sub carries the messages, one channel per board. A node subscribes to a board's
channel only while the board is live on it (before loading it, so nothing committed
between its read of the database and its subscription is missed) and unsubscribes when it
unloads the board: a node is not sent the traffic of boards it does not serve, and with a
load balancer that routes each board to one node (docs/operations.md) a board's messages
go to the nodes that hold its clients and nowhere else. (Hocuspocus' Redis extension makes
every instance handle every message; y-redis shards by room the same way.)

A message a node misses while Redis is unreachable is recovered by reloading its live
boards from the database when the subscription comes back. The subscription's connection
is made without redis-py's automatic retries (redis-py's PubSub can reconnect and
re-subscribe on its own inside a read), so every lost connection reaches `_read_forever`,
which re-subscribes and resyncs.
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
# Nothing is published here: it keeps the subscription open, and its loss noticed, while no
# board is live on the node.
NODE_CHANNEL = "indaba:nodes"
MAGIC = b"IDB1"


class Kind(IntEnum):
    UPDATE = 0
    AWARENESS = 1


Deliver = Callable[[str, Kind, bytes], None]
Resync = Callable[[], None]


class Fanout(Protocol):
    async def start(self, deliver: Deliver, resync: Resync) -> None: ...

    async def watch(self, board_id: str) -> None:
        """Receive this board's messages from now on (returns once that is so)."""

    def unwatch(self, board_id: str) -> None:
        """Stop receiving this board's messages (the board is no longer live here)."""

    def publish(self, board_id: str, kind: Kind, payload: bytes) -> None: ...

    async def close(self) -> None: ...


def encode(node_id: bytes, kind: Kind, payload: bytes) -> bytes:
    return MAGIC + node_id + bytes((kind,)) + payload


def decode(message: bytes) -> tuple[bytes, Kind, bytes]:
    if message[:4] != MAGIC or len(message) < 21:
        raise ValueError("not an Indaba fan-out message")
    return message[4:20], Kind(message[20]), message[21:]


class RedisFanout:
    # How long watch() waits for Redis to confirm a subscription before the board loads
    # anyway (a connection that is failing is re-made, re-subscribed and resynced).
    subscribe_timeout = 5.0

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
        self.boards: set[str] = set()  # live here: subscribed, or to be on reconnect
        self._pubsub: Any = None  # the current subscription, None while reconnecting
        self._lock = asyncio.Lock()  # one (un)subscribe command at a time, in order
        self._confirmations: dict[str, asyncio.Future[None]] = {}
        self._unwatching: set[asyncio.Task[None]] = set()
        self.received = 0  # board messages delivered to this node (tests and benchmarks)

    async def start(self, deliver: Deliver, resync: Resync) -> None:
        self._deliver, self._resync = deliver, resync
        self._reader = asyncio.create_task(self._read_forever(), name="fanout-reader")
        self._writer = asyncio.create_task(self._write_forever(), name="fanout-writer")
        await asyncio.wait_for(self.subscribed.wait(), timeout=10)

    async def watch(self, board_id: str) -> None:
        self.boards.add(board_id)
        channel = CHANNEL_PREFIX + board_id
        async with self._lock:
            pubsub = self._pubsub
            if pubsub is None:
                return  # reconnecting: subscribed with every live board, then resynced
            waiter = asyncio.get_running_loop().create_future()
            self._confirmations[channel] = waiter
            try:
                await pubsub.subscribe(channel)
            except Exception as exc:
                # The reader sees the same failure, re-subscribes and resyncs.
                log.warning("could not subscribe to board %s (%s)", board_id, exc)
                self._confirmations.pop(channel, None)
                return
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.subscribe_timeout)
        except TimeoutError:
            log.warning("Redis did not confirm the subscription to board %s in time", board_id)
        finally:
            self._confirmations.pop(channel, None)

    def unwatch(self, board_id: str) -> None:
        self.boards.discard(board_id)
        task = asyncio.get_running_loop().create_task(self._unsubscribe(board_id))
        self._unwatching.add(task)
        task.add_done_callback(self._unwatching.discard)

    async def _unsubscribe(self, board_id: str) -> None:
        async with self._lock:
            # Watched again meanwhile (the board was reloaded): keep the subscription.
            if board_id in self.boards or self._pubsub is None:
                return
            try:
                await self._pubsub.unsubscribe(CHANNEL_PREFIX + board_id)
            except Exception as exc:
                log.info("could not unsubscribe from board %s (%s)", board_id, exc)

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

    async def _subscribe_all(self, pubsub: Any) -> None:
        """Subscribe to the node channel and every live board; return once Redis has
        confirmed them all, so a resync that follows misses nothing."""
        async with self._lock:
            channels = [NODE_CHANNEL] + [CHANNEL_PREFIX + b for b in sorted(self.boards)]
            await pubsub.subscribe(*channels)
            self._pubsub = pubsub
        waiting = set(channels)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10.0
        while waiting:
            if loop.time() > deadline:
                raise TimeoutError("Redis did not confirm the subscriptions")
            message = await pubsub.get_message(timeout=1.0)
            if message is not None:
                self._dispatch(message, waiting)

    async def _read_forever(self) -> None:
        delay = 0.1
        while True:
            pubsub = self._subscriber.pubsub()
            try:
                await self._subscribe_all(pubsub)
                if self.subscribed.is_set() and self._resync is not None:
                    self._resync()  # we may have missed messages while away
                self.subscribed.set()
                delay = 0.1
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message is not None:
                        self._dispatch(message, None)
            except asyncio.CancelledError:
                self._lost()
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                raise
            except Exception as exc:
                self._lost()
                log.warning("Redis subscription lost (%s); retrying in %.1f s", exc, delay)
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _lost(self) -> None:
        self._pubsub = None
        for waiter in self._confirmations.values():  # their boards resync on reconnect
            if not waiter.done():
                waiter.set_result(None)

    def _dispatch(self, message: dict[str, Any], waiting: set[str] | None) -> None:
        kind = message.get("type")
        if kind == "message":
            self._handle(message)
            return
        if kind != "subscribe":
            return
        channel = _text(message["channel"])
        if waiting is not None:
            waiting.discard(channel)
        waiter = self._confirmations.get(channel)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _handle(self, message: dict[str, Any]) -> None:
        channel = _text(message["channel"])
        try:
            node_id, kind, payload = decode(message["data"])
        except ValueError:
            log.warning("ignored a malformed fan-out message on %s", channel)
            return
        if node_id == self.node_id or self._deliver is None:
            return
        self.received += 1
        self._deliver(channel[len(CHANNEL_PREFIX):], kind, payload)

    async def close(self) -> None:
        # Let what is queued reach the other nodes before the connection goes.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 2.0
        while not self._outbox.empty() and loop.time() < deadline:
            await asyncio.sleep(0.01)
        for task in (self._writer, self._reader, *self._unwatching):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._redis.aclose()
        await self._subscriber.aclose()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
