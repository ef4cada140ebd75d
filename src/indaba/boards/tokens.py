"""Signed board access tokens: what a join link carries and the sync socket checks."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils import timezone

from indaba.audit import services as audit
from indaba.boards.models import Board, BoardAccessToken, BoardRole
from indaba.sync.auth import AccessDenied, Grant, Role
from indaba.sync.closecodes import CloseCode

SALT = "indaba.boards.access-token"
MAX_NAME_LENGTH = 80


class TokenError(ValueError):
    pass


def issue_token(board: Board, role: str, name: str, expires_in: float | None,
                user_id: int | None = None) -> tuple[str, BoardAccessToken]:
    """Create a grant and return the signed token that names it."""
    if role not in BoardRole.values:
        raise TokenError(f"role must be one of {', '.join(BoardRole.values)}, got {role!r}")
    name = " ".join(name.split())
    if not name:
        raise TokenError("a display name is required")
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"display name longer than {MAX_NAME_LENGTH} characters")
    if expires_in is not None and expires_in <= 0:
        raise TokenError("expiry must be a positive number of seconds")
    expires_at = timezone.now() + timedelta(seconds=expires_in) if expires_in else None
    grant = BoardAccessToken.objects.create(
        board=board, role=role, name=name, expires_at=expires_at, user_id=user_id
    )
    audit.record("boards.token_issued", obj=("board", board.id),
                 payload={"token": f"token:{grant.id}", "role": role, "name": name,
                          "expires_at": expires_at,
                          "user": f"user:{user_id}" if user_id is not None else None},
                 subjects=[f"token:{grant.id}",
                           *([f"user:{user_id}"] if user_id is not None else [])])
    return sign(grant), grant


def sign(grant: BoardAccessToken) -> str:
    return signing.dumps({"t": grant.id, "b": grant.board_id}, salt=SALT)


def identify(token: str, board_id: str) -> BoardAccessToken | None:
    """The grant a genuinely signed token for this board names, active or not (to tell
    someone whose access ended why, and how back in). None for anything else."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("b") != board_id:
        return None
    return BoardAccessToken.objects.filter(pk=payload.get("t"), board_id=board_id).first()


def resolve(token: str) -> BoardAccessToken:
    """The active grant a token names, or raise AccessDenied explaining why not."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise AccessDenied(CloseCode.UNAUTHORIZED, "access token is not valid") from None
    grant = BoardAccessToken.objects.filter(pk=payload.get("t")).first()
    if grant is None or grant.board_id != payload.get("b"):
        raise AccessDenied(CloseCode.UNAUTHORIZED, "access token is not valid")
    if grant.revoked_at is not None:
        raise AccessDenied(CloseCode.REVOKED, "access has been revoked")
    if grant.expires_at is not None and grant.expires_at <= timezone.now():
        raise AccessDenied(CloseCode.UNAUTHORIZED, "access token has expired")
    return grant


def grant_for(token: str, board_id: str) -> Grant:
    grant = resolve(token)
    if grant.board_id != board_id:
        raise AccessDenied(CloseCode.UNAUTHORIZED, "token is for another board")
    return Grant(
        board_id=grant.board_id,
        role=Role(grant.role),
        name=grant.name,
        token_id=grant.id,
        expires_at=grant.expires_at.timestamp() if grant.expires_at else None,
    )


def revoked_among(token_ids: set[str]) -> set[str]:
    return set(
        BoardAccessToken.objects.filter(pk__in=token_ids, revoked_at__isnull=False)
        .values_list("pk", flat=True)
    )


def revoke(grant: BoardAccessToken) -> None:
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit.record("boards.token_revoked", obj=("board", grant.board_id),
                     payload={"token": f"token:{grant.id}",
                              "user": f"user:{grant.user_id}" if grant.user_id else None},
                     subjects=[f"token:{grant.id}",
                               *([f"user:{grant.user_id}"] if grant.user_id else [])])
