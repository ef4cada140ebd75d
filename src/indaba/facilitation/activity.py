"""What each person did on a board (notes, votes, reactions) and the engagement panel built
from it, split in the room / online by the session's attendance."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from indaba.boards.models import Board, BoardAccessToken
from indaba.facilitation import workshop
from indaba.facilitation.models import ActivityEvent, EventKind
from indaba.facilitation.permissions import Actor
from indaba.meetings.models import Attendance


def record(board: Board, who: Actor, kind: str, element_id: str = "",
           detail: str = "") -> None:
    ActivityEvent.objects.create(board=board, kind=kind, actor_token_id=who.key,
                                 actor_name=who.name, user=who.user, element_id=element_id,
                                 detail=detail)


def record_canvas_notes(board: Board) -> int:
    """Notes written on the canvas carry `customData.indaba.authorId`: record each once."""
    notes = workshop.read(board, workshop.sticky_notes)
    known = set(ActivityEvent.objects.filter(board=board, kind=EventKind.NOTE)
                .values_list("element_id", flat=True))
    fresh = {eid: n for eid, n in notes.items() if eid not in known and n["authorId"]}
    tokens = {t.id: t for t in BoardAccessToken.objects.filter(
        board=board, id__in={n["authorId"] for n in fresh.values()})}
    added = 0
    for element_id, note in fresh.items():
        token = tokens.get(note["authorId"])
        if token is None:
            continue  # an author id this board never issued is not counted
        with contextlib.suppress(IntegrityError), transaction.atomic():
            ActivityEvent.objects.create(
                board=board, kind=EventKind.NOTE, actor_token_id=token.id,
                actor_name=token.name, user=token.user, element_id=element_id)
            added += 1
    return added


def engagement(board: Board) -> dict[str, Any]:
    """Per participant: notes, votes, reactions, last activity; split in the room / online."""
    record_canvas_notes(board)
    rows: dict[str, dict[str, Any]] = {}
    session = getattr(board, "session", None)
    if session is not None:
        for a in Attendance.objects.filter(session=session).exclude(token=None).order_by(
                "joined_at"):
            rows[str(a.token_id)] = {"id": a.token_id, "name": a.name,
                                     "presence": a.presence, "notes": 0, "votes": 0,
                                     "reactions": 0, "lastActivity": None}
    tally = ActivityEvent.objects.filter(board=board).values("actor_token_id", "kind")\
        .annotate(n=Count("id"), last=Max("at"), name=Max("actor_name"))
    for row in tally:
        key = row["actor_token_id"]
        entry = rows.setdefault(key, {"id": key, "name": row["name"], "presence": "",
                                      "notes": 0, "votes": 0, "reactions": 0,
                                      "lastActivity": None})
        if row["kind"] == EventKind.NOTE:
            entry["notes"] += row["n"]
        elif row["kind"] == EventKind.VOTE:
            entry["votes"] += row["n"]
        elif row["kind"] == EventKind.UNVOTE:
            entry["votes"] -= row["n"]
        elif row["kind"] == EventKind.REACTION:
            entry["reactions"] += row["n"]
        last = row["last"]
        if entry["lastActivity"] is None or last > entry["lastActivity"]:
            entry["lastActivity"] = last
    people = []
    for entry in rows.values():
        entry["contributed"] = bool(entry["notes"] or entry["votes"] or entry["reactions"])
        if entry["lastActivity"] is not None:
            entry["lastActivity"] = entry["lastActivity"].isoformat()
        people.append(entry)
    groups = {}
    for presence in ("in_room", "online", ""):
        members = [p for p in people if p["presence"] == presence]
        groups[presence or "other"] = {
            "people": len(members),
            "notes": sum(p["notes"] for p in members),
            "votes": sum(p["votes"] for p in members),
            "reactions": sum(p["reactions"] for p in members),
            "silent": [p["name"] for p in members if not p["contributed"]],
        }
    return {"people": people, "groups": groups, "at": timezone.now().isoformat()}
