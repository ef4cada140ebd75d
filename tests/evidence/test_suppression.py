"""The suppression engine: no hidden count can be worked out from the sums of its table.

"Worked out" is checked independently of the engine, by linear algebra over the rationals:
a hidden cell is determined when its column of the system of sums (restricted to the
hidden cells) is not in the span of the other hidden cells' columns."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indaba.evidence.suppression import (
    Column,
    Format,
    Grid,
    Measure,
    TableSpec,
    hide,
    people_cell,
    protect,
    protect_all,
    ratio_cell,
    shown,
    single_unknown_lines,
    threshold_in_use,
)
from indaba.evidence.tables import Cycle

Position = tuple[int, int]


def _equations(grid: Grid) -> list[dict[Position, int]]:
    """Each sum as coefficients: its cells +1, its total -1 (= 0)."""
    inner_rows = len(grid.values)
    inner_cols = grid.n_cols - (1 if grid.row_totals else 0)
    equations = []
    if grid.row_totals:
        for i in range(grid.n_rows):
            eq = {(i, j): 1 for j in range(inner_cols)}
            eq[(i, inner_cols)] = -1
            equations.append(eq)
    if grid.column_totals:
        for j in range(grid.n_cols):
            eq = {(i, j): 1 for i in range(inner_rows)}
            eq[(inner_rows, j)] = -1
            equations.append(eq)
    return equations


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows if any(row)]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank],
                                                            strict=True)]
        rank += 1
    return rank


def determined(grid: Grid, hidden: frozenset[Position] | set[Position]) -> set[Position]:
    """Hidden cells whose value follows from the sums and the visible cells."""
    unknowns = sorted(hidden)
    equations = _equations(grid)

    def rank_of(columns: list[Position]) -> int:
        return _rank([[Fraction(eq.get(p, 0)) for p in columns] for eq in equations])

    full = rank_of(unknowns)
    return {p for p in unknowns if rank_of([q for q in unknowns if q != p]) < full}


def grid_of(values: list[list[int]], row_totals: bool = True,
            column_totals: bool = True) -> Grid:
    return Grid(tuple(tuple(r) for r in values), row_totals, column_totals)


matrices = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 14), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(values=matrices, threshold=st.integers(1, 9), row_totals=st.booleans(),
       column_totals=st.booleans())
def test_no_hidden_cell_can_be_derived_from_the_totals(
        values: list[list[int]], threshold: int, row_totals: bool,
        column_totals: bool) -> None:
    grid = grid_of(values, row_totals, column_totals)
    hidden = hide(grid, threshold)
    assert determined(grid, hidden.all) == set()
    assert single_unknown_lines(grid, hidden.all) == []
    every = {(i, j): grid.value(i, j) for i, j in grid.positions()}
    # Every small count (totals too) is hidden; zeros never are.
    assert hidden.primary == {p for p, v in every.items() if 0 < v < threshold}
    assert not any(every[p] == 0 for p in hidden.all)


@settings(max_examples=150, deadline=None)
@given(values=matrices, threshold=st.integers(1, 9), picks=st.lists(st.integers(0, 99)))
def test_cells_hidden_by_another_table_are_protected_too(
        values: list[list[int]], threshold: int, picks: list[int]) -> None:
    grid = grid_of(values)
    positions = grid.positions()
    forced = frozenset(positions[k % len(positions)] for k in picks)
    hidden = hide(grid, threshold, forced=forced)
    assert {p for p in forced if grid.value(*p)} <= hidden.all
    assert determined(grid, hidden.all) == set()


def test_a_leak_through_the_totals_is_closed_with_the_smallest_cells() -> None:
    """3 people in one cell: its row total (13) less the 10 beside it would give it away.
    Hiding 10, 8 and 12 (30 people) is the cheapest cycle; the totals stay visible."""
    grid = grid_of([[3, 10], [8, 12]])
    only_primary = hide(grid, 5, secondary=False)
    assert determined(grid, only_primary.all) == {(0, 0)}  # the leak this test guards
    hidden = hide(grid, 5)
    assert hidden.primary == {(0, 0)}
    assert hidden.secondary == {(0, 1), (1, 0), (1, 1)}
    assert determined(grid, hidden.all) == set()


def test_secondary_suppression_is_on_in_every_table() -> None:
    """Fails if `protect` stops applying secondary suppression: the 10 beside the 3 must
    be hidden, or 13 - 10 gives the 3 back."""
    spec = TableSpec("t", "T", Cycle.IMMEDIATE, "d", "Row",
                     (Column("A", Measure.PEOPLE), Column("B", Measure.PEOPLE),
                      Column("Total", Measure.TOTAL)),
                     (("r1", {"A": 3, "B": 10}), ("r2", {"A": 8, "B": 12})), totals=True)
    table = protect(spec, 5)
    shown_cells = [[c.display for c in row.cells] for row in table.rows]
    assert shown_cells == [["<5", "<5", "13"], ["<5", "<5", "20"], ["11", "22", "33"]]


def test_two_hidden_cells_per_line_are_not_always_enough() -> None:
    """Every row and column here holds two or more small counts, so no line has a single
    unknown; but the 1 joining the two blocks is still determined by adding up the sums
    of one block (it is a bridge between them). The engine hides more."""
    grid = grid_of([[1, 2, 20, 20], [3, 4, 1, 20], [20, 20, 2, 3], [20, 20, 4, 1]])
    primary = hide(grid, 5, secondary=False).all
    assert single_unknown_lines(grid, primary) == []
    assert determined(grid, primary) == {(1, 2)}
    hidden = hide(grid, 5)
    assert determined(grid, hidden.all) == set()
    assert len(hidden.secondary) >= 1


def test_column_totals_only_need_a_second_hidden_cell_in_the_column() -> None:
    grid = grid_of([[2], [7], [9]], row_totals=False, column_totals=True)
    hidden = hide(grid, 5)
    assert hidden.primary == {(0, 0)}
    assert hidden.secondary == {(1, 0)}  # the smaller of 7 and 9 (and the total 18)


def test_without_totals_only_small_counts_are_hidden() -> None:
    grid = grid_of([[2, 9], [0, 4]], row_totals=False, column_totals=False)
    hidden = hide(grid, 5)
    assert hidden.primary == {(0, 0), (1, 1)}
    assert hidden.secondary == frozenset()


def test_a_small_total_is_hidden_and_zero_is_shown() -> None:
    spec = TableSpec("t", "T", Cycle.IMMEDIATE, "d", "Row",
                     (Column("A", Measure.PEOPLE), Column("B", Measure.PEOPLE),
                      Column("Total", Measure.TOTAL)),
                     (("r1", {"A": 0, "B": 3}), ("r2", {"A": 6, "B": 9})), totals=True)
    table = protect(spec, 5)
    r1 = table.rows[0].cells
    assert [c.display for c in r1] == ["0", "<5", "<5"]
    assert not r1[0].suppressed and r1[1].suppressed and r1[2].suppressed
    assert r1[1].as_json() == {"value": "<5", "suppressed": True}
    assert r1[0].as_json() == {"value": 0, "suppressed": False}


def test_the_mark_uses_the_threshold_in_use() -> None:
    assert people_cell(6, 10).display == "<10"
    assert people_cell(6, 10).as_json() == {"value": "<10", "suppressed": True}
    assert people_cell(10, 10).display == "10"
    assert people_cell(0, 10).display == "0"


def test_rates_from_a_hidden_count_are_hidden_and_others_are_not() -> None:
    spec = TableSpec("t", "T", Cycle.IMMEDIATE, "d", "Session",
                     (Column("Yes", Measure.PEOPLE), Column("No", Measure.PEOPLE),
                      Column("All", Measure.TOTAL),
                      Column("Rate", Measure.RATIO, Format.PERCENT, ratio_of=("Yes", "All")),
                      Column("Notes", Measure.FIGURE)),
                     (("s1", {"Yes": 2, "No": 10, "Notes": 3}),
                      ("s2", {"Yes": 30, "No": 10, "Notes": 1})), totals=True)
    table = protect(spec, 5)
    s1, s2, total = table.rows
    assert s1.cells[3].suppressed and s1.cells[3].display == "<5"
    assert s1.cells[4].display == "3"  # a figure not about people is never hidden
    assert s2.cells[4].display == "1"
    assert total.is_total and total.cells[4].display == "4"
    # Row s2's counts are visible only if the engine did not need them.
    if not (s2.cells[0].suppressed or s2.cells[2].suppressed):
        assert s2.cells[3].display == "75%"
    assert "rate" in table.note and "Rate for s1" in table.note


def test_the_note_names_every_hidden_cell_and_why() -> None:
    spec = TableSpec("t", "T", Cycle.IMMEDIATE, "d", "Row",
                     (Column("A", Measure.PEOPLE), Column("B", Measure.PEOPLE),
                      Column("Total", Measure.TOTAL)),
                     (("r1", {"A": 3, "B": 10}), ("r2", {"A": 8, "B": 12})), totals=True)
    note = protect(spec, 5).note
    assert note == ('Shown as "<5": 1 count of fewer than 5 people, so that no one can be '
                    'picked out, and 3 counts of 5 or more, so that those cannot be worked out '
                    'from the totals of their rows and columns or from another table. Hidden: '
                    'A for r1; B for r1; A for r2; B for r2.')
    visible = TableSpec("v", "V", Cycle.IMMEDIATE, "d", "Row",
                        (Column("A", Measure.PEOPLE),), (("r1", {"A": 7}),), totals=True)
    assert protect(visible, 5).note == ""


def test_ratio_cell_and_shown() -> None:
    assert ratio_cell(shown(3), shown(4), 1).display == "75%"
    assert ratio_cell(shown(3), shown(0), 1).value is None
    assert shown(None).display == "n/a"


def test_threshold_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert threshold_in_use() == 5
    monkeypatch.setenv("INDABA_EVIDENCE_MIN_CELL", "10")
    assert threshold_in_use() == 10
    assert threshold_in_use(3) == 3
    with pytest.raises(ValueError):
        threshold_in_use(0)


def test_a_figure_hidden_in_one_table_is_hidden_in_every_table_that_shows_it() -> None:
    """The 10 protects the 3 in table A (13 - 10 would give it back); table B shows the
    same 10. Protected alone, B would print it; protected together, B hides it and then
    protects it in turn (the 20, cheaper than the total 30)."""
    a = TableSpec("a", "A", Cycle.IMMEDIATE, "d", "Row",
                  (Column("A", Measure.PEOPLE), Column("B", Measure.PEOPLE),
                   Column("Total", Measure.TOTAL)),
                  (("r1", {"A": 3, "B": 10}), ("r2", {"A": 8, "B": 12})), totals=True,
                  links={("r1", "B"): "ten"})
    b = TableSpec("b", "B", Cycle.IMMEDIATE, "d", "Row", (Column("People", Measure.PEOPLE),),
                  (("x", {"People": 10}), ("y", {"People": 20})), totals=True,
                  links={("x", "People"): "ten"})
    assert [r.cells[0].display for r in protect(b, 5).rows] == ["10", "20", "30"]
    table_a, table_b = protect_all([a, b], 5)
    assert table_a.rows[0].cells[1].suppressed
    assert [r.cells[0].display for r in table_b.rows] == ["<5", "<5", "30"]
    assert table_b.note.endswith("Hidden: People for x; People for y.")
    assert "or from another table" in table_b.note


def test_a_table_without_rows_has_zero_totals() -> None:
    spec = TableSpec("t", "T", Cycle.IMMEDIATE, "d", "Session",
                     (Column("A", Measure.PEOPLE), Column("B", Measure.PEOPLE),
                      Column("All", Measure.TOTAL),
                      Column("Rate", Measure.RATIO, Format.PERCENT, ratio_of=("A", "All"))),
                     (), totals=True)
    table = protect(spec, 5)
    assert [[c.display for c in r.cells] for r in table.rows] == [["0", "0", "0", "n/a"]]
    assert table.note == ""
