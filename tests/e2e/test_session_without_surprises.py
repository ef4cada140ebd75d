"""Running a 30-person hybrid session without surprises (issue 16), in headless Chromium.

Three people at once on the demo session: Thandi, the facilitator, on a 1366x768 laptop
(she opens the board without joining); Amahle, a guest in the room, on a 375 px phone (the
phone page); Sipho, a guest online, on a 1366x768 laptop (the full board). One test per
numbered point of the issue; what each person sees is checked on their own page and in
their own copy of the board document.

Screenshots go to INDABA_SCREENSHOT_DIR (default: the test's tmp directory); the README's
image is made with INDABA_SCREENSHOT_DIR=docs/images.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from indaba.boards import schema
from indaba.evidence import demo as demo_history
from indaba.meetings import demo
from tests.e2e.conftest import PHONE, OpenContext
from tests.e2e.test_facilitation import ready, sign_in, wait_until
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
TIMEZONE = ZoneInfo("Africa/Johannesburg")


@dataclass
class Room:
    server: IndabaServer
    base: str
    password: str
    board_id: str
    code: str
    facilitator: Page  # Thandi, signed in, opened the board from the session page
    phone: Page  # Amahle, guest in the room, on the phone page
    online: Page  # Sipho, guest online, on the full board

    @property
    def session_url(self) -> str:
        return f"{self.base}/sessions/1/"


def phone_ready(page: Page) -> None:
    page.wait_for_function("() => window.__indabaPhone && window.__indabaPhone.provider.synced",
                           timeout=30_000)


def join(page: Page, base: str, code: str, name: str, where: str) -> None:
    page.goto(f"{base}/join/{code}/")
    page.get_by_label("Your display name", exact=True).fill(name)
    page.get_by_role("radio", name=where).check()
    page.get_by_role("button", name="Join the board").click()


@pytest.fixture
def room(server: IndabaServer, open_context: OpenContext) -> Room:
    result = server.cli("demo", "--base-url", server.url)
    password = re.search(r"password '([^']+)'", result.stderr)
    board = re.search(r"next=/boards/([A-Za-z0-9]+)", result.stdout)
    assert password and board, result
    base = server.url
    _, facilitator, _ = open_context(base, **LAPTOP)
    sign_in(facilitator, base, "thandi", password.group(1))
    facilitator.goto(f"{base}/sessions/1/")
    code = facilitator.get_by_test_id("join-code").inner_text().replace(" ", "")
    facilitator.get_by_role("link", name="Open the board", exact=True).click()
    facilitator.wait_for_url(f"{base}/boards/{board.group(1)}")
    _, phone, _ = open_context(base, phone=True)
    join(phone, base, code, "Amahle", "In the room")
    phone.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    _, online, _ = open_context(base, **LAPTOP)
    join(online, base, code, "Sipho", "Online")
    online.wait_for_url(f"{base}/boards/{board.group(1)}")
    ready(facilitator)
    ready(online)
    phone_ready(phone)
    return Room(server, base, password.group(1), board.group(1), code, facilitator, phone,
                online)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("INDABA_SCREENSHOT_DIR", tmp_path / "screenshots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


# -- reading the board ----------------------------------------------------------------------

def elements(page: Page) -> list[dict[str, Any]]:
    handle = "__indabaPhone" if "/phone" in page.url else "__indaba"
    return list(page.evaluate(
        f"() => Array.from(window.{handle}.doc.getMap('elements').values())"
        ".filter(e => !e.isDeleted)"))


def frame_named(page: Page, name: str) -> dict[str, Any]:
    return next(e for e in elements(page) if e["type"] == "frame" and e.get("name") == name)


def note(page: Page, text: str) -> dict[str, Any] | None:
    """The rectangle of the sticky note with this text (its label's `frameId` as `labelFrame`)."""
    everything = elements(page)
    label = next((e for e in everything if e["type"] == "text" and e.get("containerId")
                  and (e.get("originalText") or e.get("text")) == text), None)
    if label is None:
        return None
    box = next(e for e in everything if e["id"] == label["containerId"])
    return {**box, "labelFrame": label.get("frameId")}


def on_screen(page: Page, x: float, y: float) -> tuple[float, float]:
    """A scene point in the page's pixels."""
    point = page.evaluate(
        """([x, y]) => { const s = window.__indaba.api.getAppState();
        const c = document.querySelector('.excalidraw canvas.interactive')
          .getBoundingClientRect();
        return [c.left + (x + s.scrollX) * s.zoom.value, c.top + (y + s.scrollY) * s.zoom.value];
        }""", [x, y])
    return float(point[0]), float(point[1])


def screen_box(page: Page, element: dict[str, Any]) -> dict[str, float]:
    left, top = on_screen(page, element["x"], element["y"])
    right, bottom = on_screen(page, element["x"] + element["width"],
                              element["y"] + element["height"])
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


def centre_of(page: Page, element: dict[str, Any]) -> tuple[float, float]:
    return on_screen(page, element["x"] + element["width"] / 2,
                     element["y"] + element["height"] / 2)


def intersects(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def contains(outer: dict[str, float], inner: dict[str, float]) -> bool:
    return (outer["x"] <= inner["x"] + 0.5 and outer["y"] <= inner["y"] + 0.5
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5)


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=6)
    page.mouse.move(*end, steps=6)
    page.mouse.up()


def type_new_note(page: Page, text: str) -> None:
    """A new note opens for typing at once: no click, no Enter."""
    expect(page.locator(".excalidraw-textEditorContainer textarea")).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Escape")


def phone_note(page: Page, text: str, frame: str | None = None) -> None:
    if frame is not None:
        page.get_by_label("Frame", exact=True).select_option(label=frame)
    page.get_by_label("Note", exact=True).fill(text)
    page.get_by_role("button", name="Add note", exact=True).click()


def start_vote(page: Page, per_person: int, scope: str = "The whole board") -> None:
    page.get_by_label("Votes per person", exact=True).fill(str(per_person))
    page.get_by_role("combobox", name=re.compile("^Vote on")).select_option(label=scope)
    page.get_by_role("button", name="Start vote").click()


# -- 1. notes are in the frame they sit in ------------------------------------------------------

def test_notes_belong_to_the_frame_they_are_made_in(room: Room) -> None:
    f, phone, online = room.facilitator, room.phone, room.online
    improve = frame_named(f, "What to improve")
    worked = frame_named(f, "What worked")
    ideas = frame_named(f, "Ideas")

    # N with the pointer inside a frame (low in it, clear of the middle of the view where
    # "Add note" puts notes): the note is in it, typed into at once.
    f.mouse.move(*on_screen(f, improve["x"] + improve["width"] / 2,
                            improve["y"] + improve["height"] * 0.8))
    f.keyboard.press("n")
    type_new_note(f, "Mic for questions from the room")
    made = wait_until(lambda: note(f, "Mic for questions from the room"), what="the N note")
    assert made["frameId"] == improve["id"] and made["labelFrame"] == improve["id"]
    # The style panel stays closed while a note is selected: it would cover the left frame.
    expect(f.locator(".excalidraw .App-menu__left")).to_be_hidden()

    # "Add note" puts it mid-view: in the frame there, if any (the same rule).
    online.get_by_role("button", name=re.compile("^Add note")).click()
    type_new_note(online, "Chat answered live")
    added = wait_until(lambda: note(online, "Chat answered live"), what="the button note")
    middle = {"x": added["x"] + added["width"] / 2, "y": added["y"] + added["height"] / 2}
    holding = [fr for fr in (worked, improve, ideas)
               if fr["x"] <= middle["x"] <= fr["x"] + fr["width"]
               and fr["y"] <= middle["y"] <= fr["y"] + fr["height"]]
    assert added["frameId"] == (holding[-1]["id"] if holding else None)

    # The phone sends one to "Ideas".
    phone_note(phone, "Harvest in the same week, by unit", "Ideas")
    sent = wait_until(lambda: note(f, "Harvest in the same week, by unit"), what="phone note")
    assert sent["frameId"] == ideas["id"] == sent["labelFrame"]

    # A vote on "What to improve" counts the note made with N.
    start_vote(f, 2, "Frame: What to improve")
    expect(online.get_by_test_id("votes-remaining")).to_have_text("2")
    listed = online.get_by_role("list", name="Notes to vote on").locator("li")
    expect(listed.filter(has_text="Mic for questions from the room")).to_have_count(1)
    on_online = wait_until(lambda: note(online, "Mic for questions from the room"),
                           what="the N note on Sipho's board")
    online.mouse.click(*centre_of(online, on_online))
    online.get_by_role("button", name="Vote for selected note").click()
    expect(online.get_by_test_id("votes-remaining")).to_have_text("1")
    phone.get_by_role("button", name="Vote for “Mic for questions from the room”").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("1")
    f.get_by_role("button", name="Reveal results").click()
    expect(f.get_by_test_id("vote-ranking").locator("li").first).to_contain_text(
        "Mic for questions from the room — 2 votes")

    # Dragged into another frame, then out of every frame, as Excalidraw's frames do.
    moved = note(online, "Mic for questions from the room")
    assert moved is not None
    drag(online, centre_of(online, moved), centre_of(online, worked))
    wait_until(lambda: (note(f, "Mic for questions from the room") or {}).get("frameId")
               == worked["id"], what="the note joining 'What worked'")
    joined = note(f, "Mic for questions from the room")
    assert joined is not None and joined["labelFrame"] == worked["id"]
    moved = note(online, "Mic for questions from the room")
    assert moved is not None
    below = on_screen(online, worked["x"] + worked["width"] / 2,
                      worked["y"] + worked["height"] + 150)
    drag(online, centre_of(online, moved), below)
    wait_until(lambda: (note(f, "Mic for questions from the room") or {"frameId": 1})
               .get("frameId") is None, what="the note leaving every frame")

    # A full frame grows instead of piling notes on top of each other.
    for number in range(6):
        phone_note(phone, f"Idea number {number}", "Ideas")
    wait_until(lambda: note(f, "Idea number 5"), what="six more phone notes")
    time.sleep(1)
    ideas_now = frame_named(f, "Ideas")
    inside = [e for e in elements(f)
              if e.get("frameId") == ideas["id"] and e["type"] == "rectangle"]
    assert len(inside) >= 8
    for first in inside:
        assert contains(ideas_now, first), (first, ideas_now)
        for second in inside:
            if first["id"] < second["id"]:
                assert not intersects(first, second), (first["id"], second["id"])
    assert ideas_now["height"] > ideas["height"]


# -- 2. changing the code asks first; the guest is offered the new one --------------------------

def test_changing_the_join_code_asks_first_and_offers_the_new_one(room: Room,
                                                                   browser: Browser) -> None:
    projector = room.facilitator.context.new_page()
    projector.goto(f"{room.base}/sessions/1/room/")
    old_display = f"{room.code[:3]} {room.code[3:]}"
    expect(projector.locator(".room-join-code")).to_have_text(old_display)

    manage = room.facilitator.context.new_page()
    manage.goto(room.session_url)
    manage.get_by_role("link", name="Withdraw the join code…").click()
    expect(manage.get_by_test_id("people-affected")).to_have_text("2 people")
    manage.get_by_role("link", name=f"Keep {old_display}").click()  # changed her mind
    expect(manage.get_by_test_id("join-code")).to_have_text(old_display)
    expect(room.online.get_by_test_id("rejoin")).to_have_count(0)

    manage.locator("summary", has_text="Replace the join code").click()
    manage.get_by_role("button", name="Continue").click()
    expect(manage.get_by_role("heading", name=f"Replace the join code {old_display}?")) \
        .to_be_visible()
    expect(manage.get_by_label(re.compile("Offer the new code"))).to_be_checked()
    manage.get_by_role("button", name="Replace the code").click()
    new_display = manage.get_by_test_id("join-code").inner_text()
    assert new_display != old_display
    expect(manage.locator(".message.success")).to_contain_text("2 people were disconnected")

    # The room screen switches by itself; the guests are offered the new code.
    expect(projector.locator(".room-join-code")).to_have_text(new_display, timeout=10_000)
    rejoin = room.online.get_by_test_id("rejoin")
    expect(rejoin).to_contain_text("changed the join code")
    room.online.get_by_role("link", name=f"Rejoin with code {new_display}").click()
    expect(room.online.get_by_label("Your display name", exact=True)).to_have_value("Sipho")
    expect(room.online.get_by_role("radio", name="Online")).to_be_checked()
    room.online.get_by_role("button", name="Join the board").click()
    room.online.wait_for_url(f"{room.base}/boards/{room.board_id}")
    ready(room.online)

    expect(room.phone.get_by_test_id("rejoin")).to_contain_text(new_display)
    room.phone.get_by_role("link", name=f"Rejoin with code {new_display}").click()
    room.phone.get_by_role("button", name="Join the board").click()
    room.phone.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    phone_ready(room.phone)

    # Still two people, not four.
    manage.goto(room.session_url + "attendance/?refresh=off")
    expect(manage.locator("#count-total")).to_have_text("2")


# -- 3. the facilitator opens the board without attending; past sessions look past -------------

def attendance_total(page: Page, session_url: str) -> tuple[str, str]:
    page.goto(session_url + "attendance/?refresh=off")
    return page.locator("#count-total").inner_text(), page.locator("table").inner_text()


def test_opening_boards_is_not_attendance_and_past_sessions_look_past(
        room: Room, browser: Browser) -> None:
    manage = room.facilitator.context.new_page()
    total, table = attendance_total(manage, room.session_url)
    assert total == "2" and "Thandi" not in table  # she opened the board, she did not join

    # The session ends (moved to last month).
    manage.goto(room.session_url + "edit/")
    past = datetime.now(TIMEZONE) - timedelta(days=30)
    manage.get_by_label("Starts", exact=True).fill(f"{past:%Y-%m-%dT10:00}")
    manage.get_by_label("Ends", exact=True).fill(f"{past:%Y-%m-%dT12:00}")
    manage.get_by_role("button", name="Save").click()
    manage.wait_for_url(room.session_url)
    expect(manage.get_by_test_id("session-phase")).to_have_text("Ended")
    expect(manage.get_by_role("link", name="Results", exact=True)).to_be_visible()
    expect(manage.get_by_text("where are you?")).to_have_count(0)
    expect(manage.get_by_test_id("join-code")).to_have_count(0)
    expect(manage.get_by_text("Joining has closed")).to_be_visible()

    # Looking at last month's board: the facilitator, and a member, attend nothing.
    manage.get_by_role("link", name="Open the board", exact=True).click()
    ready(manage)
    member = browser.new_context(**LAPTOP).new_page()
    sign_in(member, room.base, "naledi", room.password)
    member.goto(room.session_url)
    member.get_by_role("link", name="Open the board", exact=True).click()
    ready(member)
    time.sleep(1.5)
    manage2 = room.facilitator.context.new_page()
    total, table = attendance_total(manage2, room.session_url)
    assert total == "2" and "Thandi" not in table and "Naledi" not in table

    # The code no longer admits anyone.
    stranger = browser.new_context(**PHONE).new_page()
    stranger.goto(f"{room.base}/join/{room.code}/")
    expect(stranger.get_by_role("heading")).to_contain_text("has ended")
    member.context.close()
    stranger.context.close()


# -- 4. the workshop panel never covers the board ------------------------------------------------

def many_guests(room: Room, browser: Browser, count: int) -> None:
    """Guests joining by code over HTTP (each its own browser: one guest each)."""
    context = browser.new_context()
    try:
        for number in range(count):
            context.clear_cookies()
            page = context.request.get(f"{room.base}/join/{room.code}/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text())
            assert token, page.text()[:200]
            answer = context.request.post(
                f"{room.base}/join/{room.code}/", max_redirects=0,
                form={"csrfmiddlewaretoken": token.group(1), "name": f"Guest {number:02d}",
                      "presence": "in_room" if number % 2 else "online", "via": "code"},
                headers={"Referer": f"{room.base}/join/{room.code}/"})
            assert answer.status == 302, answer.text()[:300]
    finally:
        context.close()


def test_the_workshop_panel_never_covers_the_board(room: Room, browser: Browser,
                                                   shots: Path) -> None:
    f, online = room.facilitator, room.online
    canvas = f.locator(".excalidraw canvas.interactive").bounding_box()
    panel = f.get_by_test_id("workshop-panel").bounding_box()
    assert canvas and panel and canvas["x"] + canvas["width"] <= panel["x"] + 0.5
    for frame in (e for e in elements(f) if e["type"] == "frame"):
        box = screen_box(f, frame)
        assert not intersects(box, panel), (frame["name"], box, panel)
        assert contains(canvas, box), (frame["name"], box, canvas)  # the whole board in view
    title = next(e for e in elements(f) if e["type"] == "text" and "Inaugural" in e["text"])
    toolbar = f.locator(".App-toolbar").bounding_box()
    assert toolbar and not intersects(screen_box(f, title), toolbar)
    for heading in ("Lock", "Engagement"):  # above the fold
        box = f.get_by_role("button", name=heading, exact=True).bounding_box()
        assert box and box["y"] + box["height"] <= 768, heading
    f.screenshot(path=str(shots / "board-with-workshop-panel-1366.png"))

    # A participant sees only what applies now.
    panel_text = online.get_by_test_id("workshop-panel")
    expect(panel_text.get_by_role("heading", name="Reactions")).to_be_visible()
    for hidden in ("Timer", "Dot voting", "Private brainstorm", "View", "Lock", "Engagement"):
        expect(panel_text.get_by_role("heading", name=hidden, exact=True)).to_have_count(0)
    start_vote(f, 3)
    expect(panel_text.get_by_role("heading", name="Dot voting")).to_be_visible()

    # Collapsible: closed, it takes no room at all.
    online.get_by_role("button", name="Hide workshop tools").click()
    expect(online.get_by_test_id("workshop-panel")).to_be_hidden()
    wait_until(lambda: (online.locator(".excalidraw canvas.interactive").bounding_box()
                        or {"width": 0})["width"] == 1366, what="the canvas taking the room")
    online.get_by_role("button", name="Workshop tools", exact=True).click()
    expect(online.get_by_test_id("workshop-panel")).to_be_visible()

    # Engagement for a big room: 58 more guests, sortable, scrolling, with totals.
    many_guests(room, browser, 58)
    room.phone.get_by_role("button", name=re.compile("^Thumbs up")).click()
    room.phone.get_by_role("button", name=re.compile("^Thumbs up")).click()
    expect(f.get_by_test_id("reaction-count-Thumbs up")).to_have_text("2")
    f.get_by_role("button", name="Engagement", exact=True).click()
    rows = f.get_by_test_id("engagement").locator("tbody tr[data-person]")
    expect(rows).to_have_count(60)
    scroller = f.locator(".indaba-engagement__scroll")
    assert scroller.evaluate("e => e.scrollHeight > e.clientHeight + 100")
    expect(f.get_by_test_id("engagement-in_room").locator("td").first).to_have_text("30 people")
    expect(f.get_by_test_id("engagement-online").locator("td").first).to_have_text("30 people")
    f.get_by_role("button", name="Reactions", exact=True).last.click()
    expect(rows.first).to_have_attribute("data-person", "Amahle")
    header = f.get_by_role("columnheader", name=re.compile("^Reactions"))
    expect(header).to_have_attribute("aria-sort", "descending")
    widened = f.get_by_test_id("workshop-panel").bounding_box()
    assert widened and widened["width"] > 500  # room for all six columns


# -- 5. lock, summon and reveal are seen; the brainstorm on the phone --------------------------

def test_lock_summon_and_reveal_are_seen_and_the_phone_brainstorm_works(
        room: Room, shots: Path) -> None:
    f, phone, online = room.facilitator, room.phone, room.online
    worked = frame_named(f, "What worked")
    f.evaluate("""(id) => window.__indaba.api.updateScene(
        {appState: {selectedElementIds: {[id]: true}}})""", worked["id"])
    f.get_by_role("button", name="Lock", exact=True).click()  # the section starts closed
    f.get_by_role("button", name="Lock selected", exact=True).click()
    notice = online.get_by_test_id("notice").filter(has_text="locked the frame “What worked”")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Thandi")
    expect(online.get_by_test_id("lock-badge")).to_be_visible()

    # Sipho tries to drag a note out of the locked frame: it goes back.
    inside = note(online, "Hybrid flipchart kept online people talking")
    assert inside is not None and inside["frameId"] == worked["id"]
    below = on_screen(online, worked["x"] + worked["width"] / 2,
                      worked["y"] + worked["height"] + 200)
    drag(online, centre_of(online, inside), below)
    time.sleep(1.5)
    back = wait_until(lambda: note(f, "Hybrid flipchart kept online people talking"),
                      what="the note")
    assert back["frameId"] == worked["id"] and contains(worked, back)
    assert (back["x"], back["y"]) == (inside["x"], inside["y"])  # exactly where it was
    online.keyboard.press("Escape")

    f.get_by_role("button", name="Bring everyone here").click()
    expect(online.get_by_test_id("notice").filter(has_text="brought everyone to their view")) \
        .to_be_visible()

    start_vote(f, 1)
    expect(online.get_by_test_id("notice").filter(has_text="Voting has started: 1 vote each")) \
        .to_be_visible()
    online.get_by_role("button", name="Vote for “Short check-in round before the keynote”") \
        .click()
    f.get_by_role("button", name="Reveal results").click()
    expect(online.get_by_test_id("notice").filter(has_text="Vote results revealed")) \
        .to_be_visible()

    # The brainstorm on the phone: the picker shows where the notes will go; the colour holds.
    phone.get_by_label("Frame", exact=True).select_option(label="What worked")
    f.get_by_role("combobox", name=re.compile("^Notes land in")).select_option(label="Frame: Ideas")
    f.get_by_role("button", name="Start private brainstorm").click()
    picker = phone.get_by_label("Frame", exact=True)
    expect(picker).to_be_disabled()
    ideas = frame_named(f, "Ideas")
    expect(picker).to_have_value(ideas["id"])
    expect(phone.get_by_test_id("frame-hint")).to_contain_text("in “Ideas”")
    phone.get_by_role("radio", name="Green").check()
    phone.get_by_label("Note", exact=True).fill("Pair a mentor with each new member")
    phone.get_by_role("button", name="Add private note").click()
    expect(phone.get_by_test_id("my-private-notes")).to_contain_text("Pair a mentor")
    phone.get_by_test_id("brainstorm-status").scroll_into_view_if_needed()
    phone.evaluate("window.scrollBy(0, -90)")  # below the sticky header
    phone.screenshot(path=str(shots / "phone-during-brainstorm-375.png"))
    f.get_by_role("button", name="Reveal all notes").click()
    expect(online.get_by_test_id("notice").filter(has_text="Brainstorm notes revealed: 1 note"))\
        .to_be_visible()
    revealed = wait_until(lambda: note(f, "Pair a mentor with each new member"),
                          what="the revealed note")
    assert revealed["backgroundColor"] == schema.COLOURS_BY_ID["green"].background
    assert revealed["frameId"] == ideas["id"]
    expect(picker).to_be_enabled()
    expect(picker).to_have_value(frame_named(f, "What worked")["id"])  # her own choice again

    # The facilitator's board after all this (the README's picture): the lock sign, the
    # vote counts on the notes and the results in the panel beside the board.
    for section in ("Reactions", "Private brainstorm", "View"):
        f.get_by_role("button", name=section, exact=True).click()
    expect(f.get_by_test_id("vote-badge")).to_have_count(1)
    f.mouse.click(5, 400)  # nothing selected
    f.screenshot(path=str(shots / "board-live-session-1366.png"))


# -- 6. the phone in a weak network ---------------------------------------------------------------

def in_view(page: Page, test_id: str) -> bool:
    return bool(page.get_by_test_id(test_id).evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0"
        " && r.bottom <= window.innerHeight; }"))


def test_a_phone_in_a_weak_network(room: Room, open_context: OpenContext) -> None:
    f, phone = room.facilitator, room.phone
    start_vote(f, 2)
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("2")
    phone.context.set_offline(True)
    thumbs = phone.get_by_role("button", name=re.compile("^Thumbs up"))
    thumbs.scroll_into_view_if_needed()
    thumbs.click()
    waiting = phone.get_by_test_id("reaction-message")
    expect(waiting).to_have_text("No connection: 1 reaction waiting, sent when you are back "
                                 "online.")
    assert in_view(phone, "reaction-message")
    assert "Failed to fetch" not in phone.content()
    expect(phone.get_by_test_id("vote-offline")).to_be_visible()
    for button in phone.get_by_role("button", name=re.compile("^Vote for")).all():
        expect(button).to_be_disabled()
    phone.context.set_offline(False)
    expect(f.get_by_test_id("reaction-count-Thumbs up")).to_have_text("1", timeout=20_000)
    expect(waiting).to_be_hidden()
    expect(phone.get_by_role("button", name=re.compile("^Vote for")).first).to_be_enabled()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("2")  # nothing half-sent

    # The full board on a phone: the header in two rows, not four.
    _, board, _ = open_context(room.base, phone=True)
    join(board, room.base, room.code, "Lindiwe", "Online")
    board.wait_for_url(f"{room.base}/boards/{room.board_id}")
    ready(board)
    header = board.locator(".indaba-header").bounding_box()
    buttons = [b for b in (board.get_by_role("button", name=re.compile("^Add note")),
                           board.get_by_role("button", name="Workshop tools", exact=True))]
    heights = [b.bounding_box()["height"] for b in buttons]  # type: ignore[index]
    assert header and header["height"] <= 2 * max(heights) + 40, (header, heights)
    assert board.evaluate("document.documentElement.scrollWidth") <= 375


# -- 7. after the session: the results page -----------------------------------------------------

def test_results_page_after_the_session(room: Room, shots: Path) -> None:
    f, phone, online = room.facilitator, room.phone, room.online
    phone_note(phone, "Room mic <b>worked</b> **well**", "What worked")
    online.get_by_role("button", name=re.compile("^Add note")).click()
    type_new_note(online, "Captions for online people")
    wait_until(lambda: note(f, "Captions for online people"), what="Sipho's note")
    start_vote(f, 2)
    phone.get_by_role("button", name="Vote for “Room mic <b>worked</b> **well**”").click()
    online.locator("li", has_text="Room mic <b>worked</b>").get_by_role("button", name=re.compile(
        "^Vote for")).click()
    online.locator("li", has_text="Captions for online people").get_by_role(
        "button", name=re.compile("^Vote for")).click()
    f.get_by_role("button", name="Reveal results").click()
    expect(f.get_by_test_id("vote-badge")).to_have_count(2)

    # PNG and SVG exports keep the vote counts.
    f.get_by_text("Export", exact=True).click()
    with f.expect_download() as svg_download:
        f.get_by_role("button", name="SVG image").click()
    svg = Path(svg_download.value.path()).read_text()
    assert "2 votes" in svg and "1 vote" in svg

    page = f.context.new_page()
    page.goto(room.session_url + "results/")
    page.get_by_label("What will be done", exact=True).fill("Order a room microphone")
    page.get_by_label("Owner", exact=True).fill("Sipho Dlamini")
    page.get_by_role("button", name="Add the action").click()
    top = page.get_by_test_id("top-notes").locator("li")
    expect(top.first).to_contain_text("Room mic <b>worked</b> **well**")
    expect(top.first).to_contain_text("2 votes · What worked · in the room")
    expect(top.nth(1)).to_contain_text("1 vote ·")
    expect(top.nth(1)).to_contain_text("online")
    worked = page.locator("[data-frame='What worked']")
    expect(worked.locator("tr", has_text="Room mic")).to_contain_text("Amahle")
    expect(page.get_by_test_id("contributions").locator("tr", has_text="In the room")) \
        .to_contain_text("1")
    expect(page.get_by_test_id("actions")).to_contain_text("Order a room microphone")
    expect(page.get_by_test_id("actions")).to_contain_text("Sipho Dlamini")
    assert page.locator("b", has_text="worked").count() == 0  # what people wrote is text
    page.screenshot(path=str(shots / "session-results-1366.png"), full_page=True)

    with page.expect_download() as md_download:
        page.get_by_role("link", name="Download Markdown").click()
    markdown = Path(md_download.value.path()).read_text()
    assert r"Room mic \<b\>worked\</b\> \*\*well\*\* — 2 votes · What worked · in the room" \
        in markdown
    assert "- [ ] Order a room microphone — owner: Sipho Dlamini" in markdown
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")


# -- 8. the small things ----------------------------------------------------------------------

def test_the_small_things(room: Room, browser: Browser) -> None:
    f, online = room.facilitator, room.online
    # A 3-minute timer is announced as three minutes.
    f.get_by_label("Minutes", exact=True).fill("3")
    f.get_by_role("button", name="Start timer").click()
    expect(online.get_by_test_id("facilitation-announcer")).to_have_text(
        "Timer running: 3 minutes left.")
    # One vote: "1 vote", never "1 votes".
    start_vote(f, 1)
    expect(online.get_by_test_id("vote-status")).to_contain_text("1 vote each")
    expect(online.get_by_test_id("vote-status")).to_contain_text("You have 1 vote left.")
    expect(room.phone.get_by_test_id("vote-status")).to_contain_text("1 vote each")
    expect(room.phone.get_by_test_id("vote-status")).to_contain_text("1 vote left")

    page = f.context.new_page()
    page.goto(f"{room.base}/communities/")
    members = len(demo.PEOPLE) + len(demo_history.MEMBERS)  # the demo's wider membership too
    expect(page.locator(".card", has_text="KM Leadership")).to_contain_text(f"{members} members")

    # The agenda takes more than three lines.
    page.goto(room.session_url + "edit/")
    before = page.locator("[data-agenda-row]").count()
    page.get_by_role("button", name="Add a line").click()
    page.get_by_role("button", name="Add a line").click()
    expect(page.locator("[data-agenda-row]")).to_have_count(before + 2)
    added = before + 2
    expect(page.get_by_label(f"Agenda item (line {added})", exact=True)).to_be_focused()
    page.get_by_label(f"Agenda item (line {added})", exact=True).fill("Harvest the lessons")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(room.session_url)
    expect(page.locator(".agenda")).to_contain_text("Harvest the lessons")

    # A styled "not allowed" page that says why and where to go.
    member = browser.new_context(**LAPTOP).new_page()
    sign_in(member, room.base, "naledi", room.password)
    member.goto(room.session_url + "attendance/")
    expect(member.get_by_role("heading", name="You may not open this page")).to_be_visible()
    expect(member.get_by_role("navigation", name="Where to go next")).to_be_visible()
    missing = member.goto(f"{room.base}/sessions/999/")
    assert missing is not None and missing.status == 404
    expect(member.get_by_role("heading", name="There is nothing at this address")).to_be_visible()

    # The executive's home page leads to the evidence, not only to a join box.
    executive = browser.new_context(**LAPTOP).new_page()
    sign_in(executive, room.base, "director", room.password)
    expect(executive.get_by_test_id("home-communities")).to_contain_text("KM Leadership")
    executive.get_by_role("link", name="Evidence of value").click()
    expect(executive.get_by_role("heading", name="Evidence of value")).to_be_visible()
    member.context.close()
    executive.context.close()
