"""Migration 0004 unlinks the votes already stored for anonymous rounds: names gone, token
ids replaced by hashes under a key kept only for a round still open, and vote activity in
the round no longer says which note."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("facilitation", "0003_note_colour_from_schema")]
AFTER = [("facilitation", "0004_anonymous_votes_and_notes")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_anonymous_votes_lose_their_voters() -> None:
    old = _migrate(BEFORE)
    try:
        board = old.get_model("boards", "Board").objects.create(id="b1", title="Old votes")
        rounds = old.get_model("facilitation", "VoteRound").objects
        votes = old.get_model("facilitation", "Vote").objects
        events = old.get_model("facilitation", "ActivityEvent").objects
        start = timezone.now() - timedelta(hours=2)
        rounds.create(board=board, round_id="anon", votes_per_person=2, anonymous=True,
                      started_at=start, revealed_at=start + timedelta(minutes=5))
        rounds.create(board=board, round_id="named", votes_per_person=2, anonymous=False,
                      started_at=start + timedelta(minutes=10))
        rounds.create(board=board, round_id="open", votes_per_person=2, anonymous=True,
                      started_at=start + timedelta(minutes=20))
        for round_id, minute in (("anon", 1), ("named", 11), ("open", 21)):
            votes.create(board=board, round_id=round_id, element_id="n1", token_id="tokA",
                         name="Amahle", at=start + timedelta(minutes=minute))
            events.create(board=board, kind="vote", actor_token_id="tokA",
                          actor_name="Amahle", element_id="n1",
                          at=start + timedelta(minutes=minute))

        new = _migrate(AFTER)
        after = {v.round_id: v for v in new.get_model("facilitation", "Vote").objects.all()}
        assert (after["named"].token_id, after["named"].name) == ("tokA", "Amahle")
        for round_id in ("anon", "open"):
            assert after[round_id].name == "" and len(after[round_id].token_id) == 64
        salts = dict(new.get_model("facilitation", "VoteRound").objects.values_list(
            "round_id", "voter_salt"))
        assert salts["anon"] == "" and salts["named"] == "" and len(salts["open"]) == 64
        kept = new.get_model("facilitation", "ActivityEvent").objects.order_by("at")
        assert [e.element_id for e in kept] == ["", "n1", ""]
        assert {e.actor_name for e in kept} == {"Amahle"}  # participation still counts
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
