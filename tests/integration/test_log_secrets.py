"""No board token reaches the server's output, whatever the log settings (a real server
process: uvicorn's own handshake lines included), and the server says where mail goes."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable

import pytest

from tests.support.server import IndabaServer
from tests.support.yclient import YClient


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.mark.parametrize("access_log", ["false", "true"])
async def test_tokens_never_reach_the_log(make_server: Callable[..., IndabaServer],
                                          access_log: str) -> None:
    server = make_server({"INDABA_ACCESS_LOG": access_log})
    board = server.create_board()
    token = server.token(board, name="Ann")
    revoked = server.token(board, name="Ben")
    server.cli("board", "revoke", revoked)

    client = await YClient(server.ws_url, board, token).connect()
    client.set_element("n1", type="rectangle", x=1)
    await client.wait_for(lambda: True)
    await client.close()
    refused = await YClient(server.ws_url, board, revoked).connect()
    assert await refused.closed() == 4403
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError):  # the token link redirects (302)
        opener.open(f"{server.url}/boards/{board}?token={token}", timeout=10)
    server.stop()

    logged = server.log()
    # The handshake line is there, masked: the check below would see a token if one leaked.
    assert f'"WebSocket /sync/{board}?token=[hidden]" [accepted]' in logged
    for secret in (token, revoked, token.rsplit(":", 1)[-1], revoked.rsplit(":", 1)[-1]):
        assert secret not in logged
    access_line = f'"GET /boards/{board}?token=[hidden] HTTP/1.1" 302'
    assert (access_line in logged) is (access_log == "true")
    assert "outbox (mode 0600)" in logged
