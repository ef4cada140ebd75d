"""A whole session by keyboard alone, with the board's list view, in headless Chromium.

Nomsa joins the demo session by its code and takes part without a mouse: she opens the
list view through the skip link, adds a note into a chosen frame, votes, reacts and reads
the timer. Thandi (the facilitator, on another browser page) sees each change in her own
copy of the board. A screen-reader-style check reads the list view's accessibility tree:
every note is named with its frame.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import OpenContext
from tests.e2e.test_facilitation import ready, sign_in, wait_until, ymap
from tests.e2e.test_knowledge import call, demo
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

FOCUSED = """() => { const e = document.activeElement; if (!e) return '';
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent)
    || e.textContent || ''; return label.trim(); }"""


def tab_to(page: Page, name: str | re.Pattern[str], limit: int = 80) -> None:
    """Press Tab (only) until the focused control is named `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if (name.search(focused) if isinstance(name, re.Pattern) else focused == name):
            return
    raise AssertionError(f"{name!r} not reached with Tab; last focus: {page.evaluate(FOCUSED)!r}")


def note_in(page: Page, text: str) -> dict[str, Any] | None:
    """The sticky note whose label reads `text`, in this page's copy of the document."""
    return page.evaluate("""(text) => {
      const all = Array.from(window.__indaba.doc.getMap('elements').values());
      const label = all.find(e => e.type === 'text' && e.containerId && !e.isDeleted
                              && e.originalText === text);
      return label ? all.find(e => e.id === label.containerId) || null : null; }""", text)


def test_a_whole_session_by_keyboard_with_the_list_view(
        server: IndabaServer, open_context: OpenContext) -> None:
    base = server.url
    board_id, password = demo(server)
    _, thandi, _ = open_context(base)
    sign_in(thandi, base, "thandi", password)
    thandi.goto(f"{base}/sessions/1/")
    code = thandi.locator("strong.code").inner_text().replace(" ", "")
    thandi.goto(f"{base}/boards/{board_id}")
    ready(thandi)
    frames = thandi.evaluate("""() => Array.from(window.__indaba.doc.getMap('elements').values())
        .filter(e => e.type === 'frame' && !e.isDeleted).map(e => ({id: e.id, name: e.name}))""")
    frame = frames[-1]

    # -- join by code, keyboard only -------------------------------------------------------
    _, nomsa, _ = open_context(base)
    nomsa.goto(f"{base}/join/")
    tab_to(nomsa, re.compile(r"code", re.I))
    nomsa.keyboard.type(code)
    nomsa.keyboard.press("Enter")
    nomsa.wait_for_url(re.compile(r"/join/[^/]+/(\?.*)?$"))
    tab_to(nomsa, "Your display name")
    nomsa.keyboard.type("Nomsa")
    tab_to(nomsa, re.compile(r"^(In the room|Online)"))
    # Arrow keys move within a radio group until "Online" is chosen.
    for _ in range(4):
        if nomsa.get_by_role("radio", name=re.compile("^Online")).is_checked():
            break
        nomsa.keyboard.press("ArrowDown")
    expect(nomsa.get_by_role("radio", name=re.compile("^Online"))).to_be_checked()
    tab_to(nomsa, "Join the board")
    nomsa.keyboard.press("Enter")
    nomsa.wait_for_url(re.compile(r"/boards/[^/?#]+$"))
    ready(nomsa)

    # -- the list view through the skip link ------------------------------------------------
    tab_to(nomsa, "Skip to the board as a list", limit=5)
    nomsa.keyboard.press("Enter")
    view = nomsa.get_by_test_id("list-view")
    expect(view).to_be_visible()
    expect(nomsa.locator("#indaba-list-title")).to_be_focused()
    assert_no_serious_violations(nomsa, "the list view")

    # -- a note into a chosen frame ---------------------------------------------------------
    tab_to(nomsa, "Frame")
    select = nomsa.locator("#indaba-list-frame")
    for _ in range(len(frames) + 1):
        if select.evaluate("(s) => s.options[s.selectedIndex].text") == frame["name"]:
            break
        nomsa.keyboard.press("ArrowDown")
    assert select.input_value() == frame["id"]
    tab_to(nomsa, "Note")
    text = "Keyboard note: captions helped the online people follow the panel"
    nomsa.keyboard.type(text)
    tab_to(nomsa, "Add note")
    nomsa.keyboard.press("Enter")
    expect(nomsa.get_by_test_id("list-announcer")).to_have_text(f"Note added in {frame['name']}.")
    expect(view.get_by_test_id("list-note").filter(has_text=text)).to_have_count(1)
    box = wait_until(lambda: note_in(thandi, text), what="Nomsa's note on Thandi's board")
    assert box["frameId"] == frame["id"]
    assert box["customData"]["indaba"]["author"] == "Nomsa"
    # Thandi's list view shows it too, under the frame's heading, and says so politely.
    thandi.get_by_role("button", name="List view").click()
    expect(thandi.get_by_role("list", name=f"Notes in {frame['name']}")).to_contain_text(text)

    # -- the screen reader's view: every note named with its frame ---------------------------
    tree = view.aria_snapshot()
    notes = nomsa.evaluate("""() => {
      const all = Array.from(window.__indaba.doc.getMap('elements').values());
      const frames = new Map(all.filter(e => e.type === 'frame' && !e.isDeleted)
                                .map(e => [e.id, e.name]));
      const texts = new Map(all.filter(e => e.type === 'text' && e.containerId && !e.isDeleted)
                               .map(e => [e.containerId, e.originalText]));
      return all.filter(e => !e.isDeleted && e.customData?.indaba?.kind === 'sticky')
        .map(e => ({text: texts.get(e.id) || '', frame: frames.get(e.frameId) || null})); }""")
    assert len(notes) >= 3
    for note in notes:
        where = note["frame"] or "Not in a frame"
        assert f'button "Edit “{note["text"]}” in {where}"' in tree, (note, tree[-3000:])
    sections = re.findall(r'- list "Notes in ([^"]+)"', tree)
    assert frame["name"] in sections and all(f["name"] in tree for f in frames)

    # -- vote by keyboard; the facilitator reveals; both see the count ----------------------
    call(thandi, "vote/start", {"votesPerPerson": 2, "anonymous": True})
    expect(nomsa.get_by_test_id("list-vote-status")).to_contain_text("2 votes left")
    tab_to(nomsa, f"Vote for “{text}” in {frame['name']}")
    nomsa.keyboard.press("Enter")
    expect(nomsa.get_by_test_id("list-announcer")).to_contain_text("1 vote left")
    call(thandi, "vote/end", {})
    call(thandi, "vote/reveal", {})
    ours = thandi.get_by_test_id("list-note").filter(has_text=text)
    expect(ours.get_by_test_id("list-votes")).to_have_text("1 vote")
    expect(nomsa.get_by_test_id("list-note").filter(has_text=text)
           .get_by_test_id("list-votes")).to_have_text("1 vote")
    assert ymap(thandi, "vote")["state"] == "revealed"

    # -- react by keyboard ---------------------------------------------------------------------
    tab_to(nomsa, "Workshop tools")
    toggle = nomsa.get_by_role("button", name="Workshop tools", exact=True)
    if toggle.get_attribute("aria-expanded") != "true":
        nomsa.keyboard.press("Enter")
    tab_to(nomsa, re.compile(r"Applause \("), limit=300)
    nomsa.keyboard.press("Enter")
    thandi.get_by_role("button", name="Workshop tools", exact=True).click()
    expect(thandi.get_by_test_id("reaction-count-Applause")).to_have_text("1")

    # -- read the timer; "Time's up" is announced -----------------------------------------------
    call(thandi, "timer", {"action": "start", "seconds": 3})
    expect(nomsa.get_by_role("timer")).to_have_attribute("aria-label", re.compile(r"Time left"))
    expect(nomsa.get_by_test_id("facilitation-announcer")).to_have_text("Time is up.",
                                                                       timeout=15_000)
