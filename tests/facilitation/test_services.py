"""Facilitation services on an in-memory board: timer, votes, brainstorm, reactions, locks,
engagement."""

from __future__ import annotations

from typing import Any

import pycrdt
import pytest

from indaba.boards import document, tokens
from indaba.boards.models import Board
from indaba.facilitation import (
    activity,
    brainstorm,
    locks,
    reactions,
    timer,
    voting,
    workshop,
)
from indaba.facilitation.errors import BadInput, NotNow, NotYours, UsedUp
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote, VoteRound
from indaba.facilitation.permissions import Actor, Capability
from tests.communities.helpers import World


def board_of(world: World) -> Board:
    assert world.session.board is not None
    return world.session.board


def guest(board: Board, name: str) -> Actor:
    _, grant = tokens.issue_token(board, "editor", name, 3600)
    return Actor(Capability.PARTICIPATE, grant.id, name, None)


def notes_in(docs: dict[str, pycrdt.Doc[Any]], board: Board) -> dict[str, str]:
    return {k: v["text"] for k, v in workshop.sticky_notes(docs[board.id]).items()}


def test_timer_runs_pauses_adds_and_stops(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    board = board_of(world)
    clock = [1_000_000]
    monkeypatch.setattr(workshop, "now_ms", lambda: clock[0])
    timer.timer(board, "start", 300)
    assert workshop.read_state(board)["timer"] == {
        "state": "running", "startedAt": 1_000_000, "durationMs": 300_000,
        "remainingMs": 300_000, "totalMs": 300_000}
    clock[0] += 100_000
    timer.timer(board, "pause")
    assert workshop.read_state(board)["timer"]["remainingMs"] == 200_000
    with pytest.raises(NotNow, match="not running"):
        timer.timer(board, "pause")
    timer.timer(board, "add", 60)
    assert workshop.read_state(board)["timer"]["remainingMs"] == 260_000
    clock[0] += 5_000
    timer.timer(board, "resume")
    running = workshop.read_state(board)["timer"]
    assert (running["state"], running["startedAt"], running["durationMs"]) == (
        "running", 1_105_000, 260_000)
    clock[0] += 10_000
    timer.timer(board, "add", 30)
    assert workshop.read_state(board)["timer"]["durationMs"] == 280_000
    timer.timer(board, "stop")
    assert workshop.read_state(board)["timer"]["state"] == "stopped"
    with pytest.raises(BadInput, match="between"):
        timer.timer(board, "start", 0)


def test_votes_are_hidden_until_revealed(world: World, docs: dict[str, Any]) -> None:
    board = board_of(world)
    ids = list(notes_in(docs, board))
    amahle, sipho = guest(board, "Amahle"), guest(board, "Sipho")
    voting.start_vote(board, votes_per_person=2, anonymous=True)
    voting.cast_vote(board, amahle, ids[0])
    voting.cast_vote(board, amahle, ids[0])
    with pytest.raises(UsedUp, match="used all"):
        voting.cast_vote(board, amahle, ids[1])
    voting.retract_vote(board, amahle, ids[0])
    assert voting.cast_vote(board, amahle, ids[1])["remaining"] == 0
    voting.cast_vote(board, sipho, ids[1])
    with pytest.raises(BadInput, match="sticky notes"):
        voting.cast_vote(board, sipho, "nope")
    vote = workshop.read_state(board)["vote"]
    assert vote["state"] == "open" and "results" not in vote
    assert "Amahle" not in str(document.to_json(docs[board.id]))
    ranking = voting.reveal_vote(board)
    assert [(r["text"], r["count"]) for r in ranking] == [("Second idea", 2), ("First idea", 1)]
    vote = workshop.read_state(board)["vote"]
    assert vote["state"] == "revealed" and vote["results"] == {ids[1]: 2, ids[0]: 1}
    assert "voters" not in vote  # anonymous
    with pytest.raises(NotNow, match="no vote is open"):
        voting.cast_vote(board, sipho, ids[0])
    assert ActivityEvent.objects.filter(kind="vote").count() == 4
    assert ActivityEvent.objects.filter(kind="unvote").count() == 1
    assert Vote.objects.count() == 3


def test_a_vote_on_a_frame_takes_only_its_notes(world: World, docs: dict[str, Any]) -> None:
    board = board_of(world)
    frame_id = next(e["id"] for e in document.elements(docs[board.id]) if e["type"] == "frame")
    with pytest.raises(NotYours, match="no such frame"):
        voting.start_vote(board, votes_per_person=1, anonymous=False, frame_id="nope")
    voting.start_vote(board, votes_per_person=1, anonymous=False, frame_id=frame_id)
    with pytest.raises(NotNow, match="already open"):
        voting.start_vote(board, votes_per_person=1, anonymous=False)
    note = next(iter(notes_in(docs, board)))
    voting.cast_vote(board, guest(board, "Ada"), note)
    voting.reveal_vote(board)
    assert workshop.read_state(board)["vote"]["voters"] == {note: ["Ada"]}


def test_private_notes_stay_on_the_server_until_reveal(world: World,
                                                        docs: dict[str, Any]) -> None:
    board = board_of(world)
    amahle, sipho = guest(board, "Amahle"), guest(board, "Sipho")
    with pytest.raises(NotNow, match="no private brainstorm"):
        brainstorm.add_private_note(board, amahle, "too early")
    brainstorm.start_brainstorm(board, anonymous=True)
    brainstorm.add_private_note(board, amahle, "Secret idea A")
    brainstorm.add_private_note(board, sipho, "Secret idea S")
    assert [n["text"] for n in brainstorm.my_private_notes(board, amahle)] == ["Secret idea A"]
    exported = str(document.to_json(docs[board.id]))
    assert "Secret idea" not in exported
    assert workshop.read_state(board)["facilitation"]["brainstorm"]["count"] == 2
    assert brainstorm.reveal_brainstorm(board) == 2
    texts = notes_in(docs, board)
    assert {"Secret idea A", "Secret idea S"} <= set(texts.values())
    revealed = [e for e in document.elements(docs[board.id])
                if (e.get("customData") or {}).get("indaba", {}).get("brainstorm")]
    assert {e["customData"]["indaba"]["author"] for e in revealed} == {"Anonymous"}
    assert all("authorId" not in e["customData"]["indaba"] for e in revealed)
    indices = [e["index"] for e in document.elements(docs[board.id], include_deleted=True)]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)
    assert ActivityEvent.objects.filter(kind="note").count() == 2
    assert PrivateNote.objects.exclude(element_id="").count() == 2
    assert workshop.read_state(board)["facilitation"]["brainstorm"]["on"] is False


