"""Operator commands that change things are recorded with the actor `cli`; `indaba audit
redact` and `export` work on a real data directory."""

from __future__ import annotations

import json
from pathlib import Path

from tests.audit.support import indaba


def exported(data: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in indaba(data, "audit", "export").stdout.splitlines()]


def test_operator_commands_are_recorded_and_a_person_can_be_redacted(tmp_path: Path) -> None:
    board = json.loads(indaba(tmp_path, "board", "create", "--title", "Retro").stdout)
    token = indaba(tmp_path, "board", "token", board["id"], "--name", "Zola").stdout.strip()
    indaba(tmp_path, "board", "revoke", token)
    indaba(tmp_path, "board", "export", board["id"])
    indaba(tmp_path, "demo")
    rows = exported(tmp_path)
    assert {r["actor"] for r in rows} == {"cli"}
    actions = [r["action"] for r in rows]
    assert actions[:5] == ["operator.migrate", "operator.board_create",
                           "boards.token_issued", "boards.token_revoked", "boards.export"]
    assert "audit.0002_append_only" in rows[0]["payload"]["applied"]  # type: ignore[index]
    assert actions.count("operator.migrate") == 1  # later commands had nothing to apply
    assert "operator.demo" in actions and "communities.member_added" in actions
    assert rows[1]["payload"] == {"title": "Retro"}
    assert rows[2]["payload"]["name"] == "Zola"  # type: ignore[index]

    result = json.loads(indaba(tmp_path, "audit", "redact", "thandi").stdout)
    assert result["redacted"]  # her membership and the facilitator link's token
    after = exported(tmp_path)
    assert [r["seq"] for r in after if r["redacted"]] == result["redacted"]
    assert "Thandi" not in json.dumps([r["payload"] for r in after if r["redacted"]])
    assert after[len(rows)]["action"] == "audit.export"  # the first export, recorded
    verified = indaba(tmp_path, "audit", "verify").stdout.strip()
    assert verified == f"ok {len(after) + 1} entries ({len(result['redacted'])} redacted)"
    assert indaba(tmp_path, "audit", "redact", "nobody", check=False).returncode == 1
