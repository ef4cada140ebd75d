"""Board history endpoints under /boards/<id>/history/ (docs/history.md): JSON in and out.

Authorized like the facilitation endpoints (board token as `Authorization: Bearer` or the
board cookie, or the signed-in account): anyone with access to the board may list, diff
and preview versions; only facilitators may save a named version or restore one."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache

from indaba.boards import history
from indaba.boards.models import Board
from indaba.common.errors import DomainError, Forbidden, Invalid
from indaba.common.origin import cookie_or_bearer
from indaba.facilitation.permissions import Actor, Capability, actor

ONLY_FACILITATORS = gettext_lazy("only the session's facilitators can do this")


def _who(request: HttpRequest, board: Board, needs: Capability) -> Actor:
    who = actor(request, board)
    if who is None:
        raise Forbidden(gettext("you do not have access to this board"))
    if who.capability < needs:
        raise Forbidden(str(ONLY_FACILITATORS))
    return who


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        parsed = json.loads(request.body)
    except ValueError:
        raise Invalid(gettext("send a JSON object")) from None
    if not isinstance(parsed, dict):
        raise Invalid(gettext("send a JSON object"))
    return parsed


def _answer(request: HttpRequest, board_id: str, method: str, work: Any) -> JsonResponse:
    board = get_object_or_404(Board, pk=board_id)
    if request.method != method:
        response = JsonResponse({"error": gettext("use %(methods)s") % {"methods": method}},
                                status=405)
        response["Allow"] = method
        return response
    try:
        result, status = work(board)
    except DomainError as exc:  # the error's type says its status, never its wording
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse(result, status=status, safe=False)


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def versions(request: HttpRequest, board_id: str) -> JsonResponse:
    def work(board: Board) -> tuple[Any, int]:
        who = _who(request, board, Capability.READ)
        return {"versions": history.listing(board),
                "canRestore": who.capability >= Capability.FACILITATE}, 200

    return _answer(request, board_id, "GET", work)


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def snapshot(request: HttpRequest, board_id: str) -> JsonResponse:
    def work(board: Board) -> tuple[Any, int]:
        who = _who(request, board, Capability.FACILITATE)
        name = _body(request).get("name")
        if not isinstance(name, str):
            raise Invalid(gettext('"name" must be a string'))
        return history.as_json(history.named_version(board, name, who.name, who.user)), 201

    return _answer(request, board_id, "POST", work)


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def restore(request: HttpRequest, board_id: str) -> JsonResponse:
    def work(board: Board) -> tuple[Any, int]:
        who = _who(request, board, Capability.FACILITATE)
        number = _body(request).get("version")
        if isinstance(number, bool) or not isinstance(number, int):
            raise Invalid(gettext('"version" must be a version number'))
        done = history.restore(board, number, actor_name=who.name, user=who.user)
        return {"beforeRestore": history.as_json(done.before),
                "restore": history.as_json(done.after),
                "deleted": done.deleted, "restored": done.restored, "files": done.files}, 200

    return _answer(request, board_id, "POST", work)


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def diff(request: HttpRequest, board_id: str) -> JsonResponse:
    """?from=N&to=M (to omitted or "now": the board as it is now)."""
    def work(board: Board) -> tuple[Any, int]:
        _who(request, board, Capability.READ)
        source = history.get_version(board, request.GET.get("from"))
        to = request.GET.get("to", "now") or "now"
        if to == "now":
            target = history.current_content(board.id)
        else:
            target = history.content_of(history.get_version(board, to))
        result = history.diff(history.content_of(source), target)
        return {"from": source.number, "to": to if to == "now" else int(to), **result}, 200

    return _answer(request, board_id, "GET", work)


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def scene(request: HttpRequest, board_id: str, number: int) -> JsonResponse:
    """The version as an Excalidraw scene, for a read-only preview."""
    def work(board: Board) -> tuple[Any, int]:
        _who(request, board, Capability.READ)
        return history.scene(board, history.get_version(board, number)), 200

    return _answer(request, board_id, "GET", work)
