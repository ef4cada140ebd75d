"""Board tokens handed to a signed-in person's browser end when they sign out.

A board page's socket authenticates with a token, not with the Django session; without
this, a token minted for a signed-in page would keep opening the board (and its live
socket) for up to twelve hours after "Sign out". Each token given to a signed-in browser
is remembered in its session, and the `user_logged_out` signal (connected in
BoardsConfig.ready) revokes them and closes their live sockets.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from indaba.boards import live, tokens
from indaba.boards.models import BoardAccessToken

SESSION_KEY = "indaba_board_tokens"
# A browser session opens few boards; keep the list bounded all the same.
MAX_REMEMBERED = 200


def remembered(request: HttpRequest) -> list[str]:
    session = getattr(request, "session", None)
    if session is None:
        return []
    ids = session.get(SESSION_KEY, [])
    return [str(i) for i in ids] if isinstance(ids, list) else []


def remember(request: HttpRequest, grant: BoardAccessToken) -> None:
    """Note that this signed-in browser holds `grant`."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or not getattr(user, "is_authenticated", False):
        return
    ids = remembered(request)
    if grant.id not in ids:
        session[SESSION_KEY] = [*ids, grant.id][-MAX_REMEMBERED:]


def revoke_remembered(request: HttpRequest, user: Any) -> int:
    """Revoke the tokens this browser's session was given; returns how many."""
    ids = remembered(request)
    if not ids or user is None:
        return 0
    count = 0
    for grant in BoardAccessToken.objects.filter(pk__in=ids, user_id=user.pk,
                                                 revoked_at__isnull=True):
        tokens.revoke(grant)
        live.close_token_connections(grant.id)
        count += 1
    return count


def on_signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        revoke_remembered(request, user)
