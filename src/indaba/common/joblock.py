"""One process at a time for a periodic job that every worker of `indaba serve` schedules.

`indaba serve --workers N` runs N processes, each with the same timers (retention,
housekeeping). The runs are idempotent, but two at once would do the work twice and write
two audit events. An advisory file lock in the data directory (which the workers of one
machine share) lets the first take the job and the others skip that run; the kernel
releases it when its holder exits, even by SIGKILL, so a dead worker never blocks it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def only_one(directory: Path, name: str) -> Iterator[bool]:
    """Yields True to the one process holding the lock `name`, False to the others."""
    path = directory / f".{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
