"""CSV and JSON of the evidence report, and `indaba evidence report` that writes them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indaba import cli
from indaba.evidence import exports
from indaba.evidence.report import build_report
from tests.evidence.conftest import MARCH, NOW, Scenario


def _sections(text: str) -> list[list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    sections: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            sections[-1].append(row)
        else:
            sections.append([])
    return sections


def test_json_cells_are_value_and_suppressed_only(scenario: Scenario) -> None:
    report = build_report(scenario.community, start=MARCH[0], end=MARCH[1], now=NOW)
    data = json.loads(exports.json_bytes(report))
    assert data["scope"] == "Procurement CoP" and data["threshold"] == 5
    assert data["period"] == {"start": "2026-03-01", "end": "2026-03-31",
                              "label": "01 Mar 2026 to 31 Mar 2026"}
    assert data["checkpoint"] == report.checkpoint
    sessions = next(t for t in data["tables"] if t["key"] == "attendance_by_session")
    assert sessions["columns"] == ["In the room", "Online", "Attendees", "Contributions"]
    assert sessions["rows"][0] == {
        "label": "2026-03-05 Kick-off", "total": False,
        "cells": [{"value": "<5", "suppressed": True}, {"value": "<5", "suppressed": True},
                  {"value": "<5", "suppressed": True}, {"value": 5, "suppressed": False}]}
    assert sessions["note"].startswith('Shown as "<5"')
    for table in data["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                assert set(cell) == {"value", "suppressed"}
                if cell["suppressed"]:
                    assert cell["value"] == "<5"
    indicators = {i["key"]: i for i in data["indicators"]}
    assert indicators["attendance_in_room"]["value"] == "<5"
    assert indicators["attendance_in_room"]["suppressed"] is True
    assert indicators["sessions_held"]["value"] == 2
    assert indicators["reach"]["value"] == 0.15
    assert indicators["reach"]["definition"].startswith("Members ÷ target audience")
    assert data["stories"][0] == {
        "item": "Checklist", "outcome": "Used the checklist; [name] saved us a week of rework",
        "hours_saved": 12.5, "cost_saved": 3000.0, "date": "2026-03-17"}
    assert {c["key"] for c in data["charts"]} == {"attendance_trend", "knowledge_pipeline",
                                                   "reuse_over_time"}
    text = exports.json_bytes(report).decode()
    for name in ("Thandi", "Nkosi", "bongani", "carol", "Amahle"):
        assert name not in text


def test_csv_has_a_section_per_table(scenario: Scenario) -> None:
    report = build_report(scenario.community, start=MARCH[0], end=MARCH[1], threshold=1,
                          now=NOW)
    sections = _sections(exports.as_csv(report))
    head = dict((row[0], row[1]) for row in sections[0][1:])
    assert head["scope"] == "Procurement CoP" and head["threshold"] == "1"
    assert head["period_start"] == "2026-03-01" and head["suppressed_shown_as"] == "<1"
    indicators = {row[1]: row[2:4] for row in sections[1][1:]}
    assert indicators["Sessions held"] == ["2", "no"]
    assert indicators["Participation rate"] == ["0.625", "no"]
    assert indicators["Cost saved"] == ["3000.0", "no"]
    tables = {s[0][1]: s for s in sections[2:] if s[0][0] == "table"}
    assert len(tables) == len(report.tables)
    sessions = tables["attendance_by_session"]
    assert sessions[1][0] == "definition"
    assert sessions[2:] == [["Session", "In the room", "Online", "Attendees", "Contributions"],
                            ["2026-03-05 Kick-off", "3", "1", "4", "5"],
                            ["2026-03-19 Retro", "2", "2", "4", "3"],
                            ["Total", "5", "3", "8", "8"]]
    assert sections[-1][0] == ["story", "item", "outcome", "hours_saved", "cost_saved", "date"]
    assert sections[-1][1] == ["1", "Checklist",
                               "Used the checklist; [name] saved us a week of rework",
                               "12.5", "3000.0", "2026-03-17"]


def test_csv_hides_and_neutralises(scenario: Scenario) -> None:
    scenario.items["k1"].title = "=HYPERLINK(\"http://evil\")"
    scenario.items["k1"].save()
    report = build_report(scenario.community, start=MARCH[0], end=MARCH[1], now=NOW)
    text = exports.as_csv(report)
    sessions = next(s for s in _sections(text)
                    if s[0][:2] == ["table", "attendance_by_session"])
    assert sessions[3] == ["2026-03-05 Kick-off", "<5", "<5", "<5", "5"]
    assert sessions[-1][0] == "note"
    story = _sections(text)[-1][1]
    assert story[1] == "'=HYPERLINK(\"http://evil\")"
    assert exports.csv_safe("-1") == "'-1" and exports.csv_safe(-1) == -1


def test_filename(scenario: Scenario) -> None:
    report = build_report(scenario.community, start=MARCH[0], end=None, now=NOW)
    assert exports.filename(report, "csv") == "evidence-cop-a-2026-03-01-now.csv"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(cli, "setup_django", lambda migrate=True: None)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli.main, ["evidence", "report", *args])
    return invoke


def test_cli_json_with_exact_figures(scenario: Scenario, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("--community", "cop-a", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--format", "json", "--threshold", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    figures = {i["key"]: i["value"] for i in data["indicators"]}
    assert figures["sessions_held"] == 2 and figures["attendance_in_room"] == 5
    assert figures["attendance_online"] == 3 and figures["participation_rate"] == 0.625
    assert figures["items_published"] == 2 and figures["hours_saved"] == 12.5
    unit = next(t for t in data["tables"] if t["key"] == "attendance_by_unit")
    assert [[c["value"] for c in r["cells"]] for r in unit["rows"]] == [
        [2, 1, 3], [0, 2, 2], [1, 0, 1], [2, 0, 2], [5, 3, 8]]
    assert "Procurement CoP" in result.output  # the summary line on standard error
    from indaba.audit.models import Entry

    assert Entry.objects.filter(action="evidence.exported", actor="cli").count() == 1


def test_cli_csv_at_the_default_threshold(scenario: Scenario, run: Any,
                                          tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = run("--community", "cop-a", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    sections = _sections(out.read_text())
    assert dict((r[0], r[1]) for r in sections[0][1:])["threshold"] == "5"
    sessions = next(s for s in sections if s[0][:2] == ["table", "attendance_by_session"])
    assert sessions[3:] == [["2026-03-05 Kick-off", "<5", "<5", "<5", "5"],
                            ["2026-03-19 Retro", "<5", "<5", "<5", "3"],
                            ["Total", "<5", "<5", "8", "8"],
                            sessions[-1]]
    assert sessions[-1][0] == "note"


def test_cli_all_communities(scenario: Scenario, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    result = run("--all", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["scope"] == "All communities" and data["communities"] == ["cop-b", "cop-a"]


def test_cli_errors(scenario: Scenario, run: Any, tmp_path: Path) -> None:
    out = str(tmp_path / "x.json")
    unknown = run("--community", "nope", "--format", "json", "-o", out)
    assert unknown.exit_code == 1 and "no community with the slug 'nope'" in unknown.output
    bad_date = run("--community", "cop-a", "--from", "2026-13-01", "--format", "json",
                   "-o", out)
    assert bad_date.exit_code == 2 and "'2026-13-01' does not match" in bad_date.output
    backwards = run("--community", "cop-a", "--from", "2026-04-01", "--to", "2026-03-01",
                    "--format", "json", "-o", out)
    assert backwards.exit_code == 1 and "starts after it ends" in backwards.output
    neither = run("--format", "json", "-o", out)
    assert neither.exit_code == 2 and "--community SLUG" in neither.output
    assert not Path(out).exists()


def test_cli_pdf_names_the_renderer_it_needs(scenario: Scenario, run: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def without_pdf(name: str, package: str | None = None) -> Any:
        if name == "indaba.evidence.pdf":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_pdf)
    result = run("--community", "cop-a", "--format", "pdf", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1 and "PDF needs indaba.evidence.pdf" in result.output


def test_cli_pdf_writes_what_the_renderer_returns(scenario: Scenario, run: Any,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import types

    real = importlib.import_module
    seen: list[Any] = []

    def render_pdf(report: Any) -> bytes:
        seen.append(report)
        return b"%PDF-1.7 test"

    renderer = types.SimpleNamespace(render_pdf=render_pdf)

    def with_pdf(name: str, package: str | None = None) -> Any:
        return renderer if name == "indaba.evidence.pdf" else real(name, package)

    monkeypatch.setattr(importlib, "import_module", with_pdf)
    out = tmp_path / "r.pdf"
    result = run("--community", "cop-a", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == b"%PDF-1.7 test"
    assert seen[0].scope == "Procurement CoP" and seen[0].threshold == 5
