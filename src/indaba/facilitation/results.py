"""What a session produced: the top-voted notes, the notes by frame with their votes and
where their authors were (in the room or online), who contributed, and the actions agreed
with their owners. The results page, its PDF and its Markdown read this; the knowledge
harvest can start from it. Nothing here is HTTP.

Votes count only from rounds whose results were revealed (a facilitator who never
revealed a vote did not publish it). Anonymous brainstorm notes carry no author and no
origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from indaba.boards import document
from indaba.facilitation import activity, voting, workshop
from indaba.meetings.models import ActionItem, Attendance, Presence, Session

TOP_NOTES = 10
ORIGIN_LABELS = {Presence.IN_ROOM.value: gettext_noop("in the room"),
                 Presence.ONLINE.value: gettext_noop("online"), "": gettext_noop("not recorded")}
OUTSIDE_FRAMES = gettext_noop("Not in a frame")


@dataclass(frozen=True)
class NoteResult:
    id: str
    text: str
    author: str
    frame: str
    votes: int
    origin: str  # "in_room" | "online" | "" (not recorded, or anonymous)

    @property
    def origin_label(self) -> str:
        return gettext(ORIGIN_LABELS.get(self.origin, ORIGIN_LABELS[""]))


@dataclass(frozen=True)
class FrameResult:
    name: str
    notes: list[NoteResult]

    @property
    def votes(self) -> int:
        return sum(note.votes for note in self.notes)


@dataclass(frozen=True)
class GroupResult:
    """Participation of the people in the room, or online."""

    label: str
    people: int
    contributors: int
    notes: int
    votes: int
    reactions: int


@dataclass(frozen=True)
class SessionResults:
    session: Session
    top: list[NoteResult]
    frames: list[FrameResult]
    groups: list[GroupResult]
    actions: list[ActionItem]
    generated_at: Any = field(default_factory=timezone.now)

    @property
    def note_count(self) -> int:
        return sum(len(frame.notes) for frame in self.frames)

    @property
    def vote_count(self) -> int:
        return sum(frame.votes for frame in self.frames)


def _origins(session: Session) -> dict[str, str]:
    """Board token id → in the room / online, from attendance."""
    return {str(token_id): presence for token_id, presence in Attendance.objects.filter(
        session=session, token__isnull=False).values_list("token_id", "presence")}


def _frames_in_reading_order(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    frames = [e for e in elements if e.get("type") == "frame"]
    return sorted(frames, key=lambda f: (float(f.get("y", 0)), float(f.get("x", 0))))


def _groups(session: Session) -> list[GroupResult]:
    assert session.board is not None
    people = activity.engagement(session.board)["people"]
    groups = []
    for key, label in (("in_room", gettext("In the room")), ("online", gettext("Online"))):
        members = [p for p in people if p["presence"] == key]
        groups.append(GroupResult(
            label=label, people=len(members),
            contributors=sum(1 for p in members if p["contributed"]),
            notes=sum(p["notes"] for p in members), votes=sum(p["votes"] for p in members),
            reactions=sum(p["reactions"] for p in members)))
    return groups


def build(session: Session) -> SessionResults:
    if session.board is None:
        return SessionResults(session, [], [], [], list(session.actions.all()))
    elements, notes = workshop.read(
        session.board, lambda doc: (document.elements(doc), workshop.sticky_notes(doc)))
    frames = _frames_in_reading_order(elements)
    names = {f["id"]: str(f.get("name") or gettext("Untitled frame")) for f in frames}
    votes = voting.revealed_vote_counts(session.board)
    origins = _origins(session)
    by_frame: dict[str, list[NoteResult]] = {f["id"]: [] for f in frames}
    outside: list[NoteResult] = []
    position: dict[str, tuple[float, float]] = {}
    for note_id, note in notes.items():
        frame_id = note["frameId"] if note["frameId"] in names else None
        result = NoteResult(
            id=note_id, text=str(note["text"]).strip(), author=str(note["author"]),
            frame=names[frame_id] if frame_id else "", votes=votes.get(note_id, 0),
            origin=origins.get(str(note["authorId"]), "") if note["authorId"] else "")
        if not result.text and not result.votes:
            continue  # a note nobody wrote on is not a result
        (by_frame[frame_id] if frame_id else outside).append(result)
        position[note_id] = (float(note["y"]), float(note["x"]))

    def order(notes: list[NoteResult]) -> list[NoteResult]:
        return sorted(notes, key=lambda n: (-n.votes, *position[n.id]))

    frame_results = [FrameResult(names[f["id"]], order(by_frame[f["id"]])) for f in frames]
    if outside:
        frame_results.append(FrameResult(gettext(OUTSIDE_FRAMES), order(outside)))
    every = [note for frame in frame_results for note in frame.notes]
    top = sorted((n for n in every if n.votes > 0), key=lambda n: -n.votes)[:TOP_NOTES]
    return SessionResults(session, top, frame_results, _groups(session),
                          list(session.actions.all()))

