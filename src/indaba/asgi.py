"""The one ASGI application: `/sync/<board>` WebSockets to the sync engine, the rest to Django.

Served by uvicorn as a factory (`indaba.asgi:build_application`), so nothing
is built at import time. The engine is created in the lifespan startup,
inside the running event loop, and stopped (boards compacted) on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from typing import Any

from indaba.common import heap
from indaba.common.bodylimit import BodyTooLarge, RouteLimit
from indaba.sync.asgi import Receive, Scope, Send, SyncASGIApp
from indaba.sync.engine import SyncEngine

log = logging.getLogger("indaba.asgi")


def history_tick(live_board_ids: list[str]) -> int:
    """Board versions that are due (docs/history.md): sessions that started or ended, and a
    periodic version of each live board edited since its last one. Runs in a worker thread;
    returns how many versions were made."""
    # Imported here: Django must be set up first (see EngineHolder.start).
    from django.db import connections

    from indaba.boards import history
    from indaba.meetings import history as session_history

    try:
        made = len(session_history.check_sessions())
        made += history.periodic_versions(live_board_ids)
        return made
    finally:
        connections.close_all()  # this worker thread's connections


def retention_tick() -> None:
    """Apply the retention policy (docs/privacy.md), then thin old board versions and drop
    deleted elements older than the history retention (docs/board-document.md), so a board
    does not grow forever without an operator's cron. Runs in a worker thread."""
    from django.db import connections

    from indaba import config
    from indaba.boards import history, tombstones  # Django must be set up first
    from indaba.common.joblock import only_one
    from indaba.privacy import retention

    # Every worker process of `indaba serve --workers N` schedules this run at the same
    # moment: the first takes it, the others skip it (the runs are idempotent anyway).
    with only_one(config.data_dir(), "retention") as mine:
        if not mine:
            log.info("retention run skipped: another worker process is running it")
            return
        retention.scheduled_run()
        try:
            thinned = history.thin()
            dropped = tombstones.compact()
            log.info("board housekeeping: %d old versions thinned, deleted elements dropped "
                     "from %d boards", thinned, len(dropped))
        finally:
            connections.close_all()  # this worker thread's connections


class EngineHolder:
    """Owns the engine for the lifetime of the server process."""

    # How often the server checks for board versions that are due.
    history_check_seconds = 60.0
    # The first retention run, after start (later ones: INDABA_RETENTION_RUN_HOURS apart).
    retention_first_seconds = 60.0

    def __init__(self) -> None:
        self.engine: SyncEngine | None = None
        self.observer: Any = None
        self._history: asyncio.Task[None] | None = None
        self._retention: asyncio.Task[None] | None = None

    async def _history_forever(self) -> None:
        while True:
            await asyncio.sleep(self.history_check_seconds)
            engine = self.engine
            if engine is None:
                continue
            try:
                await asyncio.to_thread(history_tick, list(engine.rooms))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("board history check failed; will try again")

    async def _retention_forever(self, every_seconds: float) -> None:
        delay = self.retention_first_seconds
        while True:
            await asyncio.sleep(delay)
            delay = every_seconds
            try:
                # The database work runs in a thread: the event loop keeps serving boards.
                await asyncio.to_thread(retention_tick)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("retention run failed; will try again at the next one")

    def get(self) -> SyncEngine:
        if self.engine is None:
            raise RuntimeError("the sync engine is not running (lifespan startup has not run)")
        return self.engine

    async def start(self) -> None:
        # Imported at startup, not at module load: they need Django set up
        # (get_asgi_application() in build_application runs first).
        from indaba import config
        from indaba.boards import live
        from indaba.boards.access import DjangoBoardAuthorizer
        from indaba.boards.signals import SignalObserver
        from indaba.boards.storage import limits_from_config, open_store, write_policy
        from indaba.sync.fanout import RedisFanout

        redis_url = config.get("REDIS_URL")
        self.observer = SignalObserver()
        self.engine = SyncEngine(open_store(), DjangoBoardAuthorizer(), limits_from_config(),
                                 self.observer, RedisFanout(redis_url) if redis_url else None,
                                 write_policy())
        await self.engine.start()
        live.register(self.engine)
        self._history = asyncio.create_task(self._history_forever(), name="board-history")
        hours = config.get("RETENTION_RUN_HOURS")
        if hours:
            self._retention = asyncio.create_task(self._retention_forever(hours * 3600.0),
                                                  name="retention")

    async def stop(self) -> None:
        from indaba.boards import live  # see start()

        for task in (self._history, self._retention):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._history = self._retention = None
        if self.engine is not None:
            live.unregister()
            await self.engine.stop()
            await self.observer.drain()
            self.engine = None


# Room for the multipart envelope around an uploaded image (boundaries, part headers).
MULTIPART_OVERHEAD = 64 * 1024


def body_limits(django_app: Any) -> BodyTooLarge:
    """Django behind the request body limits (docs/operations.md, "Request size limits")."""
    from indaba import config

    images = RouteLimit(re.compile(r"^/boards/[^/]+/images/?$"),
                        int(config.get("MAX_IMAGE_BYTES")) + MULTIPART_OVERHEAD)
    return BodyTooLarge(django_app, int(config.get("MAX_REQUEST_BYTES")), [images])


def build_application() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    from indaba import config
    from indaba.common import datadir

    # Before Django's settings make the secret key or the database in the data directory.
    fixed = datadir.secure(config.data_dir())
    # After the settings module is chosen: importing it earlier would configure nothing.
    from django.core.asgi import get_asgi_application

    from indaba.web import logs, mail

    django_app = body_limits(get_asgi_application())
    # uvicorn's loggers too when it was started directly rather than by `indaba serve`.
    logs.protect(logs.UVICORN_LOGGERS)
    datadir.report(config.data_dir(), fixed)
    mail.announce()
    holder = EngineHolder()
    sync_app = SyncASGIApp(holder.get)

    async def lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await holder.start()
                except Exception as exc:
                    log.exception("could not start the sync engine")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                heap.freeze_startup_objects()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await holder.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await lifespan(receive, send)
        elif kind == "websocket":
            if scope["path"].startswith("/sync/"):
                await sync_app(scope, receive, send)
            else:
                await receive()
                await send({"type": "websocket.close", "code": 4404})
        else:
            await django_app(scope, receive, send)

    application.engine_holder = holder  # type: ignore[attr-defined]
    return application
