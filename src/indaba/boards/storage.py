"""Opens the board store on the same database Django uses."""

from __future__ import annotations

from django.db import connections
from psycopg.conninfo import make_conninfo

from indaba import config
from indaba.boards.document import CLIENT_WRITABLE_ROOTS
from indaba.common.database import sqlite_path
from indaba.sync.limits import Limits
from indaba.sync.policy import WritePolicy
from indaba.sync.sqlstore import SqlBoardStore


def open_store() -> SqlBoardStore:
    """The board store on the database Django is using (the test database under tests)."""
    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        conninfo = make_conninfo(
            dbname=settings_dict["NAME"], user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            host=settings_dict.get("HOST") or None, port=settings_dict.get("PORT") or None,
        )
        return SqlBoardStore.postgresql(conninfo)
    # SQLite: the data directory's file (Django's in-memory test database cannot be shared
    # with the store's own connection; the store's tables stand alone).
    return SqlBoardStore.sqlite(sqlite_path(config.data_dir()), config.get("SQLITE_SYNCHRONOUS"))


def limits_from_config() -> Limits:
    return Limits(
        max_message_bytes=config.get("MAX_MESSAGE_BYTES"),
        max_document_bytes=config.get("MAX_DOCUMENT_BYTES"),
        max_clients_per_board=config.get("MAX_CLIENTS_PER_BOARD"),
        rate_messages_per_second=config.get("RATE_MESSAGES_PER_SECOND"),
        rate_burst=config.get("RATE_BURST"),
        client_queue_messages=config.get("CLIENT_QUEUE_MESSAGES"),
        compact_after_updates=config.get("COMPACT_AFTER_UPDATES"),
        idle_unload_seconds=config.get("IDLE_UNLOAD_SECONDS"),
        awareness_timeout_seconds=config.get("AWARENESS_TIMEOUT_SECONDS"),
        presence_tick_seconds=config.get("PRESENCE_TICK_MS") / 1000,
        presence_coalesce_min_clients=config.get("PRESENCE_COALESCE_MIN_CLIENTS"),
        token_check_seconds=config.get("TOKEN_CHECK_SECONDS"),
        max_value_depth=config.get("MAX_VALUE_DEPTH"),
    )


def write_policy() -> WritePolicy:
    """Browsers write elements and image metadata; the workshop maps are the server's."""
    return WritePolicy(client_roots=frozenset(CLIENT_WRITABLE_ROOTS))
