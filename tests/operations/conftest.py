"""Empty databases to restore into."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.conftest import POSTGRES_ADMIN_URL
from tests.support.server import PostgresDatabases


@pytest.fixture
def new_database() -> Iterator[Callable[[], str]]:
    """Empty databases to restore into (PostgreSQL), dropped afterwards; "" on SQLite."""
    databases = PostgresDatabases(POSTGRES_ADMIN_URL) if POSTGRES_ADMIN_URL else None
    made: list[str] = []

    def make() -> str:
        if databases is None:
            return ""
        made.append(databases.create())
        return made[-1]

    yield make
    for url in made:
        assert databases is not None
        databases.drop(url)
