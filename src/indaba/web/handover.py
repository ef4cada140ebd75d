"""One owner worker per board: a worker that accepts a board's WebSocket hands the socket to
the worker owning the board (decision 0016).

With `indaba serve --workers N` the kernel spreads connections over the workers at random
(web/workers.py), so without this every worker would hold every busy board: each would
apply every update and half the clients would get them through Redis. Here each worker
has a slot 0..N-1 (kept by its replacement) and a Unix datagram socket of its own in a
directory the supervisor made. The board `b` is owned by slot `crc32(b) mod N`.

A connection's first bytes are read by `Routing`, a protocol put in front of uvicorn's
HTTP protocol. When the request line is `GET /sync/<board>...` and another slot owns the
board, the worker sends the socket's file descriptor (SCM_RIGHTS) with the bytes already
read to the owner's Unix socket and closes its own copy; the owner adopts the socket
(`loop.connect_accepted_socket`) with uvicorn's own HTTP protocol and feeds it those bytes,
so uvicorn and the application see an ordinary connection. Anything else (every plain
HTTP request, a board this worker owns) is served where it landed, by uvicorn's protocol
put in place of `Routing` on the same transport.

Nothing here is needed for correctness: every worker is still a node of the Redis
scale-out path (decision 0014). When the owner cannot take the socket (it died and its
replacement is not up yet, its queue is full), the accepting worker serves the client
itself, as a node, and the board is held by two workers until they are idle.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import errno
import logging
import os
import socket
import zlib
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("indaba.web.handover")

# A request line longer than this is not a sync request we route (served where it landed).
HEAD_LIMIT = 8192
# The largest datagram read: the bytes read before routing are at most what one read()
# returns, which asyncio caps at 256 KiB.
DATAGRAM_LIMIT = 256 * 1024 + 1024
SYNC_PREFIX = b"/sync/"
# An owner's queue of handed-over sockets is short (net.unix.max_dgram_qlen, 10 by
# default) and fills when a workshop joins at once: the sender tries again every RETRY
# seconds for at most PATIENCE seconds, then serves the client itself.
RETRY = 0.005
PATIENCE = 2.0


def owner_slot(board: str, slots: int) -> int:
    """The slot of the worker owning `board` (stable across processes and restarts)."""
    return zlib.crc32(board.encode()) % slots


def socket_path(directory: str, slot: int) -> str:
    return os.path.join(directory, f"worker-{slot}.sock")


def board_of(head: bytes) -> str | None:
    """The board of a `GET /sync/<board>[?…] HTTP/1.x` request line, else None."""
    line = head.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) != 3 or parts[0] != b"GET" or not parts[1].startswith(SYNC_PREFIX):
        return None
    board = parts[1][len(SYNC_PREFIX):].split(b"?", 1)[0].split(b"/", 1)[0]
    try:
        return board.decode("ascii") or None
    except UnicodeDecodeError:
        return None


class Router:
    """One worker's side of routing: where to send a board's sockets, and its own inbox."""

    def __init__(self, slot: int, slots: int, directory: str,
                 protocol_class: Callable[..., asyncio.Protocol]) -> None:
        self.slot = slot
        self.slots = slots
        self.directory = directory
        self.protocol_class = protocol_class  # uvicorn's HTTP protocol
        self.outbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.outbox.setblocking(False)
        self.inbox: socket.socket | None = None
        self.inbox_inode = 0  # of the socket file, to remove it only if it is still ours
        self.loop: asyncio.AbstractEventLoop | None = None
        self.handed = self.adopted = self.kept = 0

    # -- the accepting side ---------------------------------------------------------------

    def protocol(self, **kwargs: Any) -> asyncio.Protocol:
        """Stands for uvicorn's HTTP protocol class (config.http): called with its
        keyword arguments for every connection the worker accepts."""
        return Routing(self, kwargs)

    def owns(self, board: str) -> bool:
        return owner_slot(board, self.slots) == self.slot

    def hand_over(self, transport: asyncio.Transport, board: str, head: bytes) -> bool | None:
        """Send the connection to its board's owner: True when sent, False to serve it
        here (the owner is not there), None when the owner's queue is full (try again)."""
        slot = owner_slot(board, self.slots)
        sock = transport.get_extra_info("socket")
        if sock is None:
            return False
        try:
            # sendmsg, not socket.send_fds: Python 3.11's send_fds ignores its address.
            self.outbox.sendmsg(
                [head], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [sock.fileno()]))],
                0, socket_path(self.directory, slot))
        except BlockingIOError:
            return None  # the owner's queue is full
        except OSError as exc:
            # ENOENT/ECONNREFUSED: the owner is dead or not up yet. Serving the client here
            # is correct (every worker is a node).
            if exc.errno not in (errno.ENOENT, errno.ECONNREFUSED):
                logger.warning("handing a socket to worker slot %d failed: %s", slot, exc)
            return False
        # The owner holds the connection now (the descriptor in flight is a reference of
        # its own): closing this process's descriptor does not end it (no shutdown()).
        self.handed += 1
        transport.abort()
        return True

    # -- the owning side --------------------------------------------------------------------

    def open_inbox(self, loop: asyncio.AbstractEventLoop,
                   make_protocol: Callable[[], asyncio.Protocol]) -> None:
        path = socket_path(self.directory, self.slot)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # the socket of the worker this one replaces
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        inbox.bind(path)
        inbox.setblocking(False)
        self.inbox, self.inbox_inode, self.loop = inbox, os.stat(path).st_ino, loop
        loop.add_reader(inbox.fileno(), self._receive, loop, make_protocol)

    def _receive(self, loop: asyncio.AbstractEventLoop,
                 make_protocol: Callable[[], asyncio.Protocol]) -> None:
        assert self.inbox is not None
        while True:
            try:
                head, fds, _flags, _address = socket.recv_fds(self.inbox, DATAGRAM_LIMIT, 4)
            except (BlockingIOError, InterruptedError):
                return
            for extra in fds[1:]:
                os.close(extra)
            if not fds:
                continue
            conn = socket.socket(fileno=fds[0])
            conn.setblocking(False)
            self.adopted += 1
            loop.create_task(self._adopt(loop, conn, make_protocol(), head))

    async def _adopt(self, loop: asyncio.AbstractEventLoop, conn: socket.socket,
                     protocol: asyncio.Protocol, head: bytes) -> None:
        try:
            await loop.connect_accepted_socket(lambda: Adopted(protocol, head), conn)
        except OSError:
            conn.close()  # the client went away in flight

    def close(self) -> None:
        self.outbox.close()
        if self.inbox is not None:
            path = socket_path(self.directory, self.slot)
            with contextlib.suppress(OSError):
                # Only our own socket file: a replacement may have bound the path already.
                if os.stat(path).st_ino == self.inbox_inode:
                    os.unlink(path)
            if self.loop is not None and not self.loop.is_closed():
                self.loop.remove_reader(self.inbox.fileno())
            self.inbox.close()
            self.inbox = None


