"""A hand-made Report for the presentation tests: the same shapes build_report returns, with
known figures (and a suppressed cell whose true value, 3, must never be shown)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from indaba.evidence.tables import (
    Cell,
    Chart,
    Cycle,
    Indicator,
    Period,
    Report,
    Row,
    Story,
    Table,
)

HIDDEN = 3  # the true value of the suppressed cell: never on any output


def n(value: int) -> Cell:
    return Cell(value, str(value))


def hidden(value: int, threshold: int = 5) -> Cell:
    return Cell(value, f"<{threshold}", suppressed=True)


def sample_report(scope: str = "Sample community", slugs: tuple[str, ...] = ("sample",),
                  *, start: date | None = date(2026, 1, 1),
                  end: date | None = date(2026, 3, 31)) -> Report:
    attendance = Table(
        key="attendance", title="Attendance per session", cycle=Cycle.IMMEDIATE,
        definition="People who joined each session, by how they joined.",
        row_header="Session", columns=("In the room", "Online", "Total"),
        rows=(Row("07 Jan 2026", (n(41), n(17), n(58))),
              Row("14 Jan 2026", (n(38), hidden(HIDDEN), hidden(41))),
              Row("21 Jan 2026", (n(44), n(12), n(56))),
              Row("Total", (n(123), n(32), n(155)), is_total=True)),
        note="Counts under 5 are shown as <5; one more cell in the row is hidden so the "
             "suppressed count cannot be worked out from the total.")
    pipeline = Table(
        key="pipeline", title="Knowledge pipeline", cycle=Cycle.POTENTIAL,
        definition="Knowledge items by kind and state at the end of the period.",
        row_header="Kind", columns=("Harvested", "In review", "Published"),
        rows=(Row("Lesson", (n(9), n(2), n(6))), Row("Practice", (n(4), n(1), n(2)))))
    reuse = Table(
        key="reuse", title="Reuse per month", cycle=Cycle.APPLIED,
        definition="Times a published item was reported as reused.",
        row_header="Month", columns=("Reuse records",),
        rows=(Row("Jan 2026", (n(2),)), Row("Feb 2026", (n(5),)), Row("Mar 2026", (n(7),))))
    indicators = (
        Indicator("sessions", Cycle.IMMEDIATE, "Sessions held",
                  "Sessions that took place in the period.", n(3)),
        Indicator("attendance_in_room", Cycle.IMMEDIATE, "Attendance in the room",
                  "Joins counted in the room.", n(123)),
        Indicator("attendance_online", Cycle.IMMEDIATE, "Attendance online",
                  "Joins counted online.", n(32)),
        Indicator("published", Cycle.POTENTIAL, "Items published",
                  "Items that passed review in the period.", n(9)),
        Indicator("reuse", Cycle.APPLIED, "Reuse records",
                  "Reports of a published item used in someone's work.", n(14)),
        Indicator("hours_saved", Cycle.REALISED, "Hours saved (as reported)",
                  "Sum of the hours saved that reuse reports gave.", Cell(86.5, "86.5")),
        Indicator("reach", Cycle.REACH, "Reach",
                  "Members as a share of the target audience.", Cell(0.25, "25%")),
    )
    charts = (
        Chart("attendance_trend", "Attendance: in the room and online", "attendance", "line",
              ("In the room", "Online"), "Attendance per session, in the room and online"),
        Chart("pipeline", "Knowledge pipeline", "pipeline", "stacked",
              ("Harvested", "In review", "Published"), "Knowledge items by kind and stage"),
        Chart("reuse_trend", "Reuse over time", "reuse", "bar", ("Reuse records",),
              "Reuse records per month"),
    )
    stories = (Story("Send the join code before the session starts",
                     "Put the join link in our invitation: <b>everyone</b> was in on time.",
                     4.0, 1200.0, date(2026, 2, 10)),)
    return Report(scope=scope, communities=slugs, period=Period(start, end), threshold=5,
                  generated_at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC), indicators=indicators,
                  tables=(attendance, pipeline, reuse), charts=charts, stories=stories,
                  checkpoint="checkpoint 42 · 1f3a9c")
