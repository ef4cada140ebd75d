"""`indaba restore` of a backup made before the newest migration: the restore applies it and
names it; a restore over data needs --force and then replaces it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.operations.helpers import restore, run_django
from tests.support.server import IndabaServer

NEWEST = "meetings.0003_join_link_key_and_keep_open"
ROLL_BACK = """
from django.core.management import call_command
call_command("migrate", "meetings", "0002_join_code_successor_and_actions", verbosity=0)
result = None
"""


def test_an_older_backup_is_migrated_and_force_replaces_data(
        make_server: Callable[..., IndabaServer], new_database: Callable[[], str],
        tmp_path: Path) -> None:
    old = make_server(start=False)
    old.cli("migrate")
    run_django(old, ROLL_BACK)  # an installation of the version before NEWEST
    backup = tmp_path / "backup"
    old.cli("backup", str(backup))  # a backup never migrates
    assert NEWEST not in json.loads((backup / "manifest.json").read_text())["migrations"]

    target = IndabaServer(tmp_path / "new", new_database(), name="new")
    done = restore(target, backup)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["migrations_applied"] == [NEWEST]
    assert f"restore: migrations: 1 applied since the backup was made ({NEWEST})" in done.stderr
    assert target.cli("audit", "verify").stdout.startswith("ok ")

    refused = restore(target, backup)
    assert refused.returncode != 0 and "is not empty" in refused.stderr
    forced = restore(target, backup, "--force")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout)["migrations_applied"] == [NEWEST]
    assert target.cli("audit", "verify").stdout.startswith("ok ")
