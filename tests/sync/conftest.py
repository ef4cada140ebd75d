from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indaba.sync.sqlstore import SqlBoardStore
from tests.conftest import POSTGRES_ADMIN_URL
from tests.support.server import PostgresDatabases


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[[], SqlBoardStore]]:
    """Stores on the suite's backend; on PostgreSQL every call shares one fresh database,
    so two stores act like two processes on the same data."""
    databases = PostgresDatabases(POSTGRES_ADMIN_URL) if POSTGRES_ADMIN_URL else None
    url = databases.create() if databases else ""

    def make() -> SqlBoardStore:
        if url:
            return SqlBoardStore.postgresql(url)
        return SqlBoardStore.sqlite(tmp_path / "boards.sqlite3", "NORMAL")

    yield make
    if databases is not None:
        databases.drop(url)
