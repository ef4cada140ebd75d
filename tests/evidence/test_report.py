"""build_report on the known events of conftest.py: every indicator's exact figure, the
tables and their splits, suppression at the default threshold, scope, period, stories and
the audit checkpoint."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indaba.common.errors import Invalid
from indaba.evidence.report import build_report
from indaba.evidence.tables import Cycle, Report, Table
from tests.evidence.conftest import MARCH, NOW, Builder, Scenario, at


def march(scenario: Scenario, **kwargs: Any) -> Report:
    return build_report(scenario.community, start=MARCH[0], end=MARCH[1], now=NOW, **kwargs)


def values(report: Report) -> dict[str, Any]:
    return {i.key: i.value.value for i in report.indicators}


def grid(table: Table) -> list[list[str]]:
    return [[row.label, *(c.display for c in row.cells)] for row in table.rows]


EXPECTED = {
    # immediate
    "sessions_held": 2, "attendance_in_room": 5, "attendance_online": 3,
    "participation_rate": 0.625, "contributions_per_session": 4.0, "new_people": 6,
    "returning_people": 1, "registrations": 3, "no_show_rate": 0.3333,
    # potential
    "items_harvested": 4, "items_in_review": 2, "items_published": 2,
    "median_days_to_publication": 20.5,
    # applied
    "reuse_records": 2, "actions_opened": 6, "actions_done": 3, "lessons_learned": 1,
    "lessons_identified": 2,
    # realised
    "outcomes_reported": 1, "hours_saved": 12.5, "cost_saved": 3000.0,
    # reach
    "members": 6, "target_audience": 40, "reach": 0.15,
}


def test_every_indicator_has_its_exact_figure(scenario: Scenario) -> None:
    report = march(scenario, threshold=1)
    assert values(report) == EXPECTED
    assert all(not i.value.suppressed for i in report.indicators)
    assert all(i.definition for i in report.indicators)
    cycles = {i.key: i.cycle for i in report.indicators}
    assert cycles["sessions_held"] is Cycle.IMMEDIATE
    assert cycles["items_published"] is Cycle.POTENTIAL
    assert cycles["lessons_learned"] is Cycle.APPLIED
    assert cycles["hours_saved"] is Cycle.REALISED
    assert cycles["reach"] is Cycle.REACH
    assert report.scope == "Procurement CoP" and report.communities == ("cop-a",)
    assert report.threshold == 1 and report.period.label == "01 Mar 2026 to 31 Mar 2026"


def test_session_tables(scenario: Scenario) -> None:
    report = march(scenario, threshold=1)
    assert grid(report.table("attendance_by_session")) == [
        ["2026-03-05 Kick-off", "3", "1", "4", "5"],
        ["2026-03-19 Retro", "2", "2", "4", "3"],
        ["Total", "5", "3", "8", "8"]]
    assert report.table("attendance_by_session").columns == (
        "In the room", "Online", "Attendees", "Contributions")
    assert grid(report.table("participation_by_session")) == [
        ["2026-03-05 Kick-off", "3", "1", "4", "75%"],
        ["2026-03-19 Retro", "2", "2", "4", "50%"],
        ["Total", "5", "3", "8", "62%"]]
    assert grid(report.table("registrations_by_session")) == [
        ["2026-03-19 Retro", "2", "1", "3", "33%"], ["Total", "2", "1", "3", "33%"]]
    assert grid(report.table("participation_by_presence")) == [
        ["In the room", "3", "2", "5", "60%"], ["Online", "2", "1", "3", "67%"],
        ["Total", "5", "3", "8", "62%"]]


def test_unit_split_tables(scenario: Scenario) -> None:
    report = march(scenario, threshold=1)
    assert grid(report.table("attendance_by_unit")) == [
        ["Finance", "2", "1", "3"], ["HR", "0", "2", "2"], ["IT", "1", "0", "1"],
        ["no unit recorded", "2", "0", "2"], ["Total", "5", "3", "8"]]
    assert grid(report.table("people_by_unit")) == [
        ["Finance", "1", "1", "2"], ["HR", "2", "0", "2"], ["IT", "1", "0", "1"],
        ["no unit recorded", "2", "0", "2"], ["Total", "6", "1", "7"]]
    assert grid(report.table("reuse_by_unit")) == [
        ["Finance", "1", "1", "12.5", "3,000.00"], ["no unit recorded", "1", "0", "0.0", "0.00"],
        ["Total", "2", "1", "12.5", "3,000.00"]]


def test_knowledge_tables(scenario: Scenario) -> None:
    report = march(scenario, threshold=1)
    assert grid(report.table("knowledge_pipeline")) == [
        ["Lesson learned", "0", "1", "1", "1", "0", "3"],
        ["Good practice", "1", "0", "0", "0", "0", "1"],
        ["After-action review", "0", "0", "0", "0", "0", "0"],
        ["Insight", "0", "0", "0", "0", "0", "0"],
        ["Total", "1", "1", "1", "1", "0", "4"]]
    assert grid(report.table("knowledge_by_kind")) == [
        ["Lesson learned", "3", "2", "1", "10.0"], ["Good practice", "1", "0", "0", "n/a"],
        ["After-action review", "0", "0", "0", "n/a"], ["Insight", "0", "0", "1", "31.0"],
        ["Total", "4", "2", "2", "20.5"]]
    assert grid(report.table("knowledge_by_process")) == [
        ["Budgeting", "1", "1", "1", "1", "0", "0.0", "0.00"],
        ["Procurement", "2", "1", "1", "1", "1", "12.5", "3,000.00"],
        ["no process recorded", "2", "1", "0", "0", "0", "0.0", "0.00"],
        ["All items (each once)", "4", "2", "2", "2", "1", "12.5", "3,000.00"]]


def test_applied_and_realised_tables(scenario: Scenario) -> None:
    report = march(scenario, threshold=1)
    assert grid(report.table("actions")) == [
        ["Actions on knowledge items", "1", "0", "3", "4"],
        ["Actions agreed in sessions", "not recorded", "not recorded", "not recorded", "2"]]
    assert grid(report.table("lessons")) == [
        ["Learned (every action done)", "1"], ["Identified, actions under way", "1"],
        ["Identified, no action yet", "1"], ["Total", "3"]]
    assert grid(report.table("reuse_by_month")) == [
        ["2026-03", "2", "1", "12.5", "3,000.00"], ["Total", "2", "1", "12.5", "3,000.00"]]
    assert grid(report.table("reach")) == [["Procurement CoP", "6", "40", "15%"]]


def test_stories_quote_the_best_reuse_without_names(scenario: Scenario) -> None:
    stories = march(scenario).stories
    assert [(s.item_title, s.outcome, s.hours_saved, s.cost_saved, s.at) for s in stories] == [
        ("Checklist", "Used the checklist; [name] saved us a week of rework", 12.5, 3000.0,
         date(2026, 3, 17)),
        ("Budget cycle", "Applied it in our team", None, None, date(2026, 3, 28))]


def test_default_threshold_hides_small_counts_everywhere(scenario: Scenario) -> None:
    report = march(scenario)
    assert report.threshold == 5
    assert grid(report.table("attendance_by_session")) == [
        ["2026-03-05 Kick-off", "<5", "<5", "<5", "5"],
        ["2026-03-19 Retro", "<5", "<5", "<5", "3"],
        ["Total", "<5", "<5", "8", "8"]]
    hidden = {i.key for i in report.indicators if i.value.suppressed}
    assert hidden == {"attendance_in_room", "attendance_online", "participation_rate",
                      "new_people", "returning_people", "registrations", "no_show_rate"}
    for indicator in report.indicators:
        if indicator.value.suppressed:
            assert indicator.value.display == "<5"
    for key in ("attendance_by_session", "participation_by_session", "attendance_by_unit",
                "people_by_unit", "registrations_by_session", "participation_by_presence"):
        assert report.table(key).note.startswith('Shown as "<5"')
    assert report.table("knowledge_pipeline").note == ""  # items are not people
    assert any(n.startswith("Attendance by session: ") for n in report.notes)
    # Members (6) are not below 5: reach is shown.
    assert values(report)["reach"] == 0.15 and not report.indicators[-1].value.suppressed


def test_reach_is_unknown_without_a_target_and_hidden_for_few_members(
        scenario: Scenario) -> None:
    report = build_report(scenario.other, start=None, end=None, threshold=5, now=NOW)
    assert grid(report.table("reach")) == [["Budget CoP", "0", "unknown", "unknown"]]
    cells = {i.key: i.value for i in report.indicators}
    assert cells["reach"].display == "unknown" and cells["reach"].value is None
    scenario.community.memberships.exclude(user__username="exec").filter(
        user__username__in=["eli", "fikile"]).delete()
    small = march(scenario)
    assert grid(small.table("reach")) == [["Procurement CoP", "<5", "40", "<5"]]


def test_across_communities(scenario: Scenario) -> None:
    other = Builder(scenario.other)
    session = other.session("Budget talk", at(3, 12))
    other.join(session, "online", user=scenario.users["carol"])
    report = build_report([scenario.community, scenario.other], start=MARCH[0],
                          end=MARCH[1], threshold=1, now=NOW)
    assert report.scope == "All communities"
    assert report.communities == ("cop-b", "cop-a")  # by name: Budget, Procurement
    figures = values(report)
    assert figures["sessions_held"] == 3 and figures["attendance_online"] == 4
    assert [r.label for r in report.table("attendance_by_session").rows] == [
        "2026-03-05 Kick-off (Procurement CoP)", "2026-03-12 Budget talk (Budget CoP)",
        "2026-03-19 Retro (Procurement CoP)", "Total"]
    # carol's first session of either community is Kick-off (5 March): still new.
    assert figures["new_people"] == 6 and figures["returning_people"] == 1
    assert grid(report.table("reach"))[-1] == [
        "All communities (a person in two counts twice)", "6", "unknown", "unknown"]
    assert figures["reach"] is None


def test_period_rules(scenario: Scenario) -> None:
    everything = values(build_report(scenario.community, start=None, end=None, threshold=1,
                                     now=NOW))
    # Four sessions (S0-S3); without a start nobody is returning.
    assert everything["sessions_held"] == 4 and everything["returning_people"] == 0
    assert everything["items_harvested"] == 6 and everything["reuse_records"] == 4
    april_on = values(build_report(scenario.community, start=date(2026, 4, 1), end=None,
                                   threshold=1, now=NOW))
    # carol at S3 had attended S1: returning.
    assert april_on["sessions_held"] == 1 and april_on["returning_people"] == 1
    assert april_on["new_people"] == 0 and april_on["items_harvested"] == 1
    # The last day is included.
    one_day = values(build_report(scenario.community, start=date(2026, 3, 19),
                                  end=date(2026, 3, 19), threshold=1, now=NOW))
    assert one_day["sessions_held"] == 1 and one_day["attendance_in_room"] == 2
    # Sessions that have not started are not counted.
    before = values(build_report(scenario.community, start=None, end=None, threshold=1,
                                 now=at(3, 6)))
    assert before["sessions_held"] == 2


def test_split_keeps_only_that_split(scenario: Scenario) -> None:
    keys = {t.key for t in march(scenario, split="unit").tables}
    assert {"attendance_by_unit", "people_by_unit", "reuse_by_unit"} <= keys
    assert "participation_by_presence" not in keys and "knowledge_by_process" not in keys
    assert "attendance_by_session" in keys
    every = {t.key for t in march(scenario).tables}
    assert every > keys and "knowledge_by_process" in every


def test_charts_name_tables_and_columns_of_the_report(scenario: Scenario) -> None:
    report = march(scenario)
    for chart in report.charts:
        table = report.table(chart.table_key)
        assert set(chart.columns) <= set(table.columns)
    assert {c.key: c.kind for c in report.charts} == {
        "attendance_trend": "line", "knowledge_pipeline": "stacked",
        "reuse_over_time": "bar"}


def test_bad_requests_are_refused(scenario: Scenario) -> None:
    with pytest.raises(Invalid, match="starts after it ends"):
        build_report(scenario.community, start=date(2026, 4, 1), end=date(2026, 3, 1))
    with pytest.raises(Invalid, match="unknown split"):
        build_report(scenario.community, start=None, end=None, split="colour")
    with pytest.raises(Invalid, match="at least one community"):
        build_report([], start=None, end=None)
    with pytest.raises(Invalid, match="threshold"):
        build_report(scenario.community, start=None, end=None, threshold=0)


def test_checkpoint_line(scenario: Scenario, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDABA_DATA_DIR", str(tmp_path))
    assert march(scenario).checkpoint == ""
    from indaba.audit import services as audit_services

    body = audit_services.checkpoint()
    line = march(scenario).checkpoint
    assert line == (f"Audit trail checkpoint: entry {body['sequence']}, hash "
                    f"{body['hash'][:16]}, signed {body['at']} (key {body['key_id']})")
    (tmp_path / "audit" / "signing-key.pem").unlink()
    assert march(scenario).checkpoint.startswith("Audit checkpoint does not verify")


def test_queries_do_not_grow_with_sessions(scenario: Scenario) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            march(scenario)
        return len(queries)

    before = count()
    builder = Builder(scenario.community)
    for day in range(1, 28):
        session = builder.session(f"Extra {day}", at(3, day, hour=15))
        for n, name in enumerate(("thandi", "carol", "dineo")):
            joined = builder.join(session, "online", user=scenario.users[name],
                                  offset_minutes=n)
            builder.event(session, "reaction", token=str(joined.token_id))
    assert count() == before


def test_figures_shared_by_tables_are_hidden_in_all_or_none(scenario: Scenario) -> None:
    report = march(scenario)
    by_session = report.table("attendance_by_session")
    by_unit = report.table("attendance_by_unit")
    presence = report.table("participation_by_presence")
    participation = report.table("participation_by_session")

    def cell(table: Table, row: str, column: str) -> bool:
        found = next(r for r in table.rows if r.label == row)
        return found.cells[table.columns.index(column)].suppressed

    for column, row in (("In the room", "In the room"), ("Online", "Online")):
        states = {cell(by_session, "Total", column), cell(by_unit, "Total", column),
                  cell(presence, row, "Attendances")}
        assert len(states) == 1, column
    for label in ("2026-03-05 Kick-off", "2026-03-19 Retro", "Total"):
        assert cell(by_session, label, "Attendees") == cell(participation, label, "Attendees")
    assert cell(participation, "Total", "Contributed") == cell(presence, "Total", "Contributed")
