from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from indaba.evidence import pdf
from indaba.evidence.report import build_report
from tests.evidence.conftest import Scenario
from tests.evidence.sample import sample_report


def text_of(document: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(document)).pages]


def test_the_summary_page_holds_the_headline_figures_charts_and_the_report_facts() -> None:
    pages = text_of(pdf.render_pdf(sample_report()))
    summary = " ".join(pages[0].split())
    assert summary.startswith("Evidence of value: Sample community")
    for fact in ("01 Jan 2026 to 31 Mar 2026", "under 5 shown as <5",
                 "checkpoint 42 · 1f3a9c", "Sessions held 3", "Attendance in the room 123",
                 "Attendance online 32", "Hours saved (as reported) 86.5",
                 "Attendance: in the room and online", "Knowledge pipeline",
                 "Reuse over time", "Gaps: 1 value under 5 suppressed"):
        assert fact in summary, fact
    # Tables and stories come after the summary page.
    rest = " ".join(" ".join(pages[1:]).split())
    assert "Attendance per session" in rest and "<5" in rest
    assert "Value-creation stories" in rest
    assert "<b>everyone</b> was in on time." in rest  # user text printed as text
    assert "Page 1 of" in pages[0] and "Sample community · 01 Jan 2026" in pages[0]


def test_the_report_of_known_events_prints_its_figures_and_no_names(
        scenario: Scenario) -> None:
    report = build_report([scenario.community], start=date(2026, 3, 1),
                          end=date(2026, 3, 31))
    document = pdf.render_pdf(report)
    assert document.startswith(b"%PDF-")
    text = " ".join(" ".join(text_of(document)).split())
    assert "Evidence of value: Procurement CoP" in text
    assert "01 Mar 2026 to 31 Mar 2026" in text
    assert f"under {report.threshold} shown as <{report.threshold}" in text
    assert report.checkpoint in " ".join(report.checkpoint.split()) and \
        " ".join(report.checkpoint.split()) in text
    for indicator in report.indicators:
        assert indicator.label in text
    assert "Used the checklist;" in text
    for name in ("Amahle", "Bongani", "Carol", "Dineo", "Fikile", "Thandi", "Nkosi", "Dube",
                 "Mokoena", "Khumalo", "Botha", "Zulu", "Nomsa", "Mahlangu"):
        assert name not in text, name
