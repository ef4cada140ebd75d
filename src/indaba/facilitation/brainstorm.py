"""The private brainstorm: everyone writes notes only they see (kept in the database),
the board shows only how many; the reveal puts them all on the board in one change."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import pycrdt
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from indaba.boards import builders, document, frames, history, schema
from indaba.boards.models import Board, VersionReason
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.errors import BadInput, NotNow, NotYours
from indaba.facilitation.models import ActivityEvent, EventKind, PrivateNote
from indaba.facilitation.permissions import Actor

MAX_NOTE_CHARACTERS = 500
PALETTE_BACKGROUNDS = frozenset(c.background for c in schema.PALETTE)


def brainstorm_state(board: Board) -> dict[str, Any]:
    value = workshop.read(board, lambda doc: workshop.plain(
        workshop.shared_map(doc, schema.FACILITATION).get("brainstorm")))
    return dict(value) if isinstance(value, dict) else {"on": False}


def start_brainstorm(board: Board, *, anonymous: bool, frame_id: str | None = None,
                     by: str = "system") -> str:
    round_id = workshop.new_round_id()

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        f = workshop.shared_map(doc, schema.FACILITATION)
        current = f.get("brainstorm")
        if isinstance(current, dict) and current.get("on"):
            return NotNow(gettext("a private brainstorm is already on"))
        if frame_id and frame_id not in workshop.frame_ids(doc):
            return NotYours(gettext("no such frame on this board"))
        f["brainstorm"] = {"on": True, "id": round_id, "anonymous": anonymous,
                           "frameId": frame_id or None, "startedAt": workshop.now_ms(),
                           "count": 0}
        return None

    workshop.change(board, mutate)
    history.automatic_version(board, VersionReason.BRAINSTORM_START,
                              f"brainstorm:{round_id}:start", by)
    return round_id


def note_colour(requested: str) -> str:
    """A palette colour's background (by id or value); anything else is the default."""
    fill = schema.colour_fill(requested) if requested else ""
    return fill if fill in PALETTE_BACKGROUNDS else schema.DEFAULT_COLOUR.background


def add_private_note(board: Board, who: Actor, text: str, color: str = "") -> PrivateNote:
    text = text.strip()
    if not text:
        raise BadInput(gettext("write something first"))
    if len(text) > MAX_NOTE_CHARACTERS:
        raise BadInput(gettext("a note holds at most %(most)d characters")
                       % {"most": MAX_NOTE_CHARACTERS})
    state = brainstorm_state(board)
    if not state.get("on"):
        raise NotNow(gettext("no private brainstorm is on"))
    note = PrivateNote.objects.create(board=board, round_id=state["id"], token_id=who.key,
                                      name=who.name, user=who.user, text=text,
                                      color=note_colour(color))
    count = PrivateNote.objects.filter(board=board, round_id=state["id"]).count()

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        f = workshop.shared_map(doc, schema.FACILITATION)
        current = f.get("brainstorm")
        if isinstance(current, dict) and current.get("id") == state["id"]:
            f["brainstorm"] = {**current, "count": count}  # how many, never what
        return None

    workshop.change(board, mutate)
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
        raise NotYours(gettext("no such note of yours"))


@dataclass
class _Layout:
    """Where revealed notes go: rows in the brainstorm's frame, or right of the board."""

    x: float
    y: float
    columns: int
    step_x: float = schema.STICKY.width + 2 * schema.STICKY.gap
    step_y: float = schema.STICKY.min_height + 2 * schema.STICKY.gap
    placed: int = field(default=0)

    def next(self) -> tuple[float, float]:
        col, row = self.placed % self.columns, self.placed // self.columns
        self.placed += 1
        return self.x + col * self.step_x, self.y + row * self.step_y


def _layout(items: list[dict[str, Any]], frame_id: str | None) -> _Layout:
    frame = next((e for e in items if e["id"] == frame_id and e.get("type") == "frame"), None)
    step = schema.STICKY.width + 2 * schema.STICKY.gap
    if frame is not None:
        inside = [e for e in items if e.get("frameId") == frame_id]
        bottom = max((e["y"] + e.get("height", 0) for e in inside), default=frame["y"] + 40)
        columns = max(1, int((frame["width"] - 20) // step))
        return _Layout(frame["x"] + 20, max(frame["y"] + 60, bottom + 20), columns)
    right = max((e["x"] + e.get("width", 0) for e in items), default=0.0)
    top = min((e["y"] for e in items), default=0.0)
    return _Layout(right + 100, top, 4)


def reveal_brainstorm(board: Board, by: str = "system") -> int:
    """End the brainstorm: every private note lands on the board in one change."""
    state = brainstorm_state(board)
    if not state.get("on"):
        raise NotNow(gettext("no private brainstorm is on"))
    notes = list(PrivateNote.objects.filter(board=board, round_id=state["id"], element_id=""))
    anonymous = bool(state.get("anonymous"))
    placed: dict[int, str] = {}

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        f = workshop.shared_map(doc, schema.FACILITATION)
        current = f.get("brainstorm")
        if not (isinstance(current, dict) and current.get("id") == state["id"]):
            return NotNow(gettext("the brainstorm changed meanwhile; try again"))
        every = document.elements(doc, include_deleted=True)
        last = max((e["index"] for e in every if isinstance(e.get("index"), str)),
                   default=None)
        existing = [e for e in every if not e.get("isDeleted")]
        indices = builders.IndexSequence(after=last)
        layout = _layout(existing, state.get("frameId"))
        new: list[dict[str, Any]] = []
        for note in notes:
            x, y = layout.next()
            frame_id = frames.frame_of(existing, builders.sticky_box(x, y, note.text))
            box, label = builders.sticky_note(
                note.text, x, y, indices, author="Anonymous" if anonymous else note.name,
                author_id="" if anonymous else note.token_id, color=note.color,
                frame_id=frame_id)
            box["customData"]["indaba"]["brainstorm"] = state["id"]
            placed[note.pk] = box["id"]
            new += [box, label]
        emap = workshop.shared_map(doc, schema.ELEMENTS)
        for element in new:  # inside the caller's transaction (one update for everyone)
            emap[element["id"]] = element
        f["brainstorm"] = {**current, "on": False, "revealedAt": workshop.now_ms(),
                           "count": len(notes)}
        return None

    workshop.change(board, mutate)
    with transaction.atomic():
        for note in notes:
            if anonymous:
                # Revealed anonymously: the note keeps no author, and the author's activity
                # event counts a note without saying which one.
                PrivateNote.objects.filter(pk=note.pk).update(
                    element_id=placed[note.pk], token_id="", name="", user=None)
            else:
                PrivateNote.objects.filter(pk=note.pk).update(element_id=placed[note.pk])
            event = ActivityEvent(board=board, kind=EventKind.NOTE, actor_token_id=note.token_id,
                                  actor_name=note.name, user=note.user,
                                  element_id="" if anonymous else placed[note.pk])
            # A savepoint of its own: a duplicate must not break the rest.
            with contextlib.suppress(IntegrityError), transaction.atomic():
                event.save()
    history.automatic_version(board, VersionReason.BRAINSTORM_END,
                              f"brainstorm:{state['id']}:end", by)
    return len(notes)
