"""The facilitation toolkit in headless Chromium against a real server.

A facilitator (Thandi, the demo community's facilitator, signed in) runs the demo
session's board; two guests join with the session's code: Amahle on a phone in the
room, Sipho on a laptop online. Every check of what a participant may see reads that
browser's own Yjs document, not only the screen.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenContext
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser


@dataclass
class Workshop:
    server: IndabaServer
    board_id: str
    facilitator: Page
    phone: Page  # Amahle, in the room
    laptop: Page  # Sipho, online

    @property
    def everyone(self) -> list[Page]:
        return [self.facilitator, self.phone, self.laptop]


def wait_until(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "it") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def ready(page: Page) -> None:
    page.wait_for_function("() => window.__indaba && window.__indaba.api"
                           " && window.__indaba.provider.synced", timeout=30_000)


def ymap(page: Page, name: str) -> dict[str, Any]:
    return dict(page.evaluate(f"() => window.__indaba.doc.getMap({json.dumps(name)}).toJSON()"))


def whole_doc(page: Page) -> str:
    """Everything in this browser's copy of the board document, as text."""
    return str(page.evaluate(
        "() => JSON.stringify(Object.fromEntries(Array.from(window.__indaba.doc.share.keys())"
        ".map(k => [k, window.__indaba.doc.getMap(k).toJSON()])))"))


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or e-mail", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def join_as_guest(page: Page, base: str, code: str, name: str, presence: str) -> None:
    page.goto(f"{base}/join/{code}/")
    page.get_by_label("Your display name", exact=True).fill(name)
    page.get_by_role("radio", name=presence).check()
    page.get_by_role("button", name="Join the board").click()
    if presence == "In the room":  # lands on the phone page; these tests use the full board
        page.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
        page.get_by_role("link", name="Open the full board").click()
    page.wait_for_url(re.compile(r"/boards/[^/?]+$"))
    open_workshop_tools(page)


def open_workshop_tools(page: Page) -> None:
    """On a phone the workshop panel starts closed (it would cover the small board)."""
    toggle = page.get_by_role("button", name="Workshop tools", exact=True)
    toggle.wait_for()
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(page.get_by_test_id("workshop-panel")).to_be_visible()


@pytest.fixture
def workshop(server: IndabaServer, open_context: OpenContext) -> Workshop:
    result = server.cli("demo", "--base-url", server.url)
    password = re.search(r"password '([^']+)'", result.stderr)
    assert password, result.stderr
    board_id = re.search(r"next=/boards/([A-Za-z0-9]+)", result.stdout)
    assert board_id, result.stdout
    base = server.url
    _, facilitator, _ = open_context(base)
    sign_in(facilitator, base, "thandi", password.group(1))
    facilitator.goto(f"{base}/sessions/1/")
    code = facilitator.locator("strong.code").inner_text().replace(" ", "")
    facilitator.goto(f"{base}/boards/{board_id.group(1)}")
    _, phone, _ = open_context(base, phone=True)
    join_as_guest(phone, base, code, "Amahle", "In the room")
    _, laptop, _ = open_context(base)
    join_as_guest(laptop, base, code, "Sipho", "Online")
    made = Workshop(server, board_id.group(1), facilitator, phone, laptop)
    for page in made.everyone:
        ready(page)
    assert facilitator.evaluate(
        "() => JSON.parse(document.getElementById('indaba-board-config').textContent)"
        ".canFacilitate") is True
    for page in (phone, laptop):
        expect(page.get_by_role("button", name="Start timer")).to_have_count(0)
    return made


def note_texts(w: Workshop) -> list[str]:
    elements = w.server.export_json(w.board_id)["elements"]
    stickies = {e["id"] for e in elements
                if (e.get("customData") or {}).get("indaba", {}).get("kind") == "sticky"}
    return [e["originalText"] for e in elements
            if e["type"] == "text" and e.get("containerId") in stickies and e["originalText"]]


