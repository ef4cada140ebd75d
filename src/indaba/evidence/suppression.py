"""Small-cell suppression: the one engine every evidence output goes through.

A table is declared as a `TableSpec`: its columns say what each figure is (`Measure`),
its rows carry the true figures. `protect()` turns it into a `tables.Table` whose cells
already show "<N" where a figure must not be read:

- **Primary suppression.** A count of people (`PEOPLE`, and the row totals of those
  counts, `TOTAL`, and every count in the totals row) that is at least 1 and below the
  threshold (setting `INDABA_EVIDENCE_MIN_CELL`, default 5) is hidden and shown as "<N".
- **Zeros are shown.** A 0 says that nobody is in that group; it picks out no person, so
  there is no one to protect (the usual practice of statistical offices, and hiding zeros
  would make the many empty cells of a small community's tables unreadable). Zeros are
  never used to protect other cells either: hiding a known 0 protects nothing, because a
  count cannot be negative.
- **Secondary suppression.** A table with row totals (a `TOTAL` column) and/or column
  totals (`totals=True`) is a set of sums: every row, and every column, of the people
  block adds up to its total. A hidden cell must not be recoverable by solving them. We
  hold a stronger guarantee than "no row or column with exactly one hidden cell": no
  hidden cell is determined by *any* combination of the sums. Seen as a graph whose nodes
  are the sums (rows and columns; a line without a total is a free "ground" node) and
  whose edges are the hidden cells, a hidden cell is determined exactly when its edge is
  a bridge (it lies on no cycle: on a cycle, adding and subtracting the same amount
  around it keeps every sum). So while a hidden cell is a bridge we hide the cheapest
  path of further cells that closes a cycle through it: the smallest total value, then
  the fewest cells (a shortest path by those costs over the visible non-zero cells).
  Totals can be hidden this way too; the result is deterministic (ties go to the first
  row and column).
- **Derived figures.** A rate computed from counts of people (`RATIO`) is hidden when
  either count is hidden: with the other count visible it would give the hidden one back.
- **Figures not about people** (`FIGURE`: sessions held, contributions, items, hours
  saved, medians) are never hidden.

- **Figures shared by tables** (the attendance totals appear in the tables by session, by
  unit and by presence) are declared as links; `protect_all` hides a shared figure in
  every table once any table hides it, and each table then protects it like its own.
- **One mark.** Every hidden cell shows "<N", a protecting cell too (telling them apart
  would narrow the small counts down); each table's `note` says exactly which cells were
  hidden, how many were small, and why.

What this does not do: relations between tables other than the same figure shown twice
(for instance a figure of one table that is the difference of two in another) are not
followed. docs/evidence.md says so.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from indaba import config
from indaba.evidence.tables import Cell, Cycle, Row, Table
from indaba.evidence.wording import word

Number = int | float | Decimal


def threshold_in_use(threshold: int | None = None) -> int:
    """The threshold asked for, or the setting; never below 1."""
    value = int(config.get("EVIDENCE_MIN_CELL")) if threshold is None else int(threshold)
    if value < 1:
        raise ValueError("the suppression threshold must be 1 or more")
    return value


def hidden_display(threshold: int) -> str:
    return f"<{threshold}"


class Measure(StrEnum):
    PEOPLE = "people"    # a count of people: hidden below the threshold
    TOTAL = "total"      # the row's sum of the PEOPLE columns (a count of people)
    RATIO = "ratio"      # numerator ÷ denominator, two PEOPLE/TOTAL columns of the row
    FIGURE = "figure"    # not about people: never hidden


class Format(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    DECIMAL = "decimal"  # one decimal place
    MONEY = "money"      # two decimal places
    TEXT = "text"


@dataclass(frozen=True)
class Column:
    name: str
    measure: Measure
    fmt: Format = Format.COUNT
    ratio_of: tuple[str, str] | None = None  # RATIO: (numerator column, denominator column)
    summable: bool = True  # FIGURE: its totals-row cell is the column's sum
    missing: str = "n/a"  # shown where there is no figure (a rate of nothing)

    def __post_init__(self) -> None:
        if (self.measure is Measure.RATIO) != (self.ratio_of is not None):
            raise ValueError(f"column {self.name!r}: ratio_of goes with RATIO only")


Value = Number | str | None


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    cycle: Cycle
    definition: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, Mapping[str, Value]], ...]
    totals: bool = False  # add a totals row (column sums)
    totals_label: str = "Total"
    # FIGURE cells of the totals row that are not a sum (a median over everything).
    totals_figures: Mapping[str, Value] = field(default_factory=dict)
    # Counts of people this table shares with other tables of the report: (row label,
    # column) -> a name for the figure. Hidden in one table, it is hidden in all.
    links: Mapping[tuple[str, str], str] = field(default_factory=dict)


# --- The core: a grid of counts with its sums ------------------------------------------

GROUND = ("ground", -1)
Node = tuple[str, int]
Position = tuple[int, int]  # (row, column) in the grid including its totals row/column


@dataclass(frozen=True)
class Grid:
    """Counts of people: `values[i][j]` for the interior rows and columns. With
    `row_totals` the grid gets a last column (each row's sum); with `column_totals` a last
    row (each column's sum); with both, the grand total in the corner."""

    values: tuple[tuple[int, ...], ...]
    row_totals: bool
    column_totals: bool
    width: int | None = None  # the number of interior columns (needed when no rows)

    @property
    def n_rows(self) -> int:
        return len(self.values) + (1 if self.column_totals else 0)

    @property
    def n_cols(self) -> int:
        width = self.width if self.width is not None else (
            len(self.values[0]) if self.values else 0)
        return width + (1 if self.row_totals else 0)

    @cached_property
    def _full(self) -> tuple[tuple[int, ...], ...]:
        """Every cell's value, totals included (computed once)."""
        inner_cols = self.n_cols - (1 if self.row_totals else 0)
        rows = [list(r[:inner_cols]) for r in self.values]
        if self.row_totals:
            for row in rows:
                row.append(sum(row))
        if self.column_totals:
            width = inner_cols + (1 if self.row_totals else 0)
            rows.append([sum(r[j] for r in rows) for j in range(width)])
        return tuple(tuple(r) for r in rows)

    def value(self, i: int, j: int) -> int:
        return self._full[i][j]

    def positions(self) -> list[Position]:
        return [(i, j) for i in range(self.n_rows) for j in range(self.n_cols)]

    def nodes(self, position: Position) -> tuple[Node, Node]:
        """The two sums a cell takes part in (GROUND where its line has no sum)."""
        i, j = position
        return (("row", i) if self.row_totals else GROUND,
                ("col", j) if self.column_totals else GROUND)


@dataclass(frozen=True)
class Hidden:
    primary: frozenset[Position]
    secondary: frozenset[Position]

    @property
    def all(self) -> frozenset[Position]:
        return self.primary | self.secondary


def bridges(grid: Grid, hidden: set[Position] | frozenset[Position]) -> list[Position]:
    """Hidden cells that the sums determine (in grid order): the bridges of the multigraph
    whose nodes are the sums and whose edges are the hidden cells (Tarjan's algorithm,
    iterative). Parallel edges (two hidden cells of one column when the rows have no
    totals) are told apart by their cell: they form a cycle and protect each other."""
    if not (grid.row_totals or grid.column_totals):
        return []
    edges = sorted(hidden)
    adjacency: dict[Node, list[tuple[Node, int]]] = {}
    for index, position in enumerate(edges):
        a, b = grid.nodes(position)
        if a == b:
            continue  # a loop is never a bridge
        adjacency.setdefault(a, []).append((b, index))
        adjacency.setdefault(b, []).append((a, index))
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    found: list[Position] = []
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        # (node, the edge it was reached by, position in its adjacency list)
        stack: list[tuple[Node, int, int]] = [(root, -1, 0)]
        while stack:
            node, via, at = stack[-1]
            neighbours = adjacency[node]
            if at < len(neighbours):
                stack[-1] = (node, via, at + 1)
                nxt, index = neighbours[at]
                if index == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, index, 0))
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(edges[via])
    return sorted(found)


