"""Facilitation operations (no HTTP here). Shared state goes into the board document
through `boards.services.change_board`; private notes and unrevealed votes stay in the
database until the facilitator reveals them."""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pycrdt
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from indaba.boards import builders, document, frames, schema
from indaba.boards import services as board_services
from indaba.boards.models import Board
from indaba.facilitation.models import ActivityEvent, EventKind, PrivateNote, Vote, VoteRound
from indaba.facilitation.permissions import Actor
from indaba.sync.policy import new_server_doc

TIMER = "timer"
VOTE = "vote"
FACILITATION = "facilitation"
REACTIONS = "reactions"
LOCKS = "locks"

MAX_TIMER_SECONDS = 4 * 3600
MAX_VOTES_PER_PERSON = 20
REACTION_EMOJI = ("👍", "❤️", "😂", "🎉", "🤔", "👏")
NOTE_COLOR = schema.DEFAULT_COLOUR.background


class FacilitationError(ValueError):
    """A request that cannot be carried out; the message says why (shown to the person)."""


def now_ms() -> int:
    return int(time.time() * 1000)


def _new_round_id() -> str:
    return secrets.token_hex(6)


def _change(board: Board, mutate: Callable[[pycrdt.Doc[Any]], str | None]) -> None:
    """Run `mutate` on the live document; it returns an error text (and changes nothing)
    when the request does not fit the document's current state."""
    outcome: list[str | None] = []

    def run(doc: pycrdt.Doc[Any]) -> None:
        outcome.append(mutate(doc))

    board_services.change_board(board.id, run)
    if outcome and outcome[0]:
        raise FacilitationError(outcome[0])


def _map(doc: pycrdt.Doc[Any], name: str) -> pycrdt.Map[Any]:
    shared: pycrdt.Map[Any] = doc.get(name, type=pycrdt.Map)
    return shared


def _plain(value: Any) -> Any:
    return document._normalize(value)


def read_state(board: Board) -> dict[str, Any]:
    """The workshop maps as stored (tests, the phone page's first paint)."""
    doc = board_document(board.id)
    return {name: _plain(_map(doc, name).to_py()) for name in
            (TIMER, VOTE, FACILITATION, REACTIONS, LOCKS)}


# -- timer ------------------------------------------------------------------------------------

def timer(board: Board, action: str, seconds: int = 0) -> None:
    """start (seconds) | pause | resume | add (seconds) | stop. Everyone's countdown is
    computed from `startedAt` (server clock) and `durationMs`; nothing ticks on the wire."""
    if action in ("start", "add") and not 0 < seconds <= MAX_TIMER_SECONDS:
        raise FacilitationError(f"seconds must be between 1 and {MAX_TIMER_SECONDS}")

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        t = _map(doc, TIMER)
        state = t.get("state", "stopped")
        now = now_ms()
        if action == "start":
            t.update({"state": "running", "startedAt": now, "durationMs": seconds * 1000,
                      "remainingMs": seconds * 1000, "totalMs": seconds * 1000})
        elif action == "pause":
            if state != "running":
                return "the timer is not running"
            left = max(0, int(t["durationMs"]) - (now - int(t["startedAt"])))
            t.update({"state": "paused", "remainingMs": left})
        elif action == "resume":
            if state != "paused":
                return "the timer is not paused"
            t.update({"state": "running", "startedAt": now,
                      "durationMs": int(t["remainingMs"])})
        elif action == "add":
            if state == "running":
                left = max(0, int(t["durationMs"]) - (now - int(t["startedAt"])))
                t.update({"startedAt": now, "durationMs": left + seconds * 1000,
                          "totalMs": int(t.get("totalMs", 0)) + seconds * 1000})
            elif state == "paused":
                t.update({"remainingMs": int(t["remainingMs"]) + seconds * 1000,
                          "totalMs": int(t.get("totalMs", 0)) + seconds * 1000})
            else:
                return "start the timer first"
        elif action == "stop":
            t.update({"state": "stopped", "remainingMs": 0})
        else:
            return f"unknown timer action {action!r}"
        return None

    _change(board, mutate)


# -- dot voting -------------------------------------------------------------------------------

