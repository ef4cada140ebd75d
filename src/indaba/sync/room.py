"""One board's live state: the Yjs document, its clients and their presence.

Everything that touches the document runs on the room's own task, one batch
of incoming events at a time:

1. every event that arrived since the last turn is handled in order; document
   updates are applied and collected, replies and broadcasts are queued;
2. the collected updates are appended to the store in one commit;
3. only then are the queued sends carried out.

Presence (awareness) is never stored, so it is relayed at once, not after the commit.

So nothing reaches any client before it is durable (a crash at any moment
loses nothing a client has seen), and a joining client enters the broadcast
set exactly when its SyncStep1 is answered: it receives every later update and
none that its SyncStep2 already holds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pycrdt

from indaba.sync.awareness import AwarenessRegistry, Verdict
from indaba.sync.closecodes import CloseCode
from indaba.sync.coalesce import PresenceCoalescer
from indaba.sync.connection import ClientConnection
from indaba.sync.fanout import Fanout, Kind
from indaba.sync.limits import Limits, compaction_point
from indaba.sync.policy import ServerItems, WritePolicy, WriteRefused, new_server_client_id
from indaba.sync.protocol import (
    AwarenessEntry,
    AwarenessMessage,
    MessageType,
    ProtocolError,
    QueryAwarenessMessage,
    SyncMessage,
    SyncType,
    decode_awareness_update,
    encode_awareness,
    encode_awareness_update,
    encode_sync,
    parse_message,
)
from indaba.sync.store import BoardStore, StoredBoard
from indaba.sync.yupdate import Bounds, decode_state_vector, inspect_update, json_depth

log = logging.getLogger("indaba.sync.room")


@dataclass(frozen=True, slots=True)
class _Join:
    conn: ClientConnection


@dataclass(frozen=True, slots=True)
class _Frame:
    conn: ClientConnection
    data: bytes


@dataclass(frozen=True, slots=True)
class _Leave:
    conn: ClientConnection


@dataclass(frozen=True, slots=True)
class _Sweep:
    now: float


@dataclass(frozen=True, slots=True)
class _ServerUpdate:
    """A change made by the host application (e.g. revealing private notes): either a
    ready update, or a function that edits the live document in one transaction."""

    update: bytes | None
    done: asyncio.Future[None]
    mutate: Callable[[pycrdt.Doc[Any]], None] | None = None


@dataclass(frozen=True, slots=True)
class _ServerRead:
    """A read by the host application: `fn` runs on the live document after the batch it
    arrived in is committed, so it never sees what is not yet durable. No copy is made."""

    fn: Callable[[pycrdt.Doc[Any]], Any]
    done: asyncio.Future[Any]


@dataclass(frozen=True, slots=True)
class _Remote:
    """Committed by another node (already durable): apply and relay, never store again."""

    kind: Kind
    payload: bytes


def _refuse_host_requests(events: list[_Event], why: str) -> None:
    """Host changes and reads that will not be carried out learn why."""
    for event in events:
        if isinstance(event, _ServerUpdate | _ServerRead) and not event.done.done():
            event.done.set_exception(RuntimeError(why))


_Event = _Join | _Frame | _Leave | _Sweep | _ServerUpdate | _ServerRead | _Remote
_Action = Callable[[], None]
T = TypeVar("T")


def load_document(stored: StoredBoard) -> pycrdt.Doc[Any]:
    # The server writes under a server client id (see policy.py).
    doc: pycrdt.Doc[Any] = pycrdt.Doc(client_id=new_server_client_id())
    if stored.snapshot:
        doc.apply_update(stored.snapshot)
    for update in stored.updates:
        doc.apply_update(update)
    return doc


class BoardRoom:
    def __init__(self, board_id: str, stored: StoredBoard, store: BoardStore,
                 limits: Limits, fanout: Fanout | None = None,
                 policy: WritePolicy | None = None) -> None:
        self.board_id = board_id
        self._store = store
        self._limits = limits
        self._fanout = fanout
        self._bounds = Bounds(max_depth=limits.max_value_depth,
                              max_string_bytes=limits.max_message_bytes)
        self.doc = load_document(stored)
        self._server_items = ServerItems.from_doc(self.doc, policy or WritePolicy())
        self._size = stored.size
        self._log_length = len(stored.updates)
        self._appended_bytes = 0
        self._changed: list[bytes] = []
        self._subscription = self.doc.observe(lambda event: self._changed.append(event.update))
        self.clients: set[ClientConnection] = set()
        self._synced: set[ClientConnection] = set()
        # Presence owned by None came from clients of other nodes.
        self.awareness: AwarenessRegistry[ClientConnection | None] = AwarenessRegistry()
        # Presence accepted since the last tick (see coalesce.py); unused when the tick is 0.
        self._presence: PresenceCoalescer[ClientConnection | None] = PresenceCoalescer()
        self._presence_timer: asyncio.TimerHandle | None = None
        self._presence_sent_at = float("-inf")
        self._presence_local: set[int] = set()  # ids in the tick to publish to other nodes
        self._inbox: asyncio.Queue[_Event] = asyncio.Queue()
        self.idle_since: float | None = time.monotonic()
        self.closed = False
        self._failed = False
        self._compaction: asyncio.Task[None] | None = None
        self._compact_at = compaction_point(board_id, limits.compact_after_updates)
        self._task = asyncio.create_task(self._run(), name=f"board-room-{board_id}")

    def __repr__(self) -> str:
        return f"<room {self.board_id} clients={len(self.clients)}>"

    # -- called by the engine (any order, never blocking) ------------------------------------

    def attach(self, conn: ClientConnection) -> None:
        self.clients.add(conn)
        self.idle_since = None
        self._inbox.put_nowait(_Join(conn))

    def receive(self, conn: ClientConnection, frame: bytes) -> None:
        if conn.admit(frame):
            self._inbox.put_nowait(_Frame(conn, frame))

    def detach(self, conn: ClientConnection) -> None:
        self._inbox.put_nowait(_Leave(conn))

    def sweep(self, now: float) -> None:
        self._inbox.put_nowait(_Sweep(now))

    def remote(self, kind: Kind, payload: bytes) -> None:
        self._inbox.put_nowait(_Remote(kind, payload))

    async def apply_server_update(self, update: bytes) -> None:
        """Apply, persist and broadcast an update made by the server itself."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inbox.put_nowait(_ServerUpdate(update, done))
        await done

    async def change(self, mutate: Callable[[pycrdt.Doc[Any]], None]) -> None:
        """Run `mutate` on the live document (one transaction, on the room's task), then
        persist and broadcast what it changed. Edits build on the current state, so they
        win over older values the way a client's edit would."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._inbox.put_nowait(_ServerUpdate(None, done, mutate))
        await done

    async def read(self, fn: Callable[[pycrdt.Doc[Any]], T]) -> T:
        """Run `fn` on the live document (on the room's task, after the current batch is
        committed) and return what it returns. `fn` must not change the document."""
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._inbox.put_nowait(_ServerRead(fn, done))
        return await done

    def _answer_read(self, event: _ServerRead) -> None:
        if event.done.done():
            return
        try:
            event.done.set_result(event.fn(self.doc))
        except Exception as exc:  # the reader's own error goes back to the reader
            event.done.set_exception(exc)

    @property
    def document_size(self) -> int:
        return self._size

    # -- the room task ----------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            await self._serve_batches()
        except asyncio.CancelledError:
            raise
        except BaseException:  # a bug outside one event's handling: never die silently
            log.exception("board %s: the room task failed; closing its clients", self.board_id)
            self._fail("the board hit an error and is reloading; reconnect")

    async def _serve_batches(self) -> None:
        while True:
            events = [await self._inbox.get()]
            while not self._inbox.empty():
                events.append(self._inbox.get_nowait())
            actions: list[_Action] = []
            updates: list[bytes] = []
            unhandled: list[_Event] = []
            for handled, event in enumerate(events):
                try:
                    self._handle(event, actions, updates)
                except (KeyboardInterrupt, SystemExit, asyncio.CancelledError):
                    raise
                except BaseException:  # pyo3 panics derive from BaseException
                    log.exception("board %s: the room failed while handling %s; closing its "
                                  "clients and reloading it", self.board_id, _describe(event))
                    unhandled = events[handled:]
                    break
            if updates and not await self._commit(updates, events):
                return
            for action in actions:
                action()
            if unhandled:
                # What was valid before the failure is saved and sent; the rest is refused,
                # and the engine loads the board afresh from the store for the next join.
                _refuse_host_requests(unhandled, "the board failed; try again")
                self._fail("the board hit an error and is reloading; reconnect")
                return
            if self._log_length >= self._compact_at:
                self._start_compaction()

    async def _commit(self, updates: list[bytes], events: list[_Event]) -> bool:
        """Append the batch's updates in one commit; False (room failed) if that fails."""
        try:
            await self._store.append(self.board_id, updates)
        except Exception:
            log.exception("board %s: could not save %d updates; closing the board",
                          self.board_id, len(updates))
            self._fail("the board could not be saved; reconnect")
            _refuse_host_requests(events, "board could not be saved")
            return False
        self._log_length += len(updates)
        self._appended_bytes += sum(len(u) for u in updates)
        if self._fanout is not None:
            for update in updates:  # committed: other nodes may show it now
                self._fanout.publish(self.board_id, Kind.UPDATE, update)
        return True

    def _handle(self, event: _Event, actions: list[_Action], updates: list[bytes]) -> None:
        if isinstance(event, _Frame):
            if not event.conn.closed:
                self._handle_frame(event.conn, event.data, actions, updates)
        elif isinstance(event, _Join):
            self._handle_join(event.conn, actions)
        elif isinstance(event, _Leave):
            self._handle_leave(event.conn, actions)
        elif isinstance(event, _ServerUpdate):
            self._handle_server_update(event, actions, updates)
        elif isinstance(event, _ServerRead):
            actions.append(lambda: self._answer_read(event))
        elif isinstance(event, _Remote):
            self._handle_remote(event, actions)
        else:
            removals = self.awareness.expire(event.now, self._limits.awareness_timeout_seconds)
            if removals:
                self._relay_presence(removals, owner=None, local=True)

    def _handle_join(self, conn: ClientConnection, actions: list[_Action]) -> None:
        step1 = encode_sync(SyncType.STEP1, self.doc.get_state())
        present = self.awareness.snapshot()
        presence = encode_awareness(encode_awareness_update(present)) if present else None

        def greet() -> None:
            conn.enqueue(step1)
            if presence is not None:
                conn.enqueue(presence)

        actions.append(greet)

    def _handle_leave(self, conn: ClientConnection, actions: list[_Action]) -> None:
        self.clients.discard(conn)
        self._synced.discard(conn)
        removals = self.awareness.remove_owner(conn)
        if removals:
            self._relay_presence(removals, owner=conn, local=True)
        if not self.clients:
            self.idle_since = time.monotonic()

    def _handle_frame(self, conn: ClientConnection, frame: bytes, actions: list[_Action],
                      updates: list[bytes]) -> None:
        try:
            message = parse_message(frame)
            if isinstance(message, SyncMessage):
                self._handle_sync(conn, message, actions, updates)
            elif isinstance(message, AwarenessMessage):
                self._handle_awareness(conn, message, actions)
            elif isinstance(message, QueryAwarenessMessage):
                present = self.awareness.snapshot()
                reply = encode_awareness(encode_awareness_update(present))
                actions.append(lambda: conn.enqueue(reply))
            # Auth messages from a client carry nothing the server acts on.
        except ProtocolError as exc:
            conn.close(CloseCode.BAD_MESSAGE, f"bad message: {exc}")
        except WriteRefused as refused:
            conn.close(CloseCode.FORBIDDEN_CHANGE, f"change refused: {refused.reason}")

    def _handle_sync(self, conn: ClientConnection, message: SyncMessage,
                     actions: list[_Action], updates: list[bytes]) -> None:
        if message.step is SyncType.STEP1:
            decode_state_vector(message.payload)  # bounded check before Yrs decodes it
            try:
                missing = self.doc.get_update(message.payload)
            except Exception as exc:
                raise ProtocolError(f"invalid state vector: {exc}") from exc
            reply = encode_sync(SyncType.STEP2, missing)

            def answer() -> None:
                conn.enqueue(reply)
                if not conn.closed:
                    self._synced.add(conn)

            actions.append(answer)
            return
        if not conn.grant.can_write:
            conn.refused_writes += 1
            if conn.refused_writes == 1:
                log.info("board %s: refused document change from viewer %r",
                         self.board_id, conn.grant.name)
            return
        update = message.payload
        if self._size + len(update) > self._limits.max_document_bytes:
            conn.close(CloseCode.TOO_LARGE,
                       f"board document would exceed {self._limits.max_document_bytes} bytes")
            return
        # Shape, bounds and what it writes are checked before Yrs decodes a byte of it.
        info = inspect_update(update, self._bounds)
        if info.is_empty:
            return
        self._server_items.check_client_update(info, self.doc)
        self._changed.clear()
        try:
            self.doc.apply_update(update)
        except Exception as exc:  # Yrs refused it before changing anything
            raise ProtocolError(f"update could not be applied: {exc}") from None
        # A panic inside Yrs (a BaseException) may have left the document half-changed:
        # it fails the room, which reloads from the store (see _serve_batches).
        if not self._changed:
            # Nothing new (a resend), or structs waiting for ones not yet received: neither
            # stored nor sent, but what Yrs holds back counts toward the document's size.
            self._size += len(update)
            return
        updates.append(update)
        self._size += len(update)
        actions.append(self._broadcast_update(update, exclude=conn))

    def _handle_server_update(self, event: _ServerUpdate, actions: list[_Action],
                              updates: list[bytes]) -> None:
        self._changed.clear()
        try:
            if event.mutate is not None:
                with self.doc.transaction(origin="indaba-server"):
                    event.mutate(self.doc)
            else:
                assert event.update is not None
                self.doc.apply_update(event.update)
        except Exception as exc:
            event.done.set_exception(ValueError(f"server change could not be applied: {exc}"))
            return
        changed = list(self._changed)
        if changed:
            update = event.update if event.update is not None else (
                changed[0] if len(changed) == 1 else pycrdt.merge_updates(*changed))
            self._server_items.record_trusted(update)
            updates.append(update)
            self._size += len(update)
            actions.append(self._broadcast_update(update, exclude=None))

        def finish() -> None:
            if not event.done.done():
                event.done.set_result(None)

        actions.append(finish)

    def _handle_awareness(self, conn: ClientConnection, message: AwarenessMessage,
                          actions: list[_Action]) -> None:
        entries = decode_awareness_update(message.payload, _MAX_AWARENESS_ENTRIES)
        now = time.monotonic()
        limit = self._limits.awareness_ids_per_connection
        owned = len(self.awareness.owned_by(conn))
        accepted: list[AwarenessEntry] = []
        for entry in entries:
            verdict = self.awareness.verdict(conn, entry)
            if verdict is Verdict.IGNORE:
                continue  # an echo of someone else's state, or stale
            if verdict is Verdict.CLAIM:
                if owned >= limit:
                    raise ProtocolError(f"presence for more than {limit} client ids "
                                        "on one connection")
                owned += 1
            if not entry.is_removal:
                _check_state(entry.state_json, self._limits)
            self.awareness.apply(conn, entry, now)
            accepted.append(entry)
        if accepted:
            self._relay_presence(accepted, owner=conn, local=True)

    # -- presence: relayed at once, or coalesced per recipient per tick ----------------------

    def _relay_presence(self, entries: list[AwarenessEntry], owner: ClientConnection | None,
                        local: bool) -> None:
        """Send accepted presence on. Presence is never stored, so it never waits for the
        batch's commit. `local` entries came from this node's clients (or its sweeper) and
        are published to the other nodes; `owner` is the connection they came from."""
        tick = self._limits.presence_tick_seconds
        if tick <= 0 or len(self.clients) < self._limits.presence_coalesce_min_clients:
            if self._presence:
                self._flush_presence()  # what waits in the tick goes first: order per id
            # Echoed to the sender too (exclude=None): a lone client then still hears from
            # the server. A leaving connection is no longer among the clients.
            self._broadcast_awareness(entries, exclude=None)()
            if local:
                self._publish_awareness(entries)
            return
        self._presence.add(owner, entries)
        ids = {e.client_id for e in entries}
        if local:
            self._presence_local |= ids
        else:
            self._presence_local -= ids
        if self._presence_timer is None:
            # Leading edge: the first change after a quiet tick goes at the end of this loop
            # turn (after the rest of the batch); later ones wait for the tick. So a change
            # waits at most one tick.
            loop = asyncio.get_running_loop()
            delay = max(0.0, self._presence_sent_at + tick - loop.time())
            self._presence_timer = loop.call_later(delay, self._flush_presence)

    def _stop_presence_timer(self) -> None:
        if self._presence_timer is not None:
            self._presence_timer.cancel()
            self._presence_timer = None

    def _flush_presence(self) -> None:
        self._stop_presence_timer()
        if not self._presence:
            return
        self._presence_sent_at = asyncio.get_running_loop().time()
        tick = self._presence.take()
        local = self._presence_local
        self._presence_local = set()
        for client in self.clients:
            frame = tick.frame_for(client)
            if frame is not None:
                client.enqueue(frame)
        self._publish_awareness([e for e in tick.entries if e.client_id in local])

    def _publish_awareness(self, entries: list[AwarenessEntry]) -> None:
        if self._fanout is not None and entries:
            self._fanout.publish(self.board_id, Kind.AWARENESS, encode_awareness_update(entries))

    def _handle_remote(self, event: _Remote, actions: list[_Action]) -> None:
        if event.kind is Kind.AWARENESS:
            try:
                entries = decode_awareness_update(event.payload, 10_000)
            except ProtocolError:
                log.warning("board %s: ignored a malformed presence message from another node",
                            self.board_id)
                return
            now = time.monotonic()
            accepted = [e for e in entries if self.awareness.apply(None, e, now)]
            if accepted:
                self._relay_presence(accepted, owner=None, local=False)
            return
        self._changed.clear()
        try:
            self.doc.apply_update(event.payload)
        except Exception as exc:
            log.warning("board %s: ignored an update from another node: %s", self.board_id, exc)
            return
        if not self._changed:
            return
        self._server_items.record_trusted(event.payload)
        self._size += len(event.payload)
        # Queued behind this batch's own commit, so the order clients see stays the order
        # this node applied.
        actions.append(self._broadcast_update(event.payload, exclude=None))

    def _broadcast_update(self, update: bytes, exclude: ClientConnection | None) -> _Action:
        """Encoded once; the same bytes go to every synced client (targets are read when
        the action runs, so a client that joined earlier in the batch is included)."""
        frame = encode_sync(SyncType.UPDATE, update)

        def send() -> None:
            for client in self._synced:
                if client is not exclude:
                    client.enqueue(frame, update)

        return send

    def _broadcast_awareness(self, entries: list[AwarenessEntry],
                             exclude: ClientConnection | None) -> _Action:
        frame = encode_awareness(encode_awareness_update(entries))

        def send() -> None:
            for client in self.clients:
                if client is not exclude:
                    client.enqueue(frame)

        return send

    # -- compaction and shutdown ------------------------------------------------------------

    def _start_compaction(self) -> None:
        if self._compaction is not None and not self._compaction.done():
            return
        self._compaction = asyncio.create_task(self._compact(), name=f"compact-{self.board_id}")

    async def _compact(self) -> None:
        logged_before = self._log_length
        appended_before = self._appended_bytes
        try:
            snapshot_size = await self._store.compact(self.board_id)
        except Exception:
            log.exception("board %s: compaction failed; the log is kept as it is", self.board_id)
            return
        # Updates appended while compacting stay in the log and count toward the next one.
        self._log_length = max(0, self._log_length - logged_before)
        self._size = snapshot_size + (self._appended_bytes - appended_before)
        log.debug("board %s compacted to %d bytes", self.board_id, snapshot_size)

    @property
    def failed(self) -> bool:
        return self._failed

    def _fail(self, reason: str) -> None:
        """Stop serving this copy of the board: clients are told to reconnect, and the
        engine loads a fresh room from the store for the next one."""
        self.closed = True
        self._failed = True
        self._stop_presence_timer()
        for conn in list(self.clients):
            conn.close(CloseCode.INTERNAL_ERROR, reason)

    async def close(self, code: CloseCode = CloseCode.GOING_AWAY, compact: bool = True) -> None:
        """Stop the room: drain pending work, close clients, compact the log."""
        self.closed = True
        # Let events already queued (updates in particular) be processed and saved first.
        while not self._inbox.empty() and not self._task.done():
            await asyncio.sleep(0.005)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._flush_presence()  # the last tick's presence (removals above all) still goes
        for conn in list(self.clients):
            await conn.drain(timeout=1.0)
            conn.close(code, "server is closing this board")
        for conn in list(self.clients):
            await conn.stopped()
        if self._compaction is not None:
            with contextlib.suppress(Exception):
                await self._compaction
        if compact and self._log_length:
            try:
                await self._store.compact(self.board_id)
            except Exception:
                log.exception("board %s: final compaction failed; the log is kept", self.board_id)
        with contextlib.suppress(Exception):
            self.doc.unobserve(self._subscription)


_MAX_AWARENESS_ENTRIES = 10_000


def _check_state(state_json: str, limits: Limits) -> None:
    """A presence state is relayed to every browser, which parses it with JSON.parse: it
    must be JSON that JavaScript accepts (no NaN or Infinity), bounded in size and depth."""
    if len(state_json) > limits.max_awareness_state_bytes:
        raise ProtocolError("presence state too large")
    json_depth(state_json, limits.max_value_depth)  # before the (recursive) parser sees it
    try:
        json.loads(state_json, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"presence state is not JSON: {exc}") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _describe(event: _Event) -> str:
    if isinstance(event, _Frame):
        return f"a message of {len(event.data)} bytes from {event.conn!r}"
    if isinstance(event, (_Join, _Leave)):
        return f"{type(event).__name__[1:].lower()} of {event.conn!r}"
    return type(event).__name__[1:]


__all__ = ["BoardRoom", "MessageType", "load_document"]
