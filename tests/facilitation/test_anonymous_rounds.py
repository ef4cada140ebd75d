"""Anonymous votes and anonymous brainstorm notes, through the facilitation endpoints: the
per-person vote limit holds while the round is open, and after the reveal no stored row
links a person to the note they voted for or wrote (the engagement panel still counts)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from indaba.boards.models import BoardAccessToken
from indaba.facilitation import workshop
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote, VoteRound
from tests.communities.helpers import World
from tests.facilitation.test_permissions import bearer
from tests.facilitation.test_views import post


def _notes(world: World) -> list[str]:
    board = world.session.board
    assert board is not None
    return list(workshop.read(board, workshop.sticky_notes))


def _token_ids(world: World, caller: str) -> set[str]:
    return set(BoardAccessToken.objects.filter(user=world.users[caller])
               .values_list("id", flat=True))


def _engagement(world: World) -> dict[str, Any]:
    """The engagement panel as the lead reads it (a GET endpoint)."""
    board = world.session.board
    assert board is not None
    response = Client().get(f"/boards/{board.id}/facilitation/engagement",
                            **bearer(world, "lead"))
    assert response.status_code == 200
    return {p["name"]: p for p in response.json()["people"]}


def test_after_an_anonymous_vote_no_row_says_who_voted_for_what(world: World) -> None:
    first, second = _notes(world)[:2]
    assert post(world, "lead", "vote/start", {"votesPerPerson": 2,
                                              "anonymous": True}).status_code == 200
    assert post(world, "member", "vote/cast", {"elementId": first}).status_code == 200
    mine = post(world, "member", "vote/cast", {"elementId": second}).json()
    assert mine["mine"] == {first: 1, second: 1} and mine["remaining"] == 0
    # The limit still holds per person while the round is open.
    assert post(world, "member", "vote/cast", {"elementId": first}).status_code == 409
    assert post(world, "member", "vote/retract", {"elementId": second}).status_code == 200
    assert post(world, "member", "vote/cast", {"elementId": second}).status_code == 200
    assert post(world, "facilitator", "vote/cast", {"elementId": first}).status_code == 200

    ranking = post(world, "lead", "vote/reveal", {}).json()["ranking"]
    assert {r["elementId"]: r["count"] for r in ranking} == {first: 2, second: 1}

    member_tokens = _token_ids(world, "member") | _token_ids(world, "facilitator")
    assert member_tokens
    votes = list(Vote.objects.all())
    assert len(votes) == 3
    assert all(v.name == "" and v.token_id not in member_tokens for v in votes)
    assert all(not v.token_id.startswith("user:") for v in votes)
    assert VoteRound.objects.get().voter_salt == ""  # the key is gone: hashes are unlinkable
    vote_events = ActivityEvent.objects.filter(kind__in=["vote", "unvote"])
    assert vote_events.count() == 5
    assert set(vote_events.values_list("element_id", flat=True)) == {""}
    # Participation still counts: the member voted twice (3 casts, 1 taken back).
    people = _engagement(world)
    assert people["member"]["votes"] == 2 and people["facilitator"]["votes"] == 1


def test_a_named_vote_keeps_its_voters(world: World) -> None:
    first = _notes(world)[0]
    post(world, "lead", "vote/start", {"votesPerPerson": 1, "anonymous": False})
    post(world, "member", "vote/cast", {"elementId": first})
    post(world, "lead", "vote/reveal", {})
    vote = Vote.objects.get()
    assert (vote.name, vote.token_id in _token_ids(world, "member")) == ("member", True)
    assert ActivityEvent.objects.get(kind="vote").element_id == first


def test_an_anonymous_brainstorm_forgets_its_authors_at_the_reveal(world: World) -> None:
    assert post(world, "lead", "brainstorm/start", {"anonymous": True}).status_code == 200
    assert post(world, "member", "brainstorm/notes", {"text": "Quiet idea"}).status_code == 200
    assert post(world, "member", "brainstorm/notes", {"text": "Second"}).status_code == 200
    assert PrivateNote.objects.filter(name="member").count() == 2  # theirs until the reveal
    assert post(world, "lead", "brainstorm/reveal", {}).json() == {"revealed": 2}

    assert set(PrivateNote.objects.values_list("token_id", "name", "user")) == {("", "", None)}
    placed = set(PrivateNote.objects.values_list("element_id", flat=True))
    assert len(placed) == 2 and "" not in placed
    linked = ActivityEvent.objects.filter(kind="note", element_id__in=placed)
    assert not linked.exists()
    assert ActivityEvent.objects.filter(kind="note", actor_name="member",
                                        element_id="").count() == 2
    assert _engagement(world)["member"]["notes"] == 2
    board = world.session.board
    assert board is not None
    notes = workshop.read(board, workshop.sticky_notes)
    assert {notes[e]["author"] for e in placed} == {"Anonymous"}
    assert {notes[e]["authorId"] for e in placed} == {""}


def test_a_named_brainstorm_keeps_its_authors(world: World) -> None:
    post(world, "lead", "brainstorm/start", {"anonymous": False})
    post(world, "member", "brainstorm/notes", {"text": "Signed idea"})
    post(world, "lead", "brainstorm/reveal", {})
    note = PrivateNote.objects.get()
    assert note.name == "member" and note.user == world.users["member"]
    assert ActivityEvent.objects.get(kind="note").element_id == note.element_id
