"""The server's daily retention run: in a worker thread (the event loop keeps serving),
on its schedule, and a failed run does not stop the next."""

from __future__ import annotations

import asyncio
import threading

import pytest

from indaba import asgi


async def test_retention_runs_in_a_worker_thread_on_its_schedule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []

    def tick() -> None:
        threads.append(threading.get_ident())
        if len(threads) == 1:
            raise RuntimeError("the database was away")  # logged; the next run comes

    monkeypatch.setattr(asgi, "retention_tick", tick)
    holder = asgi.EngineHolder()
    holder.retention_first_seconds = 0.01
    task = asyncio.create_task(holder._retention_forever(0.05))
    beats = 0
    for _ in range(20):  # the loop stays free while runs happen
        await asyncio.sleep(0.01)
        beats += 1
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert beats == 20
    assert 3 <= len(threads) <= 8
    assert threading.get_ident() not in threads


def test_the_daily_run_also_thins_versions_and_drops_old_deleted_elements(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from indaba.boards import history, tombstones
    from indaba.privacy import retention

    done: list[str] = []
    monkeypatch.setattr(retention, "scheduled_run", lambda: done.append("retention"))
    monkeypatch.setattr(history, "thin", lambda: done.append("thin") or 0)
    monkeypatch.setattr(tombstones, "compact", lambda: done.append("tombstones") or {})
    asgi.retention_tick()
    assert done == ["retention", "thin", "tombstones"]
