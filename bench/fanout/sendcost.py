"""Server CPU per delivered board update, direct transport writes against the ASGI send.

    .venv/bin/python bench/fanout/sendcost.py [--clients 200] [--updates 300] [--repeat 3]

One process runs uvicorn (websockets-sansio) and the sync engine; N WebSocket clients run in
a child process and read everything. An in-process writer sends `--updates` element changes
at 100/s; the server process's CPU time (user + system, getrusage) over that window is
divided by updates x clients. `asgi` is the same server with the direct path switched off
(every frame through uvicorn's awaited `websocket.send`, the behaviour before decision
0013); runs alternate. CPU time, unlike latency, is little disturbed by other work on the
machine, so this gives a per-recipient cost on a busy machine too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CHILD = """
import asyncio, sys, websockets
from indaba.sync.protocol import encode_sync, SyncType
async def client(url, ready):
    async with websockets.connect(url, max_size=None) as ws:
        await ws.send(encode_sync(SyncType.STEP1, b"\\x00"))
        got_step2 = False
        async for frame in ws:
            if not got_step2 and frame[:2] == b"\\x00\\x01":
                got_step2 = True
                ready()
async def main():
    url, n = sys.argv[1], int(sys.argv[2])
    count = 0
    def ready():
        nonlocal count
        count += 1
        if count == n:
            print("ready", flush=True)
    await asyncio.gather(*(client(url + f"?token=r{i}", ready) for i in range(n)))
asyncio.run(main())
"""


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_once(path: str, clients: int, updates: int) -> float:
    import uvicorn
    from tests.sync.harness import FakeClient, running_engine

    from indaba.sync import asgi
    from indaba.sync.asgi import SyncASGIApp
    from indaba.sync.limits import Limits

    original = asgi.direct_writer
    if path == "asgi":
        asgi.direct_writer = lambda send: None  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            limits = Limits(rate_messages_per_second=1000, rate_burst=1000)
            async with running_engine(Path(tmp), limits) as (engine, auth):
                for i in range(clients):
                    auth.add(f"r{i}", "costboard")
                auth.add("writer", "costboard")
                config = uvicorn.Config(SyncASGIApp(lambda: engine), host="127.0.0.1", port=0,
                                        ws="websockets-sansio", lifespan="off",
                                        ws_per_message_deflate=False, log_level="warning")
                server = uvicorn.Server(config)
                serving = asyncio.create_task(server.serve())
                while not server.started:
                    await asyncio.sleep(0.01)
                port = server.servers[0].sockets[0].getsockname()[1]
                child = await asyncio.create_subprocess_exec(
                    sys.executable, "-c", CHILD, f"ws://127.0.0.1:{port}/sync/costboard",
                    str(clients), stdout=subprocess.PIPE, env={**os.environ,
                                                               "PYTHONPATH": str(ROOT / "src")})
                assert child.stdout is not None
                await asyncio.wait_for(child.stdout.readline(), 120)
                writer = FakeClient(engine, "costboard", "writer").start()
                await asyncio.wait_for(writer.synced.wait(), 30)
                await asyncio.sleep(1.0)
                started = cpu_seconds()
                for version in range(updates):
                    writer.edit(f"e{version % 100}", x=version, version=version)
                    await asyncio.sleep(0.01)
                await asyncio.sleep(1.0)  # let the last broadcasts drain
                used = cpu_seconds() - started
                child.kill()
                await child.wait()
                writer.disconnect()
                server.should_exit = True
                await serving
    finally:
        asgi.direct_writer = original
    return used / (updates * clients) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {"asgi": [], "direct": []}
    for _ in range(args.repeat):
        for path in ("asgi", "direct"):
            cost = asyncio.run(run_once(path, args.clients, args.updates))
            results[path].append(cost)
            print(f"{path:7} {args.clients} clients: {cost:6.1f} µs server CPU per update "
                  f"per client (load {os.getloadavg()[0]:.1f})", flush=True)
    summary: Any = {p: sorted(v)[len(v) // 2] for p, v in results.items()}
    print(f"median: asgi {summary['asgi']:.1f} µs, direct {summary['direct']:.1f} µs, "
          f"ratio {summary['direct'] / summary['asgi']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
