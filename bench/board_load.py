"""Board load benchmark: a 10,000-element board loaded from storage and synced to a new client.

    .venv/bin/python bench/board_load.py [--elements 10000] [--repeat 7] [--database-url URL]

Measures, on the same generated board in the same run:
1. in-process (server time): a fresh `SyncEngine` on `SqlBoardStore` serves a new client;
   the clock runs from `engine.serve()` until the SyncStep2 answering the client's
   SyncStep1 is handed to the channel — authorization, reading storage, building the
   document, the handshake. Cold: a new engine and store each time (nothing in memory).
   Warm: the board is already live, a second client joins. Three storage layouts: as
   `indaba board import` leaves it (one update in the log), compacted (one snapshot), and
   a snapshot plus 499 small edits (just under the compaction threshold).
2. end to end: `indaba board import` of a generated .excalidraw, then `indaba serve`; a
   client connects, sends SyncStep1 and times the SyncStep2 (includes the WebSocket
   handshake and token check; an upper bound on server time). First connection loads
   the board from storage; later ones find it live.
3. references: pycrdt alone applying the stored update and encoding the SyncStep2 answer
   (the CRDT work no server can avoid), and Yjs in Node doing the same (what a Node server
   such as @y/websocket-server spends on the same document).
Target: under 250 ms server time for the cold load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pycrdt
import websockets

from indaba.boards import document
from indaba.sync.auth import Grant, Role
from indaba.sync.engine import SyncEngine
from indaba.sync.protocol import SyncType, encode_sync
from indaba.sync.room import load_document
from indaba.sync.sqlstore import SqlBoardStore
from indaba.sync.store import StoredBoard

ROOT = Path(__file__).resolve().parent.parent
INDABA = str(Path(sys.executable).parent / "indaba")
NODE_REFERENCE = ROOT / "bench" / "fanout" / "yjs_load.mjs"
EMPTY_STATE_VECTOR = b"\x00"
STEP1 = encode_sync(SyncType.STEP1, EMPTY_STATE_VECTOR)
BOARD = "benchboard10k"


def excalidraw_elements(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Elements shaped like Excalidraw's own: rectangles, text, arrows and freedraw."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for i in range(count):
        kind = rng.choice(["rectangle", "rectangle", "text", "arrow", "ellipse", "freedraw"])
        element: dict[str, Any] = {
            "id": f"el{i:05d}-{rng.getrandbits(40):010x}", "type": kind,
            "x": rng.uniform(-5000, 5000), "y": rng.uniform(-5000, 5000),
            "width": rng.uniform(20, 400), "height": rng.uniform(20, 300), "angle": 0,
            "strokeColor": "#1e1e1e", "backgroundColor": rng.choice(["transparent", "#ffec99"]),
            "fillStyle": "solid", "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1,
            "opacity": 100, "groupIds": [], "frameId": None, "roundness": {"type": 3},
            "seed": rng.getrandbits(31), "version": rng.randint(1, 40),
            "versionNonce": rng.getrandbits(31), "index": f"a{i:05d}", "isDeleted": False,
            "boundElements": None, "updated": 1_760_000_000_000 + i, "link": None,
            "locked": False,
        }
        if kind == "text":
            element.update(text=f"Sticky note {i}: idea from the workshop", fontSize=20,
                           fontFamily=5, textAlign="left", verticalAlign="top",
                           containerId=None, originalText=f"Sticky note {i}",
                           autoResize=True, lineHeight=1.25)
        elif kind in ("arrow", "freedraw"):
            points = [[0, 0]] + [[rng.uniform(-200, 200), rng.uniform(-200, 200)]
                                 for _ in range(3 if kind == "arrow" else 24)]
            element["points"] = points
            if kind == "arrow":
                element.update(startBinding=None, endBinding=None, startArrowhead=None,
                               endArrowhead="arrow", elbowed=False)
            else:
                element.update(pressures=[], simulatePressure=True)
        out.append(element)
    return out


def board_update(elements: list[dict[str, Any]]) -> bytes:
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    document.write_elements(doc, elements)
    return doc.get_update()


def small_edits(base: bytes, elements: list[dict[str, Any]], count: int) -> list[bytes]:
    """`count` single-element moves, each its own update, as clients would send them."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    doc.apply_update(base)
    emap = doc.get(document.ELEMENTS, type=pycrdt.Map)
    edits: list[bytes] = []
    doc.observe(lambda event: edits.append(event.update))
    rng = random.Random(3)
    for n in range(count):
        element = dict(rng.choice(elements))
        element.update(x=element["x"] + n, version=element["version"] + n + 1)
        emap[element["id"]] = element
    return edits


