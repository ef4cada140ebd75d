"""Harvesting against a real server: the demo's knowledge is harvested from its stored
board; the HTTP endpoint harvests from the live board and every client sees the
server-only `harvest` map at once."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from typing import Any

import pycrdt

from tests.support.server import IndabaServer
from tests.support.yclient import YClient


def _call(url: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _facilitator_token(link: str) -> str:
    """Open the demo's one-time sign-in link as a browser would and read the board page's
    token (minted for the signed-in facilitator)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(link, timeout=20) as response:
        page = response.read().decode()
    config = page.split('id="indaba-board-config" type="application/json">')[1]
    return str(json.loads(config.split("</script>")[0])["token"])


async def test_harvest_on_a_running_server(server: IndabaServer) -> None:
    demo = server.cli("demo", "--base-url", server.url)
    found = re.search(r"next=/boards/([A-Za-z0-9]+)", demo.stdout)
    assert found, demo.stdout
    board = found.group(1)
    token = await asyncio.to_thread(_facilitator_token, demo.stdout.strip())
    hits = json.loads(server.cli("knowledge", "search", "microphone").stdout)
    assert [h["state"] for h in hits] == ["published"]
    element = hits[0]["provenance"]["elements"][0]
    base = f"{server.url}/boards/{board}"
    status, state = await asyncio.to_thread(_call, f"{base}/facilitation/state?token={token}")
    assert status == 200 and state["harvest"][element]["itemId"] == hits[0]["id"]

    client = await YClient(server.ws_url, board, server.token(board, name="Watcher")).connect()
    await asyncio.wait_for(client.synced.wait(), 10)
    harvest_map = client.doc.get("harvest", type=pycrdt.Map)
    status, made = await asyncio.to_thread(
        _call, f"{base}/knowledge/harvest?token={token}",
        {"elementIds": [element], "title": "Microphones, again", "kind": "practice"})
    assert status == 201, made
    assert made["state"] == "draft" and made["url"] == f"/knowledge/items/{made['id']}/"
    await client.wait_for(lambda: (harvest_map.get(element) or {}).get("itemId")
                          == made["id"], timeout=10)
    status, error = await asyncio.to_thread(
        _call, f"{base}/knowledge/harvest?token={token}", {"elementIds": ["not-here"]})
    assert status == 404 and "not on this board" in error["error"]
    await client.close()
    drafts = json.loads(server.cli("knowledge", "search", "microphones", "--state",
                                   "draft").stdout)
    assert [d["id"] for d in drafts] == [made["id"]]
