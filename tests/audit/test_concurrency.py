"""Eight processes appending at once make one linear chain: no gaps, no forks, every
entry there (a file SQLite database, and PostgreSQL when the suite runs on it)."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audit.support import appender, indaba, wait_ok
from tests.conftest import POSTGRES_ADMIN_URL
from tests.support.server import PostgresDatabases

WRITERS = 8
EACH = 40


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield ""
        return
    if not POSTGRES_ADMIN_URL:
        pytest.skip("PostgreSQL: set INDABA_TEST_POSTGRES_URL (scripts/test does)")
    databases = PostgresDatabases(POSTGRES_ADMIN_URL)
    url = databases.create()
    try:
        yield url
    finally:
        databases.drop(url)


def test_eight_writers_make_one_chain(tmp_path: Path, database_url: str) -> None:
    indaba(tmp_path, "migrate", database_url=database_url)
    start = tmp_path / "go"
    writers = [appender(tmp_path, worker, EACH, start, database_url=database_url,
                        writers=WRITERS)
               for worker in range(WRITERS)]
    # Open the gate only when every writer has set Django up and connected: started at
    # once they interleave; released while some still import, the early ones can finish
    # before the late ones begin and the run proves nothing about concurrency.
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"go.ready-{worker}").exists() for worker in range(WRITERS)):
        assert time.monotonic() < deadline, "the writers were not ready within 120 s"
        assert all(process.poll() is None for process in writers), "a writer exited early"
        time.sleep(0.01)
    start.touch()
    for process in writers:
        wait_ok(process)

    result = indaba(tmp_path, "audit", "verify", database_url=database_url, check=False)
    # Entry 1 is `indaba migrate` creating the schema; then the writers' 8 x 40.
    assert (result.returncode, result.stdout.strip()) == (
        0, f"ok {WRITERS * EACH + 1} entries (0 redacted)")
    rows = [json.loads(line) for line in
            indaba(tmp_path, "audit", "export", database_url=database_url).stdout.splitlines()]
    assert rows[0]["action"] == "operator.migrate"
    appended = [r for r in rows if r["action"] == "test.append"]
    assert [r["seq"] for r in appended] == list(range(2, WRITERS * EACH + 2))
    assert Counter(r["payload"]["worker"] for r in appended) == dict.fromkeys(
        range(WRITERS), EACH)
    # Each writer's own entries keep their order within the one chain.
    for worker in range(WRITERS):
        assert [r["payload"]["n"] for r in appended
                if r["payload"]["worker"] == worker] == list(range(EACH))
    # The writers went in rounds (appender.py): every round's eight appends raced, and the
    # chain took them in some order, never one writer's twice in a round.
    for n in range(EACH):
        assert sorted(r["payload"]["worker"] for r in appended[n * WRITERS:(n + 1) * WRITERS]
                      ) == list(range(WRITERS)), f"round {n} is not one entry per writer"
