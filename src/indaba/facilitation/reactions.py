"""Emoji reactions: counts and the latest one in the `reactions` map (pages animate it)."""

from __future__ import annotations

import secrets
from typing import Any

import pycrdt
from django.utils.translation import gettext

from indaba.boards import schema
from indaba.boards.models import Board
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.activity import record
from indaba.facilitation.errors import BadInput
from indaba.facilitation.models import EventKind
from indaba.facilitation.permissions import Actor

REACTION_EMOJI = ("👍", "❤️", "😂", "🎉", "🤔", "👏")


def react(board: Board, who: Actor, emoji: str) -> dict[str, int]:
    if emoji not in REACTION_EMOJI:
        raise BadInput(gettext("react with one of %(emoji)s")
                       % {"emoji": " ".join(REACTION_EMOJI)})
    record(board, who, EventKind.REACTION, detail=emoji)
    counts: dict[str, int] = {}

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        r = workshop.shared_map(doc, schema.REACTIONS)
        current = workshop.plain(r.get("counts")) if isinstance(r.get("counts"), dict) else {}
        current[emoji] = int(current.get(emoji, 0)) + 1
        counts.update(current)
        r["counts"] = current
        r["last"] = {"emoji": emoji, "name": who.name, "at": workshop.now_ms(),
                     "nonce": secrets.token_hex(4)}
        return None

    workshop.change(board, mutate)
    return counts
