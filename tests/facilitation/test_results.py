"""The session results: top-voted notes, notes by frame with votes and where their
authors were, who contributed, actions with owners; as a page, Markdown and PDF."""

from __future__ import annotations

from typing import Any

import pycrdt
import pytest
from django.test import Client

from indaba.boards import builders, document
from indaba.boards.models import Board
from indaba.facilitation import results, results_export, voting
from indaba.facilitation.permissions import Actor, Capability
from indaba.meetings import services
from indaba.meetings.models import ActionItem
from tests.communities.helpers import World, make_world

HOSTILE = "<script>alert('x')</script> **bold** [link](http://evil)"


def actor_for(result: services.JoinResult) -> Actor:
    grant = result.attendance.token
    assert grant is not None
    return Actor(Capability.PARTICIPATE, grant.id, grant.name, None)


@pytest.fixture
def session_world(db: None, no_board_store: list[Any], docs: dict[str, pycrdt.Doc[Any]]
                  ) -> tuple[World, dict[str, str]]:
    """A board with two frames; notes by a guest in the room and one online; two votes
    revealed in one round and one vote in a round never revealed."""
    world = make_world()
    board = world.session.board
    assert isinstance(board, Board)
    link = services.active_join_link(world.session)
    room = services.join(world.session, presence="in_room", method="code",
                         guest_name="Amahle", link=link)
    online = services.join(world.session, presence="online", method="code",
                           guest_name="Sipho", link=link)
    indices = builders.IndexSequence()
    worked = builders.frame("What worked", 0, 0, 440, 620, indices)
    improve = builders.frame("What to improve", 480, 0, 440, 620, indices)
    room_note = builders.sticky_note(HOSTILE, 20, 60, indices, author="Amahle",
                                     frame_id=worked["id"])
    online_note = builders.sticky_note("Chat questions answered", 500, 60, indices,
                                       author="Sipho", frame_id=improve["id"])
    loose = builders.sticky_note("Loose idea", 1000, 60, indices, author="Lead")
    empty = builders.sticky_note("", 1000, 300, indices, author="Lead")
    room_note[0]["customData"]["indaba"]["authorId"] = room.attendance.token_id
    online_note[0]["customData"]["indaba"]["authorId"] = online.attendance.token_id
    doc = docs.setdefault(board.id, pycrdt.Doc())
    document.write_elements(doc, [worked, improve, *room_note, *online_note, *loose, *empty])
    ids = {"room": room_note[0]["id"], "online": online_note[0]["id"], "loose": loose[0]["id"]}
    voting.start_vote(board, votes_per_person=3, anonymous=True)
    voting.cast_vote(board, actor_for(room), ids["online"])
    voting.cast_vote(board, actor_for(online), ids["online"])
    voting.cast_vote(board, actor_for(online), ids["room"])
    voting.reveal_vote(board)
    voting.start_vote(board, votes_per_person=3, anonymous=True)
    voting.cast_vote(board, actor_for(room), ids["loose"])  # never revealed
    ActionItem.objects.create(session=world.session, text="Share the harvest <b>now</b>",
                              owner="Lerato")
    return world, ids


def test_results_count_only_revealed_votes_and_know_where_authors_were(
        session_world: tuple[World, dict[str, str]]) -> None:
    world, ids = session_world
    built = results.build(world.session)
    assert [(n.id, n.votes) for n in built.top] == [(ids["online"], 2), (ids["room"], 1)]
    by_name = {f.name: f for f in built.frames}
    assert list(by_name) == ["What worked", "What to improve", results.OUTSIDE_FRAMES]
    assert by_name["What worked"].notes[0].origin_label == "in the room"
    assert by_name["What to improve"].notes[0].origin_label == "online"
    loose = by_name[results.OUTSIDE_FRAMES].notes
    assert [(n.text, n.votes, n.origin_label) for n in loose] == [
        ("Loose idea", 0, "not recorded")]  # its unrevealed vote is not counted; no empty note
    groups = {g.label: g for g in built.groups}
    assert (groups["In the room"].people, groups["In the room"].votes) == (1, 2)
    assert (groups["Online"].people, groups["Online"].contributors) == (1, 1)
    assert built.actions[0].owner == "Lerato"


def test_markdown_export_escapes_everything_people_wrote(
        session_world: tuple[World, dict[str, str]]) -> None:
    world, _ = session_world
    text = results_export.markdown(results.build(world.session))
    assert "<script>" not in text and "<b>" not in text and "**bold**" not in text
    assert r"\<script\>alert('x')\</script\> \*\*bold\*\* \[link\](http://evil)" in text
    assert "1. Chat questions answered — 2 votes · What to improve · online" in text
    assert "- [ ] Share the harvest \\<b\\>now\\</b\\> — owner: Lerato" in text
    assert "| In the room | 1 | 1 | 1 | 2 | 0 |" in text


