"""Harvesting: board notes and frames become a draft knowledge item with its provenance
(board, session, element ids, their text as harvested, revealed votes, and whether each
author was in the room or online). The board is read with `read_board` (no copy); the
server-only `harvest` map of the board document then records element id → {itemId, at}
so that pages can show what was harvested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pycrdt
from django.db import transaction
from django.utils.translation import gettext

from indaba.accounts.people import display_name
from indaba.audit import services as audit
from indaba.boards import schema
from indaba.boards.models import Board
from indaba.common.errors import Conflict, Forbidden, Invalid, NotFound
from indaba.facilitation import voting, workshop
from indaba.knowledge.models import (
    TITLE_MAX,
    Kind,
    KnowledgeItem,
    Provenance,
    State,
    Transition,
    clean_text,
)
from indaba.knowledge.permissions import Action, can_in
from indaba.meetings.models import Attendance, Session

MAX_ELEMENTS = 200


@dataclass(frozen=True)
class Harvester:
    """Who harvests: an account, or a guest (no account) holding an editor token."""

    user: Any
    name: str


@dataclass(frozen=True)
class Picked:
    id: str
    type: str  # "note" | "frame"
    text: str
    frame_id: str | None
    author: str
    author_id: str


def _element_ids(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(i, str) and i for i in raw):
        raise Invalid(gettext("element ids must be a list of non-empty strings"))
    ids = list(dict.fromkeys(i.strip() for i in raw if i.strip()))
    if not ids:
        raise Invalid(gettext("choose at least one note or frame to harvest"))
    if len(ids) > MAX_ELEMENTS:
        raise Invalid(gettext("harvest at most %(most)d elements at once")
                      % {"most": MAX_ELEMENTS})
    if any(len(i) > 64 for i in ids):
        raise Invalid(gettext("an element id is at most 64 characters"))
    return ids


def _read(doc: pycrdt.Doc[Any], ids: list[str]) -> tuple[list[Picked | str],
                                                            dict[str, str],
                                                            dict[str, dict[str, Any]]]:
    """Each requested id as a note or frame (or the reason it cannot be harvested), frame
    names, and every live note (for a frame's contents)."""
    emap = workshop.shared_map(doc, schema.ELEMENTS)
    notes = workshop.sticky_notes(doc)
    frame_names: dict[str, str] = {}
    picked: list[Picked | str] = []
    for element_id in ids:
        value = emap.get(element_id)
        if not isinstance(value, dict):
            picked.append(f"missing:{element_id}")
            continue
        if value.get("isDeleted"):
            picked.append(f"deleted:{element_id}")
            continue
        kind = value.get("type")
        if kind == "text" and value.get("containerId") in notes:
            element_id = str(value["containerId"])  # the text inside a note: the note
            kind = "note"
        if kind == "frame":
            frame_names[element_id] = str(value.get("name") or "Untitled frame")
            picked.append(Picked(element_id, "frame", frame_names[element_id], None, "", ""))
        elif element_id in notes:
            note = notes[element_id]
            picked.append(Picked(element_id, "note", str(note["text"]).strip(),
                                 note["frameId"], str(note["author"]), str(note["authorId"])))
        else:
            picked.append(f"kind:{element_id}")
    for value in emap.values():
        if isinstance(value, dict) and value.get("type") == "frame" \
                and not value.get("isDeleted"):
            frame_names.setdefault(str(value["id"]), str(value.get("name") or "Untitled frame"))
    return picked, frame_names, notes


def harvest(board: Board, element_ids: Any, by: Harvester | Any, title: str | None = None,
            kind: str = Kind.LESSON) -> KnowledgeItem:
    """A draft item from notes and frames of a session's board (a frame brings its notes
    as evidence). Deleted elements, elements not on this board and elements that are
    neither notes nor frames are refused with a typed error naming the element."""
    who = by if isinstance(by, Harvester) else Harvester(
        by, display_name(by) if by is not None else "")
    ids = _element_ids(element_ids)
    if kind not in Kind.values:
        raise Invalid(gettext("kind must be one of %(kinds)s")
                      % {"kinds": ", ".join(Kind.values)})
    if title is not None and not isinstance(title, str):
        raise Invalid(gettext("the title must be text"))
    session = Session.objects.filter(board_id=board.pk).select_related("community").first()
    if session is None:
        raise Conflict(gettext(
            "only a session's board can be harvested (it names the community)"))
    if who.user is not None and not can_in(who.user, Action.CREATE, session.community_id):
        raise Forbidden(gettext("you may not add knowledge to this community"))
    picked, frame_names, notes = workshop.read(board, lambda doc: _read(doc, ids))
    for entry in picked:
        if isinstance(entry, str):
            why, element_id = entry.split(":", 1)
            if why == "missing":
                raise NotFound(gettext("element %(id)s is not on this board")
                               % {"id": element_id})
            if why == "deleted":
                raise Conflict(gettext("element %(id)s was deleted from the board")
                               % {"id": element_id})
            raise Invalid(gettext("element %(id)s is neither a note nor a frame")
                          % {"id": element_id})
    chosen = [p for p in picked if isinstance(p, Picked)]
    evidence: list[Picked] = []
    seen: set[str] = set()
    for entry in chosen:
        if entry.type == "frame":
            if entry.id not in seen:
                evidence.append(entry)
                seen.add(entry.id)
            for note_id, note in notes.items():
                if note["frameId"] == entry.id and note_id not in seen \
                        and str(note["text"]).strip():
                    evidence.append(Picked(note_id, "note", str(note["text"]).strip(),
                                           entry.id, str(note["author"]),
                                           str(note["authorId"])))
                    seen.add(note_id)
        elif entry.id not in seen:
            evidence.append(entry)
            seen.add(entry.id)
    votes = voting.revealed_vote_counts(board)
    origins = {str(token_id): presence for token_id, presence in Attendance.objects.filter(
        session=session, token__isnull=False).values_list("token_id", "presence")}
    note_evidence = [e for e in evidence if e.type == "note"]
    frames = [e for e in chosen if e.type == "frame"]
    given = clean_text(title or "")
    if not given:
        first = frames[0].text if frames else (note_evidence[0].text if note_evidence else "")
        given = clean_text(" ".join(first.split())) or gettext("Harvested from the board")
    if len(given) > TITLE_MAX:
        if title:
            raise Invalid(gettext("the title is at most %(most)d characters")
                              % {"most": TITLE_MAX})
        given = given[:TITLE_MAX - 1] + "…"
    summary = "\n".join(f"- {' '.join(n.text.split())}" for n in note_evidence)[:4000]
    with transaction.atomic():
        item = KnowledgeItem.objects.create(
            community=session.community, kind=kind, title=given, summary=summary,
            # A draft's first text is written in the harvester's language, as a new board is
            # in its creator's (meetings.board_templates); it is the item's text from then on.
            sources=gettext("Harvested from the session “%(title)s”.") % {"title": session.title},
            created_by=who.user, created_by_name=who.name[:120],
            owner=who.user, board=board, session=session)
        Provenance.objects.bulk_create([Provenance(
            item=item, element_id=e.id, element_type=e.type,
            frame=frame_names.get(e.frame_id or "", "") if e.type == "note" else e.text,
            text=e.text, votes=votes.get(e.id, 0) if e.type == "note" else sum(
                votes.get(n.id, 0) for n in note_evidence if n.frame_id == e.id),
            author=e.author[:120],
            origin=origins.get(e.author_id, "") if e.author_id else "") for e in evidence])
        item.save()  # the provenance text joins the searchable text
        Transition.objects.create(item=item, by=who.user, by_name=who.name[:120],
                                  from_state="", to_state=State.DRAFT)
        audit.record("knowledge.harvested", obj=("knowledge_item", item.pk),
                     subjects=[f"user:{who.user.pk}"] if who.user is not None else [],
                     payload={"board": board.id, "session": session.pk,
                              "elements": [e.id for e in evidence], "by": who.name[:120],
                              "title": item.title})
    at = workshop.now_ms()
    marks = {e.id: {"itemId": item.pk, "at": at} for e in evidence}

    def mark(doc: pycrdt.Doc[Any]) -> None:
        harvested = workshop.shared_map(doc, schema.HARVEST)
        for element_id, entry in marks.items():
            harvested[element_id] = entry

    workshop.change(board, lambda doc: mark(doc))
    return item


def harvested(board: Board) -> dict[str, dict[str, Any]]:
    """The board's `harvest` map: element id → {itemId, at}."""
    return workshop.read_map(board, schema.HARVEST)
