"""The backup manifest: what a backup holds, each file's SHA-256, and the schema it had.

A restore reads nothing from a backup before every file listed here has been checked, so a
damaged or altered copy is refused with the name of the file, never half restored."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "indaba-backup/1"
MANIFEST_NAME = "manifest.json"
# A manifest is small (one line per file); anything bigger is not one of ours.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


class BackupError(ValueError):
    """A backup that cannot be made, read or restored; the message says why."""


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the backup directory, POSIX separators
    bytes: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "bytes": self.bytes, "sha256": self.sha256}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def entry_for(root: Path, path: Path) -> FileEntry:
    return FileEntry(path.relative_to(root).as_posix(), path.stat().st_size, sha256_of(path))


def safe_relative(raw: object) -> PurePosixPath:
    """A manifest path that stays inside the backup (no absolute paths, no `..`)."""
    if not isinstance(raw, str) or not raw:
        raise BackupError(f"manifest: file path {raw!r} is not a path")
    rel = PurePosixPath(raw)
    if rel.is_absolute() or any(part in {"..", "."} for part in rel.parts) or "\\" in raw:
        raise BackupError(f"manifest: file path {raw!r} leaves the backup directory")
    return rel


def write(root: Path, body: dict[str, Any]) -> Path:
    path = root / MANIFEST_NAME
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def read(root: Path) -> dict[str, Any]:
    path = root / MANIFEST_NAME
    if not path.is_file():
        raise BackupError(f"{root} is not an Indaba backup: it has no {MANIFEST_NAME}")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{path} is too large to be a backup manifest")
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise BackupError(f"{path} is not a manifest in the format {FORMAT}")
    if body.get("engine") not in {"sqlite", "postgresql"}:
        raise BackupError(f"{path}: unknown database engine {body.get('engine')!r}")
    if not isinstance(body.get("files"), list) or not isinstance(body.get("migrations"), list):
        raise BackupError(f"{path}: no file list or migration state")
    return body


def entries(body: dict[str, Any]) -> list[FileEntry]:
    out = []
    for item in body["files"]:
        if not isinstance(item, dict):
            raise BackupError(f"manifest: file entry {item!r} is not an object")
        rel = safe_relative(item.get("path"))
        size, digest = item.get("bytes"), item.get("sha256")
        if not isinstance(size, int) or not isinstance(digest, str) or len(digest) != 64:
            raise BackupError(f"manifest: entry for {rel} has no size or SHA-256")
        out.append(FileEntry(rel.as_posix(), size, digest))
    return out


def verify(root: Path, body: dict[str, Any]) -> list[FileEntry]:
    """Every listed file present with its size and SHA-256; BackupError naming the first
    that is not."""
    checked = entries(body)
    for item in checked:
        path = root / item.path
        if not path.is_file():
            raise BackupError(f"{item.path}: listed in the manifest but missing from {root}")
        if path.stat().st_size != item.bytes or sha256_of(path) != item.sha256:
            raise BackupError(f"{item.path}: its SHA-256 does not match the manifest; the "
                              "backup is damaged or was altered, nothing was restored")
    return checked
