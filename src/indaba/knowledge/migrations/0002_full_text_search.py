"""Full-text search done by the database: on SQLite an FTS5 table over the items'
title and searchable text, kept by triggers; on PostgreSQL a generated tsvector column
with a GIN index (angle brackets read as spaces: PostgreSQL's parser would otherwise
skip anything that looks like an HTML tag, which FTS5 indexes as words). Each backend gets only its own; see indaba.knowledge.search.

SQLite note: Django rebuilds a SQLite table when a later migration alters certain
columns, which drops its triggers; a migration that alters knowledge_knowledgeitem must
re-run SQLITE_FORWARD's triggers (and 'rebuild' the FTS table)."""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, search_text, "
    "content='knowledge_knowledgeitem', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER knowledge_fts_ai AFTER INSERT ON knowledge_knowledgeitem BEGIN "
    "INSERT INTO knowledge_fts(rowid, title, search_text) "
    "VALUES (new.id, new.title, new.search_text); END",
    "CREATE TRIGGER knowledge_fts_ad AFTER DELETE ON knowledge_knowledgeitem BEGIN "
    "INSERT INTO knowledge_fts(knowledge_fts, rowid, title, search_text) "
    "VALUES ('delete', old.id, old.title, old.search_text); END",
    "CREATE TRIGGER knowledge_fts_au AFTER UPDATE OF title, search_text "
    "ON knowledge_knowledgeitem BEGIN "
    "INSERT INTO knowledge_fts(knowledge_fts, rowid, title, search_text) "
    "VALUES ('delete', old.id, old.title, old.search_text); "
    "INSERT INTO knowledge_fts(rowid, title, search_text) "
    "VALUES (new.id, new.title, new.search_text); END",
    "INSERT INTO knowledge_fts(knowledge_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
    "INSERT INTO knowledge_fts(knowledge_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_fts_ai", "DROP TRIGGER IF EXISTS knowledge_fts_ad",
    "DROP TRIGGER IF EXISTS knowledge_fts_au", "DROP TABLE IF EXISTS knowledge_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE knowledge_knowledgeitem ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', translate(coalesce(title, ''), '<>', '  ')), 'A') || "
    "setweight(to_tsvector('english', translate(coalesce(search_text, ''), '<>', '  ')), 'B'))"
    " STORED",
    "CREATE INDEX knowledge_item_search_gin ON knowledge_knowledgeitem "
    "USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS knowledge_item_search_gin",
    "ALTER TABLE knowledge_knowledgeitem DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})),
    ]
