"""Board history in headless Chromium against a real server: the facilitator restores an
earlier version while two participants keep drawing, everyone converges, and the restore
is undone from the history panel."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenContext
from tests.e2e.test_board_page import (
    READY,
    RECORDER,
    Person,
    note_texts,
    open_person,
    shots,
    wait_until,
)
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser
__all__ = ["shots"]

SHOWN = """() => Object.fromEntries([...window.__indaba.doc.getMap('elements').values()]
    .filter((e) => !e.isDeleted).map((e) => [e.id, e.version]))"""


def shown(person: Person) -> dict[str, int]:
    """What this browser's board document holds: live element ids and their versions."""
    return dict(person.page.evaluate(SHOWN))


def converged(*people: Person) -> dict[str, int] | None:
    first = shown(people[0])
    return first if all(shown(p) == first for p in people[1:]) else None


def texts(person: Person) -> set[str]:
    return note_texts(person.elements())


def history_items(person: Person) -> Any:
    return person.page.get_by_test_id("history-item")


def restore_from_panel(facilitator: Person, version: int) -> None:
    item = facilitator.page.locator(f"[data-testid=history-item][data-version='{version}']")
    item.get_by_role("button", name="Restore").click()
    item.get_by_role("button", name=f"Yes, restore version {version}").click()
    expect(facilitator.page.get_by_test_id("history-done")).to_contain_text(
        f"Restored version {version}")


def test_restore_while_others_draw_converges_and_can_be_undone(
        server: IndabaServer, open_context: OpenContext, shots: Path) -> None:
    link = server.cli("demo", "--base-url", server.url).stdout.strip()
    board = re.search(r"next=/boards/([A-Za-z0-9]+)", link)
    assert board, link
    board_id = board.group(1)
    context, page, watch = open_context(server.url)
    facilitator = Person(context, page, watch)
    page.goto(link)
    facilitator.wait_for(READY, timeout=60_000)
    page.evaluate(RECORDER)
    ada = open_person(open_context, server, board_id, "Ada")
    grace = open_person(open_context, server, board_id, "Grace")
    everyone = (facilitator, ada, grace)

    ada.add_note("Before A", at=(420, 640))
    grace.add_note("Before G", at=(700, 640))
    wait_until(lambda: {"Before A", "Before G"} <= texts(facilitator), "both notes arrive")

    # The facilitator saves a named version from the history panel.
    page.get_by_role("button", name=re.compile("^Board history")).click()
    page.get_by_test_id("history-name").fill("Checkpoint")
    page.get_by_role("button", name="Save a named version").click()
    expect(page.get_by_test_id("history-done")).to_contain_text("Saved version")
    named = page.locator("[data-testid=history-item][data-reason=named]")
    expect(named).to_have_count(1)
    checkpoint = int(named.get_attribute("data-version") or 0)
    wait_until(lambda: converged(*everyone), "everyone on the same board")
    at_checkpoint = texts(facilitator)

    # Both go on drawing: new notes, and Grace is mid-drag when the restore lands.
    ada.add_note("After A1", at=(420, 760))
    grace.add_note("After G1", at=(700, 760))
    wait_until(lambda: {"After A1", "After G1"} <= texts(facilitator), "later notes arrive")
    before_restore_texts = texts(facilitator)
    grace.page.keyboard.press("r")
    grace.page.mouse.move(900, 300)
    grace.page.mouse.down()
    grace.page.mouse.move(960, 340, steps=3)
    restore_from_panel(facilitator, checkpoint)
    grace.page.mouse.move(1020, 400, steps=3)
    grace.page.mouse.up()
    grace.page.keyboard.press("Escape")

    # Everyone converges on the restored notes, then what others add afterwards stays.
    wait_until(lambda: converged(*everyone) and texts(ada) == at_checkpoint,
               "everyone shows the restored version")
    ada.add_note("After restore A", at=(420, 520))
    grace.add_note("After restore G", at=(700, 520))
    expected = at_checkpoint | {"After restore A", "After restore G"}
    final = wait_until(lambda: converged(*everyone) if all(
        texts(p) == expected for p in everyone) else None, "restored board plus later notes")
    assert final

    # The restore is in the panel (newest first), and the before-restore version with it.
    page.get_by_role("button", name=re.compile("^Board history")).click()  # close …
    page.get_by_role("button", name=re.compile("^Board history")).click()  # … and reload
    restored = page.locator("[data-testid=history-item][data-reason=restore]")
    expect(restored).to_have_count(1)
    expect(history_items(facilitator).first).to_have_attribute("data-reason", "restore")
    before = page.locator("[data-testid=history-item][data-reason=before_restore]")
    before_number = int(before.get_attribute("data-version") or 0)
    section = page.locator("[data-section=history]")
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(shots / "history-panel.png"))

    # The restore is in the audit trail, with the version it brought back, and the trail
    # still verifies.
    entries = [json.loads(line) for line in
               server.cli("audit", "export", "--format", "jsonl").stdout.splitlines() if line]
    restores = [e for e in entries if e["action"] == "boards.restored"
                and e["object"] == {"type": "board", "id": board_id}]
    assert [e["payload"]["restored_from"] for e in restores] == [checkpoint], restores
    assert server.cli("audit", "verify").stdout.startswith("ok ")

    # What changed since the checkpoint names the notes added after the restore.
    item = page.locator(f"[data-testid=history-item][data-version='{checkpoint}']")
    item.get_by_role("button", name="What changed").click()
    expect(item.get_by_test_id("history-diff")).to_contain_text("After restore A")

    # A read-only preview of the before-restore version shows the notes it held.
    page.locator(f"[data-testid=history-item][data-version='{before_number}']") \
        .get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("history-preview")
    expect(preview).to_be_visible()
    expect(preview.locator("canvas").first).to_be_visible()
    page.screenshot(path=str(shots / "history-preview.png"))
    preview.get_by_role("button", name="Close preview").click()
    expect(preview).to_have_count(0)

    # Undo: restore the before-restore version; everyone gets the pre-restore notes back.
    restore_from_panel(facilitator, before_number)
    wait_until(lambda: converged(*everyone) if all(
        texts(p) == before_restore_texts for p in everyone) else None,
        "everyone shows the board as it was before the restore")
    for person in everyone:
        assert person.watch.console_errors == [], person.watch.console_errors
