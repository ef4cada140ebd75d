"""`indaba person export|erase` and `indaba retention run` on a real data directory (the
demo community), as separate processes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.audit.support import indaba


def test_export_erase_and_the_chain_still_verifies(tmp_path: Path) -> None:
    indaba(tmp_path, "demo")
    board = json.loads(indaba(tmp_path, "board", "list").stdout.splitlines()[0])["id"]
    before = json.loads(indaba(tmp_path, "person", "export", "thandi").stdout)
    assert before["account"]["username"] == "thandi" and before["memberships"]
    assert "Thandi Nkosi" in indaba(tmp_path, "audit", "export").stdout

    refused = indaba(tmp_path, "person", "erase", "thandi", check=False)
    assert refused.returncode == 1  # asks first; no answer on standard input is a no
    done = json.loads(indaba(tmp_path, "person", "erase", "thandi", "--yes").stdout)
    assert done["pseudonym"].startswith("Former member ") and done["audit_redacted"]
    # The demo's notes name their authors by first name only, without an author id: by
    # no rule hers (docs/privacy.md), so no board changes.
    assert done["boards"] == [] and done["changed"]["board_notes"] == 0
    assert done["changed"]["agenda_items"] == 2  # she speaks twice on the agenda

    assert indaba(tmp_path, "person", "export", "thandi", check=False).returncode == 1
    session = json.loads(indaba(tmp_path, "person", "export", done["account"]).stdout)
    assert "Thandi" not in json.dumps(session) and "Nkosi" not in json.dumps(session)
    verified = indaba(tmp_path, "audit", "verify").stdout
    assert verified.startswith("ok ") and f"({len(done['audit_redacted'])} redacted)" in verified
    trail = indaba(tmp_path, "audit", "export").stdout
    assert "Thandi Nkosi" not in trail and '"privacy.person_erased"' in trail
    assert board  # the demo board is still there, with every note


def test_retention_run_reports_each_record_type(tmp_path: Path) -> None:
    indaba(tmp_path, "demo")
    dry = json.loads(indaba(tmp_path, "retention", "run", "--dry-run").stdout)
    assert dry["dry_run"] is True
    assert set(dry["records"]) == {"attendance", "activity", "votes", "login_failures",
                                   "access_tokens", "join_links", "outbox"}
    done = json.loads(indaba(tmp_path, "retention", "run").stdout)
    assert done["records"]["votes"] == {"days": 30, "count": 0}
    assert '"privacy.retention"' in indaba(tmp_path, "audit", "export").stdout