def _cheapest_cycle(grid: Grid, hidden: set[Position], edge: Position) -> list[Position]:
    """The visible non-zero cells to hide so that `edge` lies on a cycle: a cheapest path
    between its two nodes (cost: sum of values, then number of cells; hidden cells cost
    nothing) that does not use `edge` itself."""
    start, goal = grid.nodes(edge)
    by_node: dict[Node, list[tuple[Node, Position]]] = {}
    for position in grid.positions():
        if position == edge:
            continue
        if position not in hidden and grid.value(*position) == 0:
            continue
        a, b = grid.nodes(position)
        by_node.setdefault(a, []).append((b, position))
        by_node.setdefault(b, []).append((a, position))
    best: dict[Node, tuple[int, int]] = {start: (0, 0)}
    back: dict[Node, tuple[Node, Position]] = {}
    queue: list[tuple[int, int, Node]] = [(0, 0, start)]
    while queue:
        cost, count, node = heapq.heappop(queue)
        if node == goal:
            break
        if (cost, count) > best.get(node, (cost, count)):
            continue
        for nxt, position in sorted(by_node.get(node, ()), key=lambda e: e[1]):
            step = (0, 0) if position in hidden else (grid.value(*position), 1)
            candidate = (cost + step[0], count + step[1])
            if nxt not in best or candidate < best[nxt]:
                best[nxt] = candidate
                back[nxt] = (node, position)
                heapq.heappush(queue, (candidate[0], candidate[1], nxt))
    if goal not in back:  # cannot happen for a non-zero cell (its totals are non-zero)
        raise ValueError(f"no way to protect cell {edge}")
    path: list[Position] = []
    node = goal
    while node != start:
        node, position = back[node]
        if position not in hidden:
            path.append(position)
    return path


