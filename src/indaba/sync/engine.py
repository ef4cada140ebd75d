"""The sync engine: one room per live board, and the background work that keeps them healthy.

The engine owns every room and every background task (one sweeper); it is an
async context manager, so starting and stopping it is explicit and testable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import Any, TypeVar

import pycrdt

from indaba.sync.auth import AccessDenied, Authorizer, EngineObserver, Grant
from indaba.sync.closecodes import CloseCode
from indaba.sync.connection import Channel, ClientConnection
from indaba.sync.fanout import Fanout, Kind
from indaba.sync.limits import Limits
from indaba.sync.policy import WritePolicy
from indaba.sync.room import BoardRoom
from indaba.sync.store import BoardStore

log = logging.getLogger("indaba.sync.engine")
T = TypeVar("T")


class SyncEngine:
    def __init__(self, store: BoardStore, authorizer: Authorizer,
                 limits: Limits | None = None, observer: EngineObserver | None = None,
                 fanout: Fanout | None = None, policy: WritePolicy | None = None) -> None:
        self.store = store
        self.policy = policy
        self.authorizer = authorizer
        self.observer = observer
        self.fanout = fanout
        self._remote_while_loading: dict[str, list[tuple[Kind, bytes]]] = {}
        self._resyncs: set[asyncio.Task[None]] = set()
        self.limits = limits or Limits()
        self.rooms: dict[str, BoardRoom] = {}
        self._loading: dict[str, asyncio.Future[BoardRoom]] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._unloading: set[asyncio.Task[None]] = set()
        self._running = False

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        self._running = True
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="sync-engine-sweeper")
        if self.fanout is not None:
            await self.fanout.start(self._on_remote, self._resync_all)

    async def stop(self) -> None:
        """Close every room (clients get GOING_AWAY), compact, and close the store."""
        self._running = False
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        rooms, self.rooms = list(self.rooms.values()), {}
        await asyncio.gather(*(room.close(CloseCode.GOING_AWAY) for room in rooms))
        if self._unloading:
            await asyncio.gather(*self._unloading, return_exceptions=True)
        for task in self._resyncs:
            task.cancel()
        if self.fanout is not None:
            await self.fanout.close()
        await self.store.close()

    async def __aenter__(self) -> SyncEngine:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    # -- serving one connection --------------------------------------------------------------

    async def serve(self, board_id: str, token: str, channel: Channel,
                    frames: AsyncIterator[bytes | str], peer: str = "") -> None:
        """Serve one client from authorization to disconnect.

        Refusals close the channel before any board data is sent.
        """
        try:
            grant = await self.authorize(board_id, token)
        except AccessDenied as denied:
            log.info("refused %s on board %s: %s", peer or "client", board_id, denied.reason)
            await channel.close(int(denied.code), denied.reason)
            return
        try:
            room = await self._room(board_id)
        except Exception:
            log.exception("board %s could not be loaded", board_id)
            await channel.close(int(CloseCode.INTERNAL_ERROR), "board could not be loaded")
            return
        if len(room.clients) >= self.limits.max_clients_per_board:
            log.warning("board %s is full (%d clients); refused %s", board_id,
                        len(room.clients), peer or "client")
            await channel.close(int(CloseCode.BOARD_FULL), "this board has too many people on it")
            return
        conn = ClientConnection(grant, channel, self.limits, peer)
        room.attach(conn)
        self._notify("client_joined", grant)
        try:
            async for frame in frames:
                if isinstance(frame, str):
                    conn.close(CloseCode.BAD_MESSAGE, "text frames are not part of the protocol")
                    break
                room.receive(conn, frame)
                if conn.closed:
                    break
        finally:
            room.detach(conn)
            if not conn.closed:
                conn.close(CloseCode.NORMAL, "bye")
            self._notify("client_left", grant)
            await conn.stopped()
            # Returning ends the socket: the close frame (with its code) must be out first,
            # or the client sees 1006 and cannot say why it was closed.
            await conn.close_sent()

    def _notify(self, event: str, grant: Grant) -> None:
        if self.observer is None:
            return
        try:
            getattr(self.observer, event)(grant)
        except Exception:
            log.exception("observer failed on %s for board %s", event, grant.board_id)

    async def authorize(self, board_id: str, token: str) -> Grant:
        if not token:
            raise AccessDenied(CloseCode.UNAUTHORIZED, "an access token is required")
        grant = await self.authorizer.authorize(board_id, token)
        if grant.board_id != board_id:
            raise AccessDenied(CloseCode.UNAUTHORIZED, "token is for another board")
        if grant.expires_at is not None and grant.expires_at <= time.time():
            raise AccessDenied(CloseCode.UNAUTHORIZED, "access token has expired")
        return grant

    async def _room(self, board_id: str) -> BoardRoom:
        """The live room, loading it once however many clients ask at the same instant."""
        while True:
            room = self.rooms.get(board_id)
            if room is not None and not room.closed:
                return room
            pending = self._loading.get(board_id)
            if pending is None:
                pending = asyncio.get_running_loop().create_future()
                self._loading[board_id] = pending
                self._remote_while_loading[board_id] = []
                try:
                    if self.fanout is not None:
                        # Subscribed before the read: what another node commits after it
                        # arrives here (and waits in _remote_while_loading).
                        await self.fanout.watch(board_id)
                    stored = await self.store.load(board_id)
                    room = BoardRoom(board_id, stored, self.store, self.limits, self.fanout,
                                     self.policy)
                except BaseException as exc:
                    if self.fanout is not None:
                        self.fanout.unwatch(board_id)
                    pending.set_exception(exc)
                    # Mark retrieved: waiters (if any) re-raise it themselves.
                    pending.exception()
                    raise
                finally:
                    del self._loading[board_id]
                    missed = self._remote_while_loading.pop(board_id, [])
                self.rooms[board_id] = room
                for kind, payload in missed:  # committed elsewhere while we were reading
                    room.remote(kind, payload)
                pending.set_result(room)
                return room
            room = await asyncio.shield(pending)
            if not room.closed:
                return room

    # -- other nodes ---------------------------------------------------------------------------

    def _on_remote(self, board_id: str, kind: Kind, payload: bytes) -> None:
        room = self.rooms.get(board_id)
        if room is not None and not room.closed:
            room.remote(kind, payload)
        elif board_id in self._remote_while_loading:
            self._remote_while_loading[board_id].append((kind, payload))

    def _resync_all(self) -> None:
        """After a fan-out outage: bring every live board up to what the database holds
        (a board still loading too: its read may predate its subscription)."""
        for board_id in set(self.rooms) | set(self._loading):
            task = asyncio.create_task(self._resync(board_id), name=f"resync-{board_id}")
            self._resyncs.add(task)
            task.add_done_callback(self._resyncs.discard)

    async def _resync(self, board_id: str) -> None:
        pending = self._loading.get(board_id)
        if pending is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(pending)
        stored = await self.store.load(board_id)
        room = self.rooms.get(board_id)
        if room is None:
            return
        for update in ([stored.snapshot] if stored.snapshot else []) + stored.updates:
            room.remote(Kind.UPDATE, update)

    # -- control from the host application ---------------------------------------------------

    async def apply_server_update(self, board_id: str, update: bytes) -> None:
        """Apply a change made by the host (e.g. a facilitator's reveal): it is persisted and
        reaches every client like any other update. Loads the board if it is not live."""
        room = await self._room(board_id)
        await room.apply_server_update(update)

    async def change(self, board_id: str, mutate: Callable[[pycrdt.Doc[Any]], None]) -> None:
        """Edit a board's live document from the server (loads it if needed)."""
        room = await self._room(board_id)
        await room.change(mutate)

    async def read(self, board_id: str, fn: Callable[[pycrdt.Doc[Any]], T]) -> T:
        """Read a board's live document without copying it (loads the board if needed):
        `fn` runs on the room's task, sees only committed state and must not change it."""
        room = await self._room(board_id)
        return await room.read(fn)

    def document(self, board_id: str) -> object | None:
        """The live pycrdt document of a loaded board (read it on the event loop only)."""
        room = self.rooms.get(board_id)
        return room.doc if room is not None else None

    def connections(self, board_id: str | None = None) -> list[ClientConnection]:
        rooms = [self.rooms[board_id]] if board_id in self.rooms else (
            [] if board_id else list(self.rooms.values()))
        return [conn for room in rooms for conn in room.clients]

    def close_token(self, token_id: str, code: CloseCode = CloseCode.REVOKED,
                    reason: str = "access revoked") -> int:
        """Close every live connection made with this token; returns how many."""
        closed = 0
        for conn in self.connections():
            if conn.grant.token_id == token_id and not conn.closed:
                conn.close(code, reason)
                closed += 1
        return closed

    # -- background work -----------------------------------------------------------------------

    async def _sweep_forever(self) -> None:
        last_token_check = time.monotonic()
        while True:
            await asyncio.sleep(self.limits.sweep_interval_seconds)
            try:
                now = time.monotonic()
                self._sweep_rooms(now)
                if now - last_token_check >= self.limits.token_check_seconds:
                    last_token_check = now
                    await self._check_tokens()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sweep failed; will try again")

    def _sweep_rooms(self, now: float) -> None:
        for board_id, room in list(self.rooms.items()):
            if room.failed:
                # Its clients were closed; the next join loads the board afresh.
                del self.rooms[board_id]
                self._unwatch(board_id)
                continue
            room.sweep(now)
            idle = room.idle_since
            if (idle is not None and not room.clients
                    and now - idle >= self.limits.idle_unload_seconds):
                del self.rooms[board_id]
                self._unwatch(board_id)
                room.closed = True
                task = asyncio.create_task(room.close(), name=f"unload-{board_id}")
                self._unloading.add(task)
                task.add_done_callback(self._unloading.discard)
                log.info("board %s unloaded after %.0f s idle", board_id, now - idle)

    def _unwatch(self, board_id: str) -> None:
        if self.fanout is not None and board_id not in self._loading:
            self.fanout.unwatch(board_id)

    async def _check_tokens(self) -> None:
        live = [c for c in self.connections() if not c.closed]
        if not live:
            return
        wall = time.time()
        for conn in live:
            if conn.grant.expires_at is not None and conn.grant.expires_at <= wall:
                conn.close(CloseCode.UNAUTHORIZED, "access token has expired")
        revoked = await self.authorizer.revoked({c.grant.token_id for c in live})
        for conn in live:
            if conn.grant.token_id in revoked:
                conn.close(CloseCode.REVOKED, "access revoked")
