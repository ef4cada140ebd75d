"""Board tokens given to a signed-in browser end when it signs out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from indaba.boards import page_tokens, services, tokens
from indaba.boards.models import Board
from indaba.sync.auth import AccessDenied
from indaba.sync.closecodes import CloseCode
from tests.boards.test_views import built_frontend

pytestmark = pytest.mark.django_db
__all__ = ["built_frontend"]


def page_token(client: Client, board: Board) -> str:
    html = client.get(f"/boards/{board.id}").content.decode()
    config = json.loads(html.split('id="indaba-board-config" type="application/json">')[1]
                        .split("</script>")[0])
    return str(config["token"])


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_out_revokes_the_page_token_and_closes_its_socket(
        built_frontend: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    monkeypatch.setattr("indaba.boards.live.close_token_connections", closed.append)
    board = services.create_board("Staff board")
    staff = User.objects.create_user("kim", password="x-long-password-1", is_staff=True)
    laptop = signed_in(staff)
    token = page_token(laptop, board)
    assert tokens.grant_for(token, board.id).role.value == "editor"
    assert laptop.post("/accounts/logout/").status_code == 302
    # What the board socket checks on connect and every TOKEN_CHECK_SECONDS:
    with pytest.raises(AccessDenied) as denied:
        tokens.grant_for(token, board.id)
    assert denied.value.code == CloseCode.REVOKED
    grant = tokens.identify(token, board.id)
    assert grant is not None and closed == [grant.id]
    # And over HTTP: the old token no longer opens the board.
    assert Client().get(f"/boards/{board.id}?token={token}").status_code == 403


def test_signing_out_on_one_device_leaves_the_others(built_frontend: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("indaba.boards.live.close_token_connections", lambda token_id: None)
    board = services.create_board("Two devices")
    staff = User.objects.create_user("lee", password="x-long-password-1", is_staff=True)
    laptop, phone = signed_in(staff), signed_in(staff)
    laptop_token, phone_token = page_token(laptop, board), page_token(phone, board)
    assert tokens.resolve(laptop_token).pk != tokens.resolve(phone_token).pk
    laptop.post("/accounts/logout/")
    assert tokens.grant_for(phone_token, board.id).role.value == "editor"


def test_a_request_without_a_session_remembers_nothing(rf: Any) -> None:
    request = rf.get("/")
    assert page_tokens.remembered(request) == []
