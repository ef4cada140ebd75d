"""The phone page (`/boards/<id>/phone`): the same access rules as the board page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from indaba.boards import services, tokens
from indaba.boards.models import Board
from indaba.boards.permissions import cookie_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def built_frontend(tmp_path: Path) -> Iterator[Path]:
    dist = tmp_path / "dist"
    (dist / ".vite").mkdir(parents=True)
    (dist / ".vite" / "manifest.json").write_text(json.dumps({
        "src/board/main.tsx": {"file": "assets/board-abc123.js", "isEntry": True,
                               "imports": ["_shared.js"], "css": ["assets/board-def456.css"]},
        "src/phone/main.tsx": {"file": "assets/phone-123abc.js", "isEntry": True,
                               "imports": ["_shared.js"], "css": ["assets/phone-456def.css"]},
        "_shared.js": {"file": "assets/shared-999.js"},
    }))
    with override_settings(FRONTEND_DIST=dist):
        yield dist


def _config(html: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        html.split('id="indaba-board-config" type="application/json">')[1].split("</script>")[0])
    return data


def _token(board: Board, role: str = "editor", name: str = "Amahle") -> str:
    return tokens.issue_token(board, role, name, 3600)[0]


def test_token_link_moves_into_the_board_cookie_and_the_page_is_light(
        client: Client, built_frontend: Path) -> None:
    board = services.create_board("Retro <b>bold</b>")
    response = client.get(f"/boards/{board.id}/phone?token={_token(board)}")
    assert response.status_code == 302
    assert response["Location"] == f"/boards/{board.id}/phone"
    cookie = response.cookies[cookie_name(board.id)]
    assert cookie["httponly"] and cookie["path"] == f"/boards/{board.id}"  # full board too
    page = client.get(f"/boards/{board.id}/phone")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    assert "<b>bold</b>" not in html
    assert "/static/board/assets/phone-123abc.js" in html
    assert "/static/board/assets/phone-456def.css" in html
    assert "board-abc123" not in html  # never the canvas bundle
    assert f'href="/boards/{board.id}"' in html and "Open the full board" in html
    assert "<script>" not in html and "style=" not in html  # nothing the CSP forbids
    config = _config(html)
    assert config["role"] == "editor" and config["boardUrl"] == f"/boards/{board.id}"
    assert config["facilitationUrl"] == f"/boards/{board.id}/facilitation"
    assert isinstance(config["serverNow"], int) and config["participantId"]
    assert tokens.grant_for(str(config["token"]), board.id).role.value == "editor"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    # The same cookie opens the full board.
    assert client.get(f"/boards/{board.id}").status_code == 200


def test_no_access_means_sign_in_and_bad_tokens_are_refused(
        client: Client, built_frontend: Path) -> None:
    board = services.create_board("Private")
    response = client.get(f"/boards/{board.id}/phone")
    assert response.status_code == 302 and "login" in response["Location"]
    assert "next=/boards/" in response["Location"] and "phone" in response["Location"]
    grant_token, grant = tokens.issue_token(board, "editor", "Ann", 3600)
    tokens.revoke(grant)
    denied = client.get(f"/boards/{board.id}/phone?token={grant_token}")
    assert denied.status_code == 403
    assert "expired or been revoked" in denied.content.decode()
    other = services.create_board("Other")
    assert client.get(f"/boards/{board.id}/phone?token={_token(other)}").status_code == 403
    assert client.get("/boards/nosuchboard/phone").status_code == 404


def test_viewer_and_account_access(client: Client, built_frontend: Path) -> None:
    board = services.create_board("Board")
    client.cookies[cookie_name(board.id)] = _token(board, "viewer", "Vee")
    assert _config(client.get(f"/boards/{board.id}/phone").content.decode())["role"] == "viewer"
    staff = User.objects.create_user("kim", password="x-long-password-1", is_staff=True)
    signed_in = Client()
    signed_in.force_login(staff)
    page = signed_in.get(f"/boards/{board.id}/phone")
    assert page.status_code == 200 and _config(page.content.decode())["role"] == "editor"


def test_phone_page_explains_when_front_end_is_not_built(client: Client,
                                                        tmp_path: Path) -> None:
    board = services.create_board("B")
    client.cookies[cookie_name(board.id)] = _token(board)
    with override_settings(FRONTEND_DIST=tmp_path / "missing"):
        response = client.get(f"/boards/{board.id}/phone")
    assert response.status_code == 503
