"""One owner worker per board: a worker that accepts a board's WebSocket hands the socket to
the worker owning the board (decision 0016).

With `indaba serve --workers N` the kernel spreads connections over the workers at random
(web/workers.py), so without this every worker would hold every busy board: each would apply
every update and half the clients would get them through Redis. Here each worker has a slot
0..N-1 (kept by its replacement) and a Unix stream socket (its inbox) of its own in a
directory the supervisor made; every other worker keeps one connection (a `Link`) to it.
Boards are given to slots in turn, in the order they are first seen, recorded in that
directory (`Placement`), so that few busy boards are spread evenly.

A connection's first bytes are read by `Routing`, a protocol put in front of uvicorn's HTTP
protocol. When the request line is `GET /sync/<board>...` and another slot owns the board,
the worker sends the socket's file descriptor (SCM_RIGHTS) with the bytes already read, as
one length-prefixed frame, on its link to the owner and closes its own copy; the owner
adopts the socket (`loop.connect_accepted_socket`) with uvicorn's own HTTP protocol and
feeds it those bytes, so uvicorn and the application see an ordinary connection. Anything
else (every plain HTTP request, a board this worker owns) is served where it landed, by
uvicorn's protocol put in place of `Routing` on the same transport.

Nothing here is needed for correctness: every worker is still a node of the Redis scale-out
path (decision 0014). When the owner cannot take the socket (it died and its replacement is
not up yet; it has not read its link for PATIENCE seconds), the accepting worker serves the
client itself, as a node, and the board is held by two workers until they are idle.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import errno
import fcntl
import logging
import os
import re
import socket
import struct
import zlib
from collections import deque
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("indaba.web.handover")

# A request line longer than this is not a sync request we route (served where it landed).
HEAD_LIMIT = 8192
READ_SIZE = 256 * 1024
SYNC_PREFIX = b"/sync/"
# Board names that are used as file names for the placement records as they are.
SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,200}")
# A frame on a link: the length of the bytes read before the hand-over, then those bytes;
# the connection's descriptor rides (SCM_RIGHTS) on the frame's first byte.
FRAME = struct.Struct("!I")
# A connection waiting for room in a link (the owner is not reading: busy, or hung) is
# served where it landed after this long. A hung owner is killed by uvicorn's health check
# (5 s), which ends the link at once; this bounds only the case where it is not.
PATIENCE = 10.0


def owner_slot(board: str, slots: int) -> int:
    """A slot for `board` by hash (stable across processes and restarts): the owner of a
    board that `Placement` cannot record."""
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


class Placement:
    """Which slot owns a board, agreed by all the workers: the first worker to route a board
    gives it the next slot in turn (round robin in the order boards are first seen) and
    records it in a file of the shared directory, under a lock. With few busy boards the
    hash put 7 of 8 on one worker; in turn they are spread 4/4. The records outlive a worker
    (its replacement reads them), and live as long as the server (one small file per board
    seen; each worker also remembers the boards it routed). A board whose name cannot be a
    file name, or a directory that cannot be written, falls back to the hash."""

    def __init__(self, directory: str, slots: int) -> None:
        self.directory = os.path.join(directory, "owners")
        self.slots = slots
        self.known: dict[str, int] = {}
        with contextlib.suppress(FileExistsError):
            os.mkdir(self.directory, 0o700)

    def owner(self, board: str) -> int:
        slot = self.known.get(board)
        if slot is None:
            slot = self.known[board] = self._claim(board)
        return slot

    def _claim(self, board: str) -> int:
        if not SAFE_NAME.fullmatch(board):
            return owner_slot(board, self.slots)
        path = os.path.join(self.directory, board)
        try:
            slot = self._read(path)
            if slot is not None:
                return slot
            with open(os.path.join(self.directory, ".lock"), "a+b") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # held for a few system calls
                slot = self._read(path)  # another worker may have claimed it meanwhile
                if slot is not None:
                    return slot
                turn = self._read(os.path.join(self.directory, ".next")) or 0
                slot = turn % self.slots
                self._write(path, slot)  # the claim first: a lost counter only skews turns
                self._write(os.path.join(self.directory, ".next"), turn + 1)
                return slot
        except (OSError, ValueError) as exc:
            logger.warning("board placement falls back to the hash: %s", exc)
            return owner_slot(board, self.slots)

    @staticmethod
    def _read(path: str) -> int | None:
        try:
            with open(path, "rb") as file:
                return int(file.read())
        except FileNotFoundError:
            return None

    @staticmethod
    def _write(path: str, value: int) -> None:
        # Written aside and renamed: a reader without the lock sees all of it or nothing.
        temporary = path + ".new"
        with open(temporary, "wb") as file:
            file.write(str(value).encode())
        os.rename(temporary, path)


class Link:
    """A Unix stream connection from this worker to one owner's inbox. Its depth is the
    socket's buffer (hundreds of hand-overs), not a datagram queue's 10; past that the
    connections wait here, in order, for the socket to be writable again."""

    def __init__(self, router: Router, slot: int, sock: socket.socket,
                 loop: asyncio.AbstractEventLoop) -> None:
        self.router, self.slot, self.sock, self.loop = router, slot, sock, loop
        self.waiting: deque[Routing] = deque()
        self.rest = b""  # the unsent tail of a frame whose descriptor has gone
        self.writing = False
        self.closed = False
        # The owner never writes: readable means it closed its end (it died).
        loop.add_reader(sock.fileno(), self._peer_closed)

    def send(self, routing: Routing) -> None:
        self.waiting.append(routing)
        self._flush()

    def _flush(self) -> None:
        try:
            while self.rest or self.waiting:
                if self.rest:
                    sent = self.sock.send(self.rest)
                    self.rest = self.rest[sent:]
                    continue
                routing = self.waiting[0]
                transport = routing.transport
                sock = transport.get_extra_info("socket") if transport else None
                if transport is None or transport.is_closing() or sock is None:
                    self.waiting.popleft()  # the client went away while waiting
                    continue
                frame = FRAME.pack(len(routing.head)) + routing.head
                # sendmsg, not socket.send_fds: Python 3.11's send_fds ignores its address.
                sent = self.sock.sendmsg(
                    [frame], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                               array.array("i", [sock.fileno()]))])
                self.waiting.popleft()
                self.rest = frame[sent:]
                # The owner holds the connection now (the descriptor in flight is a
                # reference of its own): closing ours does not end it (no shutdown()).
                self.router.handed += 1
                transport.abort()
        except BlockingIOError:
            if not self.writing:
                self.writing = True
                self.loop.add_writer(self.sock.fileno(), self._flush)
            return
        except OSError as exc:
            # EPIPE/ECONNRESET: the owner died. Anything else (ETOOMANYREFS...) is logged.
            if exc.errno not in (errno.EPIPE, errno.ECONNRESET):
                logger.warning("handing a socket to worker slot %d failed: %s", self.slot, exc)
            self.close(again=True)
            return
        if self.writing:
            self.writing = False
            self.loop.remove_writer(self.sock.fileno())

    def _peer_closed(self) -> None:
        try:
            if self.sock.recv(1):
                return  # the owner never writes; ignore
        except BlockingIOError:
            return
        except OSError:
            pass
        self.close(again=True)

    def close(self, again: bool = False) -> None:
        """Drop the link; with `again`, the connections still waiting are routed anew (to
        a replacement owner if one is up, else served here)."""
        if self.closed:
            return
        self.closed = True
        if self.router.links.get(self.slot) is self:
            del self.router.links[self.slot]
        if not self.loop.is_closed():
            self.loop.remove_reader(self.sock.fileno())
            if self.writing:
                self.loop.remove_writer(self.sock.fileno())
        self.sock.close()
        waiting, self.waiting = self.waiting, deque()
        for routing in waiting:
            if again and routing.tries < 2:
                routing.route()
            else:
                routing.serve_here_as_kept()


class Inflow:
    """The owner's end of one link: frames in, each with its descriptor, adopted in order."""

    def __init__(self, router: Router, sock: socket.socket, loop: asyncio.AbstractEventLoop,
                 make_protocol: Callable[[], asyncio.Protocol]) -> None:
        self.router, self.sock, self.loop, self.make_protocol = router, sock, loop, make_protocol
        self.buffer = b""
        self.fds: deque[int] = deque()
        loop.add_reader(sock.fileno(), self._receive)

    def _receive(self) -> None:
        while True:
            try:
                data, fds, _flags, _address = socket.recv_fds(self.sock, READ_SIZE, 64)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                data, fds = b"", []
            self.fds.extend(fds)
            if not data and not fds:
                self.close()
                return
            self.buffer += data
        while len(self.buffer) >= FRAME.size:
            (length,) = FRAME.unpack_from(self.buffer)
            if len(self.buffer) < FRAME.size + length or not self.fds:
                return  # the rest of the frame (and its descriptor) is still on its way
            head = self.buffer[FRAME.size:FRAME.size + length]
            self.buffer = self.buffer[FRAME.size + length:]
            conn = socket.socket(fileno=self.fds.popleft())
            conn.setblocking(False)
            self.router.adopted += 1
            self.loop.create_task(self._adopt(conn, self.make_protocol(), head))

    async def _adopt(self, conn: socket.socket, protocol: asyncio.Protocol,
                     head: bytes) -> None:
        try:
            await self.loop.connect_accepted_socket(lambda: Adopted(protocol, head), conn)
        except OSError:
            conn.close()  # the client went away in flight

    def close(self) -> None:
        if self in self.router.inflows:
            self.router.inflows.remove(self)
        if not self.loop.is_closed():
            self.loop.remove_reader(self.sock.fileno())
        self.sock.close()
        while self.fds:
            os.close(self.fds.popleft())