# -- in-process: the engine on a real store -------------------------------------------------

class _Authorizer:
    async def authorize(self, board_id: str, token: str) -> Grant:
        return Grant(board_id, Role.EDITOR, "bench", token)

    async def revoked(self, token_ids: set[str]) -> set[str]:
        return set()


class _Channel:
    def __init__(self, on_step2: Callable[[], None]) -> None:
        self._on_step2 = on_step2

    async def send(self, data: bytes) -> None:
        if data[:2] == bytes((0, SyncType.STEP2)):
            self._on_step2()

    async def close(self, code: int, reason: str) -> None:
        pass


async def _join(engine: SyncEngine) -> float:
    """Seconds from serve() to the SyncStep2 reaching the channel."""
    done = asyncio.Event()
    stamp: list[float] = []

    def on_step2() -> None:
        stamp.append(time.perf_counter())
        done.set()

    async def frames() -> AsyncIterator[bytes]:
        yield STEP1
        await done.wait()

    start = time.perf_counter()
    await asyncio.wait_for(engine.serve(BOARD, "t", _Channel(on_step2), frames()), 60)
    return stamp[0] - start


def make_store(args: argparse.Namespace, path: Path) -> SqlBoardStore:
    if args.database_url:
        return SqlBoardStore.postgresql(args.database_url)
    return SqlBoardStore.sqlite(path)  # synchronous=FULL, the default


def prepare(args: argparse.Namespace, path: Path, layout: str, update: bytes,
            edits: list[bytes]) -> None:
    """Write the board into storage in the given layout (replacing what was there)."""
    store = make_store(args, path)
    store.call_sync(store.delete_sync, BOARD)
    store.call_sync(store.append_many_sync, [(BOARD, [update])])
    if layout != "imported":
        store.call_sync(store.compact_sync, BOARD)
    if edits:
        store.call_sync(store.append_many_sync, [(BOARD, edits)])
    store.shutdown_sync()


async def in_process(args: argparse.Namespace, layout: str, update: bytes,
                     edits: list[bytes]) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="indaba-board-load-") as tmp:
        path = Path(tmp) / "boards.sqlite3"
        cold: list[float] = []
        warm: list[float] = []
        for _ in range(args.repeat):
            # Afresh each time: closing the engine compacts the board.
            prepare(args, path, layout, update, edits)
            store = make_store(args, path)
            # Open the database connection first: a running server has it open already.
            await store.update_count(BOARD)
            async with SyncEngine(store, _Authorizer()) as engine:
                cold.append(await _join(engine))
                warm.append(await _join(engine))
        if args.database_url:
            cleanup = make_store(args, path)
            cleanup.call_sync(cleanup.delete_sync, BOARD)
            cleanup.shutdown_sync()
        return cold, warm


# -- end to end: indaba import + serve + a WebSocket client ----------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _client_sync(url: str) -> float:
    start = time.perf_counter()
    async with websockets.connect(url, compression=None, max_size=None) as ws:
        await ws.send(STEP1)
        async for frame in ws:
            if isinstance(frame, bytes) and frame[:2] == bytes((0, SyncType.STEP2)):
                return time.perf_counter() - start
    raise RuntimeError("connection closed before SyncStep2")


