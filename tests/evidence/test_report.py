"""build_report as outputs see it: suppression at the default threshold (also across
tables), reach, splits, charts and refused requests."""

from __future__ import annotations

from datetime import date

import pytest

from indaba.common.errors import Invalid
from indaba.evidence.report import build_report
from indaba.evidence.tables import Table
from tests.evidence.conftest import NOW, Scenario, grid, march, values


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

def test_split_keeps_only_that_split(scenario: Scenario) -> None:
    keys = {t.key for t in march(scenario, split="unit").tables}
    assert {"attendance_by_unit", "people_by_unit", "reuse_by_unit", "participation_by_unit",
            "registrations_by_unit", "knowledge_by_unit"} <= keys
    assert not keys & {"participation_by_presence", "knowledge_by_presence",
                       "knowledge_by_process"}
    presence = {t.key for t in march(scenario, split="presence").tables}
    assert {"participation_by_presence", "knowledge_by_presence"} <= presence
    assert "attendance_by_unit" not in presence
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
    by_unit_participation = report.table("participation_by_unit")
    for unit in by_unit.rows:
        assert cell(by_unit, unit.label, "Attendances") == cell(
            by_unit_participation, unit.label, "Attendances"), unit.label
    for column in ("Attended", "Did not attend", "Registered"):
        assert cell(report.table("registrations_by_session"), "Total", column) == cell(
            report.table("registrations_by_unit"), "Total", column)
