"""The board store on SQLite (embedded default) or PostgreSQL.

All database work runs on one dedicated thread per store, so a store may be
used from the event loop without blocking it. Appends made while a commit is
in flight are grouped into the next transaction (group commit): one fsync
serves every update that arrived in the meantime, across all boards.

Compaction never trusts in-memory state: it merges what the database holds,
under a per-board lock, and deletes exactly the rows it merged. An update
committed concurrently by another process is therefore never dropped.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pycrdt

from indaba.sync.store import StoredBoard

log = logging.getLogger("indaba.sync.store")
T = TypeVar("T")

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_board_update (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sync_board_update_board ON sync_board_update (board_id, seq);
CREATE TABLE IF NOT EXISTS sync_board_snapshot (
    board_id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated_at REAL NOT NULL
);
"""

POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_board_update (
    seq BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL,
    data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS sync_board_update_board ON sync_board_update (board_id, seq);
CREATE TABLE IF NOT EXISTS sync_board_snapshot (
    board_id TEXT PRIMARY KEY,
    data BYTEA NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL
);
"""


@dataclass
class _PendingAppend:
    board_id: str
    updates: list[bytes]
    future: asyncio.Future[None]


class SqlBoardStore:
    """A BoardStore over a DB-API connection owned by one worker thread."""

    def __init__(self, connect: Callable[[], Any], dialect: str) -> None:
        if dialect not in {"sqlite", "postgresql"}:
            raise ValueError(f"unknown dialect {dialect!r}")
        self._connect = connect
        self._dialect = dialect
        self._param = "?" if dialect == "sqlite" else "%s"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="board-store")
        self._conn: Any = None
        self._pending: list[_PendingAppend] = []
        self._flusher: asyncio.Task[None] | None = None
        self._closed = False

    # -- construction ------------------------------------------------------------------

    @classmethod
    def sqlite(cls, path: Path, synchronous: str = "FULL") -> SqlBoardStore:
        if synchronous.upper() not in {"FULL", "NORMAL", "EXTRA"}:
            raise ValueError(
                f"SQLite synchronous mode must be FULL, NORMAL or EXTRA: {synchronous}")

        def connect() -> sqlite3.Connection:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute(f"PRAGMA synchronous={synchronous.upper()}")
            # Switching to WAL needs an exclusive lock and SQLite answers "locked" at once
            # (no busy wait) while another process creates the file: retry for a while.
            deadline = time.monotonic() + 30
            while True:
                try:
                    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                    if str(mode).lower() != "wal":
                        conn.execute("PRAGMA journal_mode=WAL")
                    conn.executescript(SQLITE_SCHEMA)
                    return conn
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)

        return cls(connect, "sqlite")

    @classmethod
    def postgresql(cls, conninfo: str) -> SqlBoardStore:
        import psycopg

        def connect() -> Any:
            conn = psycopg.connect(conninfo, autocommit=True)
            with conn.transaction():
                # Two processes may create the schema at once; serialize them.
                conn.execute("SELECT pg_advisory_xact_lock(4242)")
                conn.execute(POSTGRES_SCHEMA)
            return conn

        return cls(connect, "postgresql")

    # -- the thread side ---------------------------------------------------------------

    def _db(self) -> Any:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _begin(self, conn: Any, write: bool) -> None:
        if self._dialect == "sqlite":
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        else:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")

    def _run_in_transaction(self, fn: Callable[[Any], T], write: bool) -> T:
        conn = self._db()
        self._begin(conn, write)
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    def load_sync(self, board_id: str) -> StoredBoard:
        p = self._param

        def read(conn: Any) -> StoredBoard:
            row = conn.execute(
                f"SELECT data FROM sync_board_snapshot WHERE board_id = {p}", (board_id,)
            ).fetchone()
            rows = conn.execute(
                f"SELECT data FROM sync_board_update WHERE board_id = {p} ORDER BY seq",
                (board_id,),
            ).fetchall()
            snapshot = _unpack(bytes(row[0])) if row else None
            return StoredBoard(snapshot, [bytes(r[0]) for r in rows])

        return self._run_in_transaction(read, write=False)

    def append_many_sync(self, batch: list[tuple[str, list[bytes]]]) -> None:
        p = self._param
        rows = [(board_id, u) for board_id, updates in batch for u in updates]

        def write(conn: Any) -> None:
            if self._dialect == "sqlite":
                conn.executemany(
                    f"INSERT INTO sync_board_update (board_id, data) VALUES ({p}, {p})", rows
                )
            else:
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO sync_board_update (board_id, data) VALUES ({p}, {p})", rows
                    )

        self._run_in_transaction(write, write=True)

    def compact_sync(self, board_id: str) -> int:
        p = self._param

        def merge(conn: Any) -> int:
            if self._dialect == "postgresql":
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (board_id,))
            row = conn.execute(
                f"SELECT data FROM sync_board_snapshot WHERE board_id = {p}", (board_id,)
            ).fetchone()
            rows = conn.execute(
                f"SELECT seq, data FROM sync_board_update WHERE board_id = {p} ORDER BY seq",
                (board_id,),
            ).fetchall()
            if not rows:
                return len(_unpack(bytes(row[0]))) if row else 0
            parts = ([_unpack(bytes(row[0]))] if row else []) + [bytes(r[1]) for r in rows]
            merged = _merge(parts)
            packed = _pack(merged)
            conn.execute(
                "INSERT INTO sync_board_snapshot (board_id, data, updated_at) "
                f"VALUES ({p}, {p}, {p}) ON CONFLICT (board_id) DO UPDATE "
                "SET data = excluded.data, updated_at = excluded.updated_at",
                (board_id, packed, time.time()),
            )
            # Delete exactly what was merged: rows committed meanwhile stay in the log.
            self._delete_rows(conn, [int(r[0]) for r in rows])
            return len(merged)

        return self._run_in_transaction(merge, write=True)

    def rewrite_sync(self, board_id: str, rewrite: Callable[[StoredBoard], bytes]) -> int:
        """Replace a board's stored state by `rewrite(stored)` (an operator's repair), under
        the compaction lock; returns the new snapshot's size. Like compaction, it deletes
        exactly the log rows it read: rows committed meanwhile stay and apply on top."""
        p = self._param

        def replace(conn: Any) -> int:
            if self._dialect == "postgresql":
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (board_id,))
            row = conn.execute(
                f"SELECT data FROM sync_board_snapshot WHERE board_id = {p}", (board_id,)
            ).fetchone()
            rows = conn.execute(
                f"SELECT seq, data FROM sync_board_update WHERE board_id = {p} ORDER BY seq",
                (board_id,),
            ).fetchall()
            snapshot = rewrite(StoredBoard(_unpack(bytes(row[0])) if row else None,
                                           [bytes(r[1]) for r in rows]))
            conn.execute(
                "INSERT INTO sync_board_snapshot (board_id, data, updated_at) "
                f"VALUES ({p}, {p}, {p}) ON CONFLICT (board_id) DO UPDATE "
                "SET data = excluded.data, updated_at = excluded.updated_at",
                (board_id, _pack(snapshot), time.time()),
            )
            self._delete_rows(conn, [int(r[0]) for r in rows])
            return len(snapshot)

        return self._run_in_transaction(replace, write=True)

    def _delete_rows(self, conn: Any, seqs: list[int]) -> None:
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            marks = ", ".join([self._param] * len(chunk))
            conn.execute(f"DELETE FROM sync_board_update WHERE seq IN ({marks})", tuple(chunk))

    def update_count_sync(self, board_id: str) -> int:
        p = self._param
        row = self._db().execute(
            f"SELECT count(*) FROM sync_board_update WHERE board_id = {p}", (board_id,)
        ).fetchone()
        return int(row[0])

    def delete_sync(self, board_id: str) -> None:
        p = self._param

        def delete(conn: Any) -> None:
            conn.execute(f"DELETE FROM sync_board_update WHERE board_id = {p}", (board_id,))
            conn.execute(f"DELETE FROM sync_board_snapshot WHERE board_id = {p}", (board_id,))

        self._run_in_transaction(delete, write=True)

    def close_sync(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- the event-loop side -------------------------------------------------------------

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise RuntimeError("the board store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def load(self, board_id: str) -> StoredBoard:
        return await self._call(self.load_sync, board_id)

    async def append(self, board_id: str, updates: list[bytes]) -> None:
        if not updates:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(_PendingAppend(board_id, updates, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_loop(), name="board-store-flush")
        await future

    async def _flush_loop(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await self._call(self.append_many_sync, [(p.board_id, p.updates) for p in batch])
            except Exception as exc:
                log.exception("could not commit %d board updates", len(batch))
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(exc)
            else:
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_result(None)

    async def compact(self, board_id: str) -> int:
        return await self._call(self.compact_sync, board_id)

    async def update_count(self, board_id: str) -> int:
        return await self._call(self.update_count_sync, board_id)

    async def delete(self, board_id: str) -> None:
        await self._call(self.delete_sync, board_id)

    async def close(self) -> None:
        if self._closed:
            return
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        await asyncio.get_running_loop().run_in_executor(self._executor, self.close_sync)
        self._closed = True
        self._executor.shutdown(wait=True)

    def shutdown_sync(self) -> None:
        """Close from synchronous code (CLI) that never ran an event loop on this store."""
        self._executor.submit(self.close_sync).result()
        self._closed = True
        self._executor.shutdown(wait=True)

    def call_sync(self, fn: Callable[..., T], *args: Any) -> T:
        """Run one of the *_sync methods on the store's own thread from synchronous code."""
        return self._executor.submit(fn, *args).result()


def _merge(parts: list[bytes]) -> bytes:
    """One update holding everything in parts. merge_updates keeps even structs whose
    dependencies are missing, so a merge can never drop content."""
    return parts[0] if len(parts) == 1 else pycrdt.merge_updates(*parts)


# Snapshots are stored compressed; a zero byte marks the format for future changes.
def _pack(update: bytes) -> bytes:
    return b"\x01" + zlib.compress(update, 6)


def _unpack(stored: bytes) -> bytes:
    if stored[:1] == b"\x01":
        return zlib.decompress(stored[1:])
    raise ValueError(f"unknown snapshot format byte {stored[:1]!r}")
