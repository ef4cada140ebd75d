from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from indaba.evidence import charts
from indaba.evidence.tables import Chart, Row
from tests.evidence.sample import HIDDEN, n, sample_report


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text")]


def test_every_chart_of_a_report_is_a_small_inline_svg_with_its_table() -> None:
    report = sample_report()
    images = charts.render_all(report)
    assert [i.key for i in images] == ["attendance_trend", "pipeline", "reuse_trend"]
    for image in images:
        assert image.svg.startswith("<svg") and "<?xml" not in image.svg
        assert "<script" not in image.svg
        assert len(image.svg.encode()) < 40_000  # a phone downloads it with the page
        assert image.table == report.table(image.table.key)


def test_the_same_report_gives_the_same_bytes() -> None:
    first = charts.render_all(sample_report())
    charts.render.cache_clear()  # drawn again, not served from the cache
    again = charts.render_all(sample_report())
    assert [i.svg for i in first] == [i.svg for i in again]
    assert all(a is not b for a, b in zip(first, again, strict=True))


def test_a_chart_already_drawn_is_served_from_the_cache() -> None:
    report = sample_report()
    first = charts.render(report.charts[0], report.table("attendance"), 5)
    assert charts.render(report.charts[0], report.table("attendance"), 5) is first
    assert charts.render(report.charts[0], report.table("attendance"), 4) is not first


def test_a_suppressed_cell_is_a_gap_and_the_chart_says_so() -> None:
    report = sample_report()
    trend = charts.render(report.charts[0], report.table("attendance"), report.threshold)
    assert trend.gaps == 1
    texts = " ".join(_texts(trend.svg))
    assert "Gaps: 1 value under 5 suppressed" in texts
    assert "1 value under 5 is suppressed and left as a gap." in trend.alt
    # The hidden value is never read: the online series has a gap (NaN) there.
    _, values, _ = charts._series(report.table("attendance"), report.charts[0])
    assert math.isnan(values["Online"][1]) and HIDDEN not in values["Online"]


def test_the_text_alternative_is_written_from_the_figures() -> None:
    report = sample_report()
    trend, pipeline, reuse = charts.render_all(report)
    assert trend.alt.startswith("Attendance per session, in the room and online.")
    assert "It covers 3 sessions, from 07 Jan 2026 to 21 Jan 2026." in trend.alt
    assert "In the room: highest 44 (21 Jan 2026)." in trend.alt
    assert "Online: highest 17 (07 Jan 2026)." in trend.alt
    assert "Published: highest 6 (Lesson)." in pipeline.alt
    assert "Reuse records: highest 7 (Mar 2026)." in reuse.alt
    assert "suppressed" not in reuse.alt


def test_total_rows_are_not_drawn() -> None:
    report = sample_report()
    trend = charts.render(report.charts[0], report.table("attendance"), report.threshold)
    labels = _texts(trend.svg)
    assert "Total" not in labels and "21 Jan 2026" in labels


def test_labels_are_escaped_text_never_markup() -> None:
    report = sample_report()
    table = report.table("reuse")
    evil = replace(table, rows=(Row('<script>alert("x")</script>', (n(2),)),))
    image = charts.render(report.charts[2], evil, report.threshold)
    assert "<script" not in image.svg and "&lt;script" in image.svg
    assert any(t.startswith("<script>") for t in _texts(image.svg))


def test_many_rows_keep_a_readable_number_of_labels() -> None:
    report = sample_report()
    table = report.table("reuse")
    many = replace(table, rows=tuple(Row(f"Week {i}", (n(i),)) for i in range(104)))
    image = charts.render(report.charts[2], many, report.threshold)
    ticks = [t for t in _texts(image.svg) if re.fullmatch(r"Week \d+", t)]
    assert 0 < len(ticks) <= charts.MAX_TICKS


def test_an_empty_table_draws_an_empty_chart_and_says_so() -> None:
    report = sample_report()
    empty = replace(report.table("reuse"), rows=())
    image = charts.render(report.charts[2], empty, report.threshold)
    assert "There is nothing to show for this period." in image.alt
    assert image.svg.startswith("<svg")


def test_a_chart_naming_a_missing_column_is_an_error() -> None:
    report = sample_report()
    wrong = Chart("x", "X", "reuse", "bar", ("Nope",), "")
    with pytest.raises(KeyError):
        charts.render(wrong, report.table("reuse"), report.threshold)


def test_unsafe_svg_is_refused() -> None:
    with pytest.raises(charts.UnsafeSvg):
        charts._inline('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')
    with pytest.raises(charts.UnsafeSvg):
        charts._inline('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"></svg>')


def test_a_session_row_is_labelled_by_its_date() -> None:
    report = sample_report()
    table = report.table("reuse")
    dated = replace(table, rows=(Row("2026-03-05 Kick-off with a long title", (n(2),)),
                                 Row("2026-03-12 Retro", (n(3),))))
    labels = _texts(charts.render(report.charts[2], dated, report.threshold).svg)
    assert "5 Mar" in labels and "12 Mar" in labels
    assert not any("Kick-off" in label for label in labels)
    monthly = replace(table, rows=(Row("2026-03", (n(2),)), Row("Total", (n(2),), True)))
    assert "Mar 2026" in _texts(charts.render(report.charts[2], monthly, 5).svg)
