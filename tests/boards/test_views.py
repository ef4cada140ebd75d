"""Board HTTP endpoints: page, images, export — with the access each needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from indaba.boards import services, tokens
from indaba.boards.models import Board
from indaba.boards.permissions import cookie_name

pytestmark = pytest.mark.django_db
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def built_frontend(tmp_path: Path) -> Any:
    dist = tmp_path / "dist"
    (dist / ".vite").mkdir(parents=True)
    (dist / ".vite" / "manifest.json").write_text(json.dumps({
        "src/board/main.tsx": {"file": "assets/board-abc123.js", "isEntry": True,
                               "css": ["assets/board-def456.css"]},
    }))
    with override_settings(FRONTEND_DIST=dist):
        yield dist


def _token(board: Board, role: str = "editor", name: str = "Guest Gail") -> str:
    return tokens.issue_token(board, role, name, 3600)[0]


def test_token_link_moves_token_into_a_cookie_and_page_carries_config(
        client: Client, built_frontend: Path) -> None:
    board = services.create_board("Retro <b>bold</b>")
    token = _token(board, "viewer")
    response = client.get(f"/boards/{board.id}?token={token}")
    assert response.status_code == 302
    assert response["Location"] == f"/boards/{board.id}"
    assert response.cookies[cookie_name(board.id)]["httponly"]
    page = client.get(f"/boards/{board.id}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<b>bold</b>" not in html  # user-written text is escaped
    assert '/static/board/assets/board-abc123.js' in html
    assert '/static/board/assets/board-def456.css' in html
    config = json.loads(html.split('id="indaba-board-config" type="application/json">')[1]
                        .split("</script>")[0])
    assert config["role"] == "viewer"
    assert config["user"]["name"] == "Guest Gail"
    assert config["syncUrl"] == "ws://testserver/sync"
    assert tokens.grant_for(config["token"], board.id).role.value == "viewer"
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "font-src 'self'" in page["Content-Security-Policy"]


def test_page_preloads_the_modules_its_entry_loads_at_once(client: Client,
                                                           tmp_path: Path) -> None:
    # The editor chunk is imported dynamically by the entry: without a preload the browser
    # only asks for it once the entry has run.
    dist = tmp_path / "dist"
    (dist / ".vite").mkdir(parents=True)
    (dist / ".vite" / "manifest.json").write_text(json.dumps({
        "src/board/main.tsx": {"file": "assets/board-1.js", "isEntry": True,
                               "imports": ["_provider-2.js"],
                               "dynamicImports": ["_editor-3.js"], "css": ["assets/b.css"]},
        "_provider-2.js": {"file": "assets/provider-2.js"},
        "_editor-3.js": {"file": "assets/editor-3.js", "isDynamicEntry": True,
                         "imports": ["_vendor-4.js", "src/board/main.tsx"],
                         "dynamicImports": ["_locale-5.js"]},
        "_vendor-4.js": {"file": "assets/vendor-4.js"},
        "_locale-5.js": {"file": "assets/locale-5.js", "isDynamicEntry": True},
    }))
    board = services.create_board("Preloads")
    client.get(f"/boards/{board.id}?token={_token(board)}")
    with override_settings(FRONTEND_DIST=dist):
        html = client.get(f"/boards/{board.id}").content.decode()
    preloads = [part.split('"', 1)[0]
                for part in html.split('<link rel="modulepreload" href="')[1:]]
    assert preloads == ["/static/board/assets/provider-2.js",
                        "/static/board/assets/editor-3.js", "/static/board/assets/vendor-4.js"]
    assert '<script type="module" src="/static/board/assets/board-1.js">' in html


def test_anonymous_is_sent_to_sign_in_and_bad_links_are_told_why(client: Client) -> None:
    board = services.create_board("Private")
    response = client.get(f"/boards/{board.id}")
    assert response.status_code == 302 and "login" in response["Location"]
    grant_token, grant = tokens.issue_token(board, "editor", "Ann", 3600)
    tokens.revoke(grant)
    denied = client.get(f"/boards/{board.id}?token={grant_token}")
    assert denied.status_code == 403
    assert "expired or been revoked" in denied.content.decode()
    assert client.get("/boards/nosuchboard").status_code == 404


def test_staff_account_gets_an_editor_token_minted_once(
        client: Client, built_frontend: Path) -> None:
    board = services.create_board("Staff board")
    staff = User.objects.create_user("kim", password="x-long-password-1", is_staff=True,
                                     first_name="Kim", last_name="Lee")
    client.force_login(staff)
    configs = []
    for _ in range(2):
        html = client.get(f"/boards/{board.id}").content.decode()
        configs.append(json.loads(html.split('type="application/json">')[1].split("</script>")[0]))
    assert configs[0]["role"] == "editor" and configs[0]["user"]["name"] == "Kim Lee"
    # The same grant both times (a signed token also carries the second it was signed in,
    # so the strings differ when the two requests straddle a second).
    first, second = (tokens.resolve(config["token"]) for config in configs)
    assert first.pk == second.pk


def test_page_explains_when_front_end_is_not_built(client: Client, tmp_path: Path) -> None:
    board = services.create_board("B")
    client.cookies[cookie_name(board.id)] = _token(board)
    with override_settings(FRONTEND_DIST=tmp_path / "missing"):
        response = client.get(f"/boards/{board.id}")
    assert response.status_code == 503
    assert "scripts/setup" in response.content.decode()


def test_image_upload_is_checked_stored_by_content_and_served_cached(client: Client) -> None:
    board = services.create_board("Images")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(board)}"}
    created = client.post(f"/boards/{board.id}/images",
                          {"file": SimpleUploadedFile("a.png", PNG, "image/png")}, **auth)
    assert created.status_code == 201
    body = created.json()
    assert body["mimeType"] == "image/png" and len(body["id"]) == 64
    served = client.get(body["url"], **auth)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    assert served["Content-Type"] == "image/png"
    assert "immutable" in served["Cache-Control"]
    assert client.get(body["url"]).status_code == 403  # no access, no image


def test_image_upload_refusals_are_clear(client: Client) -> None:
    board = services.create_board("Images")
    editor = {"HTTP_AUTHORIZATION": f"Bearer {_token(board)}"}
    viewer = {"HTTP_AUTHORIZATION": f"Bearer {_token(board, 'viewer')}"}
    url = f"/boards/{board.id}/images"
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", "image/svg+xml")
    response = client.post(url, {"file": svg}, **editor)
    assert response.status_code == 415
    assert "only PNG, JPEG, GIF and WebP" in response.json()["error"]
    assert client.post(url, {}, **editor).json()["error"].startswith("send the image")
    png = SimpleUploadedFile("a.png", PNG, "image/png")
    assert client.post(url, {"file": png}, **viewer).status_code == 403
    assert client.post(url, {"file": png}).status_code == 403
    with override_settings(INDABA_LIMITS={"max_image_bytes": 10, "guest_token_seconds": 60}):
        png = SimpleUploadedFile("a.png", PNG, "image/png")
        assert client.post(url, {"file": png}, **editor).status_code == 413


def test_export_endpoint_serves_json_and_excalidraw(client: Client) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures"
    raw = (fixture / "two-boxes-and-arrow.excalidraw").read_bytes()
    board = services.import_excalidraw(raw, "Imported")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(board, 'viewer')}"}
    as_json = client.get(f"/boards/{board.id}/export?format=json", **auth)
    assert as_json.status_code == 200
    assert len(json.loads(as_json.content)["elements"]) == 3
    scene = json.loads(client.get(f"/boards/{board.id}/export?format=excalidraw", **auth).content)
    assert scene["type"] == "excalidraw" and len(scene["elements"]) == 3
    assert 'filename="' in client.get(f"/boards/{board.id}/export", **auth)["Content-Disposition"]
    assert client.get(f"/boards/{board.id}/export?format=pdf", **auth).status_code == 400
    assert client.get(f"/boards/{board.id}/export").status_code == 403
