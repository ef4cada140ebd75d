"""Knowledge tests: the session's board lives in memory (no sync engine, no store) with
two frames, notes by a guest in the room and one online, and a revealed vote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pycrdt
import pytest
from django.core import mail  # noqa: F401  (locmem in tests)

from indaba.boards import builders, document
from indaba.boards.models import Board
from indaba.facilitation import voting
from indaba.facilitation.permissions import Actor, Capability
from indaba.meetings import services
from tests.communities.helpers import World, fast_hashing, make_world, no_board_store
from tests.facilitation.conftest import docs

__all__ = ["docs", "fast_hashing", "no_board_store"]

HOSTILE = "<script>alert('x')</script> **bold** [link](http://evil) & co"


@dataclass
class Harvestable:
    world: World
    board: Board
    ids: dict[str, str]
    guest_token: str


def _actor(result: services.JoinResult) -> Actor:
    grant = result.attendance.token
    assert grant is not None
    return Actor(Capability.PARTICIPATE, grant.id, grant.name, None)


@pytest.fixture
def hw(db: None, no_board_store: list[Any], docs: dict[str, pycrdt.Doc[Any]]) -> Harvestable:
    world = make_world()
    board = world.session.board
    assert isinstance(board, Board)
    link = services.active_join_link(world.session)
    room = services.join(world.session, presence="in_room", method="code",
                         guest_name="Amahle", link=link)
    online = services.join(world.session, presence="online", method="code",
                           guest_name="Sipho", link=link)
    indices = builders.IndexSequence()
    worked = builders.frame("What worked", 0, 0, 440, 620, indices)
    improve = builders.frame("What to improve", 480, 0, 440, 620, indices)
    room_note = builders.sticky_note(HOSTILE, 20, 60, indices, author="Amahle",
                                     frame_id=worked["id"])
    online_note = builders.sticky_note("Room microphone for questions", 500, 60, indices,
                                       author="Sipho", frame_id=improve["id"])
    gone = builders.sticky_note("Deleted idea", 1000, 60, indices, author="Lead")
    gone[0]["isDeleted"] = True
    room_note[0]["customData"]["indaba"]["authorId"] = room.attendance.token_id
    online_note[0]["customData"]["indaba"]["authorId"] = online.attendance.token_id
    doc = docs.setdefault(board.id, pycrdt.Doc())
    document.write_elements(doc, [worked, improve, *room_note, *online_note, *gone])
    ids = {"worked": worked["id"], "improve": improve["id"], "room": room_note[0]["id"],
           "online": online_note[0]["id"], "gone": gone[0]["id"],
           "room_text": room_note[1]["id"]}
    voting.start_vote(board, votes_per_person=3, anonymous=True)
    voting.cast_vote(board, _actor(room), ids["online"])
    voting.cast_vote(board, _actor(online), ids["online"])
    voting.cast_vote(board, _actor(online), ids["room"])
    voting.reveal_vote(board)
    return Harvestable(world, board, ids, room.token)
