"""Role-by-endpoint matrix: every facilitation endpoint over HTTP, for every kind of caller."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from indaba.boards import tokens
from indaba.facilitation.permissions import Capability
from indaba.facilitation.views import ENDPOINTS
from tests.communities.helpers import World

# caller → what it may do (None: no access at all)
CALLERS: dict[str, Capability | None] = {
    "lead": Capability.FACILITATE,
    "facilitator": Capability.FACILITATE,
    "superuser": Capability.FACILITATE,
    "member": Capability.PARTICIPATE,
    "guest_editor": Capability.PARTICIPATE,
    "reviewer": Capability.READ,
    "guest_viewer": Capability.READ,
    "outsider": None,
    "other_board": None,
}


def bearer(world: World, caller: str) -> dict[str, str]:
    board = world.session.board
    assert board is not None
    if caller == "outsider":
        return {}
    if caller == "other_board":
        from indaba.boards.services import create_board

        _, grant = tokens.issue_token(create_board("Other"), "editor", "X", 3600)
    elif caller.startswith("guest_"):
        _, grant = tokens.issue_token(board, caller.removeprefix("guest_"), "Guest", 3600)
    else:
        user = world.users[caller]
        role = "viewer" if caller == "reviewer" else "editor"
        _, grant = tokens.issue_token(board, role, caller, 3600, user_id=user.pk)
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.sign(grant)}"}


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("name,method", list(ENDPOINTS))
def test_every_endpoint_checks_the_callers_role(world: World, caller: str, name: str,
                                                method: str) -> None:
    board = world.session.board
    assert board is not None
    url = f"/boards/{board.id}/facilitation/{name}"
    headers = bearer(world, caller)
    client = Client()
    if method == "GET":
        response = client.get(url, **headers)
    else:
        response = client.post(url, data=json.dumps({}), content_type="application/json",
                               **headers)
    allowed = CALLERS[caller]
    needed = ENDPOINTS[(name, method)].capability
    if allowed is None or allowed < needed:
        assert response.status_code == 403, (caller, name, response.content)
        assert "error" in response.json()
    else:
        assert response.status_code in (200, 400, 404, 409), (caller, name, response.content)


def test_a_signed_in_facilitator_needs_no_token(world: World) -> None:
    board = world.session.board
    assert board is not None
    client = Client()
    client.force_login(world.users["facilitator"])
    response = client.get(f"/boards/{board.id}/facilitation/state")
    assert response.json()["you"]["canFacilitate"] is True
    response = client.post(f"/boards/{board.id}/facilitation/timer",
                           data=json.dumps({"action": "start", "seconds": 60}),
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "running"


def test_errors_name_the_problem(world: World) -> None:
    board = world.session.board
    assert board is not None
    headers: dict[str, Any] = bearer(world, "lead")
    client = Client()
    url = f"/boards/{board.id}/facilitation/"
    assert client.get(url + "nothing", **headers).status_code == 404
    assert client.get(url + "timer", **headers).status_code == 405
    bad = client.post(url + "timer", data="[1]", content_type="application/json", **headers)
    assert bad.status_code == 400 and bad.json()["error"] == "send a JSON object"
    wrong = client.post(url + "timer", data=json.dumps({"action": "start", "seconds": "x"}),
                        content_type="application/json", **headers)
    assert wrong.json()["error"] == '"seconds" must be a whole number'
