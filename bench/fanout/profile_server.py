"""Profile `indaba serve` under the fan-out load: py-spy samples the server while load.mjs
runs (the same load as run.py), so the phases that cost CPU and wall time can be read.

    .venv/bin/pip install py-spy
    .venv/bin/python bench/fanout/profile_server.py --clients 500 [--idle] [--out FILE]

Writes a py-spy "raw" (collapsed stacks) file and prints the top frames by own samples and
by inclusive samples. `--idle` includes samples where the thread waits (wall time), which
shows where the event loop sleeps; without it only CPU is counted.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as fanout  # noqa: E402  (the benchmark's own server start and load)


def summarize(raw: Path, top: int) -> None:
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    print(f"{total} samples")
    print("-- own")
    for frame, count in own.most_common(top):
        print(f"{100 * count / total:6.1f}%  {frame}")
    print("-- inclusive")
    for frame, count in inclusive.most_common(top):
        print(f"{100 * count / total:6.1f}%  {frame}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--cursor-clients", type=int, default=5)
    parser.add_argument("--cursor-hz", type=float, default=5.0)
    parser.add_argument("--idle", action="store_true", help="count waiting samples too")
    parser.add_argument("--rate-hz", type=int, default=500, help="py-spy samples per second")
    parser.add_argument("--out", default="", help="raw stacks file (default: a temp file)")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out = Path(args.out or tempfile.mktemp(prefix="fanout-profile-", suffix=".txt"))
    server = fanout.start_indaba("", "")
    try:
        command = [spy, "record", "--pid", str(server.process.pid), "--format", "raw",
                   "--rate", str(args.rate_hz), "--output", str(out), "--nonblocking",
                   "--threads"]
        if args.idle:
            command.append("--idle")
        # Sample the measured window only: from when every client (and the writer and the
        # checker) holds a connection, plus the load's warm-up, for the measured seconds.
        port = int(server.receiver_url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
        started: list[subprocess.Popen[bytes]] = []

        def sample() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                held = sum(fanout.connections_by_process(port, [server.process.pid]).values())
                if held >= args.clients + 2:
                    break
                time.sleep(0.2)
            time.sleep(3.5)
            started.append(subprocess.Popen(
                [*command, "--duration", str(int(args.seconds) - 1)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        summary = fanout.run_load(server, args.clients, args.seconds, args)
        sampler.join()
        for spy_process in started:
            spy_process.wait(timeout=60)
    finally:
        server.stop()
    lat = summary.get("latencyMs", {})
    print(json.dumps({"clients": args.clients, "p50": lat.get("p50"), "p99": lat.get("p99"),
                      "cpu": summary.get("serverCpuPercent"),
                      "other": summary.get("otherMachineCpuPercent")}))
    print(f"stacks: {out}")
    summarize(out, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