def sticky_notes(doc: pycrdt.Doc[Any]) -> dict[str, dict[str, Any]]:
    """Visible sticky notes in drawing order: rectangle id → {text, frameId, author,
    authorId, x, y, brainstorm}."""
    items = document.elements(doc)
    texts = {e.get("containerId"): e.get("originalText") or e.get("text") or ""
             for e in items if e.get("type") == "text" and e.get("containerId")}
    notes = {}
    for element in items:
        indaba = (element.get("customData") or {}).get("indaba") or {}
        if indaba.get("kind") == "sticky":
            notes[element["id"]] = {"text": texts.get(element["id"], ""),
                                    "frameId": element.get("frameId"),
                                    "author": indaba.get("author", ""),
                                    "authorId": indaba.get("authorId", ""),
                                    "x": element.get("x", 0), "y": element.get("y", 0),
                                    "brainstorm": indaba.get("brainstorm", "")}
    return notes


def start_vote(board: Board, *, votes_per_person: int, anonymous: bool,
               frame_id: str | None = None, minutes: int = 0) -> str:
    if not 1 <= votes_per_person <= MAX_VOTES_PER_PERSON:
        raise FacilitationError(f"votes per person must be between 1 and {MAX_VOTES_PER_PERSON}")
    if not 0 <= minutes <= 240:
        raise FacilitationError("a vote lasts at most 240 minutes")
    round_id = _new_round_id()

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        if frame_id:
            frame_ids = {e["id"] for e in document.elements(doc) if e.get("type") == "frame"}
            if frame_id not in frame_ids:
                return "no such frame on this board"
        v = _map(doc, VOTE)
        if v.get("state") == "open":
            return "a vote is already open: end it first"
        for key in list(v.keys()):
            del v[key]
        now = now_ms()
        v.update({"id": round_id, "state": "open", "frameId": frame_id or None,
                  "votesPerPerson": votes_per_person, "anonymous": anonymous,
                  "startedAt": now, "endsAt": now + minutes * 60_000 if minutes else None})
        return None

    _change(board, mutate)
    VoteRound.objects.create(board=board, round_id=round_id, frame_id=frame_id or "",
                             votes_per_person=votes_per_person, anonymous=anonymous)
    return round_id


def _open_vote(board: Board) -> dict[str, Any]:
    state = read_vote(board)
    if state.get("state") != "open":
        raise FacilitationError("no vote is open")
    ends = state.get("endsAt")
    if ends and now_ms() > int(ends):
        raise FacilitationError("the vote has ended")
    return state


def read_vote(board: Board) -> dict[str, Any]:
    return dict(_plain(_map(board_document(board.id), VOTE).to_py()))


def live_document(board_id: str) -> pycrdt.Doc[Any] | None:
    """A copy of the live document (or None when no engine runs here): reads see what the
    clients see, including changes not yet compacted."""
    copy: list[bytes] = []

    def grab(doc: pycrdt.Doc[Any]) -> None:
        copy.append(doc.get_update())

    from indaba.boards import live

    if not live.change(board_id, grab):
        return None
    doc: pycrdt.Doc[Any] = new_server_doc()
    doc.apply_update(copy[0])
    return doc


def board_document(board_id: str) -> pycrdt.Doc[Any]:
    return live_document(board_id) or board_services.load_board_document(board_id)


def my_votes(board: Board, who: Actor) -> dict[str, Any]:
    state = read_vote(board)
    round_id = state.get("id")
    mine: dict[str, int] = {}
    if round_id:
        for row in Vote.objects.filter(board=board, round_id=round_id, token_id=who.key)\
                .values("element_id").annotate(n=Count("id")):
            mine[row["element_id"]] = row["n"]
    allowed = int(state.get("votesPerPerson") or 0)
    return {"voteId": round_id, "state": state.get("state", "none"), "mine": mine,
            "remaining": max(0, allowed - sum(mine.values()))}


def cast_vote(board: Board, who: Actor, element_id: str) -> dict[str, Any]:
    state = _open_vote(board)
    notes = sticky_notes(board_document(board.id))
    note = notes.get(element_id)
    if note is None:
        raise FacilitationError("votes go on sticky notes")
    if state.get("frameId") and note["frameId"] != state["frameId"]:
        raise FacilitationError("this vote is about the notes in another frame")
    with transaction.atomic():
        used = Vote.objects.select_for_update().filter(
            board=board, round_id=state["id"], token_id=who.key).count()
        if used >= int(state["votesPerPerson"]):
            raise FacilitationError("you have used all your votes")
        Vote.objects.create(board=board, round_id=state["id"], element_id=element_id,
                            token_id=who.key, name=who.name)
        record(board, who, EventKind.VOTE, element_id)
    return my_votes(board, who)


