"""Copying the database out of a running installation and back into an empty one.

SQLite: the online backup API (`sqlite3.Connection.backup`) in one step, which reads one
consistent snapshot while the server keeps writing through WAL (a file copy of a WAL
database can miss or tear committed pages). PostgreSQL: `pg_dump` in its custom format,
which reads one snapshot too, restored with `pg_restore` in a single transaction. The
board store's tables (sync_board_update, sync_board_snapshot) live in the same database
as Django's, so board documents come with it."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from indaba.operations.manifest import BackupError

BOARD_STORE_TABLES = ("sync_board_snapshot", "sync_board_update")
_MAJOR = re.compile(r"\b(\d+)(?:\.\d+)*")


# --- SQLite -------------------------------------------------------------------------------

def sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        # pages=-1: the whole database in one step, inside one read transaction. A stepwise
        # copy restarts whenever another connection writes, so under steady edits it might
        # never finish.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = dst.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise BackupError(f"the copied database fails SQLite's check: {result!r}")
    finally:
        dst.close()
        src.close()


def sqlite_tables(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master "
                                               "WHERE type = 'table'")}


def sqlite_migrations(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []  # a database no command has migrated yet
    finally:
        conn.close()
    return [f"{app}.{name}" for app, name in rows]


def sqlite_restore(backup_file: Path, target: Path) -> None:
    """Put the backed-up file in place (written beside it, then renamed) and drop any WAL
    or shared-memory file left by a database it replaces."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(backup_file, tmp)
    os.chmod(tmp, 0o600)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, target)


# --- PostgreSQL ---------------------------------------------------------------------------

def _pg_env(db: Mapping[str, Any]) -> dict[str, str]:
    """Connection settings as libpq environment variables: the password never appears on
    a command line (visible to other users in the process list)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_connect(db: Mapping[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(dbname=db["NAME"], user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None,
                           host=db.get("HOST") or None, port=db.get("PORT") or None,
                           autocommit=True)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client "
                          "(Debian: postgresql-client) of the server's major version")
    return found


def _major(text: str) -> int:
    match = _MAJOR.search(text)
    if match is None:
        raise BackupError(f"cannot read a version number from {text!r}")
    return int(match.group(1))


def pg_server_major(db: Mapping[str, Any]) -> int:
    with _pg_connect(db) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    return int(row[0]) // 10000


def check_pg_tool(name: str, server_major: int) -> str:
    """The tool's path, if it is at least the server's major version (an older pg_dump
    refuses a newer server; an older pg_restore cannot read a newer dump)."""
    path = _tool(name)
    version = subprocess.run([path, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    labelled = re.search(r"\(PostgreSQL\)\s+(\d+)", version)
    major = int(labelled.group(1)) if labelled else _major(version)
    if major < server_major:
        raise BackupError(f"{version} is older than the PostgreSQL {server_major} server; "
                          f"install postgresql-client-{server_major}")
    return path


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): "
                          f"{result.stderr.strip()[-2000:]}")
    return result.stdout


def pg_dump(db: Mapping[str, Any], target: Path) -> None:
    tool = check_pg_tool("pg_dump", pg_server_major(db))
    _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
         _pg_env(db), "pg_dump")
    os.chmod(target, 0o600)


def pg_dump_tables(dump: Path) -> set[str]:
    """The tables whose rows the dump holds (from its table of contents)."""
    listing = _run([_tool("pg_restore"), "--list", str(dump)], dict(os.environ),
                   "pg_restore --list")
    tables = set()
    for line in listing.splitlines():
        # "217; 0 16390 TABLE DATA public sync_board_update postgres"
        match = re.search(r"\bTABLE DATA \S+ (\S+)", line)
        if match:
            tables.add(match.group(1))
    return tables


def pg_migrations(db: Mapping[str, Any]) -> list[str]:
    with _pg_connect(db) as conn:
        exists = conn.execute("SELECT to_regclass('django_migrations')").fetchone()
        if exists is None or exists[0] is None:
            return []
        rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return [f"{app}.{name}" for app, name in rows]


def pg_table_count(db: Mapping[str, Any]) -> int:
    with _pg_connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
            "('pg_catalog', 'information_schema')").fetchone()
    return int(row[0])


def pg_restore(db: Mapping[str, Any], dump: Path, replace: bool) -> None:
    tool = check_pg_tool("pg_restore", pg_server_major(db))
    args = [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            f"--dbname={db['NAME']}"]
    if replace:
        args += ["--clean", "--if-exists"]
    _run([*args, str(dump)], _pg_env(db), "pg_restore")
