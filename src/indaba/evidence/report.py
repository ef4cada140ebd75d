"""`build_report`: the evidence report of one community, or of several together.

The figures come from `indicators.collect` (a fixed number of queries); the tables are
declared in `specs` and protected together by `suppression.protect_all`; every headline
figure is the very cell of a protected table (or a figure not about people), so the page,
the PDF, the CSV and the JSON cannot disagree about what is hidden. Definitions:
docs/evidence.md."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_noop

from indaba.common.errors import Invalid
from indaba.communities.models import Community
from indaba.evidence import checkpoint as audit_checkpoint
from indaba.evidence import stories as value_stories
from indaba.evidence import wording
from indaba.evidence.indicators import Figures, collect
from indaba.evidence.specs import IN_ROOM, ONLINE, PIPELINE_STATES, table_specs
from indaba.evidence.suppression import Format, protect_all, shown, threshold_in_use
from indaba.evidence.tables import Cell, Chart, Cycle, Indicator, Period, Report, Table

ALL_COMMUNITIES = gettext_noop("All communities")
SPLITS = ("presence", "unit", "process")

# Which split each split table belongs to (tables not named here are always included).
SPLIT_TABLES = {
    "participation_by_presence": "presence",
    "knowledge_by_presence": "presence",
    "attendance_by_unit": "unit",
    "participation_by_unit": "unit",
    "registrations_by_unit": "unit",
    "people_by_unit": "unit",
    "reuse_by_unit": "unit",
    "knowledge_by_unit": "unit",
    "knowledge_by_process": "process",
}

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
        Indicator("sessions_held", imm, gettext_noop("Sessions held"),
                  gettext_noop("Sessions that started in the period."), shown(sessions)),
        Indicator("attendance_in_room", imm, gettext_noop("Attendance in the room"),
                  gettext_noop("People at sessions who joined in the room (a person once per "
                               "session)."),
                  _cell(tables["attendance_by_session"], IN_ROOM)),
        Indicator("attendance_online", imm, gettext_noop("Attendance online"),
                  gettext_noop("People at sessions who joined online (a person once per session)."),
                  _cell(tables["attendance_by_session"], ONLINE)),
        Indicator("participation_rate", imm, gettext_noop("Participation rate"),
                  gettext_noop("Attendees with at least one note, vote or reaction on the "
                               "session's board ÷ attendees."),
                  _cell(tables["participation_by_session"], "Participation rate")),
        Indicator("contributions_per_session", imm, gettext_noop("Contributions per session"),
                  gettext_noop("Notes, votes and reactions on the sessions' boards ÷ sessions "
                               "held."),
                  shown(contributions / sessions if sessions else None, Format.DECIMAL)),
        Indicator("new_people", imm, gettext_noop("New people"),
                  gettext_noop("People whose first session of the community is in the period."),
                  _cell(tables["people_by_unit"], "New")),
        Indicator("returning_people", imm, gettext_noop("Returning people"),
                  gettext_noop("People in the period who had attended a session before it."),
                  _cell(tables["people_by_unit"], "Returning")),
        Indicator("registrations", imm, gettext_noop("Registrations"),
                  gettext_noop("Registrations for the period's sessions."),
                  _cell(tables["registrations_by_session"], "Registered")),
        Indicator("no_show_rate", imm, gettext_noop("No-show rate"),
                  gettext_noop("Registered people who did not attend ÷ registered people."),
                  _cell(tables["registrations_by_session"], "No-show rate")),
        Indicator("items_harvested", pot, gettext_noop("Knowledge items harvested"),
                  gettext_noop("Knowledge items created (harvested from a session or written) in "
                               "the period."), _cell(by_kind, "Harvested")),
        Indicator("items_in_review", pot, gettext_noop("Items in review"),
                  gettext_noop("Of those, items now in review (including changes requested)."),
                  _cell(by_kind, "In review")),
        Indicator("items_published", pot, gettext_noop("Items published"),
                  gettext_noop("Knowledge items published in the period."),
                  _cell(by_kind, "Published")),
        Indicator("median_days_to_publication", pot, gettext_noop("Median days to publication"),
                  gettext_noop("Median days from an item's creation to its publication, over the "
                               "items published in the period."),
                  _cell(by_kind, "Median days to publication")),
        Indicator("reuse_records", app, gettext_noop("Reuse records"),
                  gettext_noop("\"I applied this\" records made in the period."),
                  shown(money.records)),
        Indicator("actions_opened", app, gettext_noop("Actions opened"),
                  gettext_noop("Actions on knowledge items created in the period plus actions "
                               "agreed in the period's sessions."),
                  shown(lesson_actions_total + figures.session_actions)),
        Indicator("actions_done", app, gettext_noop("Actions done"),
                  gettext_noop("Actions on knowledge items marked done (actions agreed in "
                               "sessions have no status)."),
                  _cell(actions, "Done", "Actions on knowledge items")),
        Indicator("lessons_learned", app, gettext_noop("Lessons learned"),
                  gettext_noop("Lessons created in the period whose actions are all done."),
                  shown(figures.lessons["learned"])),
        Indicator("lessons_identified", app, gettext_noop("Lessons only identified"),
                  gettext_noop("Lessons created in the period without actions, or with some "
                               "not done."),
                  shown(figures.lessons["under_way"] + figures.lessons["no_action"])),
        Indicator("outcomes_reported", rea, gettext_noop("Outcomes reported"),
                  gettext_noop("Reuse records in the period that report time or cost saved."),
                  shown(money.with_saving)),
        Indicator("hours_saved", rea, gettext_noop("Hours saved"),
                  gettext_noop("Hours saved, summed as reported with reuse in the period."),
                  shown(money.hours, Format.DECIMAL)),
        Indicator("cost_saved", rea, gettext_noop("Cost saved"),
                  gettext_noop("Cost saved, summed as reported with reuse in the period."),
                  shown(money.cost, Format.MONEY)),
        Indicator("members", Cycle.REACH, gettext_noop("Members"),
                  gettext_noop("Members now, every role but executive."),
                  _cell(reach, "Members", reach_row)),
        Indicator("target_audience", Cycle.REACH, gettext_noop("Target audience"),
                  gettext_noop("How many people the community is meant for (an evidence setting)."),
                  _cell(reach, "Target audience", reach_row)),
        Indicator("reach", Cycle.REACH, gettext_noop("Reach"),
                  gettext_noop("Members ÷ target audience; unknown while no target audience "
                               "is set."),
                  _cell(reach, "Reach", reach_row)),
    ]


CHARTS = (
    Chart("attendance_trend", gettext_noop("Attendance in the room and online"),
          "attendance_by_session",
          "line", (IN_ROOM, ONLINE),
          gettext_noop("People at each session in the room and online, session by session.")),
    Chart("knowledge_pipeline", gettext_noop("Knowledge pipeline"), "knowledge_pipeline", "stacked",
          tuple(label for label, _ in PIPELINE_STATES),
          gettext_noop("Knowledge items created in the period by kind, stacked by where they "
                       "stand now.")),
    Chart("reuse_over_time", gettext_noop("Reuse over time"), "reuse_by_month", "bar",
          ("Reuse records",),
          gettext_noop("Reuse records per month.")),
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
    protected = {table.key: table for table in protect_all(table_specs(figures, several), limit)}
    included = tuple(table for key, table in protected.items()
                     if split is None or SPLIT_TABLES.get(key, split) == split)
    stories = value_stories.best(figures.reuse_records, chosen)
    notes = tuple(f"{t.title}: {t.note}" for t in included if t.note)
    return wording.localise(Report(
        scope=ALL_COMMUNITIES if several else chosen[0].name,
        communities=tuple(c.slug for c in chosen),
        period=Period(start, end), threshold=limit,
        generated_at=now or timezone.now(),
        indicators=tuple(_indicators(figures, protected, several)),
        tables=included, charts=CHARTS, stories=tuple(stories),
        checkpoint=audit_checkpoint.latest_line(), notes=notes))


__all__ = ["ALL_COMMUNITIES", "SPLITS", "build_report"]
