"""Evidence charts: small SVGs drawn by matplotlib from a report's Chart and its Table.

A chart shows only what the table shows: a suppressed cell is a gap (its true value is never
read), and the chart says how many gaps it has and why. Each chart comes with a text
alternative written from the same figures. The SVG is deterministic (fixed font, fixed id
salt, no date in its metadata) so the same report always gives the same bytes."""

from __future__ import annotations

import functools
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from indaba.evidence.tables import Cell, Chart, Report, Row, Table
from indaba.evidence.wording import word

# Drawn for a phone first: 5 by 2.6 inches at 9 pt scales down to a 360 px wide screen (and
# to half an A4 page) and stays legible; the page lets it grow to the column's width.
WIDTH_IN, HEIGHT_IN = 5.0, 2.6
# A colour-blind-safe pair first (in the room / online), then the rest of Okabe-Ito.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
MAX_TICKS = 12  # x labels shown at most; the others are in the data table beside the chart
_CHAR_IN = 0.075  # the width of a character at 9 pt, in inches (for the margins)
_LABEL_MAX = 18


@dataclass(frozen=True)
class ChartImage:
    key: str
    title: str
    svg: str  # an <svg> element, no XML prolog: safe to place inline in our pages
    alt: str  # the text alternative: what the chart shows, in a sentence or two
    table: Table  # the data table shown beside it
    gaps: int  # suppressed values left out


class UnsafeSvg(ValueError):
    """The drawn SVG holds something a page must not inline (never expected)."""


def _number(cell: Cell) -> float:
    """The figure to plot: NaN (a gap) when suppressed or not a number. A suppressed cell's
    value is never read."""
    if cell.suppressed or isinstance(cell.value, bool):
        return math.nan
    if isinstance(cell.value, int | float):
        return float(cell.value)
    return math.nan


def _series(table: Table, chart: Chart) -> tuple[list[Row], dict[str, list[float]],
                                                   dict[str, list[Cell]]]:
    rows = [row for row in table.rows if not row.is_total]
    values: dict[str, list[float]] = {}
    cells: dict[str, list[Cell]] = {}
    for column in chart.columns:
        index = table.columns.index(column)
        cells[column] = [row.cells[index] for row in rows]
        values[column] = [_number(cell) for cell in cells[column]]
    return rows, values, cells


_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _short(label: str) -> str:
    """A tick label: a session's date alone when the row starts with one (its title is in
    the data table beside the chart), else the label cut to fit."""
    label = " ".join(label.split())
    dated = _DATED.match(label)
    if dated and 1 <= int(dated.group(2)) <= 12:
        month_name = date_format(date(int(dated.group(1)), int(dated.group(2)), 1), "M")
        return f"{int(dated.group(3))} {month_name}"
    month = _MONTH.fullmatch(label)
    if month and 1 <= int(month.group(2)) <= 12:
        return date_format(date(int(month.group(1)), int(month.group(2)), 1), "M Y")
    return label if len(label) <= _LABEL_MAX else label[: _LABEL_MAX - 1] + "…"


def _span(row_header: str, count: int) -> str:
    """How many rows a chart covers, named as what they are (the heading is already in the
    reader's language, as `word` gives it)."""
    if row_header == word("Session"):
        return ngettext("%(n)d session", "%(n)d sessions", count) % {"n": count}
    if row_header == word("Month"):
        return ngettext("%(n)d month", "%(n)d months", count) % {"n": count}
    if row_header == word("Kind"):
        return ngettext("%(n)d kind", "%(n)d kinds", count) % {"n": count}
    return ngettext("%(n)d row", "%(n)d rows", count) % {"n": count}


def describe(chart: Chart, table: Table, threshold: int) -> tuple[str, int]:
    """The text alternative (from the displayed figures) and the number of gaps."""
    rows, _, cells = _series(table, chart)
    parts = [chart.description.rstrip(".") + "."] if chart.description else []
    if not rows:
        parts.append(gettext("There is nothing to show for this period."))
        return " ".join(parts), 0
    first, last = rows[0].label, rows[-1].label
    parts.append(gettext("It covers %(span)s, from %(first)s to %(last)s.")
                 % {"span": _span(table.row_header, len(rows)), "first": first, "last": last}
                 if len(rows) > 1 else gettext("It covers %(first)s.") % {"first": first})
    gaps = 0
    for column in chart.columns:
        shown = [(row, cell) for row, cell in zip(rows, cells[column], strict=True)
                 if not cell.suppressed and _number(cell) == _number(cell)]
        gaps += sum(1 for cell in cells[column] if cell.suppressed)
        if not shown:
            parts.append(gettext("%(column)s: no value shown.") % {"column": column})
            continue
        top_row, top_cell = max(shown, key=lambda pair: _number(pair[1]))
        parts.append(gettext("%(column)s: highest %(value)s (%(row)s).")
                     % {"column": column, "value": top_cell.display, "row": top_row.label})
    if gaps:
        parts.append(ngettext("%(n)d value under %(threshold)d is suppressed and left as a "
                              "gap.",
                              "%(n)d values under %(threshold)d are suppressed and left as "
                              "a gap.", gaps) % {"n": gaps, "threshold": threshold})
    return " ".join(parts), gaps


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_SIZE = re.compile(r'(<svg\b[^>]*?)\s(?:width|height)="[^"]*"')
_FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "a"}


