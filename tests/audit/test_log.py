"""The log in the test database: recording, the triggers, redaction, canonical JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction

from indaba.audit import chain, checkpoints, context, services
from indaba.audit.models import Entry, Payload
from indaba.common.errors import Invalid

pytestmark = pytest.mark.django_db


def test_entries_chain_from_the_genesis_value() -> None:
    first = services.record("test.one", obj=("board", "b1"), payload={"title": "Ubuntu"})
    second = services.record("test.two", actor="user:7")
    assert (first, second) == (1, 2)
    one, two = Entry.objects.order_by("seq")
    assert one.prev_hash == chain.GENESIS and two.prev_hash == one.hash
    assert (one.actor, one.object_type, one.object_id) == ("system", "board", "b1")
    assert one.payload_digest == chain.digest({"title": "Ubuntu"})
    assert Payload.objects.get(seq=2).subjects == " user:7 "
    report = services.verify()
    assert (report.ok, report.entries, report.redacted) == (True, 2, 0)


def test_the_actor_comes_from_the_context() -> None:
    with context.acting(lambda: "user:3", ip="192.0.2.1"):
        services.record("test.ctx")
    entry = Entry.objects.get()
    assert entry.actor == "user:3"
    assert '"ip":"192.0.2.1"' in Payload.objects.get(seq=entry.seq).data


@pytest.mark.parametrize("action", ["signin", "Auth.sign_in", "auth.", "auth.sign in"])
def test_actions_are_dotted_names(action: str) -> None:
    with pytest.raises(Invalid):
        services.record(action)


def test_actors_and_subjects_are_references_not_names() -> None:
    with pytest.raises(Invalid):
        services.record("test.bad", actor="Thandi Nkosi")
    with pytest.raises(Invalid):
        services.record("test.bad", subjects=["Thandi Nkosi"])
    assert not Entry.objects.exists()


def test_the_database_refuses_update_and_delete_on_the_log(backend: str) -> None:
    services.record("test.keep", payload={"x": 1})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(seq=1).update(actor="user:1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(seq=1).delete()
    if backend == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_entry CASCADE")
    assert Entry.objects.get(seq=1).actor == "system"
    assert services.missing_triggers() == []
    # Redaction changes only the payload table, which stays writable.
    Payload.objects.filter(seq=1).update(data="{}")


def test_redaction_keeps_the_chain_and_is_reported() -> None:
    services.record("test.about", obj=("user", 5), payload={"name": "Thandi Nkosi"})
    services.record("test.other", payload={"name": "Sipho"})
    services.record("test.mail", payload={"email": "t@example.org"},
                    subjects=[services.email_ref("T@Example.org ")])
    redacted = services.redact(["user:5", services.email_ref("t@example.org")])
    assert redacted == [1, 3]
    assert Payload.objects.get(seq=1).data == '{"redacted":true}'
    assert "Sipho" in Payload.objects.get(seq=2).data
    last = Entry.objects.order_by("-seq").first()
    assert last is not None and last.action == "audit.redact"
    report = services.verify()
    assert (report.ok, report.entries, report.redacted) == (True, 4, 2)
    assert services.redact(["user:5"]) == []  # nothing left to redact: no new event
    rows = list(services.export_rows())
    assert [r["redacted"] for r in rows] == [True, False, True, False]
    assert rows[0]["payload"] is None and rows[3]["payload"] == {"sequences": [1, 3],
                                                                 "subjects": 2}


def test_canonical_json_is_one_spelling() -> None:
    johannesburg = timezone(timedelta(hours=2))
    moment = datetime(2026, 5, 1, 14, 0, tzinfo=johannesburg)
    assert chain.canonical({"b": 1, "a": [moment, None, True]}) == (
        b'{"a":["2026-05-01T12:00:00.000000Z",null,true],"b":1}')
    assert chain.canonical({"é": "ü"}) == '{"é":"ü"}'.encode()
    for bad in ({"x": 0.1}, {1: "x"}, {"x": datetime(2026, 1, 1)}, {"x": object()}):
        with pytest.raises(chain.NotCanonical):
            chain.canonical(bad)


def test_a_checkpoint_from_the_trusted_key_verifies_and_nothing_else() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    body = checkpoints.sign(4, "ab" * 32, at)
    trusted = checkpoints.load_key().public_key()
    assert checkpoints.verify(body, trusted) == checkpoints.Checkpoint(
        4, "ab" * 32, "2026-01-01T00:00:00.000000Z")
    with pytest.raises(checkpoints.CheckpointError, match="another key"):
        checkpoints.verify(body, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(checkpoints.CheckpointError, match="bad checkpoint signature"):
        checkpoints.verify({**body, "hash": "cd" * 32}, trusted)
    assert checkpoints.key_path().stat().st_mode & 0o777 == 0o600


def test_checkpoints_are_written_automatically_at_the_interval(
        django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = checkpoints.automatic_checkpoint_path()
    path.unlink(missing_ok=True)
    monkeypatch.setenv("INDABA_AUDIT_CHECKPOINT_MINUTES", "30")
    with django_capture_on_commit_callbacks(execute=True):
        services.record("test.first")
    written = checkpoints.read(path)
    assert (written["sequence"], written["hash"]) == (1, Entry.objects.get(seq=1).hash)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.record("test.soon")  # within 30 minutes of the last one: no new checkpoint
    assert callbacks == [] and checkpoints.read(path)["sequence"] == 1
    report = services.verify(written)
    assert report.ok and report.checkpoint is not None and report.checkpoint.sequence == 1
