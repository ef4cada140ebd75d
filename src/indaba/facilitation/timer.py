"""The shared timer: everyone's countdown is computed from `startedAt` (server clock) and
`durationMs` in the `timer` map; nothing ticks on the wire."""

from __future__ import annotations

from typing import Any

import pycrdt
from django.utils.translation import gettext

from indaba.boards import schema
from indaba.boards.models import Board
from indaba.common.errors import DomainError
from indaba.facilitation import workshop
from indaba.facilitation.errors import BadInput, NotNow

MAX_TIMER_SECONDS = 4 * 3600
ACTIONS = ("start", "pause", "resume", "add", "stop")


def timer(board: Board, action: str, seconds: int = 0) -> None:
    """start (seconds) | pause | resume | add (seconds) | stop."""
    if action not in ACTIONS:
        raise BadInput(gettext("unknown timer action %(action)r") % {"action": action})
    if action in ("start", "add") and not 0 < seconds <= MAX_TIMER_SECONDS:
        raise BadInput(gettext("seconds must be between 1 and %(most)d")
                       % {"most": MAX_TIMER_SECONDS})

    def mutate(doc: pycrdt.Doc[Any]) -> DomainError | None:
        t = workshop.shared_map(doc, schema.TIMER)
        state = t.get("state", "stopped")
        now = workshop.now_ms()
        if action == "start":
            t.update({"state": "running", "startedAt": now, "durationMs": seconds * 1000,
                      "remainingMs": seconds * 1000, "totalMs": seconds * 1000})
        elif action == "pause":
            if state != "running":
                return NotNow(gettext("the timer is not running"))
            left = max(0, int(t["durationMs"]) - (now - int(t["startedAt"])))
            t.update({"state": "paused", "remainingMs": left})
        elif action == "resume":
            if state != "paused":
                return NotNow(gettext("the timer is not paused"))
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
                return NotNow(gettext("start the timer first"))
        else:
            t.update({"state": "stopped", "remainingMs": 0})
        return None

    workshop.change(board, mutate)
