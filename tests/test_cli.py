"""`indaba` commands run as an operator runs them (a process on a data directory)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.audit.support import indaba


def issued_names(data: Path) -> list[str]:
    rows = [json.loads(line) for line in indaba(data, "audit", "export").stdout.splitlines()]
    return [r["payload"]["name"] for r in rows if r["action"] == "boards.token_issued"]


def test_board_token_mints_one_token_per_name_in_order_or_none(tmp_path: Path) -> None:
    board = json.loads(indaba(tmp_path, "board", "create", "--title", "Retro").stdout)["id"]
    out = indaba(tmp_path, "board", "token", board, "--role", "viewer",
                 "--name", "Zola", "--name", "Sipho", "--name", "Anele").stdout
    lines = out.splitlines()
    assert len(lines) == 3 and len(set(lines)) == 3
    assert issued_names(tmp_path) == ["Zola", "Sipho", "Anele"]
    for token in lines:  # each one works: it can be revoked by itself
        assert indaba(tmp_path, "board", "revoke", token).returncode == 0

    refused = indaba(tmp_path, "board", "token", board, "--name", "Lulu", "--name", "  ",
                     check=False)
    assert refused.returncode != 0 and "display name is required" in refused.stderr
    assert refused.stdout == ""
    assert issued_names(tmp_path) == ["Zola", "Sipho", "Anele"]  # not Lulu's either

    assert indaba(tmp_path, "board", "token", board).stdout.count("\n") == 1
    assert issued_names(tmp_path)[-1] == "Guest"
