"""Every indicator and table of the report on the known events of conftest.py, with
nothing hidden (threshold 1): exact figures, periods, scope across communities, and a
number of queries that does not grow with the sessions."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indaba.evidence.report import build_report
from indaba.evidence.tables import Cycle
from tests.evidence.conftest import MARCH, NOW, Builder, Scenario, at, grid, march, values

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
    assert grid(report.table("participation_by_unit")) == [
        ["Finance", "2", "1", "3", "67%"], ["HR", "2", "0", "2", "100%"],
        ["IT", "1", "0", "1", "100%"], ["no unit recorded", "0", "2", "2", "0%"],
        ["Total", "5", "3", "8", "62%"]]
    assert grid(report.table("registrations_by_unit")) == [
        ["Finance", "1", "0", "1", "0%"], ["HR", "1", "1", "2", "50%"],
        ["Total", "2", "1", "3", "33%"]]
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
    assert grid(report.table("knowledge_by_presence")) == [
        ["Notes from the room only", "0", "0"], ["Notes from online only", "1", "0"],
        ["Notes from the room and online", "1", "1"], ["Origin not recorded", "0", "0"],
        ["Written by hand", "2", "0"], ["Total", "4", "1"]]
    assert grid(report.table("knowledge_by_kind")) == [
        ["Lesson learned", "3", "2", "1", "10.0"], ["Good practice", "1", "0", "0", "n/a"],
        ["After-action review", "0", "0", "0", "n/a"], ["Insight", "0", "0", "1", "31.0"],
        ["Total", "4", "2", "2", "20.5"]]
    assert grid(report.table("knowledge_by_unit")) == [
        ["Finance", "2", "1", "1", "1", "1", "12.5", "3,000.00"],
        ["HR", "1", "1", "0", "0", "0", "0.0", "0.00"],
        ["no unit recorded", "2", "1", "1", "1", "0", "0.0", "0.00"],
        ["All items (each once)", "4", "2", "2", "2", "1", "12.5", "3,000.00"]]
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

def test_sessions_of_the_same_day_and_title_keep_their_own_rows(scenario: Scenario) -> None:
    builder = Builder(scenario.community)
    again = builder.session("Retro", at(3, 19, hour=14))
    builder.join(again, "online", user=scenario.users["carol"])
    rows = grid(march(scenario, threshold=1).table("attendance_by_session"))
    assert [r[0] for r in rows] == ["2026-03-05 Kick-off", "2026-03-19 Retro",
                                    "2026-03-19 Retro (2)", "Total"]
    assert rows[2][1:4] == ["0", "1", "1"]