class Routing(asyncio.Protocol):
    """The protocol of a fresh connection until its request line is read: hands a sync
    request for another slot's board over, else puts uvicorn's protocol in its place."""

    def __init__(self, router: Router, kwargs: dict[str, Any]) -> None:
        self.router = router
        self.kwargs = kwargs
        self.transport: asyncio.Transport | None = None
        self.head = b""
        self.board: str | None = None
        self.give_up_at = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.head += data
        if b"\r\n" not in self.head and len(self.head) < HEAD_LIMIT:
            return  # the request line is not complete yet
        self.transport.pause_reading()  # until it is decided who reads on
        board = board_of(self.head)
        if board is None or self.router.owns(board):
            self._serve_here()
            return
        self.board = board
        self.give_up_at = asyncio.get_running_loop().time() + PATIENCE
        self._route()

    def _route(self) -> None:
        assert self.transport is not None and self.board is not None
        if self.transport.is_closing():
            return  # the client went away while waiting
        handed = self.router.hand_over(self.transport, self.board, self.head)
        if handed:
            return
        loop = asyncio.get_running_loop()
        if handed is None and loop.time() < self.give_up_at:
            loop.call_later(RETRY, self._route)
            return
        self.router.kept += 1
        self._serve_here()

    def _serve_here(self) -> None:
        """uvicorn's protocol in this one's place, given the bytes read so far."""
        assert self.transport is not None
        inner = self.router.protocol_class(**self.kwargs)
        self.transport.set_protocol(inner)
        inner.connection_made(self.transport)
        # Resumed before the bytes are given, so that uvicorn's own flow control may pause
        # reading again while it handles them; nothing is read before the loop polls.
        self.transport.resume_reading()
        inner.data_received(self.head)

    def eof_received(self) -> bool | None:
        return None  # closed before a request line: close


class Adopted(asyncio.Protocol):
    """Stands for `protocol` while the adopted socket's transport is made: puts it in its
    place and gives it the bytes the other worker read, before the transport reads more."""

    def __init__(self, protocol: asyncio.Protocol, head: bytes) -> None:
        self.protocol = protocol
        self.head = head

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.set_protocol(self.protocol)
        self.protocol.connection_made(transport)
        assert isinstance(self.protocol, asyncio.Protocol)
        self.protocol.data_received(self.head)
