"""The backup manifest is checked before anything is restored: every file, its size and
SHA-256, and no path that leaves the backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from indaba.operations import manifest
from indaba.operations.manifest import FORMAT, BackupError


def make(root: Path, files: dict[str, bytes]) -> dict[str, Any]:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    body = {"format": FORMAT, "engine": "sqlite", "migrations": [],
            "files": [manifest.entry_for(root, root / rel).as_json() for rel in files]}
    manifest.write(root, body)
    return body


def test_an_intact_backup_verifies(tmp_path: Path) -> None:
    body = make(tmp_path, {"database.sqlite3": b"db", "data/media/images/ab/cd": b"img"})
    assert [e.path for e in manifest.verify(tmp_path, manifest.read(tmp_path))] == [
        "database.sqlite3", "data/media/images/ab/cd"]
    assert (tmp_path / "manifest.json").stat().st_mode & 0o777 == 0o600
    assert body["files"][0]["sha256"] == manifest.sha256_of(tmp_path / "database.sqlite3")


def test_a_changed_file_of_the_same_size_is_named(tmp_path: Path) -> None:
    make(tmp_path, {"database.sqlite3": b"db", "data/secret_key": b"key"})
    (tmp_path / "data/secret_key").write_bytes(b"kez")
    with pytest.raises(BackupError, match=r"^data/secret_key: its SHA-256 does not match"):
        manifest.verify(tmp_path, manifest.read(tmp_path))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    make(tmp_path, {"database.sqlite3": b"db", "data/media/images/ab/cd": b"img"})
    (tmp_path / "data/media/images/ab/cd").unlink()
    with pytest.raises(BackupError, match="data/media/images/ab/cd: listed in the manifest"):
        manifest.verify(tmp_path, manifest.read(tmp_path))


@pytest.mark.parametrize("path", ["../outside", "/etc/passwd", "data/../../x", "a\\b", ""])
def test_paths_that_leave_the_backup_are_refused(tmp_path: Path, path: str) -> None:
    body = make(tmp_path, {"database.sqlite3": b"db"})
    body["files"].append({"path": path, "bytes": 1, "sha256": "0" * 64})
    with pytest.raises(BackupError, match="manifest: file path"):
        manifest.entries(body)


def test_something_else_is_not_read_as_a_manifest(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"has no manifest\.json"):
        manifest.read(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(BackupError, match="not a manifest in the format"):
        manifest.read(tmp_path)
    (tmp_path / "manifest.json").write_text("{")
    with pytest.raises(BackupError, match="not valid JSON"):
        manifest.read(tmp_path)
