"""A request authenticated by a cookie (the session, or a board's token cookie) may act
only from Indaba's own pages: a cross-site POST is refused whatever endpoint it aims at;
the board page's own calls (Bearer token, same Origin) go through."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from indaba.boards import tokens
from indaba.boards.permissions import cookie_name
from tests.communities.helpers import World
from tests.facilitation.test_permissions import bearer

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18"
       b"\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
EVIL = "https://evil.example"


def act(client: Client, world: World, what: str, **headers: str) -> int:
    """One state-changing call of each kind the board page makes."""
    board = world.session.board
    assert board is not None
    base = f"/boards/{board.id}"
    if what == "image":
        upload = io.BytesIO(PNG)
        upload.name = "dot.png"
        return client.post(f"{base}/images", {"file": upload}, **headers).status_code
    url, body = {
        "timer": (f"{base}/facilitation/timer", {"action": "start", "seconds": 60}),
        "snapshot": (f"{base}/history/snapshot", {"name": "Before lunch"}),
    }[what]
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       **headers).status_code


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(world: World) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["lead"])
    return client


WHATS = ["timer", "snapshot", "image"]


@pytest.mark.parametrize("what", WHATS)
def test_a_cross_site_post_with_the_session_cookie_is_refused(world: World, what: str) -> None:
    assert act(signed_in(world), world, what, HTTP_ORIGIN=EVIL) == 403
    assert act(signed_in(world), world, what, HTTP_ORIGIN="null") == 403


@pytest.mark.parametrize("what", WHATS)
def test_the_same_origin_with_the_session_cookie_works(world: World, what: str) -> None:
    assert act(signed_in(world), world, what, HTTP_ORIGIN="http://testserver") in {200, 201}


def test_the_public_url_is_a_trusted_origin(world: World, settings: Any) -> None:
    settings.PUBLIC_URL = "https://indaba.example.gov"
    assert act(signed_in(world), world, "timer",
               HTTP_ORIGIN="https://indaba.example.gov") == 200


def test_without_origin_the_csrf_token_decides(world: World) -> None:
    client = signed_in(world)
    assert act(client, world, "timer") == 403
    token = "k" * 32  # what a page's CSRF cookie holds
    client.cookies["csrftoken"] = token
    assert act(client, world, "timer", HTTP_X_CSRFTOKEN="j" * 32) == 403
    assert act(client, world, "timer", HTTP_X_CSRFTOKEN=token) == 200


def test_a_board_token_cookie_is_a_cookie_too(world: World) -> None:
    board = world.session.board
    assert board is not None
    signed, _ = tokens.issue_token(board, "editor", "Guest", 3600)
    client = Client(enforce_csrf_checks=True)
    client.cookies[cookie_name(board.id)] = signed
    assert act(client, world, "image", HTTP_ORIGIN=EVIL) == 403
    assert act(client, world, "image", HTTP_ORIGIN="http://testserver") == 201


def test_the_bearer_token_the_page_sends_needs_no_origin(world: World) -> None:
    # A browser cannot add an Authorization header to a cross-site request by itself.
    client = Client(enforce_csrf_checks=True)
    assert act(client, world, "timer", **bearer(world, "lead")) == 200


def test_a_query_token_without_cookies_needs_no_origin(world: World) -> None:
    board = world.session.board
    assert board is not None
    signed, _ = tokens.issue_token(board, "editor", "Script", 3600)
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/boards/{board.id}/facilitation/reactions?token={signed}",
                           data=json.dumps({"emoji": "👍"}), content_type="application/json")
    assert response.status_code == 200


def test_a_bad_query_token_does_not_open_the_cookie_door(world: World) -> None:
    # An invalid token falls back to the signed-in account: the Origin check still applies.
    board = world.session.board
    assert board is not None
    client = signed_in(world)
    response = client.post(f"/boards/{board.id}/facilitation/reactions?token=forged",
                           data=json.dumps({"emoji": "x"}), content_type="application/json",
                           HTTP_ORIGIN=EVIL)
    assert response.status_code == 403
