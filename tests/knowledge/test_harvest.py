"""Harvesting board notes and frames into draft items, with provenance."""

from __future__ import annotations

from typing import Any

import pycrdt
import pytest

from indaba.boards import builders, document, schema
from indaba.boards.models import Board
from indaba.common.errors import Conflict, Forbidden, Invalid, NotFound
from indaba.knowledge.harvest import Harvester, harvest, harvested
from indaba.knowledge.models import Kind, State
from tests.knowledge.conftest import HOSTILE, Harvestable


def test_a_frame_becomes_one_item_with_its_notes_as_evidence(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["improve"]], hw.world.users["member"])
    assert item.state == State.DRAFT and item.kind == Kind.LESSON
    assert item.title == "What to improve"
    assert item.community == hw.world.community and item.session == hw.world.session
    rows = list(item.provenance.values_list("element_id", "element_type", "text", "votes",
                                            "origin", "author"))
    assert rows == [(hw.ids["improve"], "frame", "What to improve", 2, "", ""),
                    (hw.ids["online"], "note", "Room microphone for questions", 2, "online",
                     "Sipho")]
    assert "Room microphone" in item.summary
    assert item.transitions.get().to_state == State.DRAFT
    assert item.created_by_name == "member" and item.transitions.get().by_name == "member"


def test_notes_keep_votes_and_in_room_origin(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["room"], hw.ids["online"]], hw.world.users["lead"],
                   title="Hybrid lessons", kind="insight")
    assert item.title == "Hybrid lessons" and item.kind == "insight"
    got = {p.element_id: (p.votes, p.origin, p.frame) for p in item.provenance.all()}
    assert got == {hw.ids["room"]: (1, "in_room", "What worked"),
                   hw.ids["online"]: (2, "online", "What to improve")}


def test_the_text_inside_a_note_harvests_the_note(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["room_text"]], hw.world.users["member"])
    assert [p.element_id for p in item.provenance.all()] == [hw.ids["room"]]
    assert item.title.startswith("<script>")  # stored as written; escaped when shown


def test_harvest_marks_the_board_document(hw: Harvestable,
                                          docs: dict[str, pycrdt.Doc[Any]]) -> None:
    item = harvest(hw.board, [hw.ids["worked"]], hw.world.users["member"])
    marks = harvested(hw.board)
    assert set(marks) == {hw.ids["worked"], hw.ids["room"]}
    assert marks[hw.ids["room"]]["itemId"] == item.pk and marks[hw.ids["room"]]["at"] > 0
    assert schema.HARVEST in schema.WORKSHOP_ROOTS
    assert schema.HARVEST not in schema.CLIENT_WRITABLE_ROOTS


def test_deleted_elements_are_refused(hw: Harvestable) -> None:
    with pytest.raises(Conflict, match="deleted"):
        harvest(hw.board, [hw.ids["room"], hw.ids["gone"]], hw.world.users["member"])
    assert not hw.world.community.knowledge_items.exists()
    assert harvested(hw.board) == {}


def test_elements_of_another_board_are_refused(hw: Harvestable,
                                               docs: dict[str, pycrdt.Doc[Any]]) -> None:
    other = Board.objects.create(title="Elsewhere")
    indices = builders.IndexSequence()
    note = builders.sticky_note("Foreign", 0, 0, indices, author="X")
    doc = docs.setdefault(other.id, pycrdt.Doc())
    document.write_elements(doc, note)
    with pytest.raises(NotFound, match="not on this board"):
        harvest(hw.board, [note[0]["id"]], hw.world.users["member"])
    with pytest.raises(Conflict, match="session"):
        harvest(other, [note[0]["id"]], hw.world.users["member"])


@pytest.mark.parametrize(("ids", "error"), [([], Invalid), ("abc", Invalid), ([3], Invalid),
                                            (["x" * 65], Invalid),
                                            ([f"e{i}" for i in range(201)], Invalid)])
def test_bad_element_lists_are_refused(hw: Harvestable, ids: Any,
                                       error: type[Exception]) -> None:
    with pytest.raises(error):
        harvest(hw.board, ids, hw.world.users["member"])


def test_bad_title_and_kind_are_refused(hw: Harvestable) -> None:
    with pytest.raises(Invalid, match="at most 200"):
        harvest(hw.board, [hw.ids["room"]], hw.world.users["member"], title="t" * 201)
    with pytest.raises(Invalid, match="kind"):
        harvest(hw.board, [hw.ids["room"]], hw.world.users["member"], kind="rumour")


def test_reviewers_and_outsiders_may_not_harvest(hw: Harvestable) -> None:
    for who in ("reviewer", "executive", "outsider"):
        with pytest.raises(Forbidden):
            harvest(hw.board, [hw.ids["room"]], hw.world.users[who])


def test_a_guest_harvests_without_an_account(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["room"]], Harvester(None, "Amahle"))
    assert item.created_by is None and item.created_by_name == "Amahle"
    assert item.provenance.get().text == HOSTILE
