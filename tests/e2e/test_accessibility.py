"""Every page a person can reach, checked with axe-core (WCAG 2.1 A/AA) as the person who
would see it: no serious or critical violation anywhere.

The demo (`indaba demo`) gives a community, a session with a board, knowledge items and
people in every role; a guest joins by the session's code for the join and phone pages.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_no_serious_violations
from tests.e2e.conftest import OpenContext
from tests.e2e.test_facilitation import open_workshop_tools, ready, sign_in
from tests.e2e.test_phone_view import phone_ready
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

MAKE_SUPERUSER = """
from indaba.cli import setup_django
setup_django()
from django.contrib.auth import get_user_model
user = get_user_model()._default_manager.get(username='lerato')
user.is_superuser = True
user.is_staff = True
user.save(update_fields=['is_superuser', 'is_staff'])
"""


def check(page: Page, url: str, what: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert_no_serious_violations(page, what)


def test_every_page_has_no_serious_axe_violation(server: IndabaServer,
                                                  open_context: OpenContext) -> None:
    base = server.url
    made = server.cli("demo", "--base-url", base)
    password = re.search(r"password '([^']+)'", made.stderr)
    board = re.search(r"next=/boards/([A-Za-z0-9]+)", made.stdout)
    assert password and board, (made.stdout, made.stderr)
    board_id = board.group(1)
    subprocess.run([sys.executable, "-c", MAKE_SUPERUSER], env=server.env(), check=True,
                   timeout=120)

    # -- signed out ------------------------------------------------------------------------
    _, anon, _ = open_context(base)
    check(anon, f"{base}/accounts/login/", "the sign-in page")
    check(anon, f"{base}/accounts/password/reset/", "the password reset page")
    check(anon, f"{base}/accounts/password/reset/sent/", "the reset-sent page")
    check(anon, f"{base}/accounts/password/reset/MQ/bad-token/", "a bad reset link")
    check(anon, f"{base}/privacy/", "the privacy page")
    check(anon, f"{base}/join/", "the join page (code entry)")
    check(anon, f"{base}/no-such-page/", "the 404 page")

    # -- the facilitator -------------------------------------------------------------------
    _, thandi, _ = open_context(base)
    sign_in(thandi, base, "thandi", password.group(1))
    assert_no_serious_violations(thandi, "the home page")
    check(thandi, f"{base}/communities/", "the communities list")
    community = thandi.locator("main a[href^='/communities/']").first.get_attribute("href")
    assert community
    check(thandi, f"{base}{community}", "a community's page")
    check(thandi, f"{base}{community}members/", "the community's members")
    check(thandi, f"{base}{community}evidence/", "the community's evidence dashboard")
    check(thandi, f"{base}/sessions/1/", "the session page")
    code = thandi.locator("strong.code").inner_text().replace(" ", "")
    check(thandi, f"{base}/sessions/1/room/", "the room screen")
    check(thandi, f"{base}/sessions/1/attendance/", "the attendance page")
    check(thandi, f"{base}/sessions/1/results/", "the results page")
    check(thandi, f"{base}/accounts/profile/", "the profile page")
    check(thandi, f"{base}/knowledge/", "the knowledge base")
    check(thandi, f"{base}/knowledge/?q=check-in", "a knowledge search")
    item = thandi.locator("main a[href^='/knowledge/items/']").first.get_attribute("href")
    assert item
    check(thandi, f"{base}{item}", "a knowledge item")
    slug = community.strip("/").rsplit("/", 1)[-1]
    check(thandi, f"{base}/knowledge/c/{slug}/new/", "a new knowledge item")
    check(thandi, f"{base}/knowledge/inbox/", "the review queue")
    check(thandi, f"{base}/audit/", "the audit page refused (403)")

    # The board page with the workshop (facilitation) panels open.
    thandi.goto(f"{base}/boards/{board_id}")
    ready(thandi)
    open_workshop_tools(thandi)
    assert_no_serious_violations(thandi, "the board page with the facilitation panels")
    thandi.get_by_role("button", name="List view").click()
    expect(thandi.get_by_role("region", name="Board as a list")).to_be_visible()
    assert_no_serious_violations(thandi, "the board's list view")

    # -- the reviewer and the superuser ----------------------------------------------------
    _, ayesha, _ = open_context(base)
    sign_in(ayesha, base, "ayesha", password.group(1))
    check(ayesha, f"{base}/knowledge/inbox/", "the reviewer's review queue")
    _, lerato, _ = open_context(base)
    sign_in(lerato, base, "lerato", password.group(1))
    check(lerato, f"{base}/audit/", "the audit page")
    check(lerato, f"{base}/evidence/", "the evidence dashboard of all communities")

    # -- a guest joins by code and lands on the phone page ---------------------------------
    _, phone, _ = open_context(base, phone=True)
    check(phone, f"{base}/join/{code}/", "the join page (name and presence)")
    phone.get_by_label("Your display name", exact=True).fill("Amahle")
    phone.get_by_role("radio", name="In the room").check()
    phone.get_by_role("button", name="Join the board").click()
    phone.wait_for_url(re.compile(r"/boards/[^/?]+/phone$"))
    phone_ready(phone)
    board_list = phone.get_by_test_id("phone-board-list")
    expect(board_list.get_by_role("heading", level=3).first).to_be_visible()
    expect(board_list.get_by_role("list").first).to_have_accessible_name(re.compile("^Notes in "))
    assert_no_serious_violations(phone, "the phone page")
