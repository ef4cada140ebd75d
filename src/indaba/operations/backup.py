"""`indaba backup DIR`: a consistent copy of a running installation.

What is copied, in this order (docs/operations.md, Backup and restore):
1. keys: the secret key file and the audit signing key, and the audit checkpoints. They
   come first so that every checkpoint in the backup is older than the database copy and
   `indaba audit verify --checkpoint` holds after a restore;
2. the database, as one snapshot taken while the server keeps writing (database.py);
3. uploaded images. They come after the database: an image is written before the board
   records it, so every image the copied database names is already on disk.
Then manifest.json: each file's size and SHA-256, the engine and the migrations applied.
The outbox is not copied: its messages are sign-in links meant to expire.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import indaba
from indaba import config
from indaba.audit import checkpoints
from indaba.common.database import database_settings, sqlite_path
from indaba.operations import database
from indaba.operations.manifest import FORMAT, BackupError, FileEntry, entry_for, write

Say = Callable[[str], None]
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DATA = "data"  # files that go back to the same place under the data directory
AUDIT_KEY = "keys/audit-signing-key.pem"  # goes back to wherever AUDIT_KEY_FILE points


def engine() -> str:
    return "postgresql" if config.get("DATABASE_URL") else "sqlite"


def database_config() -> dict[str, Any]:
    return database_settings(config.get("DATABASE_URL"), config.data_dir())


def _prepare(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty directory; "
                          "back up into a new one")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(target, 0o700)


def _copy(source: Path, root: Path, rel: str) -> FileEntry:
    dest = root / rel
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    os.chmod(dest, 0o600)
    return entry_for(root, dest)


def _private_files(folder: Path) -> Iterator[Path]:
    """Regular files under `folder`, without dot files (half-written uploads and temporary
    key files are dot files)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not path.is_symlink() and not any(
                part.startswith(".") for part in rel.parts):
            yield path


def _keys(root: Path, say: Say, audit_key: bool) -> list[FileEntry]:
    data_dir = config.data_dir()
    copied = []
    secret = data_dir / "secret_key"
    if secret.is_file():
        copied.append(_copy(secret, root, f"{DATA}/secret_key"))
    elif config.get("SECRET_KEY"):
        say("keys: the secret key is set by INDABA_SECRET_KEY, not a file: keep that value "
            "with the backup")
    key = checkpoints.key_path()
    if key.is_file() and audit_key:
        copied.append(_copy(key, root, AUDIT_KEY))
    elif key.is_file():
        say(f"keys: the audit signing key ({key}) is left out as asked: keep its own copy")
    audit_dir = checkpoints.audit_dir()
    for path in _private_files(audit_dir):
        if path.resolve() != key.resolve():
            copied.append(_copy(path, root, f"{DATA}/audit/{path.relative_to(audit_dir)}"))
    say(f"keys: {len(copied)} files (secret key, audit signing key, checkpoints)")
    return copied


def _database(root: Path, say: Say) -> tuple[FileEntry, list[str], bool]:
    kind = engine()
    dest = root / DATABASE_FILES[kind]
    started = time.monotonic()
    if kind == "sqlite":
        source = sqlite_path(config.data_dir())
        say(f"database: copying {source} ({source.stat().st_size / 1048576:.1f} MB) with "
            "SQLite's online backup")
        database.sqlite_backup(source, dest)
        os.chmod(dest, 0o600)
        migrations = database.sqlite_migrations(dest)
        tables = database.sqlite_tables(dest)
    else:
        db = database_config()
        say(f"database: pg_dump of {db['NAME']} on {db.get('HOST') or 'localhost'}")
        migrations = database.pg_migrations(db)
        database.pg_dump(db, dest)
        tables = database.pg_dump_tables(dest)
    board_store = all(name in tables for name in database.BOARD_STORE_TABLES)
    say(f"database: {dest.stat().st_size / 1048576:.1f} MB in "
        f"{time.monotonic() - started:.1f} s"
        + ("" if board_store else " (no board store tables yet: no board was ever served)"))
    return entry_for(root, dest), migrations, board_store


def _media(root: Path, say: Say) -> list[FileEntry]:
    media = config.data_dir() / "media"
    copied = []
    total = 0
    last_report = time.monotonic()
    for path in _private_files(media):
        copied.append(_copy(path, root, f"{DATA}/media/{path.relative_to(media)}"))
        total += copied[-1].bytes
        if time.monotonic() - last_report > 5:
            say(f"media: {len(copied)} files, {total / 1048576:.1f} MB so far")
            last_report = time.monotonic()
    say(f"media: {len(copied)} files, {total / 1048576:.1f} MB")
    return copied


def make_backup(target: Path, say: Say, audit_key: bool = True) -> dict[str, Any]:
    """Write a backup of this installation into `target` (new or empty); returns the
    manifest. BackupError when it cannot. `audit_key=False` leaves the audit signing key
    out, for operators who keep it away from whoever holds the backups (docs/audit.md)."""
    _prepare(target)
    files = _keys(target, say, audit_key)
    db_entry, migrations, board_store = _database(target, say)
    files.append(db_entry)
    files.extend(_media(target, say))
    body: dict[str, Any] = {
        "format": FORMAT,
        "indaba_version": indaba.__version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine(),
        "database_file": db_entry.path,
        "board_store_tables": board_store,
        "migrations": migrations,
        "secret_key_in_backup": any(f.path == f"{DATA}/secret_key" for f in files),
        "files": [f.as_json() for f in files],
    }
    write(target, body)
    say(f"manifest: {len(files)} files listed with their SHA-256 in {target}/manifest.json")
    return body
