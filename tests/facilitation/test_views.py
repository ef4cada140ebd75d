"""Facilitation endpoints answer with the status their error's type carries: a refusal is
asserted here by type (BadInput, NotNow, UsedUp, NotYours), never by its wording."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from indaba.common.errors import DomainError
from indaba.facilitation import voting
from indaba.facilitation.errors import BadInput, NotNow, NotYours, UsedUp
from indaba.facilitation.views import ENDPOINTS, Endpoint
from tests.communities.helpers import World
from tests.facilitation.test_permissions import bearer


def post(world: World, caller: str, name: str, body: dict[str, Any]) -> Any:
    """POST as `caller`, with one token per caller (so votes count for one person)."""
    board = world.session.board
    assert board is not None
    if caller not in world.headers:
        world.headers[caller] = bearer(world, caller)
    headers = world.headers[caller]
    return Client().post(f"/boards/{board.id}/facilitation/{name}", data=json.dumps(body),
                         content_type="application/json", **headers)


def test_each_refusal_carries_the_status_of_its_type(world: World) -> None:
    assert post(world, "lead", "timer", {"action": "start", "seconds": 0}).status_code \
        == BadInput.status == 400
    assert post(world, "lead", "timer", {"action": "pause"}).status_code == NotNow.status == 409
    assert post(world, "lead", "vote/start", {"votesPerPerson": 1}).status_code == 200
    assert post(world, "lead", "vote/start", {"votesPerPerson": 1}).status_code == NotNow.status
    note = next(iter(_notes(world)))
    assert post(world, "member", "vote/cast", {"elementId": note}).status_code == 200
    assert post(world, "member", "vote/cast", {"elementId": note}).status_code \
        == UsedUp.status == 409
    assert post(world, "member", "vote/cast", {"elementId": "not-a-note"}).status_code \
        == BadInput.status
    assert post(world, "lead", "vote/start", {"frameId": "nope"}).status_code \
        == NotYours.status  # the frame is checked before the open vote
    assert post(world, "member", "brainstorm/notes/delete", {"id": 999}).status_code \
        == NotYours.status == 404
    assert post(world, "lead", "brainstorm/start", {"frameId": "nope"}).status_code \
        == NotYours.status


@pytest.mark.parametrize("error", [BadInput("a"), NotNow("b"), UsedUp("c"), NotYours("d")])
def test_rewording_a_message_never_changes_the_status(
        world: World, monkeypatch: pytest.MonkeyPatch, error: DomainError) -> None:
    def refuse(*args: Any) -> Any:
        raise type(error)("already no such thing; only the wording differs")

    monkeypatch.setitem(ENDPOINTS, ("reactions", "POST"),
                        Endpoint("POST", ENDPOINTS[("reactions", "POST")].capability, refuse))
    response = post(world, "member", "reactions", {"emoji": "x"})
    assert response.status_code == type(error).status
    assert response.json()["error"] == "already no such thing; only the wording differs"


def _notes(world: World) -> list[str]:
    from indaba.facilitation import workshop

    board = world.session.board
    assert board is not None
    return list(workshop.read(board, workshop.sticky_notes))


def test_the_vote_module_refuses_by_type(world: World) -> None:
    board = world.session.board
    assert board is not None
    with pytest.raises(BadInput):
        voting.start_vote(board, votes_per_person=0, anonymous=True)