def hide(grid: Grid, threshold: int, *, secondary: bool = True,
         forced: frozenset[Position] = frozenset()) -> Hidden:
    """The cells to hide: counts from 1 to threshold-1 (and `forced` cells: hidden in
    another table), then (with `secondary`) as few further cells as make no hidden cell
    derivable from the sums."""
    primary = {p for p in grid.positions() if 0 < grid.value(*p) < threshold}
    hidden = primary | {p for p in forced if grid.value(*p) != 0}
    if secondary:
        while True:
            determined = bridges(grid, hidden)
            if not determined:
                break
            hidden.update(_cheapest_cycle(grid, hidden, determined[0]))
    return Hidden(frozenset(primary), frozenset(hidden - primary))


def single_unknown_lines(grid: Grid, hidden: set[Position] | frozenset[Position]
                         ) -> list[tuple[str, int]]:
    """Rows and columns (with a sum) holding exactly one hidden cell: the plain leak."""
    leaks: list[tuple[str, int]] = []
    if grid.row_totals:
        leaks += [("row", i) for i in range(grid.n_rows)
                  if sum(1 for j in range(grid.n_cols) if (i, j) in hidden) == 1]
    if grid.column_totals:
        leaks += [("col", j) for j in range(grid.n_cols)
                  if sum(1 for i in range(grid.n_rows) if (i, j) in hidden) == 1]
    return leaks


# --- Tables --------------------------------------------------------------------------


def format_value(value: Value, fmt: Format) -> str:
    # Figures in the reader's language's format (a decimal comma and a space between
    # thousands in isiZulu and Afrikaans), as every other number on the server pages.
    if value is None:
        return "n/a"
    if fmt is Format.TEXT or isinstance(value, str):
        return str(value)
    if fmt is Format.PERCENT:
        return f"{number_format(round(float(value) * 100), use_l10n=True)}%"
    if fmt is Format.DECIMAL:
        return number_format(float(value), 1, use_l10n=True, force_grouping=True)
    if fmt is Format.MONEY:
        return number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    return number_format(int(value), use_l10n=True, force_grouping=True)


def _json_number(value: Value, fmt: Format) -> int | float | str | None:
    """The value as written to JSON: ints stay ints; decimals become floats, rounded to 4
    places for rates and 2 for other decimals (days, hours, money)."""
    if value is None or isinstance(value, str):
        return value
    if fmt is Format.PERCENT:
        return round(float(value), 4)
    if fmt in (Format.DECIMAL, Format.MONEY):
        return round(float(value), 2)
    if isinstance(value, Decimal):
        return float(value)
    return value


