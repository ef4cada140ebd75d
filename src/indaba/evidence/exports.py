"""CSV and JSON of an evidence report: the same protected cells every other output shows.

**JSON** (`as_json`): the report's scope, communities, period, threshold, audit
checkpoint, indicators (each with its definition), tables, charts, stories and notes.
Every table cell is exactly `{"value": …, "suppressed": true|false}`; a hidden cell's value
is the mark shown for it ("<5", or the threshold in use), never the number.

**CSV** (`as_csv`): one file, one section per part, separated by an empty line, so that a
spreadsheet opens everything at once. The first section describes the report
(`field,value` rows); then the indicators (`cycle,indicator,value,suppressed,definition`);
then each table: a line `table,<key>,<title>`, a line `definition,<text>`, the header row
(the row label's heading and the columns), one line per row (the value as in the JSON:
numbers as numbers, rates as fractions, a hidden cell as "<5"), and `note,<text>` when
something was hidden; last the stories. Text that a spreadsheet would run as a formula
(starting with =, +, -, @, tab or carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from indaba.evidence.tables import Cell, Report, Table

FORMAT = "indaba-evidence-report/1"


def _cell(cell: Cell) -> dict[str, Any]:
    return cell.as_json()


def _table(table: Table) -> dict[str, Any]:
    return {"key": table.key, "title": table.title, "cycle": table.cycle.value,
            "definition": table.definition, "row_header": table.row_header,
            "columns": list(table.columns), "note": table.note,
            "rows": [{"label": row.label, "total": row.is_total,
                      "cells": [_cell(c) for c in row.cells]} for row in table.rows]}


def as_json(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "scope": report.scope,
        "communities": list(report.communities),
        "period": {"start": report.period.start.isoformat() if report.period.start else None,
                   "end": report.period.end.isoformat() if report.period.end else None,
                   "label": report.period.label},
        "threshold": report.threshold,
        "generated_at": report.generated_at.isoformat(),
        "checkpoint": report.checkpoint,
        "indicators": [{"key": i.key, "cycle": i.cycle.value, "label": i.label,
                        "definition": i.definition, "display": i.value.display,
                        **_cell(i.value)} for i in report.indicators],
        "tables": [_table(t) for t in report.tables],
        "charts": [{"key": c.key, "title": c.title, "table": c.table_key, "kind": c.kind,
                    "columns": list(c.columns), "description": c.description}
                   for c in report.charts],
        "stories": [{"item": s.item_title, "outcome": s.outcome, "hours_saved": s.hours_saved,
                     "cost_saved": s.cost_saved, "date": s.at.isoformat()}
                    for s in report.stories],
        "notes": list(report.notes),
    }


def json_bytes(report: Report) -> bytes:
    return (json.dumps(as_json(report), ensure_ascii=False, indent=2) + "\n").encode()


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text (CSV injection); numbers pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _value(cell: Cell) -> Any:
    value = cell.as_json()["value"]
    return "" if value is None else value


def as_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def write(*cells: Any) -> None:
        writer.writerow([csv_safe(c) for c in cells])

    write("field", "value")
    # The report is already in the reader's language (wording.localise); so is its title.
    write("report", gettext("Evidence of the value created by %(scope)s")
          % {"scope": report.scope})
    write("scope", report.scope)
    write("communities", " ".join(report.communities))
    write("period", report.period.label)
    write("period_start", report.period.start.isoformat() if report.period.start else "")
    write("period_end", report.period.end.isoformat() if report.period.end else "")
    write("threshold", report.threshold)
    write("suppressed_shown_as", f"<{report.threshold}")
    write("generated_at", report.generated_at.isoformat())
    write("checkpoint", report.checkpoint)
    writer.writerow([])
    write("cycle", "indicator", "value", "suppressed", "definition")
    for indicator in report.indicators:
        write(indicator.cycle.value, indicator.label, _value(indicator.value),
              "yes" if indicator.value.suppressed else "no", indicator.definition)
    for table in report.tables:
        writer.writerow([])
        write("table", table.key, table.title)
        write("definition", table.definition)
        write(table.row_header, *table.columns)
        for row in table.rows:
            write(row.label, *(_value(c) for c in row.cells))
        if table.note:
            write("note", table.note)
    if report.stories:
        writer.writerow([])
        write("story", "item", "outcome", "hours_saved", "cost_saved", "date")
        for n, story in enumerate(report.stories, 1):
            write(n, story.item_title, story.outcome,
                  "" if story.hours_saved is None else Decimal(str(story.hours_saved)),
                  "" if story.cost_saved is None else Decimal(str(story.cost_saved)),
                  story.at.isoformat())
    return out.getvalue()


def filename(report: Report, extension: str) -> str:
    """evidence-<community or all>-<start>-<end>.<extension>."""
    scope = report.communities[0] if len(report.communities) == 1 else "all-communities"
    start = report.period.start.isoformat() if report.period.start else "start"
    end = report.period.end.isoformat() if report.period.end else "now"
    return f"evidence-{scope}-{start}-{end}.{extension}"