def end_to_end(args: argparse.Namespace, elements: list[dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="indaba-board-load-e2e-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INDABA_")}
        env.update(INDABA_DATA_DIR=tmp, INDABA_SECRET_KEY="bench-secret-key",
                   INDABA_ALLOWED_HOSTS="127.0.0.1,localhost")
        if args.database_url:
            env["INDABA_DATABASE_URL"] = args.database_url

        def cli(*a: str) -> str:
            return subprocess.run([INDABA, *a], env=env, check=True, capture_output=True,
                                  text=True, timeout=300).stdout

        scene = Path(tmp) / "board.excalidraw"
        scene.write_text(json.dumps({"type": "excalidraw", "version": 2, "source": "bench",
                                     "elements": elements, "appState": {}, "files": {}}))
        board = json.loads(cli("board", "import", str(scene), "--title", "10k"))["id"]
        token = cli("board", "token", "--name", "bench", "--", board).strip()
        port = free_port()
        log = (Path(tmp) / "server.log").open("ab")
        server = subprocess.Popen([INDABA, "serve", "--port", str(port), "--log-level",
                                   "warning"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            import urllib.request

            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("server did not start") from None
                    time.sleep(0.1)
            url = f"ws://127.0.0.1:{port}/sync/{board}?token={token}"
            first = asyncio.run(_client_sync(url))
            later = [asyncio.run(_client_sync(url)) for _ in range(args.repeat)]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        return {"first": first, "later": later}


# -- references ---------------------------------------------------------------------------

def pycrdt_reference(update: bytes, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        doc: pycrdt.Doc[Any] = pycrdt.Doc()
        doc.apply_update(update)
        doc.get_update(EMPTY_STATE_VECTOR)
        times.append(time.perf_counter() - start)
    return times


def node_reference(update: bytes, repeat: int) -> list[float]:
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(update)
        f.flush()
        out = subprocess.run(["node", str(NODE_REFERENCE), f.name, str(repeat)],
                             cwd=NODE_REFERENCE.parent, check=True, capture_output=True,
                             text=True, timeout=300).stdout
    return [t / 1000 for t in json.loads(out)["ms"]]


def ms(values: list[float]) -> str:
    return (f"{1000 * statistics.median(values):8.1f} {1000 * min(values):8.1f} "
            f"{1000 * max(values):8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--edits", type=int, default=499,
                        help="small edits after the snapshot in the third layout")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL for the store (default: SQLite in a temp dir)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")

    elements = excalidraw_elements(args.elements)
    update = board_update(elements)
    edits = small_edits(update, elements, args.edits)
    merged = pycrdt.merge_updates(update, *edits)
    check = load_document(StoredBoard(merged))
    assert len(check.get(document.ELEMENTS, type=pycrdt.Map)) == args.elements

    rows: list[tuple[str, str]] = []
    print(f"board: {args.elements} elements, update {len(update) / 1024:.0f} KiB; "
          f"store: {'PostgreSQL' if args.database_url else 'SQLite (synchronous=FULL)'}; "
          f"{os.cpu_count()} CPUs", flush=True)
    results: dict[str, Any] = {}
    for layout, extra in (("imported", []), ("snapshot", []), ("snapshot+edits", edits)):
        cold, warm = asyncio.run(in_process(args, layout, update, extra))
        results[layout] = {"cold": cold, "warm": warm}
        rows.append((f"engine, cold load, {layout}", ms(cold)))
        rows.append((f"engine, board live, {layout}", ms(warm)))
    e2e = end_to_end(args, elements)
    results["end_to_end"] = e2e
    rows.append(("client, first connect (import, serve)", ms([e2e["first"]])))
    rows.append(("client, later connects", ms(e2e["later"])))
    py_ref = pycrdt_reference(update, args.repeat)
    js_ref = node_reference(update, args.repeat)
    results["pycrdt"] = py_ref
    results["yjs"] = js_ref
    rows.append(("reference: pycrdt apply + encode", ms(py_ref)))
    rows.append(("reference: Yjs (Node) apply + encode", ms(js_ref)))

    print(f"\n{'measurement':<42} {'median':>8} {'min':>8} {'max':>8}   (ms)")
    print("-" * 72)
    for name, values in rows:
        print(f"{name:<42} {values}")
    worst_cold = max(statistics.median(results[k]["cold"]) for k in
                     ("imported", "snapshot", "snapshot+edits"))
    print(f"\ntarget: cold load + sync under 250 ms server time: "
          f"{'met' if worst_cold < 0.250 else 'NOT met'} "
          f"(worst median {1000 * worst_cold:.0f} ms); "
          f"engine/pycrdt ratio (snapshot layout): "
          f"{statistics.median(results['snapshot']['cold']) / statistics.median(py_ref):.1f}x; "
          f"engine/Yjs ratio: "
          f"{statistics.median(results['snapshot']['cold']) / statistics.median(js_ref):.1f}x")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"board-load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    print(f"raw results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
