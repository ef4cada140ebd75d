"""Board tokens for a vote in the workshop load: one facilitator and one per voter.

    INDABA_DATA_DIR=... python bench/fanout/vote_tokens.py BOARD_ID VOTERS

Run with the environment of the `indaba serve` under test (bench/fanout/run.py keeps it).
The facilitator is an account that created the board (facilitation/permissions.py: on a
board outside sessions its creator facilitates); each voter gets an editor token of its
own, because a person's votes are counted per token. Prints one JSON object.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    board_id, voters = sys.argv[1], int(sys.argv[2])
    from indaba.cli import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from indaba.boards import tokens
    from indaba.boards.models import Board

    board = Board.objects.get(pk=board_id)
    facilitator = get_user_model().objects.create_user("bench-facilitator")
    board.created_by = facilitator
    board.save(update_fields=["created_by"])
    hour = 3600
    lead, _ = tokens.issue_token(board, "editor", "Facilitator", hour, user_id=facilitator.pk)
    people = [tokens.issue_token(board, "editor", f"Voter {i}", hour)[0] for i in range(voters)]
    print(json.dumps({"facilitator": lead, "voters": people}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
