"""Fixtures for the interop tests: Node processes hosting stock Yjs clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from tests.interop.jsclients import NodeClients

StartNode = Callable[[], Awaitable[NodeClients]]


@pytest.fixture
async def start_node(tmp_path: Path) -> AsyncIterator[StartNode]:
    """Start Node driver processes; every one is ended when the test ends."""
    started: list[NodeClients] = []

    async def start() -> NodeClients:
        node = NodeClients(tmp_path / f"node-{len(started)}.log")
        started.append(node)
        return await node.start()

    yield start
    for node in started:
        await node.close()


@pytest.fixture
async def node(start_node: StartNode) -> NodeClients:
    return await start_node()