def test_everyone_sees_the_same_timer(workshop: Workshop) -> None:
    w = workshop
    f = w.facilitator
    f.get_by_label("Minutes", exact=True).fill("2")
    start = f.get_by_role("button", name="Start timer")
    start.focus()
    f.keyboard.press("Enter")  # keyboard reachable
    for page in w.everyone:
        expect(page.get_by_test_id("timer-status")).to_have_text("Running")
        expect(page.get_by_test_id("timer-display")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    started = {ymap(p, "timer")["startedAt"] for p in w.everyone}
    assert len(started) == 1  # one shared start time, not ticks

    f.get_by_role("button", name="Pause timer").click()
    for page in w.everyone:
        expect(page.get_by_test_id("timer-status")).to_have_text("Paused")
    shown = {p.get_by_test_id("timer-display").inner_text() for p in w.everyone}
    assert len(shown) == 1, shown
    remaining = ymap(w.phone, "timer")["remainingMs"]
    f.get_by_role("button", name="Add 1 minute").click()
    wait_until(lambda: ymap(w.laptop, "timer")["remainingMs"] == remaining + 60_000,
               what="a minute added")
    f.get_by_role("button", name="Resume timer").click()
    expect(w.phone.get_by_test_id("timer-status")).to_have_text("Running")
    f.get_by_role("button", name="Stop timer").click()
    expect(f.get_by_test_id("timer-status")).to_have_text("No timer")
    for page in (w.phone, w.laptop):  # participants see the timer only while one runs
        expect(page.get_by_test_id("timer-status")).to_have_count(0)

    # A 3-second timer: everyone gets the end cue, in words as well as in style.
    f.get_by_label("Minutes", exact=True).fill("0.05")
    f.get_by_role("button", name="Start timer").click()
    for page in w.everyone:
        expect(page.get_by_test_id("timer-status")).to_have_text(re.compile("Time's up"),
                                                                 timeout=10_000)
        expect(page.locator(".indaba-timer--done")).to_have_count(1)
        expect(page.get_by_test_id("timer-display")).to_have_text("0:00")
    expect(w.laptop.get_by_test_id("facilitation-announcer")).to_have_text("Time is up.")
    # Participants cannot drive the timer through the HTTP layer either.
    status = w.phone.evaluate(
        """async () => { const c = JSON.parse(document.getElementById('indaba-board-config')
        .textContent); const r = await fetch(c.facilitationUrl + '/timer', {method: 'POST',
        headers: {'Authorization': 'Bearer ' + c.token, 'Content-Type': 'application/json'},
        body: JSON.stringify({action: 'start', seconds: 60})}); return r.status; }""")
    assert status == 403


def vote_for(page: Page, text: str) -> None:
    page.get_by_role("button", name=f"Vote for “{text}”", exact=True).click()


def test_votes_are_hidden_then_revealed_with_correct_counts(workshop: Workshop) -> None:
    w = workshop
    first, second = note_texts(w)[:2]
    f = w.facilitator
    f.get_by_label("Votes per person", exact=True).fill("2")
    f.get_by_role("button", name="Start vote").click()
    for page in (w.phone, w.laptop):
        expect(page.get_by_test_id("votes-remaining")).to_have_text("2")
    vote_for(w.phone, first)
    expect(w.phone.get_by_test_id("votes-remaining")).to_have_text("1")
    vote_for(w.phone, first)
    expect(w.phone.get_by_test_id("votes-remaining")).to_have_text("0")
    w.phone.get_by_role("button", name=f"Take back a vote from “{first}”").click()
    expect(w.phone.get_by_test_id("votes-remaining")).to_have_text("1")
    vote_for(w.phone, second)
    vote_for(w.laptop, second)
    expect(w.laptop.get_by_test_id("votes-remaining")).to_have_text("1")
    vote_for(w.laptop, second)
    expect(w.laptop.get_by_test_id("votes-remaining")).to_have_text("0")
    # Hidden: no counts in anyone's document, no ranking on any screen.
    for page in w.everyone:
        vote = ymap(page, "vote")
        assert vote["state"] == "open" and "results" not in vote and "ranking" not in vote
        expect(page.get_by_test_id("vote-ranking")).to_have_count(0)
    f.get_by_role("button", name="End vote").click()
    expect(w.laptop.get_by_test_id("vote-status")).to_contain_text("hidden until")
    f.get_by_role("button", name="Reveal results").click()
    for page in w.everyone:
        ranking = page.get_by_test_id("vote-ranking").locator("li")
        expect(ranking).to_have_count(2)
        expect(ranking.nth(0)).to_contain_text(f"{second} — 3 votes")
        expect(ranking.nth(1)).to_contain_text(f"{first} — 1 vote")
    results = ymap(w.phone, "vote")["results"]
    assert sorted(results.values()) == [1, 3]
    # ... and on the notes themselves.
    expect(w.laptop.get_by_test_id("vote-badge")).to_have_count(2)
    assert sorted(w.laptop.get_by_test_id("vote-badge").all_inner_texts()) == ["● 1", "● 3"]


def test_private_notes_stay_private_until_reveal(workshop: Workshop) -> None:
    w = workshop
    f = w.facilitator
    f.get_by_role("button", name="Start private brainstorm").click()
    for page in (w.phone, w.laptop):
        expect(page.get_by_test_id("brainstorm-status")).to_contain_text("seen only by you")
    w.phone.get_by_label("Private note", exact=True).fill("Amahle's secret idea")
    w.phone.get_by_role("button", name="Add private note").click()
    expect(w.phone.get_by_test_id("my-private-notes")).to_contain_text("Amahle's secret idea")
    # N on the board writes into the private box, not onto the canvas.
    w.laptop.locator(".excalidraw canvas").last.click(position={"x": 300, "y": 400})
    w.laptop.keyboard.press("n")
    expect(w.laptop.get_by_label("Private note", exact=True)).to_be_focused()
    w.laptop.keyboard.type("Sipho's secret idea")
    w.laptop.get_by_role("button", name="Add private note").click()
    expect(w.laptop.get_by_test_id("my-private-notes")).to_contain_text("Sipho's secret idea")
    expect(w.laptop.get_by_test_id("my-private-notes")).not_to_contain_text("Amahle")
    for page in w.everyone:
        expect(page.get_by_test_id("brainstorm-status")).to_contain_text("2 written so far")
    # Not in the other participants' (or anyone's) Yjs state, nor on the server's board.
    time.sleep(1)
    assert "Amahle's secret idea" not in whole_doc(w.laptop)
    assert "Sipho's secret idea" not in whole_doc(w.phone)
    for page in w.everyone:
        assert "secret idea" not in whole_doc(page)
    assert not [t for t in note_texts(w) if "secret idea" in t]

    f.get_by_role("button", name="Reveal all notes").click()
    for page in w.everyone:
        wait_until(lambda p=page: "Amahle's secret idea" in whole_doc(p)
                   and "Sipho's secret idea" in whole_doc(p), what="the revealed notes")
    stored = note_texts(w)
    assert "Amahle's secret idea" in stored and "Sipho's secret idea" in stored
    expect(w.phone.get_by_test_id("brainstorm-status")).to_have_count(0)


def test_reactions_float_for_everyone_and_are_counted(workshop: Workshop) -> None:
    w = workshop
    w.phone.get_by_role("button", name=re.compile("^Thumbs up")).click()
    w.laptop.get_by_role("button", name=re.compile("^Thumbs up")).click()
    w.laptop.get_by_role("button", name=re.compile("^Celebrate")).click()
    for page in w.everyone:
        expect(page.get_by_test_id("reaction-count-Thumbs up")).to_have_text("2")
        expect(page.get_by_test_id("reaction-count-Celebrate")).to_have_text("1")
    expect(w.facilitator.get_by_test_id("floating-reaction").first).to_be_attached()
    assert ymap(w.phone, "reactions")["counts"] == {"👍": 2, "🎉": 1}


def add_note(page: Page, text: str) -> None:
    page.get_by_role("button", name=re.compile("Add note")).click()
    # The new note opens for typing at once.
    page.locator(".excalidraw-textEditorContainer textarea").wait_for()
    page.keyboard.type(text)
    page.keyboard.press("Escape")


def test_engagement_panel_counts_what_people_did(workshop: Workshop) -> None:
    w = workshop
    add_note(w.phone, "Amahle on the canvas")
    wait_until(lambda: "Amahle on the canvas" in note_texts(w), what="the canvas note")
    w.phone.get_by_role("button", name=re.compile("^Love")).click()
    w.phone.get_by_role("button", name=re.compile("^Love")).click()
    f = w.facilitator
    f.get_by_role("button", name="Start vote").click()
    expect(w.laptop.get_by_test_id("votes-remaining")).to_have_text("3")
    vote_for(w.laptop, "Amahle on the canvas")
    expect(w.laptop.get_by_test_id("votes-remaining")).to_have_text("2")
    f.get_by_role("button", name="Engagement").click()
    amahle = f.locator("tr[data-person='Amahle'] td")
    expect(amahle.nth(0)).to_have_text("In the room")
    expect(amahle.nth(1)).to_have_text("1")  # notes
    expect(amahle.nth(2)).to_have_text("0")  # votes
    expect(amahle.nth(3)).to_have_text("2")  # reactions
    sipho = f.locator("tr[data-person='Sipho'] td")
    expect(sipho.nth(0)).to_have_text("Online")
    expect(sipho.nth(1)).to_have_text("0")
    expect(sipho.nth(2)).to_have_text("1")
    expect(f.get_by_test_id("engagement-in_room").locator("td")).to_have_text(
        ["1 person", "1 note", "0 votes", "2 reactions"])
    expect(f.get_by_test_id("engagement-online").locator("td")).to_have_text(
        ["1 person", "0 notes", "1 vote", "0 reactions"])


def scene_view(page: Page) -> dict[str, float]:
    return dict(page.evaluate(
        """() => { const s = window.__indaba.api.getAppState(); const z = s.zoom.value;
        return {cx: s.width / 2 / z - s.scrollX, cy: s.height / 2 / z - s.scrollY, zoom: z}; }"""))


def scroll_to(page: Page, cx: float, cy: float) -> None:
    page.evaluate(
        """([cx, cy]) => { const api = window.__indaba.api; const s = api.getAppState();
        const z = s.zoom.value; api.updateScene({appState: {scrollX: s.width / 2 / z - cx,
        scrollY: s.height / 2 / z - cy}}); }""", [cx, cy])


def near(a: dict[str, float], cx: float, cy: float) -> bool:
    return abs(a["cx"] - cx) < 2 and abs(a["cy"] - cy) < 2


def test_bring_everyone_here_and_follow_me(workshop: Workshop) -> None:
    w = workshop
    f = w.facilitator
    scroll_to(f, 5000, 3000)
    f.get_by_role("button", name="Bring everyone here").click()
    for page in (w.phone, w.laptop):
        wait_until(lambda p=page: near(scene_view(p), 5000, 3000), what="summoned view")
    # Once: a participant may look elsewhere afterwards.
    scroll_to(w.laptop, 0, 0)
    time.sleep(0.5)
    assert near(scene_view(w.laptop), 0, 0)

    f.get_by_role("button", name="Follow me").click()
    expect(w.laptop.get_by_test_id("following")).to_contain_text("Following Thandi")
    scroll_to(f, -2000, 800)
    for page in (w.phone, w.laptop):
        wait_until(lambda p=page: near(scene_view(p), -2000, 800), what="followed view")
    w.laptop.get_by_role("button", name="Stop following").click()
    scroll_to(f, 7000, 7000)
    wait_until(lambda: near(scene_view(w.phone), 7000, 7000), what="phone still follows")
    assert near(scene_view(w.laptop), -2000, 800)  # stepped out


def test_locked_frames_cannot_be_moved_by_a_participant(workshop: Workshop) -> None:
    w = workshop
    f = w.facilitator
    frame = f.evaluate("""() => window.__indaba.api.getSceneElements()
        .find(e => e.type === 'frame').id""")
    f.evaluate("""(id) => window.__indaba.api.updateScene(
        {appState: {selectedElementIds: {[id]: true}}})""", frame)
    f.get_by_role("button", name="Lock", exact=True).click()  # the section starts closed
    f.get_by_role("button", name="Lock selected", exact=True).click()
    wait_until(lambda: (w.laptop.evaluate(
        "(id) => window.__indaba.doc.getMap('elements').get(id).locked", frame)),
        what="the lock reaching the laptop")
    before = w.laptop.evaluate("(id) => window.__indaba.doc.getMap('elements').get(id)", frame)
    assert frame in ymap(w.laptop, "locks")
    # The participant tries anyway (unlock and move through the editor's API).
    w.laptop.evaluate("""(id) => { const api = window.__indaba.api;
        api.updateScene({elements: api.getSceneElementsIncludingDeleted().map(e => e.id === id
          ? {...e, x: e.x + 400, locked: false, version: e.version + 1,
             versionNonce: e.versionNonce + 1} : e)}); }""", frame)
    time.sleep(1.5)
    for page in w.everyone:
        now = page.evaluate("(id) => window.__indaba.doc.getMap('elements').get(id)", frame)
        assert (now["x"], now["locked"]) == (before["x"], True), page
    # Dragging it on the canvas does nothing either: a locked element is not selectable.
    stored = next(e for e in w.server.export_json(w.board_id)["elements"] if e["id"] == frame)
    assert stored["x"] == before["x"] and stored["locked"] is True
    # The facilitator can unlock it again.
    f.get_by_role("button", name="Unlock selected").click()
    wait_until(lambda: frame not in ymap(w.phone, "locks"), what="the unlock")
