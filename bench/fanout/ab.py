"""A/B of the fan-out benchmark: this checkout's Indaba against another commit's, and the
reference, interleaved in one run on the same load (run.py's servers and load.mjs).

    .venv/bin/python bench/fanout/ab.py --base main [--clients 200,500] [--repeat 2]

The base is `git archive <base> src` unpacked in a temporary directory and put first on
PYTHONPATH of its `indaba serve` (the same virtualenv, so only the engine's code differs).
On a busy machine compare rows of one run only, with their `other %`.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run as fanout  # noqa: E402


def export_source(ref: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix="indaba-ab-"))
    archive = subprocess.run(["git", "-C", str(fanout.ROOT), "archive", ref, "src"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    return root


def start(name: str, pythonpath: str | None) -> fanout.Server:
    saved = os.environ.get("PYTHONPATH")
    try:
        if pythonpath:
            os.environ["PYTHONPATH"] = pythonpath
        else:
            os.environ.pop("PYTHONPATH", None)
        return fanout.start_indaba("", "", name=name)
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main")
    parser.add_argument("--clients", default="200,500")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--servers", default="base,branch,reference")
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--cursor-clients", type=int, default=5)
    parser.add_argument("--cursor-hz", type=float, default=5.0)
    args = parser.parse_args()
    base_root = export_source(args.base)
    results: list[dict[str, Any]] = []
    try:
        for clients in [int(c) for c in args.clients.split(",")]:
            for _ in range(args.repeat):
                for name in args.servers.split(","):
                    if name == "reference":
                        server = fanout.start_reference()
                    elif name == "base":
                        server = start("base", str(base_root / "src"))
                    else:
                        server = start("branch", None)
                    try:
                        print(f"-- {name}, {clients} clients ...", file=sys.stderr, flush=True)
                        summary = fanout.run_load(server, clients, args.seconds, args)
                    finally:
                        server.stop()
                    results.append({"server": name, "clients": clients, **summary})
    finally:
        shutil.rmtree(base_root, ignore_errors=True)
    print(f"\nbase = {args.base}; branch = this checkout; {args.seconds:g} s measured")
    print(f"{'clients':>7} {'server':<9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'delivered':>10} {'disc':>5} {'cpu %':>6} {'other %':>7}")
    for r in results:
        lat = r.get("latencyMs", {})
        delivered = (f"{100 * r['deliveries'] / r['expectedDeliveries']:.1f}%"
                     if r.get("expectedDeliveries") else "-")
        print(f"{r['clients']:>7} {r['server']:<9} {fanout.fmt(lat.get('p50')):>8} "
              f"{fanout.fmt(lat.get('p95')):>8} {fanout.fmt(lat.get('p99')):>8} "
              f"{delivered:>10} {r.get('disconnects', '-'):>5} "
              f"{fanout.fmt(r.get('serverCpuPercent'), '.0f'):>6} "
              f"{fanout.fmt(r.get('otherMachineCpuPercent'), '.0f'):>7}"
              + (f"  ERROR {r['error']}" if "error" in r else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
