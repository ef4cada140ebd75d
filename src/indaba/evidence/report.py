"""`build_report`: the evidence report of one community, or of several together.

The figures come from `indicators.collect` (a fixed number of queries); every table goes
through `suppression.protect` and every headline figure is the very cell of a protected
table (or a figure not about people), so the page, the PDF, the CSV and the JSON cannot
disagree about what is hidden. Definitions: docs/evidence.md."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from django.utils import timezone

from indaba.common.errors import Invalid
from indaba.communities.models import Community
from indaba.evidence import checkpoint as audit_checkpoint
from indaba.evidence import stories as value_stories
from indaba.evidence.indicators import (
    NO_PROCESS,
    NO_UNIT,
    REVIEW_STATES,
    Figures,
    MoneyFigures,
    ProcessFigures,
    collect,
    median_days,
)
from indaba.evidence.suppression import (
    Column,
    Format,
    Measure,
    TableSpec,
    protect_all,
    shown,
    threshold_in_use,
)
from indaba.evidence.tables import Cell, Chart, Cycle, Indicator, Period, Report, Table
from indaba.knowledge.models import ActionStatus, Kind, State

ALL_COMMUNITIES = "All communities"
SPLITS = ("presence", "unit", "process")

# Which split each split table belongs to (tables not named here are always included).
SPLIT_TABLES = {
    "participation_by_presence": "presence",
    "attendance_by_unit": "unit",
    "people_by_unit": "unit",
    "reuse_by_unit": "unit",
    "knowledge_by_process": "process",
}

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

T = TypeVar("T")
people = Measure.PEOPLE
figure = Measure.FIGURE


def _session_label(figures: Figures, index: int, several: bool) -> str:
    session = figures.sessions[index]
    label = f"{timezone.localtime(session.starts_at):%Y-%m-%d} {session.title}"
    return f"{label} ({session.community})" if several else label


def _money_columns() -> tuple[Column, ...]:
    return (Column("Reuse records", figure),
            Column("With a saving reported", figure),
            Column("Hours saved", figure, Format.DECIMAL),
            Column("Cost saved", figure, Format.MONEY))


def _money_row(money: MoneyFigures) -> dict[str, int | Decimal]:
    return {"Reuse records": money.records, "With a saving reported": money.with_saving,
            "Hours saved": money.hours, "Cost saved": money.cost}


def _specs(figures: Figures, several: bool) -> list[TableSpec]:
    sessions = figures.sessions
    labels = [_session_label(figures, i, several) for i in range(len(sessions))]
    attendees = {(label, "Attendees"): f"session {s.pk} attendees"
                 for label, s in zip(labels, sessions, strict=True)}
    specs = [
        TableSpec(
            "attendance_by_session", "Attendance by session", Cycle.IMMEDIATE,
            "People at each session, in the room and online (each person once, where they "
            "first joined), and the notes, votes and reactions on its board.",
            "Session",
            (Column(IN_ROOM, people), Column(ONLINE, people),
             Column("Attendees", Measure.TOTAL), Column("Contributions", figure)),
            tuple((label, {IN_ROOM: s.in_room, ONLINE: s.online,
                           "Contributions": s.contributions})
                  for label, s in zip(labels, sessions, strict=True)),
            totals=True,
            links={**attendees, **ATTENDANCE_TOTALS, ("Total", "Attendees"): "attendances"}),
        TableSpec(
            "participation_by_session", "Participation by session", Cycle.IMMEDIATE,
            "Attendees who contributed (at least one note, vote or reaction on the board) "
            "and who did not; participation rate = contributors ÷ attendees.",
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
            "registrations_by_session", "Registrations and attendance", Cycle.IMMEDIATE,
            "Of the people who registered for a session, those who attended and those who "
            "did not (no-shows); no-show rate = no-shows ÷ registered. Sessions without "
            "registrations are left out.",
            "Session",
            (Column("Attended", people), Column("Did not attend", people),
             Column("Registered", Measure.TOTAL),
             Column("No-show rate", Measure.RATIO, Format.PERCENT,
                    ratio_of=("Did not attend", "Registered"))),
            tuple((label, {"Attended": s.registered_attended,
                           "Did not attend": s.registered - s.registered_attended})
                  for label, s in zip(labels, sessions, strict=True) if s.registered),
            totals=True),
        TableSpec(
            "participation_by_presence", "Participation in the room and online",
            Cycle.IMMEDIATE,
            "Attendances (a person at a session) in the room and online, and how many of "
            "them contributed on the board.",
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
            "attendance_by_unit", "Attendance by unit", Cycle.IMMEDIATE,
            "Attendances (a person at a session) by the person's unit, in the room and "
            "online; guests have no unit recorded.",
            "Unit",
            (Column(IN_ROOM, people), Column(ONLINE, people),
             Column("Attendances", Measure.TOTAL)),
            tuple((unit, {IN_ROOM: u.in_room, ONLINE: u.online})
                  for unit, u in _by_unit_order(figures.by_unit)
                  if u.in_room or u.online),
            totals=True,
            links={**ATTENDANCE_TOTALS, ("Total", "Attendances"): "attendances"}),
        TableSpec(
            "people_by_unit", "New and returning people by unit", Cycle.IMMEDIATE,
            "People who attended in the period: new (their first session of the community "
            "is in the period; every guest) or returning (they attended before it).",
            "Unit",
            (Column("New", people), Column("Returning", people),
             Column("People", Measure.TOTAL)),
            tuple((unit, {"New": u.new, "Returning": u.returning})
                  for unit, u in _by_unit_order(figures.by_unit) if u.new or u.returning),
            totals=True),
        _pipeline_spec(figures),
        _by_kind_spec(figures),
        _by_process_spec(figures),
        TableSpec(
            "actions", "Actions opened and done", Cycle.APPLIED,
            "Actions on knowledge items created in the period, by status, and actions "
            "agreed in the period's sessions (their status is not recorded).",
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
            "lessons", "Lessons learned and identified", Cycle.APPLIED,
            "Lessons (items of kind lesson) created in the period: learned when they have "
            "actions and every one is done; otherwise only identified.",
            "Lessons",
            (Column("Lessons", figure),),
            (("Learned (every action done)", {"Lessons": figures.lessons["learned"]}),
             ("Identified, actions under way", {"Lessons": figures.lessons["under_way"]}),
             ("Identified, no action yet", {"Lessons": figures.lessons["no_action"]})),
            totals=True),
        TableSpec(
            "reuse_by_month", "Reuse over time", Cycle.REALISED,
            "Reuse records (\"I applied this\") by the month they were recorded, with the "
            "time and cost their authors said it saved (sums as reported).",
            "Month", _money_columns(),
            tuple((f"{month:%Y-%m}", _money_row(money))
                  for month, money in sorted(figures.reuse_by_month.items())),
            totals=True),
        TableSpec(
            "reuse_by_unit", "Reuse by unit", Cycle.REALISED,
            "Reuse records by the unit of the person who applied the item, as recorded "
            "with the reuse.",
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
        rows.append((kind.label, row))
    return TableSpec(
        "knowledge_pipeline", "Knowledge pipeline", Cycle.POTENTIAL,
        "Knowledge items created (harvested from a session or written) in the period, by "
        "kind and where they stand now.",
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
        rows.append((kind.label, {"Harvested": created, "In review": in_review,
                                  "Published": figures.published_by_kind.get(kind, 0),
                                  "Median days to publication": median_days(days)}))
    return TableSpec(
        "knowledge_by_kind", "Knowledge harvested and published", Cycle.POTENTIAL,
        "Items created in the period, those of them in review now, items published in the "
        "period, and the median days from creation (harvest) to publication of those.",
        "Kind",
        (Column("Harvested", figure), Column("In review", figure), Column("Published", figure),
         Column("Median days to publication", figure, Format.DECIMAL, summable=False)),
        tuple(rows), totals=True,
        totals_figures={"Median days to publication": median_days(every)})


def _by_process_spec(figures: Figures) -> TableSpec:
    def row(p: ProcessFigures) -> dict[str, int | Decimal]:
        return {"Harvested": p.harvested, "In review": p.in_review, "Published": p.published,
                **_money_row(p.reuse)}

    ordered = sorted(figures.by_process.items(),
                     key=lambda kv: (kv[0] == NO_PROCESS, kv[0].lower()))
    return TableSpec(
        "knowledge_by_process", "Knowledge and reuse by business process", Cycle.POTENTIAL,
        "Items harvested, in review and published, and reuse of items, by the business "
        "processes the items name (an item naming two processes counts under each; the "
        "total counts it once).",
        "Business process",
        (Column("Harvested", figure), Column("In review", figure),
         Column("Published", figure), *_money_columns()),
        tuple((name, row(p)) for name, p in ordered),
        totals=True, totals_label="All items (each once)",
        totals_figures=row(figures.distinct_process_totals))


def _reach_spec(figures: Figures, several: bool) -> TableSpec:
    rows = tuple((r.name, {"Members": r.members, "Target audience": r.target_audience})
                 for r in figures.reach)
    targets = [r.target_audience for r in figures.reach]
    total_target = sum(t for t in targets if t is not None) if all(
        t is not None for t in targets) else None
    return TableSpec(
        "reach", "Reach", Cycle.REACH,
        "Members now (every role but executive) as a share of the community's target "
        "audience (an evidence setting); unknown where no target audience is set.",
        "Community",
        (Column("Members", people),
         Column("Target audience", figure, summable=False, missing="unknown"),
         Column("Reach", Measure.RATIO, Format.PERCENT,
                ratio_of=("Members", "Target audience"), missing="unknown")),
        rows, totals=several,
        totals_label="All communities (a person in two counts twice)",
        totals_figures={"Target audience": total_target})


def _cell(table: Table, column: str, row: str | None = None) -> Cell:
    """A cell of a protected table: the totals row unless a row label is given."""
    index = table.columns.index(column)
    for candidate in table.rows:
        if (row is None and candidate.is_total) or candidate.label == row:
            return candidate.cells[index]
    raise KeyError(f"{table.key}: no row {row!r}")


def _indicators(figures: Figures, tables: dict[str, Table], several: bool
                ) -> list[Indicator]:
    sessions = len(figures.sessions)
    contributions = sum(s.contributions for s in figures.sessions)
    by_kind = tables["knowledge_by_kind"]
    actions = tables["actions"]
    money = figures.reuse_total
    reach = tables["reach"]
    lesson_actions_total = sum(figures.lesson_actions.values())
    imm, pot, app, rea = Cycle.IMMEDIATE, Cycle.POTENTIAL, Cycle.APPLIED, Cycle.REALISED
    reach_row = None if several else figures.reach[0].name
    return [
        Indicator("sessions_held", imm, "Sessions held",
                  "Sessions that started in the period.", shown(sessions)),
        Indicator("attendance_in_room", imm, "Attendance in the room",
                  "People at sessions who joined in the room (a person once per session).",
                  _cell(tables["attendance_by_session"], IN_ROOM)),
        Indicator("attendance_online", imm, "Attendance online",
                  "People at sessions who joined online (a person once per session).",
                  _cell(tables["attendance_by_session"], ONLINE)),
        Indicator("participation_rate", imm, "Participation rate",
                  "Attendees with at least one note, vote or reaction on the session's "
                  "board ÷ attendees.",
                  _cell(tables["participation_by_session"], "Participation rate")),
        Indicator("contributions_per_session", imm, "Contributions per session",
                  "Notes, votes and reactions on the sessions' boards ÷ sessions held.",
                  shown(contributions / sessions if sessions else None, Format.DECIMAL)),
        Indicator("new_people", imm, "New people",
                  "People whose first session of the community is in the period.",
                  _cell(tables["people_by_unit"], "New")),
        Indicator("returning_people", imm, "Returning people",
                  "People in the period who had attended a session before it.",
                  _cell(tables["people_by_unit"], "Returning")),
        Indicator("registrations", imm, "Registrations",
                  "Registrations for the period's sessions.",
                  _cell(tables["registrations_by_session"], "Registered")),
        Indicator("no_show_rate", imm, "No-show rate",
                  "Registered people who did not attend ÷ registered people.",
                  _cell(tables["registrations_by_session"], "No-show rate")),
        Indicator("items_harvested", pot, "Knowledge items harvested",
                  "Knowledge items created (harvested from a session or written) in the "
                  "period.", _cell(by_kind, "Harvested")),
        Indicator("items_in_review", pot, "Items in review",
                  "Of those, items now in review (including changes requested).",
                  _cell(by_kind, "In review")),
        Indicator("items_published", pot, "Items published",
                  "Knowledge items published in the period.", _cell(by_kind, "Published")),
        Indicator("median_days_to_publication", pot, "Median days to publication",
                  "Median days from an item's creation to its publication, over the items "
                  "published in the period.", _cell(by_kind, "Median days to publication")),
        Indicator("reuse_records", app, "Reuse records",
                  "\"I applied this\" records made in the period.",
                  shown(money.records)),
        Indicator("actions_opened", app, "Actions opened",
                  "Actions on knowledge items created in the period plus actions agreed in "
                  "the period's sessions.",
                  shown(lesson_actions_total + figures.session_actions)),
        Indicator("actions_done", app, "Actions done",
                  "Actions on knowledge items marked done (actions agreed in sessions have "
                  "no status).", _cell(actions, "Done", "Actions on knowledge items")),
        Indicator("lessons_learned", app, "Lessons learned",
                  "Lessons created in the period whose actions are all done.",
                  shown(figures.lessons["learned"])),
        Indicator("lessons_identified", app, "Lessons only identified",
                  "Lessons created in the period without actions, or with some not done.",
                  shown(figures.lessons["under_way"] + figures.lessons["no_action"])),
        Indicator("outcomes_reported", rea, "Outcomes reported",
                  "Reuse records in the period that report time or cost saved.",
                  shown(money.with_saving)),
        Indicator("hours_saved", rea, "Hours saved",
                  "Hours saved, summed as reported with reuse in the period.",
                  shown(money.hours, Format.DECIMAL)),
        Indicator("cost_saved", rea, "Cost saved",
                  "Cost saved, summed as reported with reuse in the period.",
                  shown(money.cost, Format.MONEY)),
        Indicator("members", Cycle.REACH, "Members",
                  "Members now, every role but executive.", _cell(reach, "Members", reach_row)),
        Indicator("target_audience", Cycle.REACH, "Target audience",
                  "How many people the community is meant for (an evidence setting).",
                  _cell(reach, "Target audience", reach_row)),
        Indicator("reach", Cycle.REACH, "Reach",
                  "Members ÷ target audience; unknown while no target audience is set.",
                  _cell(reach, "Reach", reach_row)),
    ]


CHARTS = (
    Chart("attendance_trend", "Attendance in the room and online", "attendance_by_session",
          "line", (IN_ROOM, ONLINE),
          "People at each session in the room and online, session by session."),
    Chart("knowledge_pipeline", "Knowledge pipeline", "knowledge_pipeline", "stacked",
          tuple(label for label, _ in PIPELINE_STATES),
          "Knowledge items created in the period by kind, stacked by where they stand now."),
    Chart("reuse_over_time", "Reuse over time", "reuse_by_month", "bar", ("Reuse records",),
          "Reuse records per month."),
)


def build_report(communities: Sequence[Community] | Community, *, start: date | None,
                 end: date | None, threshold: int | None = None, split: str | None = None,
                 now: datetime | None = None) -> Report:
    """The report of one community (its name as the scope) or of several ("All
    communities"). `split` keeps only the split tables of "presence", "unit" or
    "process" (None: all of them); `threshold` overrides the setting."""
    chosen = [communities] if isinstance(communities, Community) else list(communities)
    if not chosen:
        raise Invalid("choose at least one community")
    if start and end and start > end:
        raise Invalid("the period starts after it ends")
    if split is not None and split not in SPLITS:
        raise Invalid(f"unknown split {split!r} (choose from {', '.join(SPLITS)})")
    try:
        limit = threshold_in_use(threshold)
    except ValueError as exc:
        raise Invalid(str(exc)) from None
    chosen.sort(key=lambda c: c.name.lower())
    several = len(chosen) > 1
    figures = collect(chosen, start, end, now)
    protected = {table.key: table for table in protect_all(_specs(figures, several), limit)}
    included = tuple(table for key, table in protected.items()
                     if split is None or SPLIT_TABLES.get(key, split) == split)
    stories = value_stories.best(figures.reuse_records, chosen)
    notes = tuple(f"{t.title}: {t.note}" for t in included if t.note)
    return Report(
        scope=ALL_COMMUNITIES if several else chosen[0].name,
        communities=tuple(c.slug for c in chosen),
        period=Period(start, end), threshold=limit,
        generated_at=now or timezone.now(),
        indicators=tuple(_indicators(figures, protected, several)),
        tables=included, charts=CHARTS, stories=tuple(stories),
        checkpoint=audit_checkpoint.latest_line(), notes=notes)


__all__ = ["ALL_COMMUNITIES", "SPLITS", "build_report"]
