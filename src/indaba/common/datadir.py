"""The data directory holds the database (with its WAL), the secret key, audit keys, the
mail outbox and uploaded images: nobody but the account running Indaba may read it.

`secure()` runs before anything is created in it (every CLI command and the ASGI app
start): it sets the process umask to 077, so every file made afterwards (SQLite's WAL and
SHM included) is 0600 and every directory 0700, and it takes group and other access away
from whatever is already there (a directory made by an older version or by hand).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("indaba.datadir")

PRIVATE_UMASK = 0o077


def _tighten(path: Path) -> bool:
    """Remove group and other bits from one path; True when it had some. Symbolic links
    are left alone (chmod would change what they point at)."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077:
        return False
    os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)
    return True


def secure(data_dir: Path) -> int:
    """Make `data_dir` private (see the module docstring). Returns how many existing paths
    had their permissions narrowed; paths owned by someone else are reported, not fatal."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    fixed = 0
    candidates = [data_dir]
    for root, dirs, files in os.walk(data_dir):
        candidates.extend(Path(root) / name for name in (*dirs, *files))
    for path in candidates:
        try:
            fixed += _tighten(path)
        except OSError as exc:
            log.warning("could not make %s private: %s", path, exc)
    return fixed


def report(data_dir: Path, fixed: int) -> None:
    """The log line for what `secure` changed (after logging is configured)."""
    if fixed:
        log.warning("data directory %s was readable by other users: group and other access "
                    "removed from %d files and directories", data_dir, fixed)
