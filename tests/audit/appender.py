"""A separate process that appends audit events: `python -m tests.audit.appender WORKER
COUNT [START_FILE]`, with INDABA_DATA_DIR (and INDABA_DATABASE_URL for PostgreSQL) naming
an already migrated database. With START_FILE it first writes `START_FILE.ready-WORKER`
once Django is set up and connected, then waits until START_FILE exists: the test creates
it only when every appender is ready, so that several appenders really start together
(setting Django up takes a second or more on a loaded machine)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    worker, count = int(sys.argv[1]), int(sys.argv[2])
    start = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django

    django.setup()
    from django.db import connection

    from indaba.audit import services

    connection.ensure_connection()
    if start is not None:
        start.with_name(f"{start.name}.ready-{worker}").touch()
    deadline = time.monotonic() + 60
    while start is not None and not start.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the start file never appeared")
        time.sleep(0.005)
    for n in range(count):
        services.record("test.append", obj=("worker", worker),
                        payload={"worker": worker, "n": n, "note": f"entry {n} of {worker}"})


if __name__ == "__main__":
    main()
