"""The audit log's append-only triggers, for tests that empty the database between tests.

A transactional test ends with Django flushing every table, which the triggers refuse for
`audit_entry` (as they must). Such tests run with the triggers dropped; every other
database test gets them back first (tests/conftest.py)."""

from __future__ import annotations

import importlib
from typing import Any

from django.db import connection

_MIGRATION: Any = importlib.import_module("indaba.audit.migrations.0002_append_only")


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop() -> None:
    _execute(_MIGRATION.SQLITE_DROP if connection.vendor == "sqlite" else _MIGRATION.POSTGRES_DROP)


def restore() -> None:
    """Create the triggers again where they are missing."""
    from indaba.audit.services import missing_triggers

    if missing_triggers():
        drop()  # all or none: PostgreSQL's function is replaced with its triggers
        _execute(_MIGRATION.SQLITE if connection.vendor == "sqlite" else _MIGRATION.POSTGRES)