def retract_vote(board: Board, who: Actor, element_id: str) -> dict[str, Any]:
    state = _open_vote(board)
    with transaction.atomic():
        vote = Vote.objects.filter(board=board, round_id=state["id"], token_id=who.key,
                                   element_id=element_id).order_by("-at").first()
        if vote is None:
            raise FacilitationError("you have no vote on this note")
        vote.delete()
        record(board, who, EventKind.UNVOTE, element_id)
    return my_votes(board, who)


def end_vote(board: Board) -> None:
    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        v = _map(doc, VOTE)
        if v.get("state") != "open":
            return "no vote is open"
        v["state"] = "closed"
        return None

    _change(board, mutate)


def reveal_vote(board: Board) -> list[dict[str, Any]]:
    """Close the vote (if open) and publish the counts, on the notes and ranked."""
    state = read_vote(board)
    if state.get("state") not in ("open", "closed"):
        raise FacilitationError("there is no vote to reveal")
    round_id = state["id"]
    counts: dict[str, int] = {}
    voters: dict[str, list[str]] = {}
    for vote in Vote.objects.filter(board=board, round_id=round_id).order_by("at", "pk"):
        counts[vote.element_id] = counts.get(vote.element_id, 0) + 1
        if vote.name not in voters.setdefault(vote.element_id, []):
            voters[vote.element_id].append(vote.name)
    ranking: list[dict[str, Any]] = []

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        v = _map(doc, VOTE)
        if v.get("id") != round_id:
            return "the vote changed meanwhile; try again"
        notes = sticky_notes(doc)
        ranking.extend(
            {"elementId": eid, "count": n, "text": notes.get(eid, {}).get("text", "")}
            for eid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        v.update({"state": "revealed", "results": dict(counts), "ranking": list(ranking),
                  "totalVotes": sum(counts.values()), "revealedAt": now_ms()})
        if not state.get("anonymous"):
            v["voters"] = voters
        return None

    _change(board, mutate)
    VoteRound.objects.filter(board=board, round_id=round_id).update(revealed_at=timezone.now())
    return ranking


def revealed_vote_counts(board: Board) -> dict[str, int]:
    """Votes per note over every round whose results were revealed (never an unrevealed
    one): what a results page may show."""
    rounds = set(VoteRound.objects.filter(board=board, revealed_at__isnull=False)
                 .values_list("round_id", flat=True))
    current = read_vote(board)
    if current.get("state") == "revealed" and current.get("id"):
        rounds.add(str(current["id"]))  # a round revealed before rounds were recorded
    counts: dict[str, int] = {}
    for row in Vote.objects.filter(board=board, round_id__in=rounds).values(
            "element_id").annotate(n=Count("id")):
        counts[row["element_id"]] = row["n"]
    return counts


# -- private brainstorm -----------------------------------------------------------------------

def brainstorm_state(board: Board) -> dict[str, Any]:
    doc = board_document(board.id)
    value = _map(doc, FACILITATION).get("brainstorm")
    return dict(_plain(value)) if isinstance(value, dict) else {"on": False}


def start_brainstorm(board: Board, *, anonymous: bool, frame_id: str | None = None) -> str:
    round_id = _new_round_id()

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        f = _map(doc, FACILITATION)
        current = f.get("brainstorm")
        if isinstance(current, dict) and current.get("on"):
            return "a private brainstorm is already on"
        if frame_id and frame_id not in {e["id"] for e in document.elements(doc)
                                         if e.get("type") == "frame"}:
            return "no such frame on this board"
        f["brainstorm"] = {"on": True, "id": round_id, "anonymous": anonymous,
                           "frameId": frame_id or None, "startedAt": now_ms(), "count": 0}
        return None

    _change(board, mutate)
    return round_id


def add_private_note(board: Board, who: Actor, text: str, color: str = NOTE_COLOR) -> PrivateNote:
    text = text.strip()
    if not text:
        raise FacilitationError("write something first")
    if len(text) > 500:
        raise FacilitationError("a note holds at most 500 characters")
    if not (len(color) == 7 and color.startswith("#")):
        color = NOTE_COLOR
    state = brainstorm_state(board)
    if not state.get("on"):
        raise FacilitationError("no private brainstorm is on")
    note = PrivateNote.objects.create(board=board, round_id=state["id"], token_id=who.key,
                                      name=who.name, user=who.user, text=text, color=color)
    count = PrivateNote.objects.filter(board=board, round_id=state["id"]).count()

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        f = _map(doc, FACILITATION)
        current = f.get("brainstorm")
        if isinstance(current, dict) and current.get("id") == state["id"]:
            f["brainstorm"] = {**current, "count": count}  # how many, never what
        return None

    _change(board, mutate)
    return note


def my_private_notes(board: Board, who: Actor) -> list[dict[str, Any]]:
    state = brainstorm_state(board)
    if not state.get("on"):
        return []
    return [{"id": n.pk, "text": n.text, "color": n.color} for n in PrivateNote.objects.filter(
        board=board, round_id=state["id"], token_id=who.key)]


def delete_private_note(board: Board, who: Actor, note_id: int) -> None:
    deleted, _ = PrivateNote.objects.filter(board=board, token_id=who.key, pk=note_id,
                                            element_id="").delete()
    if not deleted:
        raise FacilitationError("no such note of yours")


@dataclass
class _Layout:
    x: float
    y: float
    columns: int
    frame_id: str | None
    step_x: float = schema.STICKY.width + 2 * schema.STICKY.gap
    step_y: float = schema.STICKY.min_height + 2 * schema.STICKY.gap
    placed: int = field(default=0)

    def next(self) -> tuple[float, float]:
        col, row = self.placed % self.columns, self.placed // self.columns
        self.placed += 1
        return self.x + col * self.step_x, self.y + row * self.step_y


def _layout(doc: pycrdt.Doc[Any], frame_id: str | None) -> _Layout:
    items = document.elements(doc)
    frame = next((e for e in items if e["id"] == frame_id and e.get("type") == "frame"), None)
    if frame is not None:
        inside = [e for e in items if e.get("frameId") == frame_id]
        bottom = max((e["y"] + e.get("height", 0) for e in inside), default=frame["y"] + 40)
        step = schema.STICKY.width + 2 * schema.STICKY.gap
        columns = max(1, int((frame["width"] - 20) // step))
        return _Layout(frame["x"] + 20, max(frame["y"] + 60, bottom + 20), columns, frame_id)
    right = max((e["x"] + e.get("width", 0) for e in items), default=0.0)
    top = min((e["y"] for e in items), default=0.0)
    return _Layout(right + 100, top, 4, None)


def reveal_brainstorm(board: Board) -> int:
    """End the brainstorm: every private note lands on the board in one change."""
    state = brainstorm_state(board)
    if not state.get("on"):
        raise FacilitationError("no private brainstorm is on")
    notes = list(PrivateNote.objects.filter(board=board, round_id=state["id"], element_id=""))
    anonymous = bool(state.get("anonymous"))
    placed: dict[int, str] = {}

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        f = _map(doc, FACILITATION)
        current = f.get("brainstorm")
        if not (isinstance(current, dict) and current.get("id") == state["id"]):
            return "the brainstorm changed meanwhile; try again"
        last = max((e["index"] for e in document.elements(doc, include_deleted=True)
                    if isinstance(e.get("index"), str)), default=None)
        existing = document.elements(doc)
        indices = builders.IndexSequence(after=last)
        layout = _layout(doc, state.get("frameId"))
        new: list[dict[str, Any]] = []
        for note in notes:
            x, y = layout.next()
            frame_id = frames.frame_of(existing, builders.sticky_box(x, y, note.text))
            box, label = builders.sticky_note(
                note.text, x, y, indices, author="Anonymous" if anonymous else note.name,
                color=note.color, frame_id=frame_id)
            if not anonymous:
                box["customData"]["indaba"]["authorId"] = note.token_id
            box["customData"]["indaba"]["brainstorm"] = state["id"]
            placed[note.pk] = box["id"]
            new += [box, label]
        emap = _map(doc, document.ELEMENTS)
        for element in new:  # inside the caller's transaction (one update for everyone)
            emap[element["id"]] = element
        f["brainstorm"] = {**current, "on": False, "revealedAt": now_ms(),
                           "count": len(notes)}
        return None

    _change(board, mutate)
    with transaction.atomic():
        for note in notes:
            PrivateNote.objects.filter(pk=note.pk).update(element_id=placed[note.pk])
            event = ActivityEvent(board=board, kind=EventKind.NOTE, actor_token_id=note.token_id,
                                  actor_name=note.name, user=note.user,
                                  element_id=placed[note.pk])
            # A savepoint of its own: a duplicate must not break the rest.
            with contextlib.suppress(IntegrityError), transaction.atomic():
                event.save()
    return len(notes)


# -- reactions --------------------------------------------------------------------------------

def react(board: Board, who: Actor, emoji: str) -> dict[str, int]:
    if emoji not in REACTION_EMOJI:
        raise FacilitationError("react with one of " + " ".join(REACTION_EMOJI))
    record(board, who, EventKind.REACTION, detail=emoji)
    counts: dict[str, int] = {}

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        r = _map(doc, REACTIONS)
        current = _plain(r.get("counts")) if isinstance(r.get("counts"), dict) else {}
        current[emoji] = int(current.get(emoji, 0)) + 1
        counts.update(current)
        r["counts"] = current
        r["last"] = {"emoji": emoji, "name": who.name, "at": now_ms(),
                     "nonce": secrets.token_hex(4)}
        return None

    _change(board, mutate)
    return counts


# -- locks, follow, summon --------------------------------------------------------------------

def lock(board: Board, element_ids: list[str], locked: bool, by: str = "") -> list[str]:
    """Lock (or unlock) frames and headings: `locked` on the element (Excalidraw will not
    move it) and its id in `locks` (the page refuses a participant's move of it)."""
    changed: list[str] = []

    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        emap = _map(doc, document.ELEMENTS)
        locks = _map(doc, LOCKS)
        for element_id in element_ids:
            value = emap.get(element_id)
            if not isinstance(value, dict):
                continue
            element = _plain(value)
            if element.get("type") not in ("frame", "text", "rectangle"):
                continue
            element["locked"] = locked
            element["version"] = int(element.get("version", 1)) + 1
            element["versionNonce"] = secrets.randbelow(2**31 - 1) + 1
            element["updated"] = now_ms()
            emap[element_id] = element
            if locked:
                locks[element_id] = {"x": element.get("x"), "y": element.get("y"),
                                     "at": now_ms(), "by": by}
            elif element_id in locks:
                del locks[element_id]
            changed.append(element_id)
        if not changed:
            return "none of those elements can be locked (frames, headings and shapes can)"
        return None

    _change(board, mutate)
    return changed


def summon(board: Board, who: Actor, x: float, y: float, zoom: float) -> None:
    """Bring everyone here, once: a nonce every page acts on one time."""
    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        _map(doc, FACILITATION)["summon"] = {"x": x, "y": y, "zoom": zoom, "by": who.name,
                                             "nonce": secrets.token_hex(6), "at": now_ms()}
        return None

    _change(board, mutate)


def follow(board: Board, who: Actor, on: bool) -> None:
    """Follow me: pages follow the leader's published viewport (awareness) until stepped out."""
    def mutate(doc: pycrdt.Doc[Any]) -> str | None:
        _map(doc, FACILITATION)["follow"] = {"on": on, "leaderId": who.key,
                                             "leaderName": who.name, "at": now_ms()}
        return None

    _change(board, mutate)


# -- activity and engagement ------------------------------------------------------------------

def record(board: Board, who: Actor, kind: str, element_id: str = "",
           detail: str = "") -> None:
    ActivityEvent.objects.create(board=board, kind=kind, actor_token_id=who.key,
                                 actor_name=who.name, user=who.user, element_id=element_id,
                                 detail=detail)


def record_canvas_notes(board: Board) -> int:
    """Notes written on the canvas carry `customData.indaba.authorId`: record each once."""
    from indaba.boards.models import BoardAccessToken

    notes = sticky_notes(board_document(board.id))
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
    from indaba.meetings.models import Attendance

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
