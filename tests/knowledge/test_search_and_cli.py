"""Search on the demo data (the same top results on SQLite and PostgreSQL: the suite runs
on both), highlighting, and the `indaba knowledge` commands."""

from __future__ import annotations

import json
from typing import Any

import pycrdt
import pytest
from click.testing import CliRunner

from indaba import cli
from indaba.knowledge import search
from indaba.knowledge.demo import ensure_knowledge_demo
from indaba.knowledge.models import KnowledgeItem, State
from indaba.meetings.demo import ensure_demo

# query → titles expected, best first (identical on both databases)
EXPECTED = {
    "microphone": ["A room microphone for in-room questions"],
    "join code invitation": ["Send the join code before the session starts"],
    "online flipchart": ["A shared online flipchart keeps online participants talking"],
    "harvesting lessons": ["Harvest lessons into the knowledge base the same week"],
    "hybrid": ["A shared online flipchart keeps online participants talking",
               "A room microphone for in-room questions",
               "Send the join code before the session starts"],
    "online": ["A shared online flipchart keeps online participants talking",
               "Send the join code before the session starts",
               "A room microphone for in-room questions"],
}


@pytest.fixture
def demo(db: None, no_board_store: list[tuple[str, Any]],
         docs: dict[str, pycrdt.Doc[Any]]) -> list[KnowledgeItem]:
    made = ensure_demo()
    for board_id, doc in no_board_store:
        docs[board_id] = doc
    return ensure_knowledge_demo(made.session)


def test_the_demo_has_published_in_review_and_changes_requested(
        demo: list[KnowledgeItem]) -> None:
    states = sorted(i.state for i in demo)
    assert states == sorted([State.PUBLISHED] * 3 + [State.IN_REVIEW,
                                                     State.CHANGES_REQUESTED])
    assert all(i.provenance.count() == 1 for i in demo)
    assert ensure_knowledge_demo(demo[0].session) == demo  # made once  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "titles"), list(EXPECTED.items()))
def test_same_top_results_on_either_database(demo: list[KnowledgeItem], query: str,
                                             titles: list[str]) -> None:
    hits = search.search(query, KnowledgeItem.objects.all())
    got = [h.item.title for h in hits]
    assert got == titles
    assert all(h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_highlighting_marks_the_stemmed_match(demo: list[KnowledgeItem]) -> None:
    hit = search.search("microphones", KnowledgeItem.objects.all())[0]
    assert "<mark>microphone</mark>" in hit.title
    assert "<mark>" in hit.snippet


def test_stop_words_and_empty_queries(demo: list[KnowledgeItem]) -> None:
    assert search.terms("the  THE of microphone!!") == ["microphone"]
    assert search.search("the of", KnowledgeItem.objects.all()) == []
    assert search.search('"unbalanced', KnowledgeItem.objects.all()) == []


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(cli, "setup_django", lambda migrate=True: None)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli.main, list(args), catch_exceptions=False)
    return invoke


def test_cli_search(demo: list[KnowledgeItem], run: Any) -> None:
    result = run("knowledge", "search", "hybrid", "--state", "published")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["title"] for r in rows][:1] == EXPECTED["hybrid"][:1]
    assert set(rows[0]) == {"id", "title", "kind", "state", "community", "score",
                            "provenance"}
    assert set(rows[0]["provenance"]) == {"board", "session", "elements"}
    assert json.loads(run("knowledge", "search", "harvesting lessons", "--state",
                          "published").stdout) == []
    other = run("knowledge", "search", "hybrid", "--community", "nobody")
    assert json.loads(other.stdout) == []


def test_cli_harvest_and_export(demo: list[KnowledgeItem], run: Any) -> None:
    board = demo[0].board
    assert board is not None
    element = demo[0].provenance.get().element_id
    result = run("knowledge", "harvest", board.id, "--element", element, "--title",
                 "Again", "--kind", "insight")
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)
    assert made["state"] == "draft" and made["title"] == "Again"
    assert made["provenance"]["elements"][0]["id"] == element
    refused = CliRunner().invoke(cli.main, ["knowledge", "harvest", board.id, "--element",
                                            "missing"])
    assert refused.exit_code != 0 and "not on this board" in refused.output
    exported = json.loads(run("knowledge", "export", "--format", "json").stdout)
    assert len(exported["items"]) == len(demo) + 1
    markdown = run("knowledge", "export", "--format", "markdown").stdout
    assert markdown.count("\n# ") + markdown.startswith("# ") == len(demo) + 1
