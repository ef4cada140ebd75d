"""Bringing people's attention together: summon everyone to a place once, or have them
follow the facilitator's viewport (the `facilitation` map)."""

from __future__ import annotations

import secrets
from typing import Any

import pycrdt

from indaba.boards import schema
from indaba.boards.models import Board
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.permissions import Actor


def summon(board: Board, who: Actor, x: float, y: float, zoom: float) -> None:
    """Bring everyone here, once: a nonce every page acts on one time."""
    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        workshop.shared_map(doc, schema.FACILITATION)["summon"] = {
            "x": x, "y": y, "zoom": zoom, "by": who.name, "nonce": secrets.token_hex(6),
            "at": workshop.now_ms()}
        return None

    workshop.change(board, mutate)


def follow(board: Board, who: Actor, on: bool) -> None:
    """Follow me: pages follow the leader's published viewport (awareness) until stepped out."""
    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        workshop.shared_map(doc, schema.FACILITATION)["follow"] = {
            "on": on, "leaderId": who.key, "leaderName": who.name, "at": workshop.now_ms()}
        return None

    workshop.change(board, mutate)
