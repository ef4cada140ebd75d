"""Start-up objects leave the garbage collector's passes; later garbage is still collected."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from indaba.common import heap


class Node:
    def __init__(self) -> None:
        self.other: Any = self  # a reference cycle: only the collector frees it


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test run keeps the collector as it was


def test_start_up_survivors_are_frozen_and_start_up_garbage_is_collected(unfrozen: None) -> None:
    kept = Node()
    garbage = weakref.ref(Node())
    assert garbage() is not None  # a cycle: still there until a collection
    frozen = heap.freeze_startup_objects()
    assert garbage() is None
    assert frozen == gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # no longer scanned


def test_garbage_made_after_start_up_is_still_collected(unfrozen: None) -> None:
    heap.freeze_startup_objects()
    later = weakref.ref(Node())
    gc.collect()
    assert later() is None


async def test_the_server_freezes_once_its_lifespan_has_started(
        unfrozen: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from indaba import asgi

    async def no_engine(self: asgi.EngineHolder) -> None:
        return None

    monkeypatch.setattr(asgi.EngineHolder, "start", no_engine)
    monkeypatch.setattr(asgi.EngineHolder, "stop", no_engine)
    app = asgi.build_application()
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []
    frozen_at_start: list[int] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "lifespan.startup.complete":
            frozen_at_start.append(gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete",
                                         "lifespan.shutdown.complete"]
    assert frozen_at_start and frozen_at_start[0] > 0
