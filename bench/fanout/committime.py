"""How long the room waits for a commit (store.append: hand-off to the store thread, the
commit, and the way back to the room), under mixcost.py's load; for A/B between commits.

    .venv/bin/python bench/fanout/committime.py [--clients 200] [--seconds 8]
    PYTHONPATH=<other checkout>/src .venv/bin/python bench/fanout/committime.py ...
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import mixcost  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    import indaba
    from indaba.sync.sqlstore import SqlBoardStore

    waits: list[float] = []
    original = SqlBoardStore.append

    async def timed(self: Any, board_id: str, updates: list[bytes]) -> None:
        started = time.perf_counter()
        await original(self, board_id, updates)
        waits.append((time.perf_counter() - started) * 1000)

    SqlBoardStore.append = timed  # type: ignore[method-assign]
    asyncio.run(mixcost.run_once(args.clients, args.seconds))
    waits.sort()
    n = len(waits)
    print(f"{Path(indaba.__file__).parent}: {args.clients} clients, {n} commits waited: "
          f"p50 {waits[n // 2]:.2f} ms, p90 {waits[int(n * 0.9)]:.2f} ms, "
          f"p99 {waits[int(n * 0.99)]:.2f} ms (load {os.getloadavg()[0]:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
