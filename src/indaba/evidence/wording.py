"""The evidence report's fixed words in the reader's language.

Column and row names are keys as well as words: the specs link cells across tables by
them, the headline indicators and the charts find their cells by them. So they stay English
while a report is computed and are put into the reader's language once it is done
(`localise`), in one place. Only the words listed here are translated: a row label that is
someone's data (a unit, a session title, a business process) is shown as it was typed,
even when it happens to read like one of these words."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext, gettext_noop

from indaba.evidence.tables import Cell, Chart, Report, Row, Table

WORDS = frozenset({
    # column names
    gettext_noop("In the room"),
    gettext_noop("Online"),
    gettext_noop("Attendees"),
    gettext_noop("Contributions"),
    gettext_noop("Contributed"),
    gettext_noop("Did not contribute"),
    gettext_noop("Participation rate"),
    gettext_noop("Attended"),
    gettext_noop("Did not attend"),
    gettext_noop("Registered"),
    gettext_noop("No-show rate"),
    gettext_noop("Attendances"),
    gettext_noop("New"),
    gettext_noop("Returning"),
    gettext_noop("People"),
    gettext_noop("Harvested"),
    gettext_noop("Published"),
    gettext_noop("In review"),
    gettext_noop("Median days to publication"),
    gettext_noop("Reuse records"),
    gettext_noop("With a saving reported"),
    gettext_noop("Hours saved"),
    gettext_noop("Cost saved"),
    gettext_noop("Open"),
    gettext_noop("In progress"),
    gettext_noop("Done"),
    gettext_noop("Total"),
    gettext_noop("Lessons"),
    gettext_noop("Members"),
    gettext_noop("Target audience"),
    gettext_noop("Reach"),
    gettext_noop("Draft"),
    gettext_noop("Changes requested"),
    gettext_noop("Archived or superseded"),
    # the rows' headings
    gettext_noop("Session"),
    gettext_noop("Where"),
    gettext_noop("Unit"),
    gettext_noop("Harvested from"),
    gettext_noop("Business process"),
    gettext_noop("Kind"),
    gettext_noop("Actions"),
    gettext_noop("Month"),
    gettext_noop("Community"),
    # fixed row labels
    gettext_noop("All items (each once)"),
    gettext_noop("All communities (a person in two counts twice)"),
    gettext_noop("Actions on knowledge items"),
    gettext_noop("Actions agreed in sessions"),
    gettext_noop("Learned (every action done)"),
    gettext_noop("Identified, actions under way"),
    gettext_noop("Identified, no action yet"),
    gettext_noop("no unit recorded"),
    gettext_noop("no process recorded"),
    gettext_noop("Notes from the room only"),
    gettext_noop("Notes from online only"),
    gettext_noop("Notes from the room and online"),
    gettext_noop("Origin not recorded"),
    gettext_noop("Written by hand"),
    gettext_noop("Lesson learned"),
    gettext_noop("Good practice"),
    gettext_noop("After-action review"),
    gettext_noop("Insight"),
    # words shown in a cell instead of a figure
    gettext_noop("not recorded"),
    gettext_noop("unknown"),
    gettext_noop("n/a"),
    # the scope of a report of several communities
    gettext_noop("All communities"),
})


def word(text: str) -> str:
    """`text` in the reader's language when it is one of the report's own words."""
    return gettext(text) if text in WORDS else text


def _cell(cell: Cell) -> Cell:
    return replace(cell, display=word(cell.display)) if isinstance(cell.value, str) or \
        cell.value is None else cell


def table(source: Table) -> Table:
    return replace(
        source, title=gettext(source.title), definition=gettext(source.definition),
        row_header=word(source.row_header), columns=tuple(word(c) for c in source.columns),
        rows=tuple(Row(word(r.label), tuple(_cell(c) for c in r.cells), r.is_total)
                   for r in source.rows))


def chart(source: Chart) -> Chart:
    return replace(source, title=gettext(source.title),
                   columns=tuple(word(c) for c in source.columns),
                   description=gettext(source.description))


def localise(report: Report) -> Report:
    """The report with its titles, definitions, headings and fixed labels translated (the
    figures, and everything people typed, unchanged)."""
    tables = tuple(table(t) for t in report.tables)
    return replace(report, scope=word(report.scope), tables=tables,
                   charts=tuple(chart(c) for c in report.charts),
                   indicators=tuple(replace(i, label=gettext(i.label),
                                            definition=gettext(i.definition),
                                            value=_cell(i.value))
                                    for i in report.indicators),
                   notes=tuple(f"{t.title}: {t.note}" for t in tables if t.note))
