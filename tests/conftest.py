"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL when
INDABA_TEST_POSTGRES_URL names a server (an admin URL such as
postgresql://postgres@127.0.0.1:5432/postgres); scripts/test runs it both ways."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.server import IndabaServer, PostgresDatabases

POSTGRES_ADMIN_URL = os.environ.get("INDABA_TEST_POSTGRES_URL", "")


def pytest_report_header(config: pytest.Config) -> str:
    return f"indaba database backend: {'postgresql' if POSTGRES_ADMIN_URL else 'sqlite'}"


@pytest.fixture
def backend() -> str:
    return "postgresql" if POSTGRES_ADMIN_URL else "sqlite"


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., IndabaServer]]:
    """Start real servers (each on its own data dir and, on PostgreSQL, its own database)."""
    servers: list[IndabaServer] = []
    databases = PostgresDatabases(POSTGRES_ADMIN_URL) if POSTGRES_ADMIN_URL else None
    created: list[str] = []

    def make(env: dict[str, str] | None = None, start: bool = True,
             share_with: IndabaServer | None = None) -> IndabaServer:
        """A new server; `share_with` puts it on another's data directory and database
        (a second app node)."""
        if share_with is not None:
            server = IndabaServer(share_with.data_dir, share_with.database_url, env,
                                  name=f"node-{len(servers)}")
            servers.append(server)
            return server.start() if start else server
        url = ""
        if databases is not None:
            url = databases.create()
            created.append(url)
        server = IndabaServer(tmp_path / f"server-{len(servers)}", url, env)
        servers.append(server)
        return server.start() if start else server

    yield make
    for server in servers:
        server.stop()
    if databases is not None:
        for url in created:
            databases.drop(url)


@pytest.fixture
def server(make_server: Callable[..., IndabaServer]) -> IndabaServer:
    return make_server()


def _database_use(request: pytest.FixtureRequest) -> str:
    """"transactional", "db" or "" for a test that does not use the Django database."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names or (
            marker is not None and marker.kwargs.get("transaction")):
        return "transactional"
    if marker is not None or "db" in names:
        return "db"
    return ""


@pytest.fixture(autouse=True)
def _audit_log_flushable(request: pytest.FixtureRequest) -> None:
    """Transactional tests end with a flush of every table, which the audit log's
    append-only triggers refuse: they run without the triggers; every other database test
    gets them back first (tests/support/audit_triggers.py)."""
    use = _database_use(request)
    if not use:
        return
    from tests.support import audit_triggers

    request.getfixturevalue("transactional_db" if use == "transactional" else "db")
    if use == "transactional":
        audit_triggers.drop()
    else:
        audit_triggers.restore()


@pytest.fixture(autouse=True)
def _no_audit_actor_left_over() -> Iterator[None]:
    """A CLI command run in-process (CliRunner) sets the audit actor to "cli" for the rest
    of the context; without this, entries of later tests would name the CLI."""
    from indaba.audit import context

    yield
    context.clear()


@pytest.fixture(autouse=True)
def _default_language_after() -> Iterator[None]:
    """A request through the test client activates its language (profile, cookie or
    Accept-Language) in this thread and nothing turns it off: without this, code run
    outside a request by a later test (a PDF, a CLI command) would speak that language."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    """Rate-limit and sign-in counters live in Django's cache (process memory in tests):
    each test starts with none, as a fresh server would."""
    from django.core.cache import cache

    cache.clear()
    yield