def test_markdown_neutralises_markup_at_the_start_of_a_line() -> None:
    assert results_export.md("# not a heading") == r"\# not a heading"
    assert results_export.md("- not a list") == r"\- not a list"
    assert results_export.md("12. not numbered") == r"12\. not numbered"
    assert results_export.md("two\nlines") == "two lines"


def test_the_pdf_is_rendered_without_a_browser_from_escaped_html(
        session_world: tuple[World, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    world, _ = session_world
    built = results.build(world.session)
    seen: list[str] = []
    real = results_export.render_to_string

    def spy(name: str, context: dict[str, Any]) -> str:
        html = real(name, context)
        seen.append(html)
        return html

    monkeypatch.setattr(results_export, "render_to_string", spy)
    pdf = results_export.pdf(built)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
    assert "&lt;script&gt;" in seen[0] and "<script>" not in seen[0]
    assert "Chat questions answered" in seen[0] and "Lerato" in seen[0]


def test_results_pages_and_actions(session_world: tuple[World, dict[str, str]]) -> None:
    world, _ = session_world
    pk = world.session.pk
    member = Client()
    member.force_login(world.users["member"])
    page = member.get(f"/sessions/{pk}/results/").content.decode()
    assert "Chat questions answered" in page and "2 votes" in page and "1 vote<" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "Add an action" not in page  # members read, organisers add
    markdown = member.get(f"/sessions/{pk}/results.md")
    assert markdown["Content-Type"].startswith("text/markdown")
    assert 'filename="results-hybrid-session.md"' in markdown["Content-Disposition"]
    pdf = member.get(f"/sessions/{pk}/results.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    lead = Client()
    lead.force_login(world.users["lead"])
    bad = lead.post(f"/sessions/{pk}/actions/", {"text": "", "owner": ""})
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    lead.post(f"/sessions/{pk}/actions/", {"text": "Book the room", "owner": "Sipho",
                                          "due": "2030-01-31"})
    assert ActionItem.objects.filter(session=world.session, owner="Sipho").exists()


@pytest.mark.parametrize(("language", "expected"), [
    ("zu", ("Imiphumela: Hybrid session", "Amanothi avotelwe kakhulu", "Izinyathelo",
            "Umnikazi", "Ikhasi 1 kwangu-", "Kukhishwe ku-Indaba ngo-", "egumbini",
            "Akukho ohlakeni")),
    ("af", ("Uitslae: Hybrid session", "Notas met die meeste stemme", "Aksies", "Eienaar",
            "Bladsy 1 van", "Uit Indaba uitgevoer op", "in die vertrek", "Nie in 'n raam nie")),
])
def test_the_results_pdf_is_in_the_language_of_the_person_who_asks(
        session_world: tuple[World, dict[str, str]], language: str,
        expected: tuple[str, ...]) -> None:
    import io

    from pypdf import PdfReader

    world, _ = session_world
    member = Client()
    member.force_login(world.users["member"])
    member.cookies["django_language"] = language  # what the footer's switcher sets
    pdf = member.get(f"/sessions/{world.session.pk}/results.pdf")
    text = " ".join(" ".join(page.extract_text() or ""
                             for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    for words in expected:
        assert words in text, (language, words)
    for english in ("Results:", "Top-voted notes", "Owner", "Page 1 of", "Exported from",
                    "in the room", "Not in a frame", "Who contributed"):
        assert english not in text, (language, english)
    assert "Chat questions answered" in text and "Lerato" in text  # as typed


@pytest.mark.parametrize(("language", "expected"), [
    ("zu", ("# Imiphumela: Hybrid session", "## Amanothi avotelwe kakhulu",
            "## Amanothi ngohlaka", "## Abanikele", "| abantu | abanikele | amanothi |",
            "## Izinyathelo", "Kukhishwe ku-Indaba ngo-")),
    ("af", ("# Uitslae: Hybrid session", "## Notas met die meeste stemme",
            "| mense | het bygedra | notas |", "## Aksies", "Uit Indaba uitgevoer op")),
])
def test_the_results_markdown_is_in_the_language_of_the_person_who_asks(
        session_world: tuple[World, dict[str, str]], language: str,
        expected: tuple[str, ...]) -> None:
    world, _ = session_world
    member = Client()
    member.force_login(world.users["member"])
    member.cookies["django_language"] = language
    markdown = member.get(f"/sessions/{world.session.pk}/results.md").content.decode()
    for words in expected:
        assert words in markdown, (language, words)
    for english in ("# Results:", "## Top-voted notes", "## Notes by frame",
                    "## Who contributed", "| people |", "## Actions", "owner:",
                    "Exported from Indaba"):
        assert english not in markdown, (language, english)
    assert "Chat questions answered" in markdown  # what people wrote, as typed
