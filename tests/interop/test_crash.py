"""Durable before visible: SIGKILL the server while stock clients stream edits.

Whatever any client had received from the server before the kill must be in storage
after a restart. (A client's own edits that the server never acknowledged may be lost
by the crash; the client still holds them and sends them again when it reconnects,
which the test checks too.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.interop.jsclients import ClientState, NodeClients
from tests.support.server import IndabaServer

pytestmark = pytest.mark.interop

WRITERS = ("w1", "w2", "w3")
RATE = 40  # updates per second per writer, under the server's per-client rate limit


def received(name: str, state: ClientState) -> dict[str, dict[str, Any]]:
    """What this client got from the server: every element some other client wrote."""
    return {key: value for key, value in state["elements"].items()
            if not key.startswith(f"{name}-")}


async def wait_exit(server: IndabaServer, timeout: float = 30.0) -> None:
    assert server.process is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while server.process.poll() is None:
        assert loop.time() < deadline, "the server was not killed"
        await asyncio.sleep(0.01)
    server.kill()  # reaps it


# (who kills the server, after how many updates that client has received this round);
# None: the test kills it from outside at whatever moment the watcher has seen 60 edits.
ROUNDS: tuple[tuple[str, int] | None, ...] = (("watcher", 40), ("w1", 25), ("w3", 55), None)


async def test_sigkill_mid_stream_loses_nothing_any_client_received(
        server: IndabaServer, node: NodeClients) -> None:
    board = server.create_board()
    for name in (*WRITERS, "watcher"):
        await node.open(name, server.ws_url, board, server.token(board, name=name))
    await node.wait_synced(*WRITERS, "watcher")

    for round_, killer in enumerate(ROUNDS, start=1):
        for name in WRITERS:
            await node.call("stream", client=name, prefix=f"{name}-r{round_}", rate=RATE,
                            count=100_000)
        assert server.process is not None
        if killer is not None:
            # SIGKILL sent from the client process the instant it has received an update:
            # the moment when a server that broadcast before committing would lose it.
            await node.call("killOnReceive", client=killer[0], pid=server.process.pid,
                            after=killer[1])
            await wait_exit(server)
        else:
            await node.wait_for(
                "watcher",
                lambda s, tag=f"-r{round_}-": sum(tag in key for key in s["elements"]) >= 60,
                timeout=30, what=f"round {round_} edits streaming in")
            server.kill()
        # The server is gone: stop the streams and the providers (so that no client sends
        # anything again before storage is checked) and read what every client holds.
        states: dict[str, ClientState] = await node.call("freeze")

        server.start()
        stored = {e["id"]: e for e in server.export_json(board)["elements"]}
        total = 0
        for name, state in states.items():
            got = received(name, state)
            total += len(got)
            missing = sorted(set(got) - set(stored))
            assert not missing, f"round {round_}: {name} had received {missing} but they were lost"
            for key, value in got.items():
                if key.endswith("-counter"):
                    assert stored[key]["version"] >= value["version"], (
                        f"round {round_}: {name} had received {key} at version "
                        f"{value['version']}, storage has {stored[key]['version']}")
        assert total > 0

        # Reconnected, the clients send what the crash cut off, and all converge again.
        written = set().union(*(state["elements"] for state in states.values()))
        for name in (*WRITERS, "watcher"):
            await node.call("connect", client=name)
        for name in (*WRITERS, "watcher"):
            await node.wait_for(
                name, lambda s, want=written: s["synced"] and set(s["elements"]) >= want,
                timeout=30, what="every client's edits after the restart")
        stored_after = {e["id"] for e in server.export_json(board)["elements"]}
        assert stored_after >= written
