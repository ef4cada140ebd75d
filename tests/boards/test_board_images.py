"""Images belong to the board they were added to: served under its URL only, counted
towards its quota, exported with it and with no other board."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pycrdt
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indaba.boards import document, services, tokens
from indaba.boards.models import Board, BoardImage
from tests.boards.test_views import PNG

OTHER_PNG = PNG + b"another image"  # still a PNG by its signature, another hash


def bearer(board: Board, role: str = "editor") -> dict[str, str]:
    token, _ = tokens.issue_token(board, role, "Gail", 3600)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def refer_to(board: Board, url: str) -> None:
    """Write a files entry naming `url` into the board, as a browser would."""
    def write(doc: Any) -> None:
        doc.get(document.FILES, type=pycrdt.Map)["f1"] = {
            "id": "f1", "mimeType": "image/png", "url": url, "created": 1}

    services.change_board(board.id, write)


def upload(board: Board, data: bytes = PNG) -> Any:
    return Client().post(f"/boards/{board.id}/images",
                         {"file": SimpleUploadedFile("a.png", data, "image/png")},
                         **bearer(board))


def test_an_image_is_not_served_under_another_boards_url(db: None) -> None:
    a, b = services.create_board("A"), services.create_board("B")
    image_id = upload(a).json()["id"]
    assert Client().get(f"/boards/{a.id}/images/{image_id}", **bearer(a)).status_code == 200
    # B's token holder knows the hash: B's URL still does not serve A's image.
    assert Client().get(f"/boards/{b.id}/images/{image_id}", **bearer(b)).status_code == 404


def test_the_same_image_on_two_boards_is_stored_once(db: None) -> None:
    a, b = services.create_board("A"), services.create_board("B")
    assert upload(a).json()["id"] == upload(b).json()["id"]
    image_id = upload(a).json()["id"]  # again: no second row
    assert BoardImage.objects.filter(sha256=image_id).count() == 2
    assert services.image_store().path_for(image_id).is_file()
    assert Client().get(f"/boards/{b.id}/images/{image_id}", **bearer(b)).status_code == 200


def test_a_board_over_its_image_quota_refuses_with_a_clear_message(
        db: None, settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS,
                              "board_image_quota_bytes": len(PNG) + len(OTHER_PNG) - 1}
    board = services.create_board("Quota")
    assert upload(board).status_code == 201
    refused = upload(board, OTHER_PNG)
    assert refused.status_code == 413
    assert "this board's images may take at most" in refused.json()["error"]
    assert upload(board).status_code == 201  # the same image again takes nothing more
    assert upload(services.create_board("Other"), OTHER_PNG).status_code == 201  # per board
    assert services.board_image_bytes(board) == len(PNG)


def test_an_export_inlines_only_the_boards_own_images(db: None) -> None:
    a, b = services.create_board("A"), services.create_board("B")
    image_id = upload(a).json()["id"]
    # An editor of B writes A's image URL into B's files map.
    for board in (a, b):
        refer_to(board, services.image_url(a.id, image_id))
    assert "f1" in services.export_excalidraw(a)["files"]
    assert services.export_excalidraw(b)["files"] == {}


def test_the_migration_links_images_existing_boards_refer_to(db: None) -> None:
    board = services.create_board("Before images belonged to boards")
    image_id, _ = services.image_store().save(PNG)
    refer_to(board, services.image_url(board.id, image_id))
    unrelated = services.create_board("No images")
    migration = importlib.import_module("indaba.boards.migrations.0003_images_belong_to_boards")
    migration.link_existing_images(apps, None)
    linked = BoardImage.objects.get(board=board)
    assert (linked.sha256, linked.size) == (image_id, len(PNG))
    assert not BoardImage.objects.filter(board=unrelated).exists()
    # Running it again changes nothing.
    migration.link_existing_images(apps, None)
    assert BoardImage.objects.filter(board=board).count() == 1
    assert json.loads(json.dumps(services.export_excalidraw(board)))["files"]["f1"]["dataURL"]


def test_viewers_still_cannot_add_images(db: None) -> None:
    board = services.create_board("V")
    response = Client().post(f"/boards/{board.id}/images",
                             {"file": SimpleUploadedFile("a.png", PNG, "image/png")},
                             **bearer(board, "viewer"))
    assert response.status_code == 403 and not BoardImage.objects.exists()
