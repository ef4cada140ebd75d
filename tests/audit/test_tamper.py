"""An attacker with write access to the database file (who drops the triggers first) edits
a copy of a real log; `indaba audit verify` names the first bad entry and what happened."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indaba.audit import chain
from tests.audit.support import appender, indaba, wait_ok

ENTRIES = 8  # `indaba migrate` records entry 1, the appender 2..8; the checkpoint entry is 9


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose log holds 8 events, a checkpoint of entry 8 (cp.json) and
    the `audit.checkpoint` event as entry 9."""
    data = tmp_path_factory.mktemp("audit-seed")
    indaba(data, "migrate")
    wait_ok(appender(data, worker=1, count=ENTRIES - 1))
    indaba(data, "audit", "checkpoint", "--out", str(data / "cp.json"))
    return data


@pytest.fixture
def copy(seeded: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(seeded, target)
    return target


@contextmanager
def attacker(data: Path) -> Iterator[sqlite3.Connection]:
    """The database file opened directly, with the append-only triggers dropped."""
    db = sqlite3.connect(data / "indaba.sqlite3")
    db.execute("DROP TRIGGER audit_entry_no_update")
    db.execute("DROP TRIGGER audit_entry_no_delete")
    try:
        yield db
        db.commit()
    finally:
        db.close()


def verify(data: Path, *extra: str) -> tuple[int, str]:
    result = indaba(data, "audit", "verify", *extra, check=False)
    return result.returncode, result.stdout.strip()


def test_the_untouched_copy_verifies_with_and_without_its_checkpoint(copy: Path) -> None:
    assert verify(copy) == (0, f"ok {ENTRIES + 1} entries (0 redacted)")
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"))
    assert (code, out) == (0, f"ok {ENTRIES + 1} entries (0 redacted); matches the checkpoint "
                              f"at entry {ENTRIES}")


def test_the_triggers_refuse_changes_to_the_file(copy: Path) -> None:
    db = sqlite3.connect(copy / "indaba.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_entry SET actor = 'user:9' WHERE seq = 4")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_entry WHERE seq = 9")
    db.close()


def test_a_changed_field_is_a_hash_mismatch_at_that_entry(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("UPDATE audit_entry SET actor = 'user:999' WHERE seq = 4")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 4: hash mismatch:")


def test_dropped_triggers_are_reported(copy: Path) -> None:
    assert "triggers" not in indaba(copy, "audit", "verify").stderr
    with attacker(copy):
        pass
    result = indaba(copy, "audit", "verify")  # the entries themselves are intact
    assert "warning: the append-only triggers are gone (audit_entry_no_delete, " \
           "audit_entry_no_update)" in result.stderr


def test_a_rewritten_entry_with_a_recomputed_hash_is_named(copy: Path) -> None:
    with attacker(copy) as db:
        row = db.execute("SELECT seq, at, actor, action, object_type, object_id, "
                         "payload_digest, prev_hash FROM audit_entry WHERE seq = 4").fetchone()
        body = chain.entry_body(seq=4, at=_iso(row[1]), actor="system", action="test.forged",
                                object_type=row[4], object_id=row[5], payload_digest=row[6])
        db.execute("UPDATE audit_entry SET action = 'test.forged', hash = ? WHERE seq = 4",
                   (chain.entry_hash(row[7], body),))
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 4: hash mismatch: this entry was rewritten")


def test_a_deleted_middle_entry_is_a_gap(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("DELETE FROM audit_entry WHERE seq = 4")
        db.execute("DELETE FROM audit_payload WHERE seq = 4")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 4: gap: entry 4 is missing")


def test_a_deleted_entry_with_the_rest_renumbered_is_a_gap(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("DELETE FROM audit_entry WHERE seq = 4")
        db.execute("DELETE FROM audit_payload WHERE seq = 4")
        for table in ("audit_entry", "audit_payload"):
            db.execute(f"UPDATE {table} SET seq = seq + 1000 WHERE seq > 4")
            db.execute(f"UPDATE {table} SET seq = seq - 1001 WHERE seq > 1000")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 4: gap:")


def test_a_jump_in_the_sequence_is_a_gap(copy: Path) -> None:
    with attacker(copy) as db:
        for table in ("audit_entry", "audit_payload"):
            db.execute(f"UPDATE {table} SET seq = seq + 10 WHERE seq >= 6")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 6: gap: entry 6 is missing (the log goes on at 16)")


def test_two_swapped_entries_are_a_reorder(copy: Path) -> None:
    with attacker(copy) as db:
        for table in ("audit_entry", "audit_payload"):
            db.execute(f"UPDATE {table} SET seq = 1004 WHERE seq = 4")
            db.execute(f"UPDATE {table} SET seq = 4 WHERE seq = 5")
            db.execute(f"UPDATE {table} SET seq = 5 WHERE seq = 1004")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 4: reorder:")


def test_an_inserted_entry_is_named_even_with_a_valid_hash(copy: Path) -> None:
    """The attacker knows the scheme: the forged entry 5 chains correctly from entry 4 and
    the entries after it are renumbered. Entry 6 (the old 5) still names entry 4."""
    with attacker(copy) as db:
        for table in ("audit_entry", "audit_payload"):
            db.execute(f"UPDATE {table} SET seq = seq + 1000 WHERE seq >= 5")
            db.execute(f"UPDATE {table} SET seq = seq - 999 WHERE seq > 1000")
        (prev,) = db.execute("SELECT hash FROM audit_entry WHERE seq = 4").fetchone()
        data = chain.canonical({"note": "never happened"})
        body = chain.entry_body(seq=5, at="2026-01-01T00:00:00.000000Z", actor="system",
                                action="auth.sign_in", object_type="user", object_id="1",
                                payload_digest=chain.digest({"note": "never happened"}))
        db.execute("INSERT INTO audit_entry (seq, at, actor, action, object_type, object_id,"
                   " payload_digest, prev_hash, hash) VALUES (5, '2026-01-01 00:00:00', "
                   "'system', 'auth.sign_in', 'user', '1', ?, ?, ?)",
                   (body["payload_digest"], prev, chain.entry_hash(prev, body)))
        db.execute("INSERT INTO audit_payload (seq, data, subjects) VALUES (5, ?, ' ')",
                   (data.decode(),))
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 5: inserted: entries 5..5 were not in the chain")


def test_a_changed_payload_is_caught_through_its_digest(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("""UPDATE audit_payload SET data = '{"note":"edited"}' WHERE seq = 3""")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 3: payload changed:")


def test_payload_marked_redacted_without_a_redaction_event_is_caught(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("""UPDATE audit_payload SET data = '{"redacted":true}',
                      redacted_at = '2026-01-01 00:00:00' WHERE seq = 3""")
    code, out = verify(copy)
    assert code == 1
    assert out.startswith("FAIL at entry 3: unrecorded redaction:")


def test_truncation_is_caught_only_against_a_checkpoint(copy: Path) -> None:
    with attacker(copy) as db:
        db.execute("DELETE FROM audit_entry WHERE seq >= 8")
        db.execute("DELETE FROM audit_payload WHERE seq >= 8")
    # The shorter log is a valid chain on its own: nothing can tell it was longer...
    assert verify(copy) == (0, "ok 7 entries (0 redacted)")
    # ...except a signed checkpoint kept outside the database.
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"))
    assert code == 1
    assert out.startswith("FAIL at entry 8: truncated: the log ends at entry 7 but a signed "
                          "checkpoint vouches for entry 8")


def test_history_rewritten_up_to_the_checkpoint_is_caught(copy: Path) -> None:
    """Rebuilding the whole chain from the genesis value keeps it self-consistent; the signed
    head no longer matches."""
    with attacker(copy) as db:
        rows = db.execute("SELECT seq, at, actor, action, object_type, object_id, "
                          "payload_digest FROM audit_entry ORDER BY seq").fetchall()
        prev = chain.GENESIS
        for seq, at, actor, action, otype, oid, pdigest in rows:
            actor = "user:666" if seq == 2 else actor
            body = chain.entry_body(seq=seq, at=_iso(at), actor=actor, action=action,
                                    object_type=otype, object_id=oid, payload_digest=pdigest)
            new = chain.entry_hash(prev, body)
            db.execute("UPDATE audit_entry SET actor = ?, prev_hash = ?, hash = ? "
                       "WHERE seq = ?", (actor, prev, new, seq))
            prev = new
    assert verify(copy) == (0, f"ok {ENTRIES + 1} entries (0 redacted)")
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"))
    assert code == 1
    assert out.startswith(f"FAIL at entry {ENTRIES}: checkpoint mismatch:")


def test_a_checkpoint_with_a_bad_signature_is_refused(copy: Path) -> None:
    body = json.loads((copy / "cp.json").read_text())
    body["sequence"] = 3
    (copy / "cp.json").write_text(json.dumps(body))
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"))
    assert code == 1
    assert out == "FAIL at entry 3: bad checkpoint: bad checkpoint signature"


def test_a_checkpoint_signed_by_another_key_is_refused(copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    indaba(other, "migrate")
    indaba(other, "audit", "checkpoint", "--out", str(other / "cp.json"))
    code, out = verify(copy, "--checkpoint", str(other / "cp.json"))
    assert code == 1
    assert "bad checkpoint signature: signed by another key" in out


def _iso(stored: str) -> str:
    """Django stores SQLite times as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC."""
    date, _, time = stored.partition(" ")
    if "." not in time:
        time += ".000000"
    return f"{date}T{time}Z"


def test_an_auditor_checks_checkpoints_with_the_public_key_alone(copy: Path,
                                                                 tmp_path: Path) -> None:
    public = indaba(copy, "audit", "public-key").stdout.strip()
    (copy / "audit" / "signing-key.pem").unlink()  # the auditor's copy has no private key
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"), "--public-key", public)
    assert code == 0 and out.endswith(f"matches the checkpoint at entry {ENTRIES}")
    other = tmp_path / "other"
    other.mkdir()
    stranger = indaba(other, "audit", "public-key").stdout.strip()
    code, out = verify(copy, "--checkpoint", str(copy / "cp.json"), "--public-key", stranger)
    assert code == 1 and "bad checkpoint signature: signed by another key" in out
    result = indaba(copy, "audit", "verify", "--checkpoint", str(copy / "cp.json"),
                    check=False)
    assert result.returncode == 1 and "no audit signing key" in result.stderr
