"""A report laid out for the templates the page and the PDF share: indicators and tables
grouped by value-creation cycle (in the cycle's order), each chart beside its data table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from indaba.evidence import charts
from indaba.evidence.tables import Cycle, Indicator, Report, Table


@dataclass(frozen=True)
class ChartView:
    key: str
    title: str
    svg: SafeString  # our own SVG, checked by charts._inline: no user markup in it
    alt: str
    table: Table
    alt_id: str


@dataclass(frozen=True)
class CycleView:
    cycle: Cycle
    label: str
    indicators: tuple[Indicator, ...]
    tables: tuple[Table, ...]  # the tables no chart of this cycle shows
    charts: tuple[ChartView, ...]


def page_context(report: Report) -> dict[str, object]:
    images = {image.table.key: image for image in charts.render_all(report)}
    views = {key: ChartView(image.key, image.title, mark_safe(image.svg),
                            image.alt, image.table, f"chart-{image.key}-alt")
             for key, image in images.items()}
    cycles = []
    for cycle in Cycle:
        indicators = tuple(i for i in report.indicators if i.cycle is cycle)
        tables = tuple(t for t in report.tables if t.cycle is cycle and t.key not in views)
        chart_views = tuple(v for v in views.values() if v.table.cycle is cycle)
        if indicators or tables or chart_views:
            cycles.append(CycleView(cycle, cycle.label, indicators, tables, chart_views))
    headline = [i for i in report.indicators if i.cycle is not Cycle.REACH][:8]
    return {"report": report, "cycles": cycles, "charts": list(views.values()),
            "headline": headline}
