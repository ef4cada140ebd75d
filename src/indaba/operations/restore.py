"""`indaba restore DIR`: a backup into a new (empty) data directory and database.

Nothing is written before every file in the backup matches its manifest; a target that
already holds data is refused unless the operator passes --force. Migrations and the
audit check run afterwards, with Django set up on the restored data (the CLI does that:
setting Django up earlier would make a new secret key in the target)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from indaba import config
from indaba.audit import checkpoints
from indaba.common.database import sqlite_path
from indaba.operations import database
from indaba.operations.backup import AUDIT_KEY, DATA, Say, database_config, engine
from indaba.operations.manifest import BackupError, FileEntry, read, sha256_of, verify


def _check_target(body: dict[str, Any], force: bool) -> None:
    kind = engine()
    if body["engine"] != kind:
        raise BackupError(f"the backup is of a {body['engine']} database but this "
                          f"installation uses {kind} (INDABA_DATABASE_URL); restore it "
                          "into the same kind of database")
    data_dir = config.data_dir()
    if data_dir.exists() and any(data_dir.iterdir()) and not force:
        raise BackupError(f"the data directory {data_dir} is not empty; restore into a new "
                          "one, or pass --force to replace what is there")
    if kind == "postgresql":
        db = database_config()
        if database.pg_table_count(db) and not force:
            raise BackupError(f"the database {db['NAME']} already has tables; restore into "
                              "a new empty database, or pass --force to replace them")
    key = checkpoints.key_path()
    backup_key = any(f["path"] == AUDIT_KEY for f in body["files"])
    if backup_key and key.is_file() and not force:
        raise BackupError(f"an audit signing key already exists at {key}; pass --force to "
                          "replace it with the backed-up one")


def _restore_file(source: Path, dest: Path, item: FileEntry) -> None:
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.restoring")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o600)
    if sha256_of(tmp) != item.sha256:  # changed under us since the check
        tmp.unlink()
        raise BackupError(f"{item.path}: changed while being restored")
    os.replace(tmp, dest)


def restore_backup(source: Path, force: bool, say: Say) -> dict[str, Any]:
    """Restore the database and files; returns the manifest. The caller then migrates
    and verifies the audit trail."""
    body = read(source)
    say(f"checking {len(body['files'])} files against {source}/manifest.json")
    checked = verify(source, body)
    say("checksums: all match")
    _check_target(body, force)

    data_dir = config.data_dir()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    started = time.monotonic()
    db_file = source / body["database_file"]
    if body["engine"] == "sqlite":
        say(f"database: restoring {db_file.stat().st_size / 1048576:.1f} MB into "
            f"{sqlite_path(data_dir)}")
        database.sqlite_restore(db_file, sqlite_path(data_dir))
    else:
        db = database_config()
        say(f"database: pg_restore into {db['NAME']} on {db.get('HOST') or 'localhost'}")
        database.pg_restore(db, db_file, replace=force)
    say(f"database: restored in {time.monotonic() - started:.1f} s")

    restored = 0
    for item in checked:
        if item.path == body["database_file"]:
            continue
        if item.path == AUDIT_KEY:
            dest = checkpoints.key_path()
        elif item.path.startswith(f"{DATA}/"):
            dest = data_dir / item.path.removeprefix(f"{DATA}/")
        else:
            raise BackupError(f"manifest: {item.path} has no place to be restored to")
        _restore_file(source / item.path, dest, item)
        restored += 1
    say(f"files: {restored} restored (keys, checkpoints, images)")
    if not body.get("secret_key_in_backup") and not config.get("SECRET_KEY"):
        say("warning: the backup has no secret key file (it was set by INDABA_SECRET_KEY): "
            "set the same INDABA_SECRET_KEY here, or sessions and board links stop working")
    return body
