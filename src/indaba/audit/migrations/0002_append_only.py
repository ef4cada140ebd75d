"""The log's head row (the genesis value) and the triggers that make the database refuse
UPDATE and DELETE on the log (and TRUNCATE on PostgreSQL). Redaction touches only
audit_payload. Someone with full database access can drop the triggers: the hash chain and
signed checkpoints are what detect that (docs/audit.md)."""

import hashlib

from django.db import migrations

GENESIS = hashlib.sha256(b"indaba.audit.genesis.v1").hexdigest()

SQLITE = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
       BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END""",
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
       BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_entry_no_update",
               "DROP TRIGGER IF EXISTS audit_entry_no_delete"]

POSTGRES = [
    """CREATE FUNCTION audit_entry_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$""",
    """CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse()""",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse()""",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
                 "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry",
                 "DROP FUNCTION IF EXISTS audit_entry_refuse()"]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES)
    else:
        raise RuntimeError(f"no append-only triggers for {vendor}")
    apps.get_model("audit", "Head").objects.using(schema_editor.connection.alias).create(
        id=1, seq=0, hash=GENESIS)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP)
    apps.get_model("audit", "Head").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
