"""Indaba in isiZulu, in headless Chromium against a real server.

Amahle's phone asks for isiZulu (Accept-Language); she joins the demo session with its
code and gets the join page and the phone page in isiZulu. Thandi, the facilitator,
signs in in English and switches to isiZulu with the footer's language switcher; the
session page and the board then speak isiZulu (the workshop layer's messages too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OpenContext
from tests.e2e.test_facilitation import sign_in
from tests.e2e.test_phone_view import desktop_ready, phone_ready
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"


def test_a_session_and_its_board_in_isizulu(server: IndabaServer,
                                            open_context: OpenContext) -> None:
    base = server.url
    result = server.cli("demo", "--base-url", base)
    password = re.search(r"password '([^']+)'", result.stderr)
    assert password, result.stderr

    # -- the facilitator chooses isiZulu in the footer -----------------------------------
    _, desk, _ = open_context(base, viewport={"width": 1366, "height": 900})
    sign_in(desk, base, "thandi", password.group(1))
    desk.goto(f"{base}/sessions/1/")
    desk.get_by_label("Language", exact=True).select_option("zu")
    desk.get_by_role("button", name="Change language").click()
    expect(desk.locator("html")).to_have_attribute("lang", "zu")
    expect(desk.get_by_role("heading", name="I-ajenda")).to_be_visible()
    expect(desk.get_by_role("link", name="Imiphakathi")).to_be_visible()
    code = desk.locator("strong.code").inner_text().replace(" ", "")
    desk.screenshot(path=str(SHOTS / "session-page-isizulu.png"), full_page=True)

    # -- a guest whose phone asks for isiZulu ---------------------------------------------
    _, phone, watch = open_context(base, phone=True, locale="zu-ZA")
    phone.goto(f"{base}/join/{code}/")
    expect(phone.get_by_role("heading", name="Esikubhalayo nokuthi kungani")).to_be_visible()
    phone.get_by_label("Igama lakho elibonakalayo", exact=True).fill("Amahle")
    phone.get_by_role("radio", name="Egumbini").check()
    phone.screenshot(path=str(SHOTS / "join-page-isizulu.png"), full_page=True)
    phone.get_by_role("button", name="Joyina ibhodi").click()
    phone.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    board_id = phone.url.rsplit("/", 2)[1]
    phone_ready(phone)
    expect(phone.get_by_role("link", name="Vula ibhodi lonke")).to_be_visible()
    expect(phone.get_by_test_id("timer-status")).to_have_text("Alikho iwashi lesikhathi")
    phone.screenshot(path=str(SHOTS / "phone-page-isizulu.png"), full_page=True)
    assert watch.foreign_requests == []

    # -- the board, for the facilitator, in isiZulu ----------------------------------------
    desk.goto(f"{base}/boards/{board_id}")
    desktop_ready(desk)
    config = desk.evaluate(
        "() => JSON.parse(document.getElementById('indaba-board-config').textContent)")
    assert config["language"] == "zu"
    expect(desk.locator("#board-root")).to_have_attribute("aria-label",
                                                          re.compile(r"^Ibhodi: "))
    desk.wait_for_timeout(500)  # the canvas's first paint
    desk.screenshot(path=str(SHOTS / "board-isizulu.png"))
