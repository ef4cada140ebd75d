"""The facilitation and history APIs answer in the caller's language: the board's front end
shows their `error` and `reasonLabel` to people as they are. The language comes from the
`django_language` cookie the footer's switcher sets (the board sends its cookies)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from indaba.facilitation import voting
from tests.communities.helpers import World
from tests.facilitation.test_permissions import bearer

# What the API said before its messages were translated, and what it says now.
EXPECTED = {
    "zu": {
        "seconds": "imizuzwana kumele ibe phakathi kuka-1 no-14400",
        "not running": "isibali-sikhathi asisebenzi",
        "facilitators": "abaqhubi bomhlangano kuphela abangenza lokhu",
        "json": "thumela into ye-JSON",
        "field": '"elementId" kumele kube umbhalo ongelona ize',
        "method": "sebenzisa u-POST",
        "no board": "awukwazi ukufinyelela kule bhodi",
        "vote started": "Ukuvota kuqalile",
        "history name": "nikeza inguqulo igama",
    },
    "af": {
        "seconds": "sekondes moet tussen 1 en 14400 wees",
        "not running": "die tydhouer loop nie",
        "facilitators": "slegs die sessie se fasiliteerders kan dit doen",
        "json": "stuur 'n JSON-objek",
        "field": "\"elementId\" moet 'n string wees wat nie leeg is nie",
        "method": "gebruik POST",
        "no board": "jy het nie toegang tot hierdie bord nie",
        "vote started": "Stemming begin",
        "history name": "gee die weergawe 'n naam",
    },
}


def _client(language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _post(world: World, language: str, caller: str, path: str, body: Any) -> Any:
    board = world.session.board
    assert board is not None
    return _client(language).post(f"/boards/{board.id}/{path}", data=json.dumps(body),
                                  content_type="application/json", **bearer(world, caller))


@pytest.mark.parametrize("language", ["zu", "af"])
def test_facilitation_errors_are_in_the_callers_language(world: World, language: str) -> None:
    said = EXPECTED[language]
    board = world.session.board
    assert board is not None

    def error(caller: str, name: str, body: Any) -> str:
        response = _post(world, language, caller, f"facilitation/{name}", body)
        assert response.status_code >= 400
        return str(response.json()["error"])

    assert error("lead", "timer", {"action": "start", "seconds": 0}) == said["seconds"]
    assert error("lead", "timer", {"action": "pause"}) == said["not running"]
    assert error("member", "timer", {"action": "stop"}) == said["facilitators"]
    assert error("member", "vote/cast", []) == said["json"]
    assert error("member", "vote/cast", {"elementId": 5}) == said["field"]
    assert error("outsider", "timer", {"action": "stop"}) == said["no board"]
    got = _client(language).get(f"/boards/{board.id}/facilitation/timer",
                                 **bearer(world, "lead"))
    assert got.status_code == 405 and got.json()["error"] == said["method"]


@pytest.mark.parametrize("language", ["zu", "af"])
def test_history_reasons_and_errors_are_in_the_callers_language(world: World,
                                                                 language: str) -> None:
    board = world.session.board
    assert board is not None
    voting.start_vote(board, votes_per_person=1, anonymous=True, by="Lead")
    listing = _client(language).get(f"/boards/{board.id}/history/", **bearer(world, "member"))
    assert [v["reasonLabel"] for v in listing.json()["versions"]] \
        == [EXPECTED[language]["vote started"]]
    refused = _post(world, language, "reviewer", "history/snapshot", {"name": "x"})
    assert refused.status_code == 403
    assert refused.json()["error"] == EXPECTED[language]["facilitators"]
    unnamed = _post(world, language, "lead", "history/snapshot", {"name": "  "})
    assert unnamed.status_code == 400
    assert unnamed.json()["error"] == EXPECTED[language]["history name"]


def test_without_a_language_the_api_speaks_english(world: World) -> None:
    """The checks above can fail: the same calls in English give the English."""
    response = _post(world, "en", "lead", "facilitation/timer", {"action": "pause"})
    assert response.json()["error"] == "the timer is not running"
    board = world.session.board
    assert board is not None
    voting.start_vote(board, votes_per_person=1, anonymous=True, by="Lead")
    listing = _client("en").get(f"/boards/{board.id}/history/", **bearer(world, "member"))
    assert listing.json()["versions"][0]["reasonLabel"] == "Vote started"


@pytest.mark.parametrize(("language", "why"), [
    ("zu", "lesi sicelo sivela kwenye isayithi"),
    ("af", "hierdie versoek kom van 'n ander webwerf"),
    ("en", "this request came from another site"),
])
def test_a_cross_site_refusal_is_in_the_callers_language(world: World, language: str,
                                                         why: str) -> None:
    board = world.session.board
    assert board is not None
    client = _client(language)
    client.force_login(world.users["lead"])
    response = client.post(f"/boards/{board.id}/facilitation/timer",
                           data=json.dumps({"action": "stop"}),
                           content_type="application/json", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and response.json()["error"] == why
