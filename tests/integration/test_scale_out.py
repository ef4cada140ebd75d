"""Two app nodes on one database, fanned out through a real Redis server."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

from tests.support.server import IndabaServer
from tests.support.yclient import YClient

REDIS_URL = os.environ.get("INDABA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def test_clients_on_two_nodes_see_each_other_live(
        make_server: Callable[..., IndabaServer]) -> None:
    env = {"INDABA_REDIS_URL": REDIS_URL}
    first = make_server(env=env)
    second = make_server(env=env, share_with=first)
    board = first.create_board()
    ann = await YClient(first.ws_url, board, first.token(board, name="Ann")).connect()
    ben = await YClient(second.ws_url, board, second.token(board, name="Ben")).connect()
    await asyncio.gather(ann.synced.wait(), ben.synced.wait())

    ann.set_element("from-first-node", x=1, version=1)
    await ben.wait_for(lambda: "from-first-node" in ben.elements, timeout=10)
    ben.set_element("from-second-node", x=2, version=1)
    await ann.wait_for(lambda: "from-second-node" in ann.elements, timeout=10)

    await ann.set_awareness({"user": {"name": "Ann"}})
    await ben.wait_for(lambda: ann.doc.client_id in ben.awareness, timeout=10)
    await ann.close()
    await ben.wait_for(lambda: ann.doc.client_id not in ben.awareness, timeout=10)
    await ben.close()

    # Each edit was stored once, by the node its author was on; both nodes export both.
    for node in (first, second):
        ids = {e["id"] for e in node.export_json(board)["elements"]}
        assert ids == {"from-first-node", "from-second-node"}