class Router:
    """One worker's side of routing: where to send a board's sockets, and its own inbox."""

    def __init__(self, slot: int, slots: int, directory: str,
                 protocol_class: Callable[..., asyncio.Protocol]) -> None:
        self.slot = slot
        self.slots = slots
        self.directory = directory
        self.protocol_class = protocol_class  # uvicorn's HTTP protocol
        self.placement = Placement(directory, slots)
        self.links: dict[int, Link] = {}
        self.inflows: list[Inflow] = []
        self.inbox: socket.socket | None = None
        self.inbox_inode = 0  # of the socket file, to remove it only if it is still ours
        self.loop: asyncio.AbstractEventLoop | None = None
        self.handed = self.adopted = self.kept = 0

    # -- the accepting side ---------------------------------------------------------------

    def protocol(self, **kwargs: Any) -> asyncio.Protocol:
        """Stands for uvicorn's HTTP protocol class (config.http): called with its
        keyword arguments for every connection the worker accepts."""
        return Routing(self, kwargs)

    def owner(self, board: str) -> int:
        return self.placement.owner(board)

    def owns(self, board: str) -> bool:
        return self.owner(board) == self.slot

    def link(self, slot: int) -> Link | None:
        """The link to `slot`'s inbox, connected if need be; None when the owner is not
        there (dead, its replacement not up yet)."""
        link = self.links.get(slot)
        if link is not None:
            return link
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(1.0)  # a Unix connect waits only while the listen queue is full
            sock.connect(socket_path(self.directory, slot))
        except OSError as exc:
            sock.close()
            if exc.errno not in (errno.ENOENT, errno.ECONNREFUSED):
                logger.warning("no link to worker slot %d: %s", slot, exc)
            return None
        sock.setblocking(False)
        link = self.links[slot] = Link(self, slot, sock, asyncio.get_running_loop())
        return link

    # -- the owning side --------------------------------------------------------------------

    def open_inbox(self, loop: asyncio.AbstractEventLoop,
                   make_protocol: Callable[[], asyncio.Protocol]) -> None:
        path = socket_path(self.directory, self.slot)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # the socket of the worker this one replaces
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        inbox.bind(path)
        inbox.listen(64)
        inbox.setblocking(False)
        self.inbox, self.inbox_inode, self.loop = inbox, os.stat(path).st_ino, loop
        loop.add_reader(inbox.fileno(), self._accept, loop, make_protocol)

    def _accept(self, loop: asyncio.AbstractEventLoop,
                make_protocol: Callable[[], asyncio.Protocol]) -> None:
        assert self.inbox is not None
        while True:
            try:
                conn, _ = self.inbox.accept()
            except (BlockingIOError, InterruptedError):
                return
            conn.setblocking(False)
            self.inflows.append(Inflow(self, conn, loop, make_protocol))

    def close(self) -> None:
        for link in list(self.links.values()):
            link.close()
        for inflow in list(self.inflows):
            inflow.close()
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
        self.tries = 0
        self.timer: asyncio.TimerHandle | None = None

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
        self.timer = asyncio.get_running_loop().call_later(PATIENCE, self._give_up)
        self.route()

    def route(self) -> None:
        """Queue the connection on the link to its board's owner, or serve it here when
        the owner is not there (serving it here is correct: every worker is a node)."""
        assert self.board is not None
        self.tries += 1
        link = self.router.link(self.router.owner(self.board))
        if link is None:
            self.serve_here_as_kept()
        else:
            link.send(self)

    def _give_up(self) -> None:
        """Still waiting for room in the link after PATIENCE: served here."""
        assert self.board is not None
        link = self.router.links.get(self.router.owner(self.board))
        if link is not None and self in link.waiting:
            link.waiting.remove(self)
            self.serve_here_as_kept()

    def serve_here_as_kept(self) -> None:
        if self.transport is None or self.transport.is_closing():
            return  # the client went away while waiting
        self.router.kept += 1
        self._serve_here()

    def _serve_here(self) -> None:
        """uvicorn's protocol in this one's place, given the bytes read so far."""
        assert self.transport is not None
        if self.timer is not None:
            self.timer.cancel()
        inner = self.router.protocol_class(**self.kwargs)
        self.transport.set_protocol(inner)
        inner.connection_made(self.transport)
        # Resumed before the bytes are given, so that uvicorn's own flow control may pause
        # reading again while it handles them; nothing is read before the loop polls.
        self.transport.resume_reading()
        inner.data_received(self.head)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()

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
