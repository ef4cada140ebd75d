"""The sync endpoint served by a real `indaba serve` process over real WebSockets."""

from __future__ import annotations

import pytest

from tests.support.server import IndabaServer
from tests.support.yclient import YClient


async def test_two_clients_converge_and_export_sees_it(server: IndabaServer) -> None:
    board = server.create_board()
    a = await YClient(server.ws_url, board, server.token(board, name="Ann")).connect()
    b = await YClient(server.ws_url, board, server.token(board, name="Ben")).connect()
    await a.synced.wait()
    await b.synced.wait()
    a.set_element("r1", x=10, y=20, version=1)
    await b.wait_for(lambda: "r1" in b.elements)
    b.set_element("r2", x=30, y=40, version=1)
    await a.wait_for(lambda: "r2" in a.elements)
    await a.close()
    await b.close()
    exported = server.export_json(board)
    assert {e["id"] for e in exported["elements"]} == {"r1", "r2"}


async def test_permessage_deflate_is_off(server: IndabaServer) -> None:
    board = server.create_board()
    client = await YClient(server.ws_url, board, server.token(board)).connect(
        compression="deflate")
    assert client.ws is not None
    assert client.ws.response is not None
    assert client.ws.response.headers.get("Sec-WebSocket-Extensions") is None
    await client.close()


@pytest.mark.parametrize("token", ["", "not-a-token"])
async def test_bad_token_is_refused_before_any_data(server: IndabaServer, token: str) -> None:
    board = server.create_board()
    client = await YClient(server.ws_url, board, token).connect()
    assert await client.closed() == 4401
    assert client.received == []
