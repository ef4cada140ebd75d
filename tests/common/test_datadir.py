"""The data directory and everything in it are private to the account running Indaba."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from indaba.common import datadir
from tests.support.server import INDABA, IndabaServer


def modes(root: Path, skip: set[str] = frozenset()) -> dict[str, int]:  # type: ignore[assignment]
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        if path.name not in skip and not path.is_symlink():
            found[str(path.relative_to(root))] = stat.S_IMODE(path.stat().st_mode)
    return found


def private(found: dict[str, int], root: Path) -> bool:
    return all(mode == (0o700 if (root / name).is_dir() else 0o600)
               for name, mode in found.items())


def test_migrate_on_a_fresh_directory_makes_it_private(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INDABA_")}
    env["INDABA_DATA_DIR"] = str(data)
    old = os.umask(0o022)  # a usual login umask: the command must not rely on it
    try:
        subprocess.run([INDABA, "migrate"], env=env, check=True, capture_output=True,
                       timeout=180)
    finally:
        os.umask(old)
    found = modes(data)
    assert {"indaba.sqlite3", "secret_key"} <= set(found)
    assert private(found, data), found


def test_a_served_directory_is_private_wal_included(
        make_server: Callable[..., IndabaServer], backend: str) -> None:
    server = make_server()
    board = server.create_board()
    server.token(board)
    found = modes(server.data_dir, skip={server.log_path.name})  # the test's own log file
    if backend == "sqlite":  # on PostgreSQL the data directory holds no database files
        assert any(name.endswith("-wal") for name in found), found
    assert private(found, server.data_dir), found


def test_existing_open_permissions_are_narrowed_and_reported(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = tmp_path / "old"
    (data / "media" / "images").mkdir(parents=True)
    db = data / "indaba.sqlite3"
    db.write_bytes(b"")
    for path, mode in ((data, 0o755), (data / "media", 0o755), (db, 0o644)):
        path.chmod(mode)
    old = os.umask(0o022)
    try:
        fixed = datadir.secure(data)
        assert os.umask(0o022) == 0o077  # the process keeps the private umask
    finally:
        os.umask(old)
    assert fixed == 4  # data, media, media/images, the database
    assert private(modes(data), data)
    caplog.set_level(logging.WARNING, logger="indaba.datadir")
    datadir.report(data, fixed)
    assert "group and other access removed from 4 files and directories" in caplog.text
