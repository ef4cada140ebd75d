"""Django signals for what happens on live boards, sent from the sync engine's observer.

Receivers run in a worker thread (never on the event loop) and may use the ORM.
`sender` is the Board id; `token_id` names the BoardAccessToken the client used.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from asgiref.sync import sync_to_async
from django.dispatch import Signal
from django.utils import timezone

from indaba.sync.auth import Grant

log = logging.getLogger("indaba.boards.signals")

# kwargs: token_id: str, at: datetime
board_client_joined = Signal()
board_client_left = Signal()


class SignalObserver:
    """The engine's observer: forwards joins and leaves to Django signals off the loop."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def client_joined(self, grant: Grant) -> None:
        self._dispatch(board_client_joined, grant)

    def client_left(self, grant: Grant) -> None:
        self._dispatch(board_client_left, grant)

    def _dispatch(self, signal: Signal, grant: Grant) -> None:
        task = asyncio.get_running_loop().create_task(self._send(signal, grant, timezone.now()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, signal: Signal, grant: Grant, at: datetime) -> None:
        try:
            await sync_to_async(signal.send, thread_sensitive=True)(
                sender=grant.board_id, token_id=grant.token_id, at=at)
        except Exception:
            log.exception("board signal receiver failed for board %s", grant.board_id)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