def _inline(svg: str) -> str:
    """The <svg> element alone, checked: well-formed, no scripts, handlers or links. Text in
    it was escaped by matplotlib; this is the belt to those braces."""
    body = _PROLOG.sub("", svg, count=1)
    # Sized by the page (its viewBox keeps the proportions), not fixed in points.
    body = _SIZE.sub(r"\1", _SIZE.sub(r"\1", body, count=1), count=1)
    root = ET.fromstring(body)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in _FORBIDDEN_TAGS:
            raise UnsafeSvg(f"<{tag}> in a chart")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or (local == "href" and not value.startswith("#")):
                raise UnsafeSvg(f"attribute {local} in a chart")
    return body.strip()


def _draw(chart: Chart, rows: Sequence[Row], values: dict[str, list[float]],
          note: str) -> str:
    # Imported on the first chart only: matplotlib costs a web process ~0.3 s to load.
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    style: dict[str, Any] = {
        "font.family": "DejaVu Sans",  # ships with matplotlib: no system font needed
        "font.size": 9,
        "svg.fonttype": "none",  # text as <text>, not paths: a few KB instead of tens
        "svg.hashsalt": f"indaba-evidence-{chart.key}",  # stable ids, distinct per chart
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#555555",
        "axes.labelcolor": "#1b1b1f",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "path.simplify": True,
    }
    with matplotlib.rc_context(style):  # type: ignore[arg-type]  # keys typed as literals
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        x = list(range(len(rows)))
        if chart.kind == "line":
            for n, (column, ys) in enumerate(values.items()):
                axes.plot(x, ys, marker="o", markersize=3, linewidth=1.6,
                          color=PALETTE[n % len(PALETTE)], label=column)
        elif chart.kind == "stacked":
            bottom = [0.0] * len(rows)
            for n, (column, ys) in enumerate(values.items()):
                heights = [0.0 if math.isnan(y) else y for y in ys]
                axes.bar(x, heights, bottom=bottom, color=PALETTE[n % len(PALETTE)],
                         label=column, width=0.7)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        else:
            count = max(len(values), 1)
            width = 0.8 / count
            for n, (column, ys) in enumerate(values.items()):
                heights = [0.0 if math.isnan(y) else y for y in ys]
                axes.bar([i - 0.4 + width * (n + 0.5) for i in x], heights, width=width,
                         color=PALETTE[n % len(PALETTE)], label=column)
        step = max(1, math.ceil(len(rows) / MAX_TICKS))
        ticks = x[::step]
        labels = [_short(rows[i].label) for i in ticks]
        # Slanted when they would collide: many ticks, or long labels side by side.
        slant = len(ticks) > 4 or (len(ticks) > 1 and sum(map(len, labels)) > 40)
        axes.set_xticks(ticks, labels, rotation=30 if slant else 0,
                        ha="right" if slant else "center")
        shown = [y for ys in values.values() for y in ys if not math.isnan(y)]
        top = max(shown, default=0.0)
        if chart.kind == "stacked":
            top = max([sum(0.0 if math.isnan(ys[i]) else ys[i] for ys in values.values())
                       for i in x], default=0.0)
        axes.set_ylim(0, max(top * 1.08, 1.0))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        if rows and not shown:
            axes.text(0.5, 0.5, gettext("Nothing to draw: every value is suppressed or empty"),
                      transform=axes.transAxes, ha="center", va="center", color="#555555")
        legend_rows = 0
        if len(values) > 1:
            figure.legend(frameon=False, loc="upper center", ncols=min(len(values), 3),
                          handlelength=1.2, columnspacing=1.0)
            legend_rows = math.ceil(len(values) / 3)
        if note:
            figure.text(0.01, 0.01, note, fontsize=8, color="#555555")
        # Fixed margins worked out from the labels, not tight_layout: that lays the figure
        # out by drawing it once more, a third of a chart's cost.
        longest = max(map(len, labels), default=0)
        label_in = longest * _CHAR_IN * (0.5 if slant else 0) + 0.2
        digits = len(f"{max(top, 1.0):,.0f}")
        figure.subplots_adjust(
            left=(0.2 + digits * _CHAR_IN) / WIDTH_IN,
            # A level last label is centred on its tick: leave room for its right half.
            right=0.98 - (0 if slant or not labels else len(labels[-1]) * _CHAR_IN / 2
                          / WIDTH_IN),
            bottom=(0.12 + label_in + (0.18 if note else 0)) / HEIGHT_IN,
            top=1 - (0.12 + 0.2 * legend_rows) / HEIGHT_IN)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None,
                                                    "Format": None, "Type": None})
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def render(chart: Chart, table: Table, threshold: int) -> ChartImage:
    """One chart of a report, drawn from its table. The same chart of the same figures is
    drawn once per process (the shapes are frozen and hashable; the output deterministic):
    a dashboard opened again, or its PDF, costs no drawing."""
    for column in chart.columns:
        if column not in table.columns:
            raise KeyError(f"chart {chart.key}: no column {column!r} in {table.key}")
    rows, values, _ = _series(table, chart)
    alt, gaps = describe(chart, table, threshold)
    note = (ngettext("Gaps: %(n)d value under %(threshold)d suppressed",
                     "Gaps: %(n)d values under %(threshold)d suppressed", gaps)
            % {"n": gaps, "threshold": threshold} if gaps else "")
    svg = _inline(_draw(chart, rows, values, note))
    return ChartImage(chart.key, chart.title, svg, alt, table, gaps)


def render_all(report: Report) -> list[ChartImage]:
    return [render(chart, report.table(chart.table_key), report.threshold)
            for chart in report.charts]
