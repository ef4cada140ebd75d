"""Indaba in isiZulu, in headless Chromium against a real server.

Amahle's phone asks for isiZulu (Accept-Language); she joins the demo session with its
code and gets the join page and the phone page in isiZulu. Thandi, the facilitator,
signs in in English and switches to isiZulu with the footer's language switcher; the
session page and the board then speak isiZulu (the workshop layer's messages too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

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


def choose_profile_language(page: Page, base: str, code: str) -> None:
    """Save `code` as the language on the signed-in person's profile."""
    page.goto(f"{base}/accounts/profile/")
    page.locator("main select[name=language]").select_option(code)
    page.locator("main form").get_by_role("button").last.click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def open_demo_board(page: Page, base: str) -> str:
    page.goto(f"{base}/sessions/1/")
    href = page.locator("main a[href^='/boards/']").first.get_attribute("href")
    assert href, "the demo session has a board"
    page.goto(f"{base}{href}")
    desktop_ready(page)
    return href.strip("/").split("/")[1]


@pytest.mark.parametrize("person, code, texts", [
    ("thandi", "zu", {"tools": "Amathuluzi omhlangano", "timer": "Isikhathi",
                      "vote": "Ukuvota ngamachashazi",
                      "start_vote": "Qala ukuvota", "vote_open": "Ukuvota kuvuliwe",
                      "list": "Uhlu", "react": "Sabela", "board_list": "Ibhodi njengohlu",
                      "add": "Engeza inothi", "shot": "isizulu"}),
    ("thandi", "af", {"tools": "Werkswinkelnutsgoed", "timer": "Tydhouer",
                      "vote": "Kolletjiestemming",
                      "start_vote": "Begin stemming", "vote_open": "Stemming is oop",
                      "list": "Lysaansig", "react": "Reageer", "board_list": "Die bord as 'n lys",
                      "add": "Voeg nota by", "shot": ""}),
])
def test_board_and_phone_pages_in_the_profile_language(
        server: IndabaServer, open_context: OpenContext, person: str, code: str,
        texts: dict[str, str]) -> None:
    """A person whose profile says isiZulu (or Afrikaans) gets the board's panels and the
    phone page in that language, whatever the browser asks for (here: English)."""
    base = server.url
    result = server.cli("demo", "--base-url", base)
    password = re.search(r"password '([^']+)'", result.stderr)
    assert password, result.stderr

    _, desk, watch = open_context(base, viewport={"width": 1366, "height": 900}, locale="en-ZA")
    sign_in(desk, base, person, password.group(1))
    choose_profile_language(desk, base, code)
    board_id = open_demo_board(desk, base)
    config = desk.evaluate(
        "() => JSON.parse(document.getElementById('indaba-board-config').textContent)")
    assert config["language"] == code

    toggle = desk.get_by_role("button", name=texts["tools"], exact=True)
    expect(toggle).to_be_visible()
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    panel = desk.get_by_test_id("workshop-panel")
    expect(panel.get_by_role("button", name=texts["timer"], exact=True)).to_be_visible()
    expect(panel.get_by_role("button", name=texts["vote"])).to_be_visible()
    expect(desk.get_by_role("button", name=texts["list"], exact=True)).to_be_visible()
    # A vote started in the person's language, announced in it on the board.
    vote_section = panel.get_by_role("button", name=texts["vote"])
    if vote_section.get_attribute("aria-expanded") == "false":
        vote_section.click()
    panel.get_by_role("button", name=texts["start_vote"]).click()
    expect(panel.get_by_test_id("vote-status")).to_contain_text(texts["vote_open"])
    desk.wait_for_timeout(500)  # the canvas's first paint
    if texts["shot"]:
        desk.screenshot(path=str(SHOTS / f"board-{texts['shot']}.png"))

    # -- the phone page, signed in as the same person --------------------------------------
    _, phone, phone_watch = open_context(base, phone=True, locale="en-ZA")
    sign_in(phone, base, person, password.group(1))
    phone.goto(f"{base}/boards/{board_id}/phone")
    phone_ready(phone)
    expect(phone.locator("html")).to_have_attribute("lang", code)
    expect(phone.get_by_role("heading", name=texts["react"], exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name=texts["board_list"], exact=True)).to_be_visible()
    expect(phone.get_by_role("button", name=texts["add"], exact=True)).to_be_visible()
    expect(phone.get_by_test_id("vote-status")).to_contain_text(texts["vote_open"])
    # Longer words must wrap, not push the page sideways (isiZulu's colour names did).
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    if texts["shot"]:
        phone.screenshot(path=str(SHOTS / f"phone-{texts['shot']}.png"), full_page=True)
    assert watch.foreign_requests == []
    assert phone_watch.foreign_requests == []
