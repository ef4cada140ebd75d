"""Workshop load: 60 (or more) stock Yjs clients on one board, against the reference server.

    .venv/bin/python bench/workshop.py [--clients 60] [--seconds 15] [--repeat 1]
                                       [--servers indaba,indaba-relay,reference]
    .venv/bin/python bench/workshop.py --clients 60,90,120,150 --servers indaba   # the ceiling

Every client is the stock browser client: a Y.Doc bound to the `y-websocket` provider and
its `y-protocols/awareness` (bench/fanout/workshop.mjs, one Node process for all of them).
Every client moves its cursor at 20 Hz, the rate the board page sends it (pointer updates
throttled to one per 50 ms: frontend/src/presence/types.ts, POINTER_THROTTLE_MS); ten of
them add a sticky note (rectangle + bound text, docs/board-document.md) every 5 s and move
one of their notes every 5 s. Servers, one after the other on the same load:

- `indaba`: `indaba serve` with its defaults (presence coalesced per recipient per tick);
- `indaba-relay`: the same with INDABA_PRESENCE_TICK_MS=0 (every presence message relayed
  at once, the behaviour before coalescing);
- `reference`: `@y/websocket-server` 0.1.1 (bench/fanout/package-lock.json), in memory.

Measured over the window: cursor latency (a client's awareness change to its arrival in
every other client's awareness), edit latency (a note's change to its arrival in every
other client's document), disconnects the load did not ask for, server CPU (user + system
of the server process, 100 % = one core), peak RSS, the load generator's CPU and `other %`,
the share of both cores that other processes used meanwhile. Targets (issue 14): cursor
p99 ≤ 100 ms, edit p99 ≤ 100 ms, 0 disconnects.

A vote runs through the window on Indaba's servers (`--votes-per-person`, 0 to leave it
out): the facilitator opens it, everyone casts their votes at random moments on notes their
document holds, over the facilitation HTTP endpoint with a board token of their own (as the
board page does: a vote is a database row, not a document change), and the facilitator
reveals it at the end. Reported: the casts' latency, their answers, and whether the
revealed total equals the casts accepted (`votes ok`). The reference has no facilitation
endpoint, so its rows carry no vote; a vote is part of the load only for Indaba.

Needs `npm ci` in bench/fanout. Raw results go to bench/results/workshop-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "fanout"))

import run as fanout  # noqa: E402  (bench/fanout/run.py: server start-up and /proc readers)

TARGET_MS = 100.0


def start(name: str) -> fanout.Server:
    if name == "reference":
        return fanout.start_reference()
    settings = {"INDABA_PRESENCE_TICK_MS": "0"} if name == "indaba-relay" else {}
    return fanout.start_indaba("", "", settings=settings, name=name)


def vote_tokens(server: fanout.Server, voters: int) -> dict[str, Any]:
    """A facilitator's token and one per voter, minted in the server's data directory."""
    out = subprocess.run([sys.executable, str(HERE / "fanout" / "vote_tokens.py"), server.board,
                          str(voters)], env=server.env, check=True, capture_output=True,
                         text=True, timeout=300).stdout
    tokens: dict[str, Any] = json.loads(out)
    return tokens


def measure(server: fanout.Server, clients: int, args: argparse.Namespace) -> dict[str, Any]:
    pid = server.process.pid
    config: dict[str, Any] = {
        "url": server.receiver_url, "clients": clients, "seconds": args.seconds,
        "cursorHz": args.cursor_hz, "noteWriters": args.note_writers,
        "noteSeconds": args.note_seconds}
    if server.board and args.votes_per_person > 0:
        config["vote"] = {"base": server.http_base, "board": server.board,
                          "votesPerPerson": args.votes_per_person,
                          **vote_tokens(server, clients)}
    rss_peak = 0
    sampling, stop = threading.Event(), threading.Event()

    def sample_rss() -> None:
        nonlocal rss_peak
        while not stop.wait(0.25):
            if sampling.is_set():
                try:
                    rss_peak = max(rss_peak, fanout.status_kib(pid, "VmRSS"))
                except (OSError, KeyError):
                    return

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    load = subprocess.Popen(["node", str(HERE / "fanout" / "workshop.mjs"), json.dumps(config)],
                            cwd=HERE / "fanout", stdout=subprocess.PIPE, text=True)
    summary: dict[str, Any] = {}
    cpu_start = wall_start = load_start = 0.0
    busy_start = (0.0, 0.0)
    probe = fanout.SpeedProbe()
    try:
        assert load.stdout is not None
        for line in load.stdout:
            event = json.loads(line)
            if event["event"] == "measure-start":
                cpu_start, wall_start = fanout.cpu_seconds(pid), time.monotonic()
                busy_start, load_start = fanout.machine_busy(), fanout.cpu_seconds(load.pid)
                probe.start()
                sampling.set()
            elif event["event"] == "measure-end":
                wall = time.monotonic() - wall_start
                server_cpu = fanout.cpu_seconds(pid) - cpu_start
                busy_end = fanout.machine_busy()
                other = (busy_end[0] - busy_start[0]) - server_cpu - (
                    fanout.cpu_seconds(load.pid) - load_start)
                summary["serverCpuPercent"] = 100 * server_cpu / wall
                summary["otherMachineCpuPercent"] = 100 * other / (busy_end[1] - busy_start[1])
                summary["speedProbeUs"] = probe.stop()
                sampling.clear()
            elif event["event"] == "summary":
                summary.update(event)
            elif event["event"] == "error":
                summary["error"] = event["error"]
        load.wait(timeout=60)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
        stop.set()
        probe.stop()
        sampler.join()
    summary["serverRssMiB"] = rss_peak / 1024
    summary["serverAlive"] = server.process.poll() is None
    return summary


def votes_ok(r: dict[str, Any]) -> bool | None:
    """Whether the vote counted every cast the server accepted (None: no vote ran)."""
    vote = r.get("vote")
    if not vote:
        return None
    return (vote.get("startStatus") == 200 and vote.get("revealStatus") == 200
            and vote.get("accepted", 0) > 0 and vote.get("revealedTotal") == vote["accepted"]
            and set(vote.get("statuses", {})) <= {"200"})


def meets(r: dict[str, Any]) -> bool:
    cursor = r.get("cursorLatencyMs", {}).get("p99")
    edit = r.get("editLatencyMs", {}).get("p99")
    return (cursor is not None and edit is not None and cursor <= TARGET_MS
            and edit <= TARGET_MS and r.get("disconnects") == 0 and "error" not in r
            and votes_ok(r) is not False)


def fmt(value: Any, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def votes_cell(vote: dict[str, Any]) -> str:
    """Accepted casts / casts sent (a cast with no note yet in its document is not sent)."""
    if not vote:
        return "-"
    return f"{vote.get('accepted', 0)}/{sum(vote.get('statuses', {}).values())}"


def median(values: list[float]) -> float | None:
    values = sorted(values)
    return values[len(values) // 2] if values else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="60", help="comma-separated workshop sizes")
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per run")
    parser.add_argument("--cursor-hz", type=float, default=20.0,
                        help="cursor updates per client per second (the board page: 20)")
    parser.add_argument("--note-writers", type=int, default=10)
    parser.add_argument("--note-seconds", type=float, default=5.0,
                        help="each note writer adds a note and moves one every this many s")
    parser.add_argument("--votes-per-person", type=int, default=3,
                        help="a vote through the window with this many votes each (0: none)")
    parser.add_argument("--servers", default="indaba,indaba-relay,reference",
                        help="any of indaba, indaba-relay, reference")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every (size, server) pair this many times, interleaved")
    args = parser.parse_args()
    if not (HERE / "fanout/node_modules/y-websocket").is_dir():
        print(f"run `npm ci` in {HERE / 'fanout'} first", file=sys.stderr)
        return 2
    sizes = [int(c) for c in args.clients.split(",")]
    names = args.servers.split(",")
    results: list[dict[str, Any]] = []
    for clients in sizes:
        for name in names * args.repeat:
            server = start(name)
            try:
                print(f"-- {name}, {clients} clients ...", file=sys.stderr, flush=True)
                summary = measure(server, clients, args)
            finally:
                server.stop()
            results.append({"server": name, "size": clients, **summary})

    print(f"\nWorkshop: 1 board, every client's cursor at {args.cursor_hz:g} Hz, "
          f"{args.note_writers} add a note and move one every {args.note_seconds:g} s, "
          f"a vote of {args.votes_per_person} each (Indaba); "
          f"{args.seconds:g} s measured; {os.cpu_count()} CPUs, {platform.platform()}")
    header = (f"{'clients':>7} {'server':<13} {'cur p50':>8} {'cur p99':>8} {'cur max':>8} "
              f"{'edit p50':>8} {'edit p99':>8} {'disc':>5} {'stale':>5} {'cpu %':>6} "
              f"{'rss MiB':>8} {'load cpu %':>10} {'other %':>7} {'probe us':>8} {'vote p50':>8} "
              f"{'vote p99':>8} {'votes':>9} {'votes ok':>8}  targets")
    print(header)
    print("-" * len(header))
    for r in results:
        cur, edit = r.get("cursorLatencyMs", {}), r.get("editLatencyMs", {})
        vote = r.get("vote") or {}
        print(f"{r['size']:>7} {r['server']:<13} {fmt(cur.get('p50')):>8} "
              f"{fmt(cur.get('p99')):>8} {fmt(cur.get('max')):>8} {fmt(edit.get('p50')):>8} "
              f"{fmt(edit.get('p99')):>8} {r.get('disconnects', '-'):>5} "
              f"{r.get('staleCursorViews', '-'):>5} "
              f"{fmt(r.get('serverCpuPercent'), '.0f'):>6} {fmt(r.get('serverRssMiB')):>8} "
              f"{fmt(r.get('loadCpuPercent'), '.0f'):>10} "
              f"{fmt(r.get('otherMachineCpuPercent'), '.0f'):>7} "
              f"{fmt(r.get('speedProbeUs'), '.0f'):>8} "
              f"{fmt(vote.get('castLatencyMs', {}).get('p50')):>8} "
              f"{fmt(vote.get('castLatencyMs', {}).get('p99')):>8} "
              f"{votes_cell(vote):>9} {fmt(votes_ok(r), ''):>8}  "
              + ("met" if meets(r) else "NOT met")
              + (f"  ERROR {r['error']}" if "error" in r else ""))
    print()
    for clients in sizes:
        def p99(server: str, key: str, size: int = clients) -> float | None:
            return median([r[key]["p99"] for r in results if r["server"] == server
                           and r["size"] == size and r.get(key, {}).get("p99") is not None])

        for other in ("reference", "indaba-relay"):
            for key, label in (("cursorLatencyMs", "cursor"), ("editLatencyMs", "edit")):
                mine, theirs = p99("indaba", key), p99(other, key)
                if mine and theirs:
                    print(f"{clients:>4} clients: {label} p99 indaba/{other} = "
                          f"{mine / theirs:.2f}")
    largest = [r["size"] for r in results if r["server"] == "indaba" and meets(r)]
    failed = [r["size"] for r in results if r["server"] == "indaba" and not meets(r)]
    ceiling = max((s for s in largest if all(f > s for f in failed)), default=None)
    print(f"largest workshop meeting the targets (indaba, sizes tried {sizes}): "
          f"{ceiling if ceiling is not None else 'none'}")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"workshop-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    print(f"\nraw results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
