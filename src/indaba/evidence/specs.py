"""The report's tables, declared from the raw figures (`indicators.collect`): what each
table counts, its rows and columns, which columns are counts of people, and which counts
it shares with other tables. `suppression.protect_all` turns these declarations into the
tables every output shows. Definitions: docs/evidence.md."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext_noop

from indaba.evidence.indicators import (
    NO_PROCESS,
    NO_UNIT,
    REVIEW_STATES,
    Figures,
    MoneyFigures,
    ProcessFigures,
    median_days,
)
from indaba.evidence.suppression import Column, Format, Measure, TableSpec
from indaba.evidence.tables import Cycle
from indaba.knowledge.models import ActionStatus, Kind, State

IN_ROOM, ONLINE = "In the room", "Online"
PIPELINE_STATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Draft", (State.DRAFT,)),
    ("In review", (State.IN_REVIEW,)),
    ("Changes requested", (State.CHANGES_REQUESTED,)),
    ("Published", (State.PUBLISHED,)),
    ("Archived or superseded", (State.ARCHIVED, State.SUPERSEDED)),
)

# Counts of people that more than one table shows (suppression.protect_all keeps them
# hidden everywhere once hidden anywhere).
ATTENDANCE_TOTALS = {("Total", IN_ROOM): "attendances.in_room",
                     ("Total", ONLINE): "attendances.online"}
CONTRIBUTION_TOTALS = {("Total", "Contributed"): "contributors",
                       ("Total", "Did not contribute"): "non-contributors"}
REGISTRATION_TOTALS = {("Total", "Attended"): "registered, attended",
                       ("Total", "Did not attend"): "registered, absent",
                       ("Total", "Registered"): "registered"}

T = TypeVar("T")
people = Measure.PEOPLE
figure = Measure.FIGURE


def _session_label(figures: Figures, index: int, several: bool) -> str:
    session = figures.sessions[index]
    label = f"{timezone.localtime(session.starts_at):%Y-%m-%d} {session.title}"
    return f"{label} ({session.community})" if several else label


def _unique(labels: list[str]) -> list[str]:
    """Row labels name cells across tables: two sessions of the same day and title get
    "(2)", "(3)" after the first."""
    seen: dict[str, int] = {}
    unique = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return unique


def _money_columns() -> tuple[Column, ...]:
    return (Column("Reuse records", figure),
            Column("With a saving reported", figure),
            Column("Hours saved", figure, Format.DECIMAL),
            Column("Cost saved", figure, Format.MONEY))


def _money_row(money: MoneyFigures) -> dict[str, int | Decimal]:
    return {"Reuse records": money.records, "With a saving reported": money.with_saving,
            "Hours saved": money.hours, "Cost saved": money.cost}


def table_specs(figures: Figures, several: bool) -> list[TableSpec]:
    """Every table of the report, before suppression."""
    sessions = figures.sessions
    labels = _unique([_session_label(figures, i, several) for i in range(len(sessions))])
    attendees = {(label, "Attendees"): f"session {s.pk} attendees"
                 for label, s in zip(labels, sessions, strict=True)}
    attended = [(unit, u) for unit, u in _by_unit_order(figures.by_unit)
                if u.in_room or u.online]
    unit_attendances = {(unit, "Attendances"): f"unit {unit} attendances"
                        for unit, _ in attended}
    specs = [
        TableSpec(
            "attendance_by_session", gettext_noop("Attendance by session"), Cycle.IMMEDIATE,
            gettext_noop("People at each session, in the room and online (each person once, "
                         "where they first joined), and the notes, votes and reactions on its "
                         "board."),
            "Session",
            (Column(IN_ROOM, people), Column(ONLINE, people),
             Column("Attendees", Measure.TOTAL), Column("Contributions", figure)),
            tuple((label, {IN_ROOM: s.in_room, ONLINE: s.online,
                           "Contributions": s.contributions})
                  for label, s in zip(labels, sessions, strict=True)),
            totals=True,
            links={**attendees, **ATTENDANCE_TOTALS, ("Total", "Attendees"): "attendances"}),
        TableSpec(
            "participation_by_session", gettext_noop("Participation by session"), Cycle.IMMEDIATE,
            gettext_noop("Attendees who contributed (at least one note, vote or reaction on the "
                         "board) and who did not; participation rate = contributors ÷ attendees."),
            "Session",
            (Column("Contributed", people), Column("Did not contribute", people),
             Column("Attendees", Measure.TOTAL),
             Column("Participation rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Contributed", "Attendees"))),
            tuple((label, {"Contributed": s.contributors,
                           "Did not contribute": s.attendees - s.contributors})
                  for label, s in zip(labels, sessions, strict=True)),
            totals=True,
            links={**attendees, **CONTRIBUTION_TOTALS, ("Total", "Attendees"): "attendances"}),
        TableSpec(
            "registrations_by_session", gettext_noop("Registrations and attendance"),
            Cycle.IMMEDIATE,
            gettext_noop("Of the people who registered for a session, those who attended and "
                         "those who did not (no-shows); no-show rate = no-shows ÷ registered. "
                         "Sessions without registrations are left out."),
            "Session",
            (Column("Attended", people), Column("Did not attend", people),
             Column("Registered", Measure.TOTAL),
             Column("No-show rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Did not attend", "Registered"))),
            tuple((label, {"Attended": s.registered_attended,
                           "Did not attend": s.registered - s.registered_attended})
                  for label, s in zip(labels, sessions, strict=True) if s.registered),
            totals=True, links=REGISTRATION_TOTALS),
        TableSpec(
            "participation_by_presence", gettext_noop("Participation in the room and online"),
            Cycle.IMMEDIATE,
            gettext_noop("Attendances (a person at a session) in the room and online, and how "
                         "many of them contributed on the board."),
            "Where",
            (Column("Contributed", people), Column("Did not contribute", people),
             Column("Attendances", Measure.TOTAL),
             Column("Participation rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Contributed", "Attendances"))),
            tuple((label, {"Contributed": p.contributors,
                           "Did not contribute": p.attendances - p.contributors})
                  for label, p in ((IN_ROOM, figures.by_presence["in_room"]),
                                   (ONLINE, figures.by_presence["online"]))),
            totals=True,
            links={**CONTRIBUTION_TOTALS, (IN_ROOM, "Attendances"): "attendances.in_room",
                   (ONLINE, "Attendances"): "attendances.online",
                   ("Total", "Attendances"): "attendances"}),
        TableSpec(
            "attendance_by_unit", gettext_noop("Attendance by unit"), Cycle.IMMEDIATE,
            gettext_noop("Attendances (a person at a session) by the person's unit, in the room "
                         "and online; guests have no unit recorded."),
            "Unit",
            (Column(IN_ROOM, people), Column(ONLINE, people),
             Column("Attendances", Measure.TOTAL)),
            tuple((unit, {IN_ROOM: u.in_room, ONLINE: u.online}) for unit, u in attended),
            totals=True,
            links={**unit_attendances, **ATTENDANCE_TOTALS,
                   ("Total", "Attendances"): "attendances"}),
        TableSpec(
            "participation_by_unit", gettext_noop("Participation by unit"), Cycle.IMMEDIATE,
            gettext_noop("Attendances by the person's unit, and how many of them contributed on "
                         "the board; participation rate = contributed ÷ attendances."),
            "Unit",
            (Column("Contributed", people), Column("Did not contribute", people),
             Column("Attendances", Measure.TOTAL),
             Column("Participation rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Contributed", "Attendances"))),
            tuple((unit, {"Contributed": u.contributed,
                          "Did not contribute": u.in_room + u.online - u.contributed})
                  for unit, u in attended),
            totals=True,
            links={**unit_attendances, **CONTRIBUTION_TOTALS,
                   ("Total", "Attendances"): "attendances"}),
        TableSpec(
            "registrations_by_unit", gettext_noop("Registrations and attendance by unit"),
            Cycle.IMMEDIATE,
            gettext_noop("Registrations for the period's sessions by the person's unit: attended "
                         "or not; no-show rate = did not attend ÷ registered."),
            "Unit",
            (Column("Attended", people), Column("Did not attend", people),
             Column("Registered", Measure.TOTAL),
             Column("No-show rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Did not attend", "Registered"))),
            tuple((unit, {"Attended": u.registered_attended,
                          "Did not attend": u.registered_absent})
                  for unit, u in _by_unit_order(figures.by_unit)
                  if u.registered_attended or u.registered_absent),
            totals=True, links=REGISTRATION_TOTALS),
        TableSpec(
            "people_by_unit", gettext_noop("New and returning people by unit"), Cycle.IMMEDIATE,
            gettext_noop("People who attended in the period: new (their first session of the "
                         "community is in the period; every guest) or returning (they attended "
                         "before it)."),
            "Unit",
            (Column("New", people), Column("Returning", people),
             Column("People", Measure.TOTAL)),
            tuple((unit, {"New": u.new, "Returning": u.returning})
                  for unit, u in _by_unit_order(figures.by_unit) if u.new or u.returning),
            totals=True),
        _pipeline_spec(figures),
        TableSpec(
            "knowledge_by_presence", gettext_noop("Knowledge from the room and online"),
            Cycle.POTENTIAL,
            gettext_noop("Items created in the period by where the notes they were harvested "
                         "from were written, and how many of them have been published since."),
            "Harvested from",
            (Column("Harvested", figure), Column("Published", figure)),
            tuple((label, {"Harvested": n[0], "Published": n[1]})
                  for label, n in figures.knowledge_by_origin.items()),
            totals=True),
        _by_kind_spec(figures),
        _listed_spec(
            "knowledge_by_process", gettext_noop("Knowledge and reuse by business process"),
            gettext_noop("Items harvested, in review and published, and reuse of items, by the "
                         "business processes the items name (an item naming two processes counts "
                         "under each; the total counts it once)."),
            "Business process", figures.by_process, NO_PROCESS,
            figures.distinct_process_totals),
        _listed_spec(
            "knowledge_by_unit", gettext_noop("Knowledge and reuse by unit concerned"),
            gettext_noop("Items harvested, in review and published, and reuse of items, by the "
                         "units the items name as concerned (an item naming two units counts "
                         "under each; the total counts it once)."),
            "Unit", figures.knowledge_by_unit, NO_UNIT, figures.distinct_process_totals),
        TableSpec(
            "actions", gettext_noop("Actions opened and done"), Cycle.APPLIED,
            gettext_noop("Actions on knowledge items created in the period, by status, and "
                         "actions agreed in the period's sessions (their status is not recorded)."),
            "Actions",
            (Column("Open", figure), Column("In progress", figure), Column("Done", figure),
             Column("Total", figure)),
            (("Actions on knowledge items",
              {"Open": figures.lesson_actions[ActionStatus.OPEN],
               "In progress": figures.lesson_actions[ActionStatus.IN_PROGRESS],
               "Done": figures.lesson_actions[ActionStatus.DONE],
               "Total": sum(figures.lesson_actions.values())}),
             ("Actions agreed in sessions",
              {"Open": "not recorded", "In progress": "not recorded",
               "Done": "not recorded", "Total": figures.session_actions}))),
        TableSpec(
            "lessons", gettext_noop("Lessons learned and identified"), Cycle.APPLIED,
            gettext_noop("Lessons (items of kind lesson) created in the period: learned when "
                         "they have actions and every one is done; otherwise only identified."),
            "Lessons",
            (Column("Lessons", figure),),
            (("Learned (every action done)", {"Lessons": figures.lessons["learned"]}),
             ("Identified, actions under way", {"Lessons": figures.lessons["under_way"]}),
             ("Identified, no action yet", {"Lessons": figures.lessons["no_action"]})),
            totals=True),
        TableSpec(
            "reuse_by_month", gettext_noop("Reuse over time"), Cycle.REALISED,
            gettext_noop("Reuse records (\"I applied this\") by the month they were recorded, with "
                         "the time and cost their authors said it saved (sums as reported)."),
            "Month", _money_columns(),
            tuple((f"{month:%Y-%m}", _money_row(money))
                  for month, money in sorted(figures.reuse_by_month.items())),
            totals=True),
        TableSpec(
            "reuse_by_unit", gettext_noop("Reuse by unit"), Cycle.REALISED,
            gettext_noop("Reuse records by the unit of the person who applied the item, as "
                         "recorded with the reuse."),
            "Unit", _money_columns(),
            tuple((unit, _money_row(money))
                  for unit, money in _by_unit_order(figures.reuse_by_unit)),
            totals=True),
        _reach_spec(figures, several),
    ]
    return specs


def _by_unit_order(by_unit: dict[str, T]) -> list[tuple[str, T]]:
    """Units alphabetically, "no unit recorded" last."""
    return sorted(by_unit.items(), key=lambda kv: (kv[0] == NO_UNIT, kv[0].lower()))


def _pipeline_spec(figures: Figures) -> TableSpec:
    rows = []
    for kind in Kind:
        row: dict[str, int] = {label: sum(figures.created_by_kind_state.get((kind, s), 0)
                                          for s in states)
                               for label, states in PIPELINE_STATES}
        row["Total"] = sum(row.values())
        rows.append((str(kind.label), row))
    return TableSpec(
        "knowledge_pipeline", gettext_noop("Knowledge pipeline"), Cycle.POTENTIAL,
        gettext_noop("Knowledge items created (harvested from a session or written) in the "
                     "period, by kind and where they stand now."),
        "Kind",
        (*(Column(label, figure) for label, _ in PIPELINE_STATES), Column("Total", figure)),
        tuple(rows), totals=True)


def _by_kind_spec(figures: Figures) -> TableSpec:
    rows = []
    every: list[float] = []
    for kind in Kind:
        created = sum(n for (k, _), n in figures.created_by_kind_state.items() if k == kind)
        in_review = sum(n for (k, s), n in figures.created_by_kind_state.items()
                        if k == kind and s in REVIEW_STATES)
        days = figures.days_to_publish_by_kind.get(kind, [])
        every += days
        rows.append((str(kind.label), {"Harvested": created, "In review": in_review,
                                  "Published": figures.published_by_kind.get(kind, 0),
                                  "Median days to publication": median_days(days)}))
    return TableSpec(
        "knowledge_by_kind", gettext_noop("Knowledge harvested and published"), Cycle.POTENTIAL,
        gettext_noop("Items created in the period, those of them in review now, items published "
                     "in the period, and the median days from creation (harvest) to publication "
                     "of those."),
        "Kind",
        (Column("Harvested", figure), Column("In review", figure), Column("Published", figure),
         Column("Median days to publication", figure, Format.DECIMAL, summable=False)),
        tuple(rows), totals=True,
        totals_figures={"Median days to publication": median_days(every)})


def _listed_row(p: ProcessFigures) -> dict[str, int | Decimal]:
    return {"Harvested": p.harvested, "In review": p.in_review, "Published": p.published,
            **_money_row(p.reuse)}


def _listed_spec(key: str, title: str, definition: str, header: str,
                 by_name: dict[str, ProcessFigures], none: str,
                 totals: ProcessFigures) -> TableSpec:
    """Knowledge and its reuse by the names items list (processes, units): an item naming
    two counts under each; the totals row counts it once."""
    ordered = sorted(by_name.items(), key=lambda kv: (kv[0] == none, kv[0].lower()))
    return TableSpec(
        key, title, Cycle.POTENTIAL, definition, header,
        (Column("Harvested", figure), Column("In review", figure),
         Column("Published", figure), *_money_columns()),
        tuple((name, _listed_row(p)) for name, p in ordered),
        totals=True, totals_label="All items (each once)",
        totals_figures=_listed_row(totals))


def _reach_spec(figures: Figures, several: bool) -> TableSpec:
    rows = tuple((r.name, {"Members": r.members, "Target audience": r.target_audience})
                 for r in figures.reach)
    targets = [r.target_audience for r in figures.reach]
    total_target = sum(t for t in targets if t is not None) if all(
        t is not None for t in targets) else None
    return TableSpec(
        "reach", gettext_noop("Reach"), Cycle.REACH,
        gettext_noop("Members now (every role but executive) as a share of the community's "
                     "target audience (an evidence setting); unknown where no target audience is "
                     "set."),
        "Community",
        (Column("Members", people),
         Column("Target audience", figure, summable=False, missing="unknown"),
         Column("Reach", Measure.RATIO, Format.PERCENT,
                ratio_of=("Members", "Target audience"), missing="unknown")),
        rows, totals=several,
        totals_label="All communities (a person in two counts twice)",
        totals_figures={"Target audience": total_target})
