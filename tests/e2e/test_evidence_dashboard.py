"""The executive of the demo community opens the evidence dashboard in Chromium (issue 12):
no person's name anywhere in the page, the in-room/online split shown, charts with their text
alternatives, downloads of the same selection; a person without the role (an account
with no role, and a plain member of the community) gets 403.

Screenshots go to INDABA_SCREENSHOT_DIR (default: the test's tmp directory); the README's
image is made with INDABA_SCREENSHOT_DIR=docs/images."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from indaba.evidence import demo as history
from indaba.meetings import demo
from tests.e2e.conftest import OpenContext
from tests.e2e.test_board_page import shots
from tests.e2e.test_facilitation import sign_in
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser
__all__ = ["shots"]

OUTSIDER, OUTSIDER_PASSWORD = "visitor", "a long password for the visitor 42"
# An account of the installation that holds no role in the demo community.
MAKE_OUTSIDER = f"""
from indaba.cli import setup_django
setup_django()
from django.contrib.auth import get_user_model
get_user_model()._default_manager.create_user(
    {OUTSIDER!r}, "visitor@demo.indaba.invalid", {OUTSIDER_PASSWORD!r})
"""


def every_name() -> list[str]:
    """Every demo person's display name and username, and the guests' names."""
    names = [name for _, name, _, _ in demo.PEOPLE] + [u for u, _, _, _ in demo.PEOPLE]
    names += [name for _, name, _ in history.MEMBERS] + [u for u, _, _ in history.MEMBERS]
    names += [*history.GUESTS, "Guest", "Visitor", OUTSIDER]
    return names


def test_the_executive_reads_the_dashboard_without_a_single_name(
        server: IndabaServer, open_context: OpenContext, shots: Path) -> None:
    made = server.cli("demo", "--base-url", server.url)
    password = re.search(r"password '([^']+)'", made.stderr)
    dashboard = re.search(r"Evidence dashboard \(sign in as director\): (\S+)", made.stderr)
    assert password and dashboard, made.stderr
    subprocess.run([sys.executable, "-c", MAKE_OUTSIDER], env=server.env(), check=True,
                   timeout=120)

    _, director, watch = open_context(server.url, phone=True)
    sign_in(director, server.url, "director", password.group(1))
    director.goto(dashboard.group(1) + "?split=presence")
    expect(director.get_by_role("heading", name=re.compile("Evidence of value"))) \
        .to_be_visible()
    html = director.content()
    own = director.get_by_role("link", name="director")  # the header names who is signed in
    expect(own).to_have_count(1)
    main = director.locator("main").inner_html()
    found = [n for n in every_name() if re.search(rf"\b{re.escape(n)}\b", main)]
    assert found == [], found
    outside_main = html.replace(main, "")
    assert [n for n in every_name() if n != "director"
            and re.search(rf"\b{re.escape(n)}\b", outside_main)] == []

    # The in-room / online split: the attendance table and the participation table.
    attendance = director.locator("table", has=director.locator(
        "caption", has_text="Attendance"))
    expect(attendance.first.locator("thead")).to_contain_text("In the room")
    expect(attendance.first.locator("thead")).to_contain_text("Online")
    expect(director.locator("table").filter(has_text="Participation in the room and online")
           .first).to_be_visible()
    # Charts: inline SVG, each with its text alternative.
    charts = director.locator(".chart-svg[role=img]")
    expect(charts).to_have_count(3)
    for i in range(3):
        labelled = charts.nth(i).get_attribute("aria-labelledby")
        assert labelled and director.locator(f"#{labelled}").inner_text().strip()
    # Indicators with their definitions, grouped by value-creation cycle.
    expect(director.get_by_role("heading", name="Immediate value: activities and interactions"))\
        .to_be_visible()
    expect(director.get_by_role("heading", name="Value-creation stories")).to_be_visible()
    director.screenshot(path=str(shots / "evidence-dashboard-phone.png"), full_page=False)

    # A preset and the split survive into the downloads.
    director.get_by_role("link", name="Last 3 months").click()
    expect(director.get_by_label("Split by")).to_have_value("presence")
    pdf_link = director.get_by_role("link", name="PDF")
    assert "preset=3m" in (pdf_link.get_attribute("href") or "")
    response = director.request.get(server.url + (pdf_link.get_attribute("href") or ""))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    (shots / "evidence-report.pdf").write_bytes(response.body())
    assert watch.foreign_requests == [] and watch.console_errors == []

    # The page on a laptop, for the README.
    _, laptop, _ = open_context(server.url)
    sign_in(laptop, server.url, "director", password.group(1))
    laptop.goto(dashboard.group(1) + "?preset=3m")
    laptop.locator("section.evidence-cycle").first.screenshot(
        path=str(shots / "evidence-dashboard.png"))
    laptop.screenshot(path=str(shots / "evidence-dashboard-full.png"), full_page=True)

    # A person of the installation without a role in the community: 403, nothing shown.
    _, visitor, _ = open_context(server.url, phone=True)
    sign_in(visitor, server.url, OUTSIDER, OUTSIDER_PASSWORD)
    refused = visitor.goto(dashboard.group(1))
    assert refused is not None and refused.status == 403
    assert "Evidence of value" not in visitor.content()
    refused_pdf = visitor.request.get(dashboard.group(1) + "report.pdf")
    assert refused_pdf.status == 403

    # A member of the community without the role (evidence is for leads, facilitators and
    # executives): 403 too.
    _, member, _ = open_context(server.url, phone=True)
    sign_in(member, server.url, "sipho", password.group(1))
    refused = member.goto(dashboard.group(1))
    assert refused is not None and refused.status == 403
    assert "Evidence of value" not in member.content()