def shown(value: Value, fmt: Format = Format.COUNT) -> Cell:
    return Cell(_json_number(value, fmt), format_value(value, fmt))


def hidden_cell(value: Value, threshold: int) -> Cell:
    return Cell(_json_number(value, Format.COUNT), hidden_display(threshold), suppressed=True)


def people_cell(count: int, threshold: int) -> Cell:
    """A lone count of people (not part of a table's sums)."""
    return hidden_cell(count, threshold) if 0 < count < threshold else shown(count)


def split_cells(parts: tuple[int, ...], threshold: int) -> tuple[tuple[Cell, ...], Cell]:
    """A one-row split of people (e.g. in the room, online) and its total, as shown outside
    a report (the home page). A small part hides every part, so none can be recovered from
    the total and the others; a small total hides everything."""
    total = sum(parts)
    total_cell = people_cell(total, threshold)
    if total_cell.suppressed or any(0 < part < threshold for part in parts):
        return tuple(hidden_cell(p, threshold) for p in parts), total_cell
    return tuple(shown(p) for p in parts), total_cell


def ratio(numerator: Number | None, denominator: Number | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)


def ratio_cell(numerator: Cell, denominator: Cell, threshold: int) -> Cell:
    """A rate of two counts of people: hidden when either is."""
    value = ratio(_number(numerator.value), _number(denominator.value))
    if numerator.suppressed or denominator.suppressed:
        return hidden_cell(value, threshold)
    return shown(value, Format.PERCENT)


def _number(value: Value) -> Number | None:
    return None if value is None or isinstance(value, str) else value


def _sum(values: Sequence[Value]) -> Number:
    total: Number = 0
    for value in values:
        number = _number(value)
        if number is not None:
            total = total + number  # type: ignore[operator]  # int/float/Decimal mix
    return total


def _describe(cells: Sequence[tuple[str, str]], limit: int = 20) -> str:
    named = [gettext("%(column)s for %(row)s") % {"column": word(column), "row": word(row)}
             for row, column in cells[:limit]]
    more = len(cells) - limit
    return "; ".join(named) + (gettext("; and %(n)d more") % {"n": more} if more > 0 else "")


def protect(spec: TableSpec, threshold: int, *, secondary: bool = True) -> Table:
    """The table as every output shows it: suppression applied, with its note."""
    return _protect(spec, threshold, secondary, frozenset())[0]


def protect_all(specs: Sequence[TableSpec], threshold: int) -> list[Table]:
    """Tables that share figures (`TableSpec.links`), protected together: a shared figure
    hidden in one table is hidden in every table that shows it, and each of those tables
    then protects it like its own small counts. Repeated until nothing new is hidden (the
    set of hidden shared figures only grows, so this ends)."""
    hidden_links: frozenset[str] = frozenset()
    while True:
        results = [_protect(spec, threshold, True, hidden_links) for spec in specs]
        found = hidden_links.union(*(links for _, links in results))
        if found == hidden_links:
            return [table for table, _ in results]
        hidden_links = found