def test_reactions_are_counted(world: World) -> None:
    board = board_of(world)
    who = guest(board, "Ada")
    reactions.react(board, who, "👍")
    assert reactions.react(board, who, "👍") == {"👍": 2}
    with pytest.raises(BadInput):
        reactions.react(board, who, "💩")
    assert workshop.read_state(board)["reactions"]["last"]["name"] == "Ada"


def test_lock_marks_the_element_and_the_locks_map(world: World, docs: dict[str, Any]) -> None:
    board = board_of(world)
    frame = next(e for e in document.elements(docs[board.id]) if e["type"] == "frame")
    assert locks.lock(board, [frame["id"], "missing"], True) == [frame["id"]]
    locked = next(e for e in document.elements(docs[board.id]) if e["id"] == frame["id"])
    assert locked["locked"] is True and locked["version"] == frame["version"] + 1
    assert workshop.read_state(board)["locks"][frame["id"]]["by"] == ""
    locks.lock(board, [frame["id"]], True, by="Thandi")
    assert workshop.read_state(board)["locks"][frame["id"]]["by"] == "Thandi"  # named in notices
    locks.lock(board, [frame["id"]], False)
    assert workshop.read_state(board)["locks"] == {}


def test_engagement_counts_notes_votes_reactions_per_person(world: World,
                                                            docs: dict[str, Any]) -> None:
    from indaba.meetings import services as meetings

    board = board_of(world)
    link = meetings.active_join_link(world.session)
    room = meetings.join(world.session, presence="in_room", method="code", guest_name="Amahle",
                         link=link)
    online = meetings.join(world.session, presence="online", method="code", guest_name="Sipho",
                           link=link)
    quiet = meetings.join(world.session, presence="online", method="code", guest_name="Quiet",
                          link=link)
    amahle = Actor(Capability.PARTICIPATE, room.attendance.token_id or "", "Amahle", None)
    # A note Amahle wrote on the canvas (its authorId names her token).
    doc = docs[board.id]
    ids = list(notes_in(docs, board))
    element = next(e for e in document.elements(doc) if e["id"] == ids[0])
    element["customData"]["indaba"]["authorId"] = amahle.token_id
    document.write_elements(doc, [element])
    reactions.react(board, amahle, "🎉")
    sipho = Actor(Capability.PARTICIPATE, online.attendance.token_id or "", "Sipho", None)
    voting.start_vote(board, votes_per_person=3, anonymous=True)
    voting.cast_vote(board, sipho, ids[0])
    voting.cast_vote(board, sipho, ids[1])
    result = activity.engagement(board)
    activity.engagement(board)  # idempotent
    people = {p["name"]: p for p in result["people"]}
    assert (people["Amahle"]["notes"], people["Amahle"]["reactions"]) == (1, 1)
    assert people["Sipho"]["votes"] == 2 and people["Sipho"]["presence"] == "online"
    assert people["Quiet"]["contributed"] is False
    assert result["groups"]["in_room"]["notes"] == 1
    assert result["groups"]["online"]["silent"] == ["Quiet"]
    assert ActivityEvent.objects.filter(kind="note").count() == 1
    assert quiet.attendance.presence == "online"


