"""The privacy page and the join notice say what is kept and for how long, from the
retention settings (so they cannot drift from what `indaba retention run` does)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from indaba.common.retention import RULES
from indaba.meetings import services
from tests.communities.helpers import World


def _row(page: str, key: str) -> str:
    found = re.search(rf'<tr id="retention-{key}"[^>]*>(.*?)</tr>', page, re.S)
    assert found is not None, f"no row for {key}"
    return found.group(1)


def test_the_privacy_page_lists_every_record_type_with_its_period(
        db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Distinct numbers per rule, so each row is shown its own setting's value.
    for number, rule in enumerate(RULES, start=11):
        monkeypatch.setenv(rule.env_var, str(number))
    response = Client().get("/privacy/")
    assert response.status_code == 200
    page = response.content.decode()
    for number, rule in enumerate(RULES, start=11):
        row = _row(page, rule.key)
        assert f"<strong>{number} days</strong>" in row
        assert f'data-days="{number}"' in page.split(f'id="retention-{rule.key}"')[1][:30]
    assert "who has <strong>not</strong> contributed yet" in page


def test_a_rule_switched_off_says_it_is_kept(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDABA_RETAIN_LOGIN_FAILURES_DAYS", "0")
    monkeypatch.setenv("INDABA_RETAIN_VOTES_DAYS", "1")
    page = Client().get("/privacy/").content.decode()
    assert "kept until removed by hand" in _row(page, "login_failures")
    assert "<strong>1 day</strong>" in _row(page, "votes")


def test_every_page_links_to_the_privacy_page(db: None) -> None:
    assert 'href="/privacy/"' in Client().get("/").content.decode()


def test_the_join_notice_names_the_engagement_panel_and_the_periods(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDABA_RETAIN_ATTENDANCE_DAYS", "45")
    monkeypatch.setenv("INDABA_RETAIN_ACTIVITY_DAYS", "60")
    link = services.active_join_link(world.session)
    assert link is not None
    page = Client().get(f"/join/{link.code}/").content.decode()
    assert "who has not contributed yet" in page
    notice = page.split('id="join-retention"')[1].split("</li>")[0]
    assert "45 days after the session" in notice and "60 days" in notice
    assert 'href="/privacy/"' in page
