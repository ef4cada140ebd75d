"""One client's connection to a board: a bounded outgoing queue and its sender task.

The room hands every client the same encoded bytes; each connection writes
them at its own pace. A connection whose queue fills up is closed with
TOO_SLOW instead of letting memory grow. When several document updates wait
in one queue they go out merged as one message.

A channel that can write to its socket without waiting (`DirectChannel`: uvicorn's
transport, see asgi.py and directwrite.py) is written to at once when nothing is queued
ahead and the socket is writable; this skips waking one sender task per client per
message, which is what bounded fan-out. Otherwise the frame is queued as before, and the
sender writes everything queued in one go when the socket is writable again or awaits the
channel's send (which waits for the socket) when it is not: a client that stops reading
still fills its queue and is closed TOO_SLOW, and frames to one client keep their order.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import deque
from typing import Protocol, runtime_checkable

import pycrdt

from indaba.sync.auth import Grant
from indaba.sync.closecodes import CloseCode
from indaba.sync.limits import Limits, TokenBucket
from indaba.sync.protocol import SyncType, encode_sync

log = logging.getLogger("indaba.sync.connection")
_ids = itertools.count(1)


class Channel(Protocol):
    """The transport under a connection (a WebSocket in production, a queue in tests)."""

    async def send(self, data: bytes) -> None: ...

    async def close(self, code: int, reason: str) -> None: ...


@runtime_checkable
class DirectChannel(Channel, Protocol):
    """A channel that can also hand whole messages to its socket synchronously."""

    def can_write_now(self) -> bool:
        """True when `write_now` would reach the socket without waiting."""

    def write_now(self, messages: list[bytes]) -> None:
        """Write these messages in order; only called right after `can_write_now()`."""


# An outgoing frame, and the bare Yjs update inside it when it is one (so it can be merged).
Outgoing = tuple[bytes, bytes | None]


class ClientConnection:
    def __init__(self, grant: Grant, channel: Channel, limits: Limits, peer: str = "") -> None:
        self.id = next(_ids)
        self.grant = grant
        self.peer = peer
        self._channel = channel
        self._direct = channel if isinstance(channel, DirectChannel) else None
        # True while the sender awaits the channel: a frame written directly meanwhile
        # would overtake the one in flight.
        self._sending = False
        self._limits = limits
        self._queue: deque[Outgoing] = deque()
        self._wakeup = asyncio.Event()
        self._bucket = TokenBucket(limits.rate_messages_per_second, limits.rate_burst)
        self._sender = asyncio.create_task(self._send_loop(), name=f"board-client-{self.id}")
        self.closed = False
        self.close_code: int | None = None
        self.refused_writes = 0
        self._close_task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        grant = self.grant
        return f"<client {self.id} {grant.name!r} on {grant.board_id} ({grant.role.value})>"

    # -- incoming --------------------------------------------------------------------------

    def admit(self, frame: bytes) -> bool:
        """Size and rate checks for one incoming frame; closes the connection on breach."""
        if self.closed:
            return False
        if len(frame) > self._limits.max_message_bytes:
            self.close(CloseCode.TOO_LARGE,
                       f"message of {len(frame)} bytes exceeds {self._limits.max_message_bytes}")
            return False
        if not self._bucket.take():
            self.close(CloseCode.RATE_LIMITED, "too many messages; slow down")
            return False
        return True

    # -- outgoing --------------------------------------------------------------------------

    def enqueue(self, frame: bytes, update: bytes | None = None) -> None:
        if self.closed:
            return
        direct = self._direct
        if (direct is not None and not self._queue and not self._sending
                and direct.can_write_now()):
            direct.write_now([frame])
            return
        if len(self._queue) >= self._limits.client_queue_messages:
            self.close(CloseCode.TOO_SLOW, "client too slow to receive board updates")
            return
        self._queue.append((frame, update))
        self._wakeup.set()

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def _send_loop(self) -> None:
        try:
            while True:
                await self._wakeup.wait()
                self._wakeup.clear()
                while self._queue:
                    direct = self._direct
                    if direct is not None and direct.can_write_now():
                        # Everything queued in one write, merged as it would be anyway.
                        frames = [self._next_frame()]
                        while self._queue:
                            frames.append(self._next_frame())
                        direct.write_now(frames)
                        continue
                    self._sending = True
                    try:
                        await self._channel.send(self._next_frame())
                    finally:
                        self._sending = False
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the peer went away mid-send; the reader will notice
            log.debug("%r: send failed: %s", self, exc)

    def _next_frame(self) -> bytes:
        frame, update = self._queue.popleft()
        if update is None or not self._queue or self._queue[0][1] is None:
            return frame
        updates = [update]
        while self._queue and self._queue[0][1] is not None:
            updates.append(self._queue.popleft()[1])  # type: ignore[arg-type]
        return encode_sync(SyncType.UPDATE, pycrdt.merge_updates(*updates))

    # -- closing ---------------------------------------------------------------------------

    def close(self, code: CloseCode, reason: str) -> None:
        """Close with a code the client can explain; safe to call more than once."""
        if self.closed:
            return
        self.closed = True
        self.close_code = int(code)
        self._queue.clear()
        if code not in (CloseCode.NORMAL, CloseCode.GOING_AWAY):
            log.warning("closing %r with %d: %s", self, int(code), reason)
        self._sender.cancel()
        self._close_task = asyncio.create_task(
            self._close_channel(code, reason), name=f"board-close-{self.id}"
        )

    async def _close_channel(self, code: CloseCode, reason: str) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._channel.close(int(code), reason[:120]), timeout=5)

    async def close_sent(self, timeout: float = 5.0) -> None:
        """Wait until the close frame has been handed to the socket (or gave up)."""
        if self._close_task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._close_task), timeout)

    async def drain(self, timeout: float = 5.0) -> None:
        """Wait until queued frames are written (used on shutdown)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._queue and not self.closed and loop.time() < deadline:
            await asyncio.sleep(0.01)

    async def stopped(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            await self._sender