def test_vote_rounds_are_recorded_and_only_revealed_ones_count(world: World,
                                                               docs: dict[str, Any]) -> None:
    board = board_of(world)
    first, second = list(notes_in(docs, board))
    voting.start_vote(board, votes_per_person=2, anonymous=True)
    voting.cast_vote(board, guest(board, "Ada"), first)
    voting.reveal_vote(board)
    voting.start_vote(board, votes_per_person=2, anonymous=False)
    voting.cast_vote(board, guest(board, "Bo"), second)
    rounds = list(VoteRound.objects.filter(board=board).order_by("started_at", "pk"))
    assert [(r.votes_per_person, r.anonymous, r.revealed_at is not None) for r in rounds] == [
        (2, True, True), (2, False, False)]
    assert voting.revealed_vote_counts(board) == {first: 1}


def test_revealed_brainstorm_notes_belong_to_the_frame_they_land_in(
        world: World, docs: dict[str, Any]) -> None:
    board = board_of(world)
    frame = next(e for e in document.elements(docs[board.id]) if e["type"] == "frame")
    brainstorm.start_brainstorm(board, anonymous=False, frame_id=frame["id"])
    brainstorm.add_private_note(board, guest(board, "Ada"), "In the frame", color="#b2f2bb")
    brainstorm.reveal_brainstorm(board)
    note = next(e for e in document.elements(docs[board.id])
                if (e.get("customData") or {}).get("indaba", {}).get("brainstorm"))
    assert note["frameId"] == frame["id"] and note["backgroundColor"] == "#b2f2bb"
    brainstorm.start_brainstorm(board, anonymous=False)  # a free area: right of everything
    brainstorm.add_private_note(board, guest(board, "Bo"), "Outside")
    brainstorm.reveal_brainstorm(board)
    outside = next(v for v in workshop.sticky_notes(docs[board.id]).values()
                   if v["text"] == "Outside")
    assert outside["frameId"] is None
