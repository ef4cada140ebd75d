"""Fan-out benchmark: one board (or K), N clients, one writer per board at 30 updates/s plus
presence traffic.

Runs the same load (load.mjs, a separate Node process) against `indaba serve` and against
the reference Node server (@y/websocket-server, pinned in package.json here), one after
the other, and prints latency percentiles, server CPU and RSS, disconnects, and the
Indaba/reference ratio. `indaba2` is `indaba serve --workers 2` with a private
redis-server this script starts: its CPU and RSS are those of every process of the server
(supervisor and workers) plus that redis-server.

    .venv/bin/python bench/fanout/run.py [--clients 50,200,500] [--seconds 20] [--boards K]

With `--boards K` the clients are spread over K boards (client i on board i mod K), each
board with its own writer at `--rate` and its own checker: K busy boards at once, the load
that a second core (`indaba2`) is for.

Needs `npm ci` in bench/fanout once. Results also go to bench/results/fanout-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
INDABA = str(Path(sys.executable).parent / "indaba")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads) from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks) - idle) / CLK_TCK, sum(ticks) / CLK_TCK


class SpeedProbe:
    """How fast the machine ran a fixed piece of Python during the measured window: the
    median CPU time (not wall time, so waiting for a core does not count) of the same small
    loop, run every 0.25 s on a thread of the benchmark process. On the development machine
    this moved 1.7x from minute to minute with no steal and no other load (docs/performance.md,
    "Issue 14, closing run"), which `other %` cannot see; rows with a larger `probe us` ran on
    a slower machine. It costs under 0.5 % of one core."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @staticmethod
    def once() -> float:
        """Microseconds of thread CPU time for the fixed loop."""
        started = time.thread_time_ns()
        total = 0
        for i in range(5_000):
            total += i
        return (time.thread_time_ns() - started) / 1000

    def start(self) -> None:
        def probe() -> None:
            while not self._stop.wait(0.25):
                self.samples.append(self.once())

        self._thread = threading.Thread(target=probe, daemon=True)
        self._thread.start()

    def stop(self) -> float | None:
        """Stop probing; the median microseconds, or None if no sample was taken."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        values = sorted(self.samples)
        return values[len(values) // 2] if values else None


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (uvicorn's workers under `indaba serve --workers`)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            kids = [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def tree_cpu(roots: list[int]) -> dict[int, float]:
    """CPU seconds so far of each process of the server: its roots and their descendants."""
    out: dict[int, float] = {}
    for root in roots:
        for pid in [root, *descendants(root)]:
            try:
                out[pid] = cpu_seconds(pid)
            except (OSError, IndexError):
                continue
    return out


def cpu_since(start: dict[int, float], roots: list[int]) -> float:
    """CPU the server's processes used since `start` (a process started meanwhile, such as
    a replaced worker, counts from zero)."""
    return sum(seconds - start.get(pid, 0.0) for pid, seconds in tree_cpu(roots).items())


def connections_by_process(port: int, pids: list[int]) -> dict[int, int]:
    """How many established TCP connections to `port` each of `pids` holds (from
    /proc/net/tcp and each process's file descriptors): how the kernel spread the clients
    over the workers."""
    inodes: set[str] = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "01":
            inodes.add(f"socket:[{fields[9]}]")
    counts: dict[int, int] = {}
    for pid in pids:
        try:
            names = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        held = 0
        for name in names:
            try:
                held += os.readlink(f"/proc/{pid}/fd/{name}") in inodes
            except OSError:
                continue
        if held:
            counts[pid] = held
    return counts


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def wait_http(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    receiver_url: str
    writer_url: str
    cleanup: list[Any] = field(default_factory=list)
    # Processes besides the server's own tree whose CPU is the server's (indaba2's Redis).
    helpers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    # Indaba only: the server's environment (for set-up scripts against its data), its board
    # and its HTTP address (bench/workshop.py's vote).
    env: dict[str, str] = field(default_factory=dict)
    board: str = ""
    http_base: str = ""
    # Every board's (receiver URL, writer URL), the first being receiver_url/writer_url.
    board_urls: list[tuple[str, str]] = field(default_factory=list)

    def roots(self) -> list[int]:
        return [self.process.pid, *(h.pid for h in self.helpers)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for helper in self.helpers:
            helper.terminate()
            helper.wait(timeout=10)
        for item in self.cleanup:
            item()


def start_indaba(database_url: str, synchronous: str, checks: bool = True,
                 settings: dict[str, str] | None = None, name: str = "",
                 boards: int = 1) -> Server:
    """`indaba serve` on a fresh data directory; `checks=False` runs it through
    unchecked.py (the input checks patched out) to measure what they cost. `settings` are
    extra INDABA_* environment settings (bench/workshop.py turns presence coalescing off)."""
    data_dir = Path(tempfile.mkdtemp(prefix="indaba-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("INDABA_")}
    env.update({
        "INDABA_DATA_DIR": str(data_dir),
        "INDABA_SECRET_KEY": "bench-secret-key-not-for-production",
        "INDABA_ALLOWED_HOSTS": "127.0.0.1,localhost",
    })
    if database_url:
        env["INDABA_DATABASE_URL"] = database_url
    if synchronous:
        env["INDABA_SQLITE_SYNCHRONOUS"] = synchronous
    env.update(settings or {})

    def cli(*args: str) -> str:
        return subprocess.run([INDABA, *args], env=env, check=True, capture_output=True,
                              text=True, timeout=120).stdout

    made: list[tuple[str, str, str]] = []  # (board, reader token, writer token)
    for k in range(boards):
        board = json.loads(cli("board", "create", "--title", f"Fan-out benchmark {k}"))["id"]
        # "--": board ids may begin with "-".
        writer_token = cli("board", "token", "--role", "editor", "--name", "Writer", "--",
                           board).strip()
        reader_token = cli("board", "token", "--role", "editor", "--name", "Participant",
                           "--", board).strip()
        made.append((board, reader_token, writer_token))
    port = free_port()
    log = (data_dir / "server.log").open("ab")
    command = [INDABA] if checks else [sys.executable, str(HERE / "unchecked.py")]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/healthz", process)
    urls = [(f"ws://127.0.0.1:{port}/sync/{b}?token={reader}",
             f"ws://127.0.0.1:{port}/sync/{b}?token={writer}") for b, reader, writer in made]
    return Server(name or ("indaba" if checks else "unchecked"), process, *urls[0],
                  [log.close, lambda: shutil.rmtree(data_dir, ignore_errors=True)],
                  env=env, board=made[0][0], http_base=f"http://127.0.0.1:{port}",
                  board_urls=urls)


def start_redis() -> tuple[subprocess.Popen[bytes], str]:
    """A private redis-server on a free port, nothing persisted."""
    port = free_port()
    process = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--bind", "127.0.0.1",
         "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.05)


def start_indaba_workers(database_url: str, synchronous: str, workers: int,
                         boards: int = 1, routing: str = "board") -> Server:
    """`indaba serve` with INDABA_WORKERS=workers and a private Redis between them;
    `routing` is INDABA_WORKER_ROUTING (board: each board's WebSockets on its owner worker;
    kernel: wherever the kernel put them)."""
    redis, url = start_redis()
    try:
        server = start_indaba(database_url, synchronous,
                              settings={"INDABA_REDIS_URL": url,
                                        "INDABA_WORKERS": str(workers),
                                        "INDABA_WORKER_ROUTING": routing},
                              name=f"indaba{workers}" + ("k" if routing == "kernel" else ""),
                              boards=boards)
    except BaseException:
        redis.terminate()
        redis.wait(timeout=10)
        raise
    server.helpers.append(redis)
    return server


def start_reference(boards: int = 1) -> Server:
    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port))
    process = subprocess.Popen(
        ["node", str(HERE / "node_modules/@y/websocket-server/src/server.js")],
        env=env, cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/", process)
    urls = [(f"ws://127.0.0.1:{port}/fanout-board{'' if k == 0 else f'-{k}'}",) * 2
            for k in range(boards)]
    return Server("reference", process, *urls[0], board_urls=urls)


def run_load(server: Server, clients: int, seconds: float, args: argparse.Namespace
             ) -> dict[str, Any]:
    roots = server.roots()
    config = {
        "receiverUrl": server.receiver_url, "writerUrl": server.writer_url,
        "clients": clients, "seconds": seconds, "writerRate": args.rate,
        "cursorClients": args.cursor_clients, "cursorHz": args.cursor_hz,
    }
    if len(server.board_urls) > 1:
        config["boards"] = [{"receiverUrl": r, "writerUrl": w} for r, w in server.board_urls]
    rss_peak = 0
    sampling = threading.Event()
    stop_sampling = threading.Event()

    def sample_rss() -> None:
        nonlocal rss_peak
        while not stop_sampling.wait(0.25):
            if sampling.is_set():
                total = 0
                for pid in tree_cpu(roots):
                    try:
                        total += status_kib(pid, "VmRSS")
                    except (OSError, KeyError):
                        continue
                rss_peak = max(rss_peak, total)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    sampler.start()
    load = subprocess.Popen(["node", str(HERE / "load.mjs"), json.dumps(config)], cwd=HERE,
                            stdout=subprocess.PIPE, text=True)
    summary: dict[str, Any] = {}
    cpu_start: dict[int, float] = {}
    wall_start = 0.0
    cpu_percent = other_percent = None
    spread: dict[int, int] = {}
    busy_start = (0.0, 0.0)
    deadline = time.monotonic() + seconds + 200
    probe = SpeedProbe()
    try:
        assert load.stdout is not None
        for line in load.stdout:
            event = json.loads(line)
            if event["event"] == "measure-start":
                cpu_start, wall_start = tree_cpu(roots), time.monotonic()
                port = int(server.receiver_url.split("://", 1)[1].split("/", 1)[0]
                           .rsplit(":", 1)[1])
                spread = connections_by_process(port, list(cpu_start))
                busy_start = machine_busy()
                load_start = cpu_seconds(load.pid)
                probe.start()
                sampling.set()
            elif event["event"] == "measure-end":
                wall = time.monotonic() - wall_start
                server_cpu = cpu_since(cpu_start, roots)
                cpu_percent = 100 * server_cpu / wall
                busy_end = machine_busy()
                # Everything else the machine did meanwhile (other people's work), as a
                # share of all its CPUs: the benchmark is only as clean as this is low.
                other = (busy_end[0] - busy_start[0]) - server_cpu - (
                    cpu_seconds(load.pid) - load_start)
                other_percent = 100 * other / (busy_end[1] - busy_start[1])
                summary["speedProbeUs"] = probe.stop()
                sampling.clear()
            elif event["event"] == "summary":
                summary.update(event)
            elif event["event"] == "error":
                summary["error"] = event["error"]
            if time.monotonic() > deadline:
                break
        load.wait(timeout=30)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
        stop_sampling.set()
        sampler.join()
        probe.stop()
    summary["serverCpuPercent"] = cpu_percent
    # Sorted counts of client connections per server process at the start of measuring.
    summary["connectionsPerProcess"] = sorted(spread.values(), reverse=True)
    summary["otherMachineCpuPercent"] = other_percent
    summary["serverRssMiB"] = rss_peak / 1024
    summary["serverAlive"] = server.process.poll() is None
    return summary


def median_p99(results: list[dict[str, Any]], server: str, clients: int) -> float | None:
    values = sorted(r["latencyMs"]["p99"] for r in results if r["server"] == server
                    and r.get("clients") == clients and r.get("latencyMs", {}).get("p99"))
    return values[len(values) // 2] if values else None


def median_of(results: list[dict[str, Any]], server: str, clients: int, key: str
              ) -> float | None:
    values = sorted(r[key] for r in results if r["server"] == server
                    and r.get("clients") == clients and r.get(key) is not None)
    return values[len(values) // 2] if values else None


def fmt(value: Any, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="50,200,500",
                        help="comma-separated client counts (default 50,200,500)")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="measured seconds per run, after connecting and a 3 s warm-up")
    parser.add_argument("--rate", type=float, default=30.0,
                        help="updates per second of each board's writer")
    parser.add_argument("--boards", type=int, default=1,
                        help="boards the clients are spread over, each with its own writer")
    parser.add_argument("--cursor-clients", type=int, default=5,
                        help="clients besides the writer that move a cursor")
    parser.add_argument("--cursor-hz", type=float, default=5.0)
    parser.add_argument("--servers", default="indaba,reference",
                        help="any of indaba, indaba2 (two worker processes and a private "
                             "Redis, each board's WebSockets on the worker owning it), "
                             "indaba2k (the same with INDABA_WORKER_ROUTING=kernel: "
                             "connections stay where the kernel put them), reference and "
                             "unchecked (Indaba without its input checks, to measure what "
                             "they cost)")
    parser.add_argument("--database-url", default="",
                        help="INDABA_DATABASE_URL for the Indaba server (default: SQLite)")
    parser.add_argument("--sqlite-synchronous", default="",
                        help="INDABA_SQLITE_SYNCHRONOUS for the Indaba server (default: the "
                             "server's own default, FULL); for diagnosis only")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every (clients, server) pair this many times, interleaved")
    args = parser.parse_args()
    if not (HERE / "node_modules/@y/websocket-server").is_dir():
        print(f"run `npm ci` in {HERE} first", file=sys.stderr)
        return 2
    counts = [int(c) for c in args.clients.split(",")]
    names = args.servers.split(",")
    results: list[dict[str, Any]] = []
    for clients in counts:
        for name in names * args.repeat:
            if name == "reference":
                server = start_reference(args.boards)
            elif name in ("indaba2", "indaba2k"):
                server = start_indaba_workers(
                    args.database_url, args.sqlite_synchronous, 2, boards=args.boards,
                    routing="kernel" if name == "indaba2k" else "board")
            else:
                server = start_indaba(args.database_url, args.sqlite_synchronous,
                                      checks=name == "indaba", boards=args.boards)
            try:
                print(f"-- {name}, {clients} clients ...", file=sys.stderr, flush=True)
                summary = run_load(server, clients, args.seconds, args)
            finally:
                server.stop()
            results.append({"server": name, **summary})

    boards = ("1 board" if args.boards == 1 else
              f"{args.boards} boards (clients spread evenly), one writer per board:")
    print(f"\nFan-out: {boards} writer {args.rate:g} updates/s + cursor {10} Hz, "
          f"{args.cursor_clients} cursors at {args.cursor_hz:g} Hz, all clients renew "
          f"presence every 15 s; {args.seconds:g} s measured; {os.cpu_count()} CPUs, "
          f"{platform.platform()}")
    header = (f"{'clients':>7} {'server':<9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'delivered':>11} {'disc':>5} {'cpu %':>6} {'rss MiB':>8} "
              f"{'load cpu %':>10} {'aw p99':>8} {'other %':>7} {'probe us':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        lat = r.get("latencyMs", {})
        delivered = (f"{100 * r['deliveries'] / r['expectedDeliveries']:.1f}%"
                     if r.get("expectedDeliveries") else "-")
        print(f"{r.get('clients', '-'):>7} {r['server']:<9} {fmt(lat.get('p50')):>8} "
              f"{fmt(lat.get('p95')):>8} {fmt(lat.get('p99')):>8} {fmt(lat.get('max')):>8} "
              f"{delivered:>11} {r.get('disconnects', '-'):>5} "
              f"{fmt(r.get('serverCpuPercent'), '.0f'):>6} {fmt(r.get('serverRssMiB')):>8} "
              f"{fmt(r.get('loadCpuPercent'), '.0f'):>10} "
              f"{fmt(r.get('awarenessLatencyMs', {}).get('p99')):>8} "
              f"{fmt(r.get('otherMachineCpuPercent'), '.0f'):>7} "
              f"{fmt(r.get('speedProbeUs'), '.0f'):>8}"
              + (f"  per process {'/'.join(map(str, r['connectionsPerProcess']))}"
                 if len(r.get("connectionsPerProcess", [])) > 1 else "")
              + ("" if r.get("checkerConverged", True) else "  CHECKER DID NOT CONVERGE")
              + (f"  ERROR {r['error']}" if "error" in r else ""))
    print()
    for clients in counts:
        for mine_name, other, label in (
                ("indaba", "reference", "Indaba/reference"),
                ("indaba", "unchecked", "Indaba/Indaba without input checks"),
                ("indaba2", "reference", "Indaba 2 workers/reference"),
                ("indaba2", "indaba", "Indaba 2 workers/1 worker"),
                ("indaba2k", "reference", "Indaba 2 workers unrouted/reference"),
                ("indaba2k", "indaba", "Indaba 2 workers unrouted/1 worker"),
                ("indaba2", "indaba2k", "Indaba 2 workers routed/unrouted")):
            mine = median_p99(results, mine_name, clients)
            theirs = median_p99(results, other, clients)
            if mine and theirs:
                cpu_mine = median_of(results, mine_name, clients, "serverCpuPercent")
                cpu_theirs = median_of(results, other, clients, "serverCpuPercent")
                print(f"{clients:>4} clients: p99 {label} = {mine / theirs:.2f}"
                      + (f", cpu {cpu_mine / cpu_theirs:.2f}" if cpu_mine and cpu_theirs
                         else "")
                      + (f" (medians of {args.repeat} runs)" if args.repeat > 1 else ""))
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"fanout-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    print(f"\nraw results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
