from __future__ import annotations

import time

import pytest
from django.core import signing

from indaba.boards import services, tokens
from indaba.sync.auth import AccessDenied, Role
from indaba.sync.closecodes import CloseCode

pytestmark = pytest.mark.django_db


def test_issued_token_grants_its_role_on_its_board_only() -> None:
    board, other = services.create_board("A"), services.create_board("B")
    token, grant = tokens.issue_token(board, "viewer", "  Sam   Smith ", 60)
    resolved = tokens.grant_for(token, board.id)
    assert resolved.role is Role.VIEWER
    assert resolved.name == "Sam Smith"
    assert resolved.token_id == grant.id
    assert resolved.expires_at is not None and resolved.expires_at > time.time()
    with pytest.raises(AccessDenied) as denied:
        tokens.grant_for(token, other.id)
    assert denied.value.code == CloseCode.UNAUTHORIZED


def test_tampered_revoked_and_expired_tokens_are_refused() -> None:
    board = services.create_board("A")
    token, grant = tokens.issue_token(board, "editor", "Ann", 60)
    with pytest.raises(AccessDenied, match="not valid"):
        tokens.grant_for(token[:-2] + "xx", board.id)
    forged = signing.dumps({"t": grant.id, "b": board.id}, key="another-key", salt=tokens.SALT)
    with pytest.raises(AccessDenied, match="not valid"):
        tokens.grant_for(forged, board.id)
    tokens.revoke(grant)
    with pytest.raises(AccessDenied) as denied:
        tokens.grant_for(token, board.id)
    assert denied.value.code == CloseCode.REVOKED
    assert tokens.revoked_among({grant.id, "unknown"}) == {grant.id}
    expired, grant2 = tokens.issue_token(board, "editor", "Ann", 1)
    grant2.expires_at = grant2.created_at
    grant2.save()
    with pytest.raises(AccessDenied, match="expired"):
        tokens.grant_for(expired, board.id)


@pytest.mark.parametrize(
    ("role", "name", "expires", "problem"),
    [("admin", "Ann", 60, "role must be"), ("editor", "   ", 60, "display name is required"),
     ("editor", "x" * 81, 60, "longer than 80"), ("editor", "Ann", -5, "positive")],
)
def test_bad_token_requests_are_named(role: str, name: str, expires: int, problem: str) -> None:
    board = services.create_board("A")
    with pytest.raises(tokens.TokenError, match=problem):
        tokens.issue_token(board, role, name, expires)


def test_board_ids_are_letters_and_digits_only() -> None:
    from indaba.boards.models import new_board_id

    ids = {new_board_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == 12 and i.isalnum() and i.isascii() for i in ids)
