"""Dot voting: the round's settings and, once revealed, its counts live in the `vote` map;
the votes themselves stay in the database until the facilitator reveals them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import pycrdt
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from indaba.boards import history, schema
from indaba.boards.models import Board, VersionReason
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.activity import record
from indaba.facilitation.errors import BadInput, NotNow, NotYours, UsedUp
from indaba.facilitation.models import EventKind, Vote, VoteRound
from indaba.facilitation.permissions import Actor

MAX_VOTES_PER_PERSON = 20
MAX_VOTE_MINUTES = 240


def read_vote(board: Board) -> dict[str, Any]:
    return workshop.read_map(board, schema.VOTE)


def start_vote(board: Board, *, votes_per_person: int, anonymous: bool,
               frame_id: str | None = None, minutes: int = 0, by: str = "system") -> str:
    if not 1 <= votes_per_person <= MAX_VOTES_PER_PERSON:
        raise BadInput(gettext("votes per person must be between 1 and %(most)d")
                       % {"most": MAX_VOTES_PER_PERSON})
    if not 0 <= minutes <= MAX_VOTE_MINUTES:
        raise BadInput(gettext("a vote lasts at most %(most)d minutes")
                       % {"most": MAX_VOTE_MINUTES})
    round_id = workshop.new_round_id()

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        if frame_id and frame_id not in workshop.frame_ids(doc):
            return NotYours(gettext("no such frame on this board"))
        v = workshop.shared_map(doc, schema.VOTE)
        if v.get("state") == "open":
            return NotNow(gettext("a vote is already open: end it first"))
        for key in list(v.keys()):
            del v[key]
        now = workshop.now_ms()
        v.update({"id": round_id, "state": "open", "frameId": frame_id or None,
                  "votesPerPerson": votes_per_person, "anonymous": anonymous,
                  "startedAt": now, "endsAt": now + minutes * 60_000 if minutes else None})
        return None

    workshop.change(board, mutate)
    # An earlier round that was never revealed takes no more votes: its key goes too.
    VoteRound.objects.filter(board=board).exclude(voter_salt="").update(voter_salt="")
    VoteRound.objects.create(board=board, round_id=round_id, frame_id=frame_id or "",
                             votes_per_person=votes_per_person, anonymous=anonymous,
                             voter_salt=secrets.token_hex(32) if anonymous else "")
    history.automatic_version(board, VersionReason.VOTE_START, f"vote:{round_id}:start", by)
    return round_id


def _check_open(state: dict[str, Any]) -> None:
    if state.get("state") != "open":
        raise NotNow(gettext("no vote is open"))
    ends = state.get("endsAt")
    if ends and workshop.now_ms() > int(ends):
        raise NotNow(gettext("the vote has ended"))


def voter_key(board: Board, round_id: str, who: Actor) -> str | None:
    """Who a vote belongs to in the `Vote` table: the token id, or in an anonymous round
    HMAC-SHA256(the round's random key, token id). None once an anonymous round's key is
    gone (revealed or replaced): then nobody, not even this person, can find their votes."""
    row = VoteRound.objects.filter(board=board, round_id=round_id).values(
        "anonymous", "voter_salt").first()
    if row is None or not row["anonymous"]:
        # Rounds started before rounds were recorded keep the token id, as they did.
        return who.key
    if not row["voter_salt"]:
        return None
    return hmac.new(bytes.fromhex(row["voter_salt"]), who.key.encode(),
                    hashlib.sha256).hexdigest()


def _anonymous(board: Board, round_id: str) -> bool:
    return VoteRound.objects.filter(board=board, round_id=round_id, anonymous=True).exists()


def _mine(board: Board, who: Actor, state: dict[str, Any]) -> dict[str, Any]:
    round_id = state.get("id")
    mine: dict[str, int] = {}
    key = voter_key(board, str(round_id), who) if round_id else None
    if round_id and key is not None:
        for row in Vote.objects.filter(board=board, round_id=round_id, token_id=key)\
                .values("element_id").annotate(n=Count("id")):
            mine[row["element_id"]] = row["n"]
    allowed = int(state.get("votesPerPerson") or 0)
    return {"voteId": round_id, "state": state.get("state", "none"), "mine": mine,
            "remaining": max(0, allowed - sum(mine.values()))}


def my_votes(board: Board, who: Actor) -> dict[str, Any]:
    return _mine(board, who, read_vote(board))


def cast_vote(board: Board, who: Actor, element_id: str) -> dict[str, Any]:
    # One read of the live document, without a copy: the round and the one note voted on.
    state, note = workshop.read(board, lambda doc: (
        dict(workshop.plain(workshop.shared_map(doc, schema.VOTE).to_py())),
        workshop.sticky_note(doc, element_id)))
    _check_open(state)
    if note is None:
        raise BadInput(gettext("votes go on sticky notes"))
    if state.get("frameId") and note["frameId"] != state["frameId"]:
        raise BadInput(gettext("this vote is about the notes in another frame"))
    anonymous = _anonymous(board, state["id"])
    key = voter_key(board, state["id"], who)
    if key is None:
        raise NotNow(gettext("the vote has ended"))
    with transaction.atomic():
        used = Vote.objects.select_for_update().filter(
            board=board, round_id=state["id"], token_id=key).count()
        if used >= int(state["votesPerPerson"]):
            raise UsedUp(gettext("you have used all your votes"))
        Vote.objects.create(board=board, round_id=state["id"], element_id=element_id,
                            token_id=key, name="" if anonymous else who.name)
        # Participation counts need "this person voted", never "for what" when anonymous.
        record(board, who, EventKind.VOTE, "" if anonymous else element_id)
    return _mine(board, who, state)


def retract_vote(board: Board, who: Actor, element_id: str) -> dict[str, Any]:
    state = read_vote(board)
    _check_open(state)
    anonymous = _anonymous(board, state["id"])
    key = voter_key(board, state["id"], who)
    with transaction.atomic():
        vote = Vote.objects.filter(board=board, round_id=state["id"], token_id=key or "",
                                   element_id=element_id).order_by("-at").first()
        if vote is None or key is None:
            raise NotYours(gettext("you have no vote on this note"))
        vote.delete()
        record(board, who, EventKind.UNVOTE, "" if anonymous else element_id)
    return _mine(board, who, state)


def end_vote(board: Board) -> None:
    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        v = workshop.shared_map(doc, schema.VOTE)
        if v.get("state") != "open":
            return NotNow(gettext("no vote is open"))
        v["state"] = "closed"
        return None

    workshop.change(board, mutate)


def reveal_vote(board: Board, by: str = "system") -> list[dict[str, Any]]:
    """Close the vote (if open) and publish the counts, on the notes and ranked."""
    state = read_vote(board)
    if state.get("state") not in ("open", "closed"):
        raise NotNow(gettext("there is no vote to reveal"))
    round_id = state["id"]
    counts: dict[str, int] = {}
    voters: dict[str, list[str]] = {}
    for vote in Vote.objects.filter(board=board, round_id=round_id).order_by("at", "pk"):
        counts[vote.element_id] = counts.get(vote.element_id, 0) + 1
        if vote.name not in voters.setdefault(vote.element_id, []):
            voters[vote.element_id].append(vote.name)
    ranking: list[dict[str, Any]] = []

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        v = workshop.shared_map(doc, schema.VOTE)
        if v.get("id") != round_id:
            return NotNow(gettext("the vote changed meanwhile; try again"))
        notes = workshop.sticky_notes(doc)
        ranking.extend(
            {"elementId": eid, "count": n, "text": notes.get(eid, {}).get("text", "")}
            for eid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        v.update({"state": "revealed", "results": dict(counts), "ranking": list(ranking),
                  "totalVotes": sum(counts.values()), "revealedAt": workshop.now_ms()})
        if not state.get("anonymous"):
            v["voters"] = voters
        return None

    workshop.change(board, mutate)
    # Dropping the key makes an anonymous round's voter hashes unlinkable for good.
    VoteRound.objects.filter(board=board, round_id=round_id).update(revealed_at=timezone.now(),
                                                                     voter_salt="")
    history.automatic_version(board, VersionReason.VOTE_REVEAL, f"vote:{round_id}:reveal", by)
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