def _protect(spec: TableSpec, threshold: int, secondary: bool,
             hidden_links: frozenset[str]) -> tuple[Table, frozenset[str]]:
    people = [c for c in spec.columns if c.measure is Measure.PEOPLE]
    total_col = next((c for c in spec.columns if c.measure is Measure.TOTAL), None)
    labels = [label for label, _ in spec.rows]
    if spec.totals:
        labels.append(spec.totals_label)
    values = tuple(tuple(int(_number(row.get(c.name)) or 0) for c in people)
                   for _, row in spec.rows)
    grid = Grid(values, row_totals=total_col is not None, column_totals=spec.totals,
                width=len(people))
    block_index = {c.name: j for j, c in enumerate(people)}
    if total_col is not None:
        block_index[total_col.name] = len(people)
    row_index = {label: i for i, label in enumerate(labels)}
    linked = {(row_index[row], block_index[column]): name
              for (row, column), name in spec.links.items()
              if row in row_index and column in block_index}
    forced = frozenset(p for p, name in linked.items() if name in hidden_links)
    hidden = hide(grid, threshold, secondary=secondary, forced=forced) if people else Hidden(
        frozenset(), frozenset())

    def block_cell(i: int, name: str) -> Cell:
        j = block_index[name]
        value = grid.value(i, j)
        return hidden_cell(value, threshold) if (i, j) in hidden.all else shown(value)

    def figure_cell(column: Column, value: Value) -> Cell:
        return Cell(None, column.missing) if value is None else shown(value, column.fmt)

    rows: list[Row] = []
    ratios_hidden: list[tuple[str, str]] = []
    for i, label in enumerate(labels):
        is_total = spec.totals and i == len(labels) - 1
        source = {} if is_total else spec.rows[i][1]
        by_name: dict[str, Cell] = {}
        for column in spec.columns:
            if column.name in block_index:
                by_name[column.name] = block_cell(i, column.name)
            elif column.measure is Measure.RATIO:
                continue
            elif is_total and column.name in spec.totals_figures:
                by_name[column.name] = figure_cell(column, spec.totals_figures[column.name])
            elif is_total and column.summable and column.fmt is not Format.TEXT:
                by_name[column.name] = shown(_sum([r.get(column.name) for _, r in spec.rows]),
                                             column.fmt)
            elif is_total:
                by_name[column.name] = Cell(None, "")
            else:
                by_name[column.name] = figure_cell(column, source.get(column.name))
        for column in spec.columns:
            if column.ratio_of is None:
                continue
            num, den = (by_name[name] for name in column.ratio_of)
            cell = ratio_cell(num, den, threshold)
            if cell.suppressed:
                ratios_hidden.append((label, column.name))
            elif cell.value is None:
                cell = Cell(None, column.missing)
            by_name[column.name] = cell
        rows.append(Row(label, tuple(by_name[c.name] for c in spec.columns),
                        is_total=is_total))

    block_names = [c.name for c in people] + ([total_col.name] if total_col else [])

    def named(positions: frozenset[Position]) -> list[tuple[str, str]]:
        return [(labels[i], block_names[j]) for i, j in sorted(positions)]

    note = _note(threshold, len(hidden.primary), named(hidden.all), ratios_hidden)
    table = Table(key=spec.key, title=spec.title, cycle=spec.cycle, definition=spec.definition,
                  row_header=spec.row_header, columns=tuple(c.name for c in spec.columns),
                  rows=tuple(rows), note=note)
    return table, frozenset(name for p, name in linked.items() if p in hidden.all)


def _note(threshold: int, primary: int, hidden: list[tuple[str, str]],
          ratios: list[tuple[str, str]]) -> str:
    """What was hidden and why. The hidden cells are listed together, without saying which
    were below the threshold and which protect them: telling them apart would narrow
    the hidden counts down (a protecting cell is known to be at least the threshold)."""
    if not (hidden or ratios):
        return ""
    mark = hidden_display(threshold)
    parts = []
    if hidden:
        extra = len(hidden) - primary
        why = ngettext("%(n)d count of fewer than %(threshold)d people, so that no one can "
                       "be picked out",
                       "%(n)d counts of fewer than %(threshold)d people, so that no one can "
                       "be picked out", primary) % {"n": primary, "threshold": threshold}
        if extra:
            why += ngettext(
                ", and %(n)d count of %(threshold)d or more, so that those cannot be worked "
                "out from the totals of their rows and columns or from another table",
                ", and %(n)d counts of %(threshold)d or more, so that those cannot be worked "
                "out from the totals of their rows and columns or from another table",
                extra) % {"n": extra, "threshold": threshold}
        parts.append(gettext('Shown as "%(mark)s": %(why)s. Hidden: %(cells)s.')
                     % {"mark": mark, "why": why, "cells": _describe(hidden)})
    if ratios:
        parts.append(ngettext("%(n)d rate hidden because it is computed from a hidden count: "
                              "%(cells)s.",
                              "%(n)d rates hidden because they are computed from a hidden "
                              "count: %(cells)s.", len(ratios))
                     % {"n": len(ratios), "cells": _describe(ratios)})
    return " ".join(parts)
