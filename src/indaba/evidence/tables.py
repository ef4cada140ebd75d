"""The shapes every evidence output is made from.

A report is computed once (`indaba.evidence.report.build_report`) with suppression already
applied; the page, the PDF, the CSV and the JSON only lay these objects out, so no output can
show a number another output hides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop


class Cycle(StrEnum):
    """Wenger-Trayner value-creation cycles, plus reach (APQC-style programme measure)."""

    IMMEDIATE = "immediate"
    POTENTIAL = "potential"
    APPLIED = "applied"
    REALISED = "realised"
    REACH = "reach"

    @property
    def label(self) -> str:
        return gettext(CYCLE_LABELS[self])


CYCLE_LABELS = {
    Cycle.IMMEDIATE: gettext_noop("Immediate value: activities and interactions"),
    Cycle.POTENTIAL: gettext_noop("Potential value: knowledge capital"),
    Cycle.APPLIED: gettext_noop("Applied value: changes in practice"),
    Cycle.REALISED: gettext_noop("Realised value: performance improvement"),
    Cycle.REACH: gettext_noop("Reach"),
}


@dataclass(frozen=True)
class Cell:
    """One figure. `value` is the true figure and is never written out when `suppressed`;
    `display` is what every output shows ("<5" when suppressed)."""

    value: int | float | str | None
    display: str
    suppressed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"value": self.display if self.suppressed else self.value,
                "suppressed": self.suppressed}


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    """A table of one indicator group. `columns` names the value columns (the row label
    column is `row_header`). `note` says what was suppressed and why ("" when nothing)."""

    key: str
    title: str
    cycle: Cycle
    definition: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    """A headline figure with its one-line definition."""

    key: str
    cycle: Cycle
    label: str
    definition: str
    value: Cell


@dataclass(frozen=True)
class Chart:
    """A chart drawn from a table's columns (so its data table is that table)."""

    key: str
    title: str
    table_key: str
    kind: str  # "line" | "bar" | "stacked"
    columns: tuple[str, ...]
    description: str  # the text alternative's first sentence


@dataclass(frozen=True)
class Story:
    """A value-creation story: a reuse record's own words, never its author."""

    item_title: str
    outcome: str
    hours_saved: float | None
    cost_saved: float | None
    at: date


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None

    @property
    def label(self) -> str:
        # Dates with the reader's language's month names.
        start = date_format(self.start, "d M Y") if self.start else ""
        end = date_format(self.end, "d M Y") if self.end else ""
        if start and end:
            return gettext("%(start)s to %(end)s") % {"start": start, "end": end}
        if start:
            return gettext("from %(start)s") % {"start": start}
        if end:
            return gettext("up to %(end)s") % {"end": end}
        return gettext("all time")


@dataclass(frozen=True)
class Report:
    scope: str  # the community's name, or "All communities"
    communities: tuple[str, ...]  # slugs
    period: Period
    threshold: int
    generated_at: datetime
    indicators: tuple[Indicator, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...] = ()
    stories: tuple[Story, ...] = ()
    checkpoint: str = ""  # the latest audit checkpoint, as printed on the report
    notes: tuple[str, ...] = field(default_factory=tuple)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
