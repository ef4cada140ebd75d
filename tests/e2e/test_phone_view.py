"""The phone page for people in the room, in headless Chromium against a real server.

Thandi (the demo community's facilitator, signed in) runs the demo session's board on a
desktop; Amahle joins with the session's code on a 375 px phone, in the room, and lands
on the phone page. Everything she does there is checked in the desktop's own Yjs
document and on its canvas, not only on her screen.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenContext
from tests.e2e.test_facilitation import sign_in, wait_until, ymap
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser


def phone_ready(page: Page) -> None:
    page.wait_for_function("() => window.__indabaPhone && window.__indabaPhone.provider.synced",
                           timeout=30_000)


def desktop_ready(page: Page) -> None:
    page.wait_for_function("() => window.__indaba && window.__indaba.api"
                           " && window.__indaba.provider.synced", timeout=30_000)


def elements(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(
        "() => Array.from(window.__indaba.doc.getMap('elements').values())"))


def note_in_doc(page: Page, text: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    everything = elements(page)
    label = next((e for e in everything if e["type"] == "text" and e.get("containerId")
                  and e.get("originalText") == text and not e.get("isDeleted")), None)
    if label is None:
        return None
    box = next(e for e in everything if e["id"] == label["containerId"])
    return box, label


def inside(box: dict[str, Any], frame: dict[str, Any]) -> bool:
    return bool(frame["x"] <= box["x"] and frame["y"] <= box["y"]
                and box["x"] + box["width"] <= frame["x"] + frame["width"]
                and box["y"] + box["height"] <= frame["y"] + frame["height"])


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_phone_participant_in_the_room(server: IndabaServer, open_context: OpenContext,
                                       tmp_path: Path) -> None:
    base = server.url
    result = server.cli("demo", "--base-url", base)
    password = re.search(r"password '([^']+)'", result.stderr)
    assert password, result.stderr
    _, desk, _ = open_context(base)
    sign_in(desk, base, "thandi", password.group(1))
    desk.goto(f"{base}/sessions/1/")
    code = desk.locator("strong.code").inner_text().replace(" ", "")

    # -- Amahle joins in the room and lands on the phone page ---------------------------
    _, phone, watch = open_context(base, phone=True)
    phone.goto(f"{base}/join/{code}/")
    phone.get_by_label("Your display name", exact=True).fill("Amahle")
    phone.get_by_role("radio", name="In the room").check()
    phone.get_by_role("button", name="Join the board").click()
    phone.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    board_id = phone.url.rsplit("/", 2)[1]
    phone_ready(phone)
    desk.goto(f"{base}/boards/{board_id}")
    desktop_ready(desk)
    expect(phone.get_by_test_id("phone-connection")).to_have_text("Connected")
    full = phone.get_by_role("link", name="Open the full board")
    assert full.get_attribute("href") == f"/boards/{board_id}"

    # -- a note into a chosen frame ------------------------------------------------------
    frames = [e for e in elements(desk) if e["type"] == "frame" and not e.get("isDeleted")]
    assert frames, "the demo board has frames"
    frame = frames[-1]
    picker = phone.get_by_label("Frame", exact=True)
    options = picker.locator("option").all_inner_texts()
    assert options[0] == "Anywhere" and frame["name"] in options
    picker.select_option(label=frame["name"])
    phone.get_by_role("radio", name="Green").check()
    text = "Phone note: the room mic worked well for everyone at the back"
    phone.get_by_label("Note", exact=True).fill(text)
    phone.get_by_role("button", name="Add note").click()
    expect(phone.get_by_test_id("phone-announcer")).to_contain_text(f"in {frame['name']}")
    found = wait_until(lambda: note_in_doc(desk, text), what="the phone's note on the desktop")
    box, label = found
    assert box["frameId"] == frame["id"] and label["frameId"] == frame["id"]
    assert inside(box, frame), (box, frame)
    assert box["customData"]["indaba"]["kind"] == "sticky"
    assert box["customData"]["indaba"]["author"] == "Amahle"
    assert box["customData"]["indaba"]["authorId"]
    assert box["boundElements"] == [{"id": label["id"], "type": "text"}]
    assert "\n" in label["text"] and label["originalText"] == text  # wrapped for the note
    neighbours = [e for e in elements(desk) if e.get("frameId") == frame["id"]
                  and e["id"] not in (box["id"], label["id"]) and not e.get("containerId")
                  and not e.get("isDeleted")]
    assert not [n for n in neighbours if overlap(box, n)]
    indices = [e["index"] for e in elements(desk) if e.get("index")]
    assert label["index"] == max(indices) and box["index"] == sorted(indices)[-2]
    # The canvas took it as a note inside the frame.
    on_canvas = desk.evaluate("""(id) => { const e = window.__indaba.api.getSceneElements()
        .find(e => e.id === id); return e && {frameId: e.frameId, bg: e.backgroundColor}; }""",
                              box["id"])
    assert on_canvas == {"frameId": frame["id"], "bg": box["backgroundColor"]}

    # A second note by keyboard alone: text, Tab over the colours, Enter on "Add note".
    phone.get_by_label("Note", exact=True).focus()
    phone.keyboard.type("Second phone note")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Add note"
    phone.keyboard.press("Enter")
    second, _ = wait_until(lambda: note_in_doc(desk, "Second phone note"), what="second note")
    assert second["frameId"] == frame["id"] and inside(second, frame)
    assert not overlap(second, box)

    shots = Path(os.environ.get("INDABA_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(shots / "phone-page-375.png"), full_page=True)

    # -- a vote in that frame --------------------------------------------------------------
    desk.get_by_label("Votes per person", exact=True).fill("2")
    scope = desk.get_by_role("combobox", name=re.compile("^Vote on"))
    scope.select_option(label=f"Frame: {frame['name']}")
    desk.get_by_role("button", name="Start vote").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("2")
    in_frame = [e for e in elements(desk) if e.get("frameId") == frame["id"]
                and (e.get("customData") or {}).get("indaba", {}).get("kind") == "sticky"
                and not e.get("isDeleted")]
    expect(phone.get_by_role("list", name="Notes to vote on").locator("li")).to_have_count(
        len(in_frame))
    phone.get_by_role("button", name=f"Vote for “{text}”").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("1")
    phone.get_by_role("button", name=f"Vote for “{text}”").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("0")
    phone.get_by_role("button", name=f"Take back a vote from “{text}”").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("1")
    phone.get_by_role("button", name="Vote for “Second phone note”").click()
    expect(phone.get_by_test_id("votes-remaining")).to_have_text("0")
    assert "results" not in ymap(desk, "vote")  # hidden until reveal
    desk.get_by_role("button", name="End vote").click()
    desk.get_by_role("button", name="Reveal results").click()
    ranking = phone.get_by_test_id("vote-ranking").locator("li")
    expect(ranking).to_have_count(2)
    expect(phone.get_by_test_id("vote-ranking")).to_contain_text("Second phone note — 1 vote")
    results = wait_until(lambda: json.loads(phone.evaluate(
        "() => JSON.stringify(window.__indabaPhone.doc.getMap('vote').toJSON().results || null)")),
        what="results on the phone")
    assert results == {box["id"]: 1, second["id"]: 1}

    # -- a reaction ---------------------------------------------------------------------------
    phone.get_by_role("button", name=re.compile("^Thumbs up")).click()
    expect(phone.get_by_test_id("reaction-count-Thumbs up")).to_have_text("1")
    expect(desk.get_by_test_id("reaction-count-Thumbs up")).to_have_text("1")
    assert ymap(desk, "reactions")["counts"] == {"👍": 1}

    # -- the facilitator's timer shows on the phone -------------------------------------------
    desk.get_by_label("Minutes", exact=True).fill("2")
    desk.get_by_role("button", name="Start timer").click()
    expect(phone.get_by_test_id("timer-status")).to_have_text("Running")
    expect(phone.get_by_test_id("timer-display")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    desk.get_by_role("button", name="Pause timer").click()
    expect(phone.get_by_test_id("timer-status")).to_have_text("Paused")
    assert (phone.get_by_test_id("timer-display").inner_text()
            == desk.get_by_test_id("timer-display").inner_text())

    # -- accessible and self-contained --------------------------------------------------------
    small = phone.evaluate("""() => Array.from(document.querySelectorAll(
        'button, select, textarea, a, label.phone-colour')).filter(e => e.offsetParent)
        .map(e => [e.textContent.trim() || e.getAttribute('aria-label'),
                   e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == [], small
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert not watch.foreign_requests, watch.foreign_requests
    assert not watch.console_errors, watch.console_errors
    full.click()
    desktop_ready(phone)
    assert phone.url == f"{base}/boards/{board_id}"
