"""Server CPU for a fixed mix of document updates and presence, for A/B between commits.

    .venv/bin/python bench/fanout/mixcost.py [--clients 500] [--seconds 6]
    PYTHONPATH=<other checkout>/src .venv/bin/python bench/fanout/mixcost.py ...

Like sendcost.py (one process runs uvicorn and the sync engine; N WebSocket readers run in a
child process), but the in-process load is the fan-out benchmark's mix: one writer changing
an element 30 times a second and moving its cursor 10 times a second, and five other
in-process clients moving a cursor 5 times a second, for `--seconds`. The count of updates
and presence messages is fixed by the schedule, not by how fast a busy machine lets a load
generator run, so the server's CPU time (getrusage, all its threads) per second of load can
be compared between two versions run one after the other on a busy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sendcost import CHILD, ROOT, cpu_seconds  # noqa: E402


async def run_once(clients: int, seconds: float) -> tuple[float, int, int]:
    import uvicorn
    from tests.sync.harness import FakeClient, running_engine

    from indaba.sync.asgi import SyncASGIApp
    from indaba.sync.limits import Limits

    with tempfile.TemporaryDirectory() as tmp:
        limits = Limits(rate_messages_per_second=1000, rate_burst=1000)
        async with running_engine(Path(tmp), limits) as (engine, auth):
            for i in range(clients):
                auth.add(f"r{i}", "mixboard")
            auth.add("writer", "mixboard")
            config = uvicorn.Config(SyncASGIApp(lambda: engine), host="127.0.0.1", port=0,
                                    ws="websockets-sansio", lifespan="off",
                                    ws_per_message_deflate=False, log_level="warning")
            server = uvicorn.Server(config)
            serving = asyncio.create_task(server.serve())
            while not server.started:
                await asyncio.sleep(0.01)
            port = server.servers[0].sockets[0].getsockname()[1]
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-c", CHILD, f"ws://127.0.0.1:{port}/sync/mixboard",
                str(clients), stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
            assert child.stdout is not None
            await asyncio.wait_for(child.stdout.readline(), 180)
            writer = FakeClient(engine, "mixboard", "writer").start()
            movers = [FakeClient(engine, "mixboard", "writer").start() for _ in range(5)]
            await asyncio.gather(writer.synced.wait(), *(m.synced.wait() for m in movers))
            await asyncio.sleep(1.0)
            loop = asyncio.get_running_loop()
            started_cpu, start = cpu_seconds(), loop.time()
            updates = moves = 0
            step = 0
            while loop.time() - start < seconds:
                # 30 Hz updates, 10 Hz writer cursor, 5 movers at 5 Hz (on a 30 Hz grid).
                writer.edit(f"e{step % 100}", x=step, version=step + 1)
                updates += 1
                if step % 3 == 0:
                    writer.set_presence({"cursor": {"x": step}}, clock=step + 1)
                    moves += 1
                if step % 6 == 0:
                    for n, mover in enumerate(movers):
                        mover.set_presence({"cursor": {"x": step + n}}, clock=step + 1)
                        moves += 1
                step += 1
                await asyncio.sleep(max(0.0, start + step / 30 - loop.time()))
            await asyncio.sleep(1.0)  # the last broadcasts drain
            used = cpu_seconds() - started_cpu
            child.kill()
            await child.wait()
            for client in (writer, *movers):
                client.disconnect()
            server.should_exit = True
            await serving
    return used / seconds, updates, moves


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    import indaba

    cpu, updates, moves = asyncio.run(run_once(args.clients, args.seconds))
    print(f"{Path(indaba.__file__).parent}: {args.clients} clients, {updates} updates, "
          f"{moves} presence: server CPU {100 * cpu:.1f} % of a core "
          f"(load {os.getloadavg()[0]:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
