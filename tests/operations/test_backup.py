"""`indaba backup` while a stock-protocol client writes, then `indaba restore` into a new
data directory (and, on PostgreSQL, a new database): nothing acknowledged is lost.

*Acknowledged*: the server commits an update before it sends it to any other client
(docs/architecture.md, "durable before visible"), so an edit that a second client (the
watcher) held before the backup command started was committed before the backup began,
and the backup's snapshot must contain it. The writer's own copy is no evidence (a client
holds its own edits from the start). Runs on the suite's database (SQLite, or PostgreSQL
with INDABA_TEST_POSTGRES_URL, as scripts/test does both)."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import stat
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.conftest import POSTGRES_ADMIN_URL
from tests.operations.helpers import PNG, restore, run_django
from tests.support.server import INDABA, IndabaServer
from tests.support.yclient import YClient

# Seeds rows the backup must carry (attendance of the demo session, an image on the
# board) in the server's own database, through Indaba's models and services.
SEED = """
from indaba.boards import services
from indaba.boards.models import Board
from indaba.meetings.models import Attendance, Session
session = Session.objects.order_by("pk").first()
for i, presence in enumerate(["in_room", "online", "online"]):
    Attendance.objects.create(session=session, name=f"Attendee {i}", presence=presence,
                              method="code")
image_id, _ = services.add_image(Board.objects.get(pk=ARG), PNG)
result = image_id
"""

# Reads back what must survive: knowledge items and attendance rows, each in full.
ROWS = """
from indaba.knowledge.models import KnowledgeItem
from indaba.meetings.models import Attendance
result = {
    "knowledge": [[k.pk, k.title, k.state, k.summary, k.lesson]
                  for k in KnowledgeItem.objects.order_by("pk")],
    "attendance": [[a.pk, a.session_id, a.name, a.presence]
                   for a in Attendance.objects.order_by("pk")],
}
"""


def get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return bytes(response.read())


async def test_backup_while_writing_restores_every_acknowledged_edit(
        make_server: Callable[..., IndabaServer], new_database: Callable[[], str],
        tmp_path: Path) -> None:
    server = make_server()
    server.cli("demo")  # a community, a session and its knowledge items
    board = server.create_board("Notes")
    image_id = run_django(server, SEED, board)
    rows_before = run_django(server, ROWS)
    server.cli("audit", "checkpoint")  # a signed checkpoint the restore must still match
    assert rows_before["knowledge"]
    assert {f"Attendee {i}" for i in range(3)} <= {row[2] for row in rows_before["attendance"]}

    writer = await YClient(server.ws_url, board, server.token(board, name="Writer")).connect()
    watcher = await YClient(server.ws_url, board, server.token(board, name="Watcher")).connect()
    await asyncio.gather(writer.synced.wait(), watcher.synced.wait())
    written: list[str] = []
    stop = asyncio.Event()

    async def write() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            written.append(f"note-{n}")
            writer.set_element(written[-1], x=n, version=1)
            await asyncio.sleep(0.01)

    writing = asyncio.create_task(write())
    await watcher.wait_for(lambda: len(watcher.elements) >= 50, timeout=20)

    backup_dir = tmp_path / "backup"
    acknowledged = set(watcher.elements.keys())  # seen by another client: committed
    backup = await asyncio.create_subprocess_exec(
        INDABA, "backup", str(backup_dir), env=server.env(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(backup.communicate(), timeout=60)
    assert backup.returncode == 0, err.decode()
    during = len(watcher.elements) - len(acknowledged)
    stop.set()
    await writing
    await writer.close()
    await watcher.close()
    server.stop()

    summary = json.loads(out)
    assert summary["engine"] == ("postgresql" if POSTGRES_ADMIN_URL else "sqlite")
    assert "backup: database:" in err.decode()  # progress lines
    assert during > 0, "the client was not writing while the backup ran"
    assert stat.S_IMODE(backup_dir.stat().st_mode) == 0o700
    for path in backup_dir.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["board_store_tables"] is True
    assert f"data/media/images/{image_id[:2]}" in " ".join(f["path"] for f in manifest["files"])
    assert any(f["path"] == "keys/audit-signing-key.pem" for f in manifest["files"])

    # Into a new data directory and a new database.
    restored = IndabaServer(tmp_path / "restored", new_database(), name="restored")
    done = restore(restored, backup_dir)
    assert done.returncode == 0, done.stderr
    assert "restore: checksums: all match" in done.stderr
    assert "restore: audit trail: ok" in done.stderr
    assert restored.cli("audit", "verify").stdout.startswith("ok ")
    verified = restored.cli("audit", "verify", "--checkpoint",
                            str(restored.data_dir / "audit" / "checkpoint.json")).stdout
    assert "matches the checkpoint" in verified

    restored.start()
    try:
        ids = {e["id"] for e in restored.export_json(board)["elements"]}
        assert acknowledged <= ids, f"lost acknowledged edits: {sorted(acknowledged - ids)[:5]}"
        assert ids <= set(written)
        rows_after = run_django(restored, ROWS)
        assert rows_after["knowledge"] == rows_before["knowledge"]
        assert rows_after["attendance"] == rows_before["attendance"]
        token = restored.token(board)
        assert get(f"{restored.url}/boards/{board}/images/{image_id}", token) == PNG
    finally:
        restored.stop()

    # A restore never lands on data: the restored directory is refused now.
    again = restore(restored, backup_dir)
    assert again.returncode != 0 and "is not empty" in again.stderr

    # An altered backup is refused before anything is written, naming the file.
    tampered = tmp_path / "tampered"
    shutil.copytree(backup_dir, tampered)
    db_file = tampered / manifest["database_file"]
    os.chmod(db_file, 0o600)
    with db_file.open("r+b") as handle:
        handle.seek(db_file.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    elsewhere = IndabaServer(tmp_path / "elsewhere", new_database(), name="elsewhere")
    refused = restore(elsewhere, tampered)
    assert refused.returncode != 0
    assert f"{manifest['database_file']}: its SHA-256 does not match" in refused.stderr
    assert not any(elsewhere.data_dir.iterdir())
