"""Facilitation endpoints under /boards/<id>/facilitation/…: JSON in, JSON out.

Authorized like the image upload (the board token as `Authorization: Bearer`, or the
board cookie, or the signed-in account) and checked against one table of
endpoint → method → capability (permissions.py), so a participant cannot start a
timer, reveal a vote or read the engagement panel through this layer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache

from indaba.boards.models import Board
from indaba.common.errors import DomainError
from indaba.common.origin import cookie_or_bearer
from indaba.facilitation import (
    activity,
    attention,
    brainstorm,
    locks,
    reactions,
    timer,
    voting,
    workshop,
)
from indaba.facilitation.errors import BadInput
from indaba.facilitation.permissions import Actor, Capability, actor

Handler = Callable[[Board, Actor, dict[str, Any]], Any]


@dataclass(frozen=True)
class Endpoint:
    method: str
    capability: Capability
    handler: Handler


def _int(data: dict[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadInput(gettext('"%(field)s" must be a whole number') % {"field": key})
    try:
        return int(value)
    except ValueError:
        raise BadInput(gettext('"%(field)s" must be a whole number')
                       % {"field": key}) from None


def _str(data: dict[str, Any], key: str, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise BadInput(gettext('"%(field)s" must be a non-empty string') % {"field": key})
    return value


def _num(data: dict[str, Any], key: str, default: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadInput(gettext('"%(field)s" must be a number') % {"field": key})
    return float(value)


def _state(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    state = workshop.read_state(board)
    if who.capability >= Capability.PARTICIPATE:
        state["myVotes"] = voting.my_votes(board, who)
        state["myNotes"] = brainstorm.my_private_notes(board, who)
    state["you"] = {"id": who.key, "name": who.name,
                    "canFacilitate": who.capability >= Capability.FACILITATE}
    state["serverNow"] = workshop.now_ms()
    return state


def _timer(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    timer.timer(board, _str(data, "action"), _int(data, "seconds"))
    return workshop.read_state(board)["timer"]


def _vote_start(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    round_id = voting.start_vote(
        board, votes_per_person=_int(data, "votesPerPerson", 3),
        anonymous=bool(data.get("anonymous", True)),
        frame_id=_str(data, "frameId", required=False) or None,
        minutes=_int(data, "minutes", 0), by=who.name)
    return {"voteId": round_id}


def _vote_end(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    voting.end_vote(board)
    return {"ok": True}


def _vote_reveal(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return {"ranking": voting.reveal_vote(board, by=who.name)}


def _vote_cast(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return voting.cast_vote(board, who, _str(data, "elementId"))


def _vote_retract(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return voting.retract_vote(board, who, _str(data, "elementId"))


def _vote_mine(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return voting.my_votes(board, who)


def _brainstorm_start(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    round_id = brainstorm.start_brainstorm(
        board, anonymous=bool(data.get("anonymous", False)),
        frame_id=_str(data, "frameId", required=False) or None, by=who.name)
    return {"brainstormId": round_id}


def _brainstorm_reveal(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return {"revealed": brainstorm.reveal_brainstorm(board, by=who.name)}


def _notes_list(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return {"notes": brainstorm.my_private_notes(board, who)}


def _notes_add(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    brainstorm.add_private_note(board, who, _str(data, "text"),
                                _str(data, "color", required=False))
    return {"notes": brainstorm.my_private_notes(board, who)}


def _notes_delete(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    brainstorm.delete_private_note(board, who, _int(data, "id"))
    return {"notes": brainstorm.my_private_notes(board, who)}


def _react(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return {"counts": reactions.react(board, who, _str(data, "emoji"))}


def _lock(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    ids = data.get("elementIds")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise BadInput(gettext('"elementIds" must be a list of element ids'))
    return {"changed": locks.lock(board, ids, bool(data.get("locked", True)), who.name)}


def _summon(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    attention.summon(board, who, _num(data, "x", 0), _num(data, "y", 0), _num(data, "zoom", 1))
    return {"ok": True}


def _follow(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    attention.follow(board, who, bool(data.get("on", True)))
    return {"ok": True}


def _engagement(board: Board, who: Actor, data: dict[str, Any]) -> Any:
    return activity.engagement(board)


F, P, R = Capability.FACILITATE, Capability.PARTICIPATE, Capability.READ
ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("state", "GET"): Endpoint("GET", R, _state),
    ("timer", "POST"): Endpoint("POST", F, _timer),
    ("vote/start", "POST"): Endpoint("POST", F, _vote_start),
    ("vote/end", "POST"): Endpoint("POST", F, _vote_end),
    ("vote/reveal", "POST"): Endpoint("POST", F, _vote_reveal),
    ("vote/cast", "POST"): Endpoint("POST", P, _vote_cast),
    ("vote/retract", "POST"): Endpoint("POST", P, _vote_retract),
    ("vote/mine", "GET"): Endpoint("GET", P, _vote_mine),
    ("brainstorm/start", "POST"): Endpoint("POST", F, _brainstorm_start),
    ("brainstorm/reveal", "POST"): Endpoint("POST", F, _brainstorm_reveal),
    ("brainstorm/notes", "GET"): Endpoint("GET", P, _notes_list),
    ("brainstorm/notes", "POST"): Endpoint("POST", P, _notes_add),
    ("brainstorm/notes/delete", "POST"): Endpoint("POST", P, _notes_delete),
    ("reactions", "POST"): Endpoint("POST", P, _react),
    ("lock", "POST"): Endpoint("POST", F, _lock),
    ("summon", "POST"): Endpoint("POST", F, _summon),
    ("follow", "POST"): Endpoint("POST", F, _follow),
    ("engagement", "GET"): Endpoint("GET", F, _engagement),
}
NEEDS = {F: gettext_lazy("only the session's facilitators can do this"),
         P: gettext_lazy("viewers cannot take part in facilitation tools"), R: ""}


@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def endpoint(request: HttpRequest, board_id: str, name: str) -> JsonResponse:
    board = get_object_or_404(Board, pk=board_id)
    methods = sorted(m for (n, m) in ENDPOINTS if n == name)
    if not methods:
        return JsonResponse({"error": gettext("no facilitation endpoint %(name)r")
                                       % {"name": name}}, status=404)
    spec = ENDPOINTS.get((name, request.method or ""))
    if spec is None:
        response = JsonResponse({"error": gettext("use %(methods)s")
                                 % {"methods": gettext(" or ").join(methods)}}, status=405)
        response["Allow"] = ", ".join(methods)
        return response
    who = actor(request, board)
    if who is None:
        return JsonResponse({"error": gettext("you do not have access to this board")}, status=403)
    if who.capability < spec.capability:
        return JsonResponse({"error": str(NEEDS[spec.capability])}, status=403)
    data: dict[str, Any] = {}
    if request.method == "POST" and request.body:
        try:
            parsed = json.loads(request.body)
        except ValueError:
            return JsonResponse({"error": gettext("send a JSON object")}, status=400)
        if not isinstance(parsed, dict):
            return JsonResponse({"error": gettext("send a JSON object")}, status=400)
        data = parsed
    try:
        result = spec.handler(board, who, data)
    except DomainError as exc:  # the error's type says its status, never its wording
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse(result, safe=False)
