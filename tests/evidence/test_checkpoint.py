"""The audit checkpoint printed on a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.evidence.conftest import Scenario, march


def test_checkpoint_line(scenario: Scenario, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDABA_DATA_DIR", str(tmp_path))
    assert march(scenario).checkpoint == ""
    from indaba.audit import services as audit_services

    body = audit_services.checkpoint()
    line = march(scenario).checkpoint
    assert line == (f"Audit trail checkpoint: entry {body['sequence']}, hash "
                    f"{body['hash'][:16]}, signed {body['at']} (key {body['key_id']})")
    (tmp_path / "audit" / "signing-key.pem").unlink()
    assert march(scenario).checkpoint.startswith("Audit checkpoint does not verify")
