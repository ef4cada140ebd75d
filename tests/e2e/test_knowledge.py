"""The knowledge cycle in headless Chromium against a real server: a facilitator harvests
the two top-voted notes of the session's board into a lesson from the workshop panel, sends
it for review; a reviewer asks for changes; the author revises; a reviewer from another
unit approves; the lesson is published, found by a word of its text, and "Open on the
board" shows the notes it came from, selected."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenContext
from tests.e2e.test_board_page import shots
from tests.e2e.test_facilitation import ready, sign_in, wait_until
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser
__all__ = ["shots"]

TITLE = "A check-in round keeps online people talking"
REVISION = "Rehearsal of the check-in round with the online host made it work."

# Facilitation calls made with the page's own board token (the vote is set up this way;
# the voting controls themselves are tested in test_facilitation.py).
API = """async ([name, body]) => {
  const config = JSON.parse(document.getElementById('indaba-board-config').textContent);
  const response = await fetch(`${config.facilitationUrl}/${name}`, {method: 'POST',
    headers: {'Content-Type': 'application/json', Authorization: `Bearer ${config.token}`},
    body: JSON.stringify(body)});
  return [response.status, await response.json()];
}"""

NOTES = """() => {
  const map = window.__indaba.doc.getMap('elements');
  const texts = {};
  for (const e of map.values()) if (e.type === 'text' && e.containerId && !e.isDeleted)
    texts[e.containerId] = e.originalText || e.text;
  return [...map.values()].filter((e) => !e.isDeleted && e.customData?.indaba?.kind === 'sticky')
    .map((e) => ({id: e.id, text: texts[e.id] || ''}));
}"""


def call(page: Page, name: str, body: dict[str, Any]) -> Any:
    status, data = page.evaluate(API, [name, body])
    assert status == 200, (name, status, data)
    return data


def demo(server: IndabaServer) -> tuple[str, str]:
    """The demo board's id and the demo accounts' password."""
    made = server.cli("demo", "--base-url", server.url)
    board = re.search(r"next=/boards/([A-Za-z0-9]+)", made.stdout)
    password = re.search(r"password '([^']+)'", made.stderr)
    assert board and password, (made.stdout, made.stderr)
    return board.group(1), password.group(1)


def test_harvest_review_publish_search_and_open_on_the_board(
        server: IndabaServer, open_context: OpenContext, shots: Path) -> None:
    board_id, password = demo(server)

    # The facilitator runs a quick vote on the board, then harvests the two top notes.
    _, thandi, watch = open_context(server.url)
    sign_in(thandi, server.url, "thandi", password)
    thandi.goto(f"{server.url}/boards/{board_id}")
    ready(thandi)
    notes = wait_until(lambda: thandi.evaluate(NOTES), what="the board's notes")
    assert len(notes) >= 3, notes
    first, second, third = notes[0], notes[1], notes[2]
    call(thandi, "vote/start", {"votesPerPerson": 6, "anonymous": True})
    for note in (first, first, first, second, second, third):
        call(thandi, "vote/cast", {"elementId": note["id"]})
    ranking = call(thandi, "vote/reveal", {})["ranking"]
    top = [row["elementId"] for row in ranking[:2]]
    assert top == [first["id"], second["id"]]

    thandi.evaluate("ids => window.__indaba.api.updateScene({appState: {selectedElementIds:"
                    " Object.fromEntries(ids.map((id) => [id, true]))}})", top)
    panel = thandi.get_by_test_id("workshop-panel")
    if not panel.is_visible():
        thandi.get_by_role("button", name="Workshop tools").click()
    panel.get_by_role("button", name=re.compile("^Knowledge harvest")).click()
    panel.get_by_test_id("harvest-title").fill(TITLE)
    panel.get_by_test_id("harvest-selected").click()
    made = panel.get_by_test_id("harvest-made")
    expect(made).to_contain_text("Draft made")
    draft_url = made.get_by_role("link", name="Open the draft").get_attribute("href")
    assert draft_url and re.fullmatch(r"/knowledge/items/\d+/", draft_url), draft_url
    item_id = int(draft_url.split("/")[-2])
    # Every page marks the two notes as harvested into this item.
    wait_until(lambda: all(thandi.evaluate(
        "id => window.__indaba.doc.getMap('harvest').get(id)?.itemId", note_id) == item_id
        for note_id in top), what="the harvest map names the new item")
    expect(thandi.get_by_test_id("harvest-badge").first).to_be_visible()

    # The author sends the draft for review.
    thandi.goto(server.url + draft_url)
    expect(thandi.get_by_role("heading", level=1)).to_have_text(TITLE)
    provenance = thandi.get_by_test_id("provenance")
    expect(provenance).to_contain_text(first["text"][:20])
    expect(provenance).to_contain_text(second["text"][:20])
    thandi.get_by_role("button", name="Send for review").click()
    expect(thandi.locator(".phase-badge")).to_have_text("In review")

    # A reviewer (Internal Audit: another unit than the author's) asks for changes.
    _, ayesha, _ = open_context(server.url)
    sign_in(ayesha, server.url, "ayesha", password)
    ayesha.goto(f"{server.url}/knowledge/inbox/")
    ayesha.get_by_role("link", name=TITLE).click()
    ayesha.get_by_label("What should change").fill("Say what made the check-in work.")
    ayesha.get_by_role("button", name="Request changes").click()
    expect(ayesha.locator(".phase-badge")).to_have_text("Changes requested")

    # The author revises and sends it again.
    thandi.goto(server.url + draft_url)
    expect(thandi.get_by_text("Say what made the check-in work.")).to_be_visible()
    thandi.get_by_role("link", name="Edit").click()
    summary = thandi.get_by_label("Summary")
    summary.fill(summary.input_value() + "\n" + REVISION)
    thandi.get_by_role("button", name="Save draft").click()
    thandi.goto(server.url + draft_url)
    thandi.get_by_role("button", name="Send for review").click()
    expect(thandi.locator(".phase-badge")).to_have_text("In review")

    # The reviewer approves: one approval is the community's rule, so it is published.
    ayesha.goto(server.url + draft_url)
    ayesha.get_by_role("button", name="Approve").click()
    expect(ayesha.locator(".phase-badge")).to_have_text("Published")
    ayesha.screenshot(path=str(shots / "knowledge-item.png"), full_page=True)

    # Anyone in the instance finds it by a word of its text.
    thandi.goto(f"{server.url}/knowledge/?q=rehearsal")
    results = thandi.get_by_role("link", name=TITLE)
    expect(results).to_have_count(1)
    thandi.screenshot(path=str(shots / "knowledge-search.png"), full_page=True)

    # "Open on the board" shows the two source notes, selected, in view.
    results.click()
    thandi.get_by_test_id("open-on-board").click()
    ready(thandi)
    selected = wait_until(lambda: sorted(thandi.evaluate(
        "() => Object.keys(window.__indaba.api.getAppState().selectedElementIds)")) or None,
        what="the source notes selected")
    assert selected == sorted(top)
    in_view = thandi.evaluate("""ids => {
      const s = window.__indaba.api.getAppState();
      return window.__indaba.api.getSceneElements().filter((e) => ids.includes(e.id)).every((e) =>
        (e.x + s.scrollX) * s.zoom.value >= 0 && (e.y + s.scrollY) * s.zoom.value >= 0 &&
        (e.x + e.width + s.scrollX) * s.zoom.value <= s.width &&
        (e.y + e.height + s.scrollY) * s.zoom.value <= s.height);
    }""", top)
    assert in_view
    # A member in the room writes a note on the phone page and harvests it from there.
    _, phone, _ = open_context(server.url, phone=True)
    sign_in(phone, server.url, "sipho", password)
    phone.goto(f"{server.url}/boards/{board_id}/phone")
    idea = "Test the room microphone before people arrive"
    phone.get_by_role("textbox", name="Note").fill(idea)
    phone.get_by_role("button", name="Add note").click()
    box = phone.get_by_test_id("phone-harvest")
    box.locator("summary").click()
    box.get_by_role("button", name=f"Harvest “{idea}”").click()
    expect(box.get_by_test_id("harvest-made")).to_contain_text("Draft made")
    phone_draft = box.get_by_role("link", name="Open the draft").get_attribute("href")
    assert phone_draft and phone_draft != draft_url
    phone.goto(server.url + phone_draft)
    expect(phone.get_by_test_id("provenance")).to_contain_text(idea)
    phone.screenshot(path=str(shots / "phone-harvest.png"), full_page=True)

    # The audit trail holds the harvest and every review decision, and still verifies.
    entries = [json.loads(line) for line in
               server.cli("audit", "export", "--format", "jsonl").stdout.splitlines() if line]
    actions = [e["action"] for e in entries if e["action"].startswith("knowledge.")]
    assert "knowledge.harvested" in actions and "knowledge.approved" in actions
    assert server.cli("audit", "verify").stdout.startswith("ok ")
    assert watch.console_errors == [], watch.console_errors
