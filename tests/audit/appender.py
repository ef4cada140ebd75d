"""A separate process that appends audit events: `python -m tests.audit.appender WORKER
COUNT [START_FILE WRITERS]`, with INDABA_DATA_DIR (and INDABA_DATABASE_URL for PostgreSQL)
naming an already migrated database. With START_FILE it first writes
`START_FILE.ready-WORKER` once Django is set up and connected, then waits until START_FILE
exists: the test creates it only when every appender is ready, so that several appenders
really start together (setting Django up takes a second or more on a loaded machine).
Then the WRITERS appenders go in rounds: each appends its entry n, writes
`START_FILE.done-WORKER-n` and waits for every other appender's entry n before its next one,
so the appends of every round race each other however the machine schedules the processes
(free-running, a loaded machine could run one writer's 40 appends before the next began)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    worker, count = int(sys.argv[1]), int(sys.argv[2])
    start = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    writers = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django

    django.setup()
    from django.db import connection

    from indaba.audit import services

    connection.ensure_connection()
    if start is not None:
        start.with_name(f"{start.name}.ready-{worker}").touch()
    if start is not None:
        _wait_for([start], "the start file")
    for n in range(count):
        services.record("test.append", obj=("worker", worker),
                        payload={"worker": worker, "n": n, "note": f"entry {n} of {worker}"})
        if start is not None:
            start.with_name(f"{start.name}.done-{worker}-{n}").touch()
            _wait_for([start.with_name(f"{start.name}.done-{other}-{n}")
                       for other in range(writers)], f"round {n}")


def _wait_for(paths: list[Path], what: str) -> None:
    deadline = time.monotonic() + 60
    while not all(path.exists() for path in paths):
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} never came")
        time.sleep(0.002)


if __name__ == "__main__":
    main()
