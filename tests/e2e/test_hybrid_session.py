"""A real hybrid session in headless Chromium against a real server.

A facilitator creates a community and a hybrid session; a phone joins with the
code as a guest in the room, a laptop joins online with an account; both add
sticky notes; the attendance panel shows 1 in the room and 1 online; revoking
the join code disconnects the guest at once. Screenshots of every page, at 375 px
and 1280 px, go to INDABA_SCREENSHOT_DIR (default: the test's tmp directory).
"""

from __future__ import annotations

import os
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("INDABA_SCREENSHOT_DIR", tmp_path / "screenshots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


def demo_password(server: IndabaServer) -> str:
    result = server.cli("demo", "--base-url", server.url)
    match = re.search(r"password '([^']+)'", result.stderr)
    assert match, result.stderr
    assert result.stdout.strip().count("\n") == 0, "demo prints one URL line on stdout"
    return match.group(1)


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username or e-mail", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def stickies(server: IndabaServer, board_id: str) -> list[dict[str, Any]]:
    elements = server.export_json(board_id)["elements"]
    return [e for e in elements if not e.get("isDeleted")
            and (e.get("customData") or {}).get("indaba", {}).get("kind") == "sticky"]


def wait_until(predicate: Any, timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def add_note(page: Any, text: str) -> None:
    page.wait_for_function("() => window.__indaba && window.__indaba.api"
                           " && window.__indaba.provider.synced")
    page.get_by_role("button", name=re.compile("Add note")).click()
    # The new note opens for typing at once.
    page.locator(".excalidraw-textEditorContainer textarea").wait_for()
    page.keyboard.type(text)
    page.keyboard.press("Escape")


def add_note_on_phone(page: Any, text: str) -> None:
    """The phone page's own controls (people in the room land there)."""
    page.wait_for_function("() => window.__indabaPhone && window.__indabaPhone.provider.synced")
    page.get_by_label("Note", exact=True).fill(text)
    page.get_by_role("button", name="Add note").click()


def test_hybrid_session_end_to_end(server: IndabaServer, browser: Any, shots: Path) -> None:
    base = server.url
    password = demo_password(server)

    # -- the facilitator prepares a community and a hybrid session ------------------------
    facilitator = browser.new_context(**DESKTOP)
    fpage = facilitator.new_page()
    sign_in(fpage, base, "thandi", password)
    fpage.goto(f"{base}/communities/new/")
    fpage.get_by_label("Name", exact=True).fill("Records Management CoP")
    fpage.get_by_label("Purpose", exact=True).fill("Practitioners who keep the public record.")
    fpage.get_by_label("Unit", exact=True).fill("Records Directorate")
    fpage.get_by_role("button", name="Create community").click()
    fpage.wait_for_url(re.compile(r"/communities/records-management-cop/$"))
    fpage.screenshot(path=shots / "community-home-1280.png", full_page=True)

    fpage.get_by_role("link", name="New session").click()
    fpage.get_by_label("Title", exact=True).fill("Quarterly hybrid retro")
    # Open now: people join (and are counted) only while a session is open.
    now = datetime.now(ZoneInfo("Africa/Johannesburg"))
    fpage.get_by_label("Starts", exact=True).fill(f"{now - timedelta(minutes=10):%Y-%m-%dT%H:%M}")
    fpage.get_by_label("Ends", exact=True).fill(f"{now + timedelta(hours=2):%Y-%m-%dT%H:%M}")
    fpage.get_by_label("Venue", exact=True).fill("Room 4.12")
    fpage.get_by_label("Online meeting link", exact=True).fill("https://meet.example.gov/retro")
    fpage.get_by_role("radio", name=re.compile("^Hybrid")).check()
    fpage.get_by_role("radio", name=re.compile("^Lessons learned")).check()
    fpage.get_by_label("Agenda item (line 1)", exact=True).fill("Check-in")
    fpage.get_by_label("Speaker (line 1)", exact=True).fill("Thandi Nkosi")
    fpage.screenshot(path=shots / "session-new-1280.png", full_page=True)
    fpage.get_by_role("button", name="Create session").click()
    fpage.wait_for_url(re.compile(r"/sessions/\d+/$"))
    session_url = fpage.url
    code = fpage.locator("strong.code").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    fpage.screenshot(path=shots / "session-1280.png", full_page=True)

    fpage.get_by_role("link", name="Open room screen").click()
    assert fpage.locator(".room-qr svg title").text_content().startswith("QR code")
    assert fpage.locator(".room-join-code").inner_text().replace(" ", "") == code
    fpage.screenshot(path=shots / "room-screen-1280.png")
    fpage.go_back()

    # -- a phone joins with the code, as a guest in the room ------------------------------
    phone = browser.new_context(**PHONE)
    ppage = phone.new_page()
    ppage.goto(f"{base}/join/")
    ppage.screenshot(path=shots / "join-code-375.png", full_page=True)
    ppage.get_by_label("Join code", exact=True).fill(code.lower()[:3] + " " + code.lower()[3:])
    ppage.get_by_role("button", name="Continue").click()
    ppage.wait_for_url(re.compile(rf"/join/{code}/"))
    assert "What we record and why" in ppage.content()
    ppage.get_by_label("Your display name", exact=True).fill("Amahle (guest)")
    ppage.get_by_role("radio", name="In the room").check()
    ppage.screenshot(path=shots / "join-375.png", full_page=True)
    ppage.get_by_role("button", name="Join the board").click()
    ppage.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))  # in the room: the phone page
    board_id = ppage.url.rsplit("/", 2)[1]

    # -- a laptop joins online with an account --------------------------------------------
    laptop = browser.new_context(**DESKTOP)
    lpage = laptop.new_page()
    sign_in(lpage, base, "sipho", password)
    lpage.goto(f"{base}/join/{code}/")
    lpage.get_by_role("radio", name="Online").check()
    lpage.get_by_role("button", name="Join the board").click()
    lpage.wait_for_url(f"{base}/boards/{board_id}")

    # -- both add sticky notes --------------------------------------------------------------
    add_note_on_phone(ppage, "Room mic worked well")
    add_note(lpage, "Chat questions were answered")
    notes = wait_until(lambda: len(stickies(server, board_id)) >= 2 and stickies(
        server, board_id), what="both notes stored on the server")
    authors = {n["customData"]["indaba"]["author"] for n in notes}
    assert authors == {"Amahle (guest)", "Sipho Dlamini"}, authors
    ppage.screenshot(path=shots / "board-guest-375.png")

    # -- the facilitator's attendance panel -------------------------------------------------
    fpage.goto(session_url + "attendance/")
    assert fpage.locator("#count-in-room").inner_text() == "1"
    assert fpage.locator("#count-online").inner_text() == "1"
    assert fpage.locator("#count-connected").inner_text() == "2"
    fpage.screenshot(path=shots / "attendance-1280.png", full_page=True)
    csv_response = fpage.request.get(session_url + "attendance.csv")
    assert csv_response.ok
    csv_text = csv_response.text()
    assert "Amahle (guest),guest,,in_room,code," in csv_text
    assert "Sipho Dlamini,account,Human Resource Development,online,link," in csv_text

    # -- revoking the join code disconnects the guest at once --------------------------------
    fpage.goto(session_url)
    fpage.get_by_role("link", name="Withdraw the join code…").click()
    fpage.get_by_role("button", name="Withdraw the code").click()
    fpage.wait_for_url(session_url)
    ppage.wait_for_selector(".indaba-connection--closed", timeout=5000)
    ppage.screenshot(path=shots / "board-guest-revoked-375.png")
    ppage.reload()
    assert "no longer opens" in ppage.content()
    # Sipho is no member of this community: he too came in only through the code.
    lpage.wait_for_selector(".indaba-connection--closed", timeout=5000)
    # The guest's leave time is recorded.
    fpage.goto(session_url + "attendance/?refresh=off")
    row = fpage.locator("tr", has_text="Amahle (guest)")
    assert row.locator("td").nth(3).inner_text() != "—"

    for context in (facilitator, phone, laptop):
        context.close()


def test_a_guest_joins_by_keyboard_alone(server: IndabaServer, browser: Any) -> None:
    """No mouse: skip link, code field, name, presence radio, submit."""
    password = demo_password(server)
    facilitator = browser.new_context(**DESKTOP).new_page()
    sign_in(facilitator, server.url, "thandi", password)
    facilitator.goto(f"{server.url}/sessions/1/")
    code = facilitator.locator("strong.code").inner_text().replace(" ", "")
    facilitator.context.close()
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.url}/join/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_label("Join code", exact=True).focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/join/{code}/"))
    page.get_by_label("Your display name", exact=True).focus()
    page.keyboard.type("Keyboard guest")
    page.keyboard.press("Tab")  # into the radio group
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == "in_room"
    assert page.evaluate("document.activeElement.checked") is True
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    page.context.close()
