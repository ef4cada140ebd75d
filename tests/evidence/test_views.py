from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.evidence import views
from indaba.evidence.tables import Report
from tests.communities.helpers import World, fast_hashing, make_user, no_board_store, world
from tests.evidence.conftest import Scenario
from tests.evidence.sample import HIDDEN, sample_report

__all__ = ["fast_hashing", "no_board_store", "world"]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """build_report replaced by the hand-made sample; each call's arguments recorded."""
    made: list[dict[str, Any]] = []

    def fake(communities: list[Any], *, start: date | None, end: date | None,
             threshold: int | None = None, split: str | None = None) -> Report:
        made.append({"communities": [c.slug for c in communities], "start": start,
                     "end": end, "split": split})
        name = communities[0].name if len(communities) == 1 else "All communities"
        return sample_report(name, tuple(c.slug for c in communities), start=start, end=end)

    monkeypatch.setattr(views, "build_report", fake)
    return made


def login(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def url(world: World, tail: str = "") -> str:
    return f"/communities/{world.community.slug}/evidence/{tail}"


@pytest.mark.parametrize(("who", "status"), [
    ("executive", 200), ("lead", 200), ("facilitator", 200), ("superuser", 200),
    ("member", 403), ("reviewer", 403), ("outsider", 403)])
def test_who_may_read_a_communitys_evidence(world: World, calls: list[Any], who: str,
                                            status: int) -> None:
    assert login(world, who).get(url(world)).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(url(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_without_the_role_gets_403_on_every_download(world: World,
                                                             calls: list[Any]) -> None:
    for who in ("outsider", "member"):
        client = login(world, who)
        for fmt in ("pdf", "csv", "json"):
            assert client.get(url(world, f"report.{fmt}")).status_code == 403
    assert calls == []


def test_the_page_shows_indicators_by_cycle_with_definitions_tables_and_notes(
        world: World, calls: list[Any]) -> None:
    page = login(world, "executive").get(url(world)).content.decode()
    for heading in ("Immediate value: activities and interactions",
                    "Potential value: knowledge capital", "Applied value: changes in practice",
                    "Realised value: performance improvement", "Reach"):
        assert f">{heading}</h2>" in page
    assert "<dt>Attendance in the room</dt>" in page and ">123</dd>" in page
    assert "Joins counted in the room." in page
    assert "Counts under 5 are shown as &lt;5" in page  # the suppression note
    assert "checkpoint 42 · 1f3a9c" in page and "01 Jan 2026" not in page  # default: 12 m


def test_a_suppressed_cell_shows_its_display_never_its_value(world: World,
                                                             calls: list[Any]) -> None:
    page = login(world, "executive").get(url(world)).content.decode()
    cells = re.findall(r'<td class="num suppressed">([^<]*)</td>', page)
    assert cells == ["&lt;5", "&lt;5"]
    assert f'<td class="num">{HIDDEN}</td>' not in page


def test_charts_are_inline_svg_with_a_text_alternative_and_data_table(
        world: World, calls: list[Any]) -> None:
    page = login(world, "executive").get(url(world)).content.decode()
    assert page.count("<svg") == 3 and "<script" not in page
    assert 'aria-labelledby="chart-attendance_trend-alt"' in page
    assert 'id="chart-attendance_trend-alt">Attendance per session, in the room and online.' \
        in page
    assert "1 value under 5 is suppressed and left as a gap." in page
    assert "<caption>Attendance per session" in page


def test_stories_are_quoted_as_text_never_markup(world: World, calls: list[Any]) -> None:
    page = login(world, "executive").get(url(world)).content.decode()
    assert "&lt;b&gt;everyone&lt;/b&gt;" in page and "<b>everyone" not in page
    assert "4 hours saved" in page and "1,200 saved in cost" in page


def test_the_period_presets_and_dates_reach_the_report(world: World,
                                                       calls: list[Any]) -> None:
    client = login(world, "executive")
    today = timezone.localdate()
    client.get(url(world))
    client.get(url(world) + "?preset=3m")
    client.get(url(world) + "?preset=all&split=unit")
    client.get(url(world) + "?from=2026-01-01&to=2026-03-31&split=presence")
    client.get(url(world) + "?from=2026-02-01")
    assert [(c["start"], c["end"], c["split"]) for c in calls] == [
        (today - timedelta(days=365), today, None),
        (today - timedelta(days=91), today, None),
        (None, None, "unit"),
        (date(2026, 1, 1), date(2026, 3, 31), "presence"),
        (date(2026, 2, 1), None, None)]


@pytest.mark.parametrize("query", ["from=2026-05-01&to=2026-01-01", "from=1066-10-14",
                                   "from=yesterday", "split=surname", "preset=forever"])
def test_a_bad_selection_is_a_400_with_the_reason_and_no_report(
        world: World, calls: list[Any], query: str) -> None:
    client = login(world, "executive")
    response = client.get(url(world) + "?" + query)
    assert response.status_code == 400 and calls == []
    assert 'class="error"' in response.content.decode() or "form-errors" in \
        response.content.decode()
    assert client.get(url(world, "report.csv") + "?" + query).status_code == 400


def test_the_selected_split_is_kept_in_the_form_and_presets(world: World,
                                                            calls: list[Any]) -> None:
    page = login(world, "executive").get(url(world) + "?preset=3m&split=presence") \
        .content.decode()
    assert '<option value="presence" selected>' in page
    assert f'href="{url(world)}?preset=12m&amp;split=presence"' in page
    assert 'aria-current="true">Last 3 months' in page


def test_downloads_keep_the_selection_and_have_their_content_types(
        world: World, calls: list[Any]) -> None:
    client = login(world, "executive")
    page = client.get(url(world) + "?from=2026-01-01&to=2026-03-31&split=unit").content \
        .decode()
    links = re.findall(r'href="([^"]*report\.(?:pdf|csv|json)[^"]*)"', page)
    assert [html.unescape(link) for link in links] == [
        url(world, f"report.{fmt}") + "?from=2026-01-01&to=2026-03-31&split=unit"
        for fmt in ("pdf", "csv", "json")]
    expected = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8",
                "json": "application/json"}
    for link in links:
        response = client.get(html.unescape(link))
        fmt = link.split("report.")[1].split("?")[0]
        assert response.status_code == 200
        assert response["Content-Type"] == expected[fmt]
        assert response["Content-Disposition"] == (
            f'attachment; filename="evidence-test-cop-2026-01-01-2026-03-31.{fmt}"')
    assert response.content and json.loads(response.content)
    assert calls[-1]["split"] == "unit"
    assert client.get(url(world, "report.xlsx")).status_code == 404


def test_across_communities_the_page_reads_only_those_one_may(world: World,
                                                              calls: list[Any]) -> None:
    from indaba.communities import services as community_services

    other_lead = make_user("other-lead")
    community_services.create_community("Other CoP", other_lead, purpose="", unit="")
    response = login(world, "executive").get("/evidence/")
    assert response.status_code == 200
    assert calls[-1]["communities"] == [world.community.slug]
    assert "Evidence of value across communities" in response.content.decode()
    assert login(world, "outsider").get("/evidence/").status_code == 200
    assert "There is no community whose evidence you may read." in \
        login(world, "outsider").get("/evidence/").content.decode()
    assert login(world, "outsider").get("/evidence/report.csv").status_code == 403


def test_no_persons_name_reaches_the_page(scenario: Scenario) -> None:
    """With the real report of known events (tests/evidence/conftest.py): people who
    attended, a guest, owners of actions and a story that names someone are counted or
    quoted, never named."""
    client = Client()
    client.force_login(scenario.users["exec"])
    base = f"/communities/{scenario.community.slug}/evidence/"
    query = "?from=2026-03-01&to=2026-03-31"
    names = {"Amahle", "Bongani", "Carol", "Dineo", "Fikile", "Thandi", "Nkosi", "Dube",
             "Mokoena", "Khumalo", "Botha", "Zulu"}
    for split in ("", "presence", "unit", "process"):
        page = client.get(base + query + (f"&split={split}" if split else "")).content
        text = page.decode()
        assert "Evidence of value: Procurement CoP" in text
        # As words: the footer's language switcher offers "isiZulu".
        assert not {n for n in names if re.search(rf"\b{n}\b", text)}, split
    page = client.get(base + query + "&split=presence").content.decode()
    assert "In the room" in page and "Online" in page
    assert "Used the checklist;" in page  # the story is quoted, its name redacted
    for fmt in ("csv", "json", "pdf"):
        response = client.get(base + f"report.{fmt}" + query)
        assert response.status_code == 200
        if fmt != "pdf":
            body = response.content.decode()
            assert not {n for n in names if n in body}, fmt
