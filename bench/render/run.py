"""Render benchmark: Indaba's board page against bare Excalidraw 0.18.1, same scene, same run.

    .venv/bin/python bench/render/run.py [--sizes 1000,5000,10000] [--repeat 3]
                                         [--frames 180] [--output FILE]

For every size a scene is generated (a workshop board: sticky notes — a rectangle and its
bound text, 2 elements each — plus rectangles, ellipses, arrows, free-hand lines and loose
text, spread at random over a square that grows with the element count) and written as an
.excalidraw file. Then, in one headless Debian Chromium (--disable-gpu: software canvas),
1440x900, each page is opened in a fresh browser context (empty cache):

- Indaba: `indaba serve` on a fresh data directory, the file imported with
  `indaba board import`, the board page opened with an editor token (the token is put into
  its cookie first, so the page loads without the redirect);
- bare: bench/render/dist (a page of our own: @excalidraw/excalidraw 0.18.1 and React alone,
  built with vite; `initialData` fetched from the same file), served by a small static server.

Measured in the page, the same way for both:
- first render: performance.now() two animation frames after the editor first holds all
  N elements (from the start of navigation);
- panning: one wheel event (deltaX 12, deltaY 8 px, like a trackpad) dispatched on the
  canvas in every animation frame, 30 frames of warm-up then `--frames` measured; frame
  time = the difference of consecutive requestAnimationFrame timestamps.

The two pages alternate (order swapped on each repeat); the table shows medians over the
repeats. Nothing is tuned to pass: the targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import itertools
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import IndabaServer  # noqa: E402

CHROMIUM = os.environ.get("INDABA_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 900}
WARMUP_FRAMES = 30
DELTA = (12, 8)
TARGET_FPS_5K = 50.0
TARGET_OVERHEAD = 1.10
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
STICKY_COLORS = ["#fff3a3", "#ffd8a8", "#ffc9de", "#c3f0c8", "#c5e4ff", "#e3d7ff"]

# Installed before any page script: notes the first render of the whole scene.
PROBE = """
(() => {
  const expected = %d;
  window.__probe = {firstRender: null};
  const api = () => (window.__indaba && window.__indaba.api)
    || (window.__bench && window.__bench.api);
  const tick = () => {
    const editor = api();
    if (editor && editor.getSceneElements().length >= expected) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__probe.firstRender = performance.now();
      }));
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

PAN = """async ([frames, dx, dy]) => {
  const canvas = document.querySelector('.excalidraw canvas.interactive');
  const box = canvas.getBoundingClientRect();
  const init = {deltaX: dx, deltaY: dy, deltaMode: 0, bubbles: true, cancelable: true,
                clientX: box.left + box.width / 2, clientY: box.top + box.height / 2};
  const stamps = [];
  await new Promise((resolve) => {
    const frame = (t) => {
      stamps.push(t);
      if (stamps.length > frames) return resolve();
      canvas.dispatchEvent(new WheelEvent('wheel', init));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return stamps;
}"""

API = "((window.__indaba && window.__indaba.api) || (window.__bench && window.__bench.api))"


def index_key(i: int) -> str:
    """A valid fractional index (an integer key "c" + 3 base-62 digits), ascending with i."""
    digits = ""
    for _ in range(3):
        i, rest = divmod(i, 62)
        digits = BASE62[rest] + digits
    return "c" + digits


def scene(count: int, seed: int = 11) -> dict[str, Any]:
    """A workshop-like board of exactly `count` elements, as an .excalidraw file."""
    rng = random.Random(seed)
    side = int(math.sqrt(count) * 180)  # ~180 px of board per element each way
    elements: list[dict[str, Any]] = []

    def base(kind: str, x: float, y: float, w: float, h: float) -> dict[str, Any]:
        n = len(elements)
        return {
            "id": f"e{n:05d}{rng.getrandbits(48):012x}", "type": kind, "x": x, "y": y,
            "width": w, "height": h, "angle": 0, "strokeColor": "#1e1e1e",
            "backgroundColor": "transparent", "fillStyle": "solid", "strokeWidth": 2,
            "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [],
            "frameId": None, "index": index_key(n), "roundness": {"type": 3},
            "seed": rng.getrandbits(31), "version": 3, "versionNonce": rng.getrandbits(31),
            "isDeleted": False, "boundElements": None, "updated": 1_760_000_000_000 + n,
            "link": None, "locked": False,
        }

    def text(x: float, y: float, words: str, container: str | None) -> dict[str, Any]:
        element = base("text", x, y, 10.5 * len(words), 25)
        element.update(text=words, originalText=words, fontSize=20, fontFamily=5,
                       textAlign="center" if container else "left",
                       verticalAlign="middle" if container else "top", containerId=container,
                       autoResize=True, lineHeight=1.25)
        return element

    while len(elements) < count:
        x, y = rng.uniform(-side / 2, side / 2), rng.uniform(-side / 2, side / 2)
        kind = rng.choices(["sticky", "rectangle", "ellipse", "arrow", "freedraw", "text"],
                           weights=[40, 15, 10, 15, 10, 10])[0]
        if kind == "sticky" and len(elements) + 2 <= count:
            note = base("rectangle", x, y, 200, 200)
            label = text(x, y + 87.5, f"Idea {len(elements)}", note["id"])
            label["x"] = x + (200 - label["width"]) / 2
            note.update(backgroundColor=rng.choice(STICKY_COLORS), strokeWidth=1, roughness=0,
                        boundElements=[{"type": "text", "id": label["id"]}],
                        customData={"indaba": {"kind": "sticky", "author": "Bench",
                                               "color": note["backgroundColor"]}})
            elements += [note, label]
        elif kind in ("rectangle", "ellipse", "sticky"):
            shape = base("ellipse" if kind == "ellipse" else "rectangle", x, y,
                         rng.uniform(40, 300), rng.uniform(40, 200))
            shape["backgroundColor"] = rng.choice(["transparent", "#a5d8ff", "#ffec99"])
            elements.append(shape)
        elif kind in ("arrow", "freedraw"):
            steps = 2 if kind == "arrow" else 24
            points, px, py = [[0.0, 0.0]], 0.0, 0.0
            reach = 150 if kind == "arrow" else 15
            for _ in range(steps - 1 if kind == "arrow" else steps):
                px, py = px + rng.uniform(-reach, reach), py + rng.uniform(-reach / 2, reach)
                points.append([px, py])
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            line = base(kind, x, y, max(xs) - min(xs), max(ys) - min(ys))
            line.update(points=points, lastCommittedPoint=None)
            if kind == "arrow":
                line.update(startBinding=None, endBinding=None, startArrowhead=None,
                            endArrowhead="arrow", elbowed=False)
            else:
                line.update(pressures=[], simulatePressure=True, roundness=None)
            elements.append(line)
        else:
            elements.append(text(x, y, f"Loose thought {len(elements)}", None))
    return {"type": "excalidraw", "version": 2, "source": "indaba-bench",
            "elements": elements, "appState": {"viewBackgroundColor": "#ffffff"}, "files": {}}


def ensure_built() -> None:
    if not (ROOT / "frontend" / "dist" / ".vite" / "manifest.json").exists():
        sys.exit("frontend/dist is missing: cd frontend && npm ci && npm run build")
    if not (HERE / "dist" / "index.html").exists():
        npm = shutil.which("npm") or "npm"
        if not (HERE / "node_modules").exists():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
        subprocess.run([npm, "run", "build"], cwd=HERE, check=True)


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """bench/render/dist, plus the generated scenes under /scenes/."""

    scenes: Path

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0]
        if clean.startswith("/scenes/"):
            return str(self.scenes / Path(clean).name)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def static_server(scenes: Path) -> Iterator[str]:
    handler = functools.partial(type("Handler", (StaticHandler,), {"scenes": scenes}),
                                directory=str(HERE / "dist"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def measure(browser: Any, url: str, count: int, frames: int,
            cookie_url: str | None = None) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        if cookie_url:  # the board page moves the token into a cookie: do that first
            context.request.get(cookie_url, max_redirects=0)
        context.add_init_script(PROBE % count)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_function("() => window.__probe && window.__probe.firstRender !== null",
                               timeout=180_000, polling=100)
        first_render = float(page.evaluate("() => window.__probe.firstRender"))
        # Same starting view for both pages, then let fonts and late work settle. The zoom
        # too: Indaba's page opens zoomed out to show the whole board (10 % at 10,000
        # elements, thousands of elements in sight), bare Excalidraw at 100 % (about 40).
        page.evaluate(f"() => {API}.updateScene({{appState: {{scrollX: 0, scrollY: 0, "
                      "zoom: {value: 1}}})")
        page.wait_for_timeout(1000)
        page.evaluate(PAN, [WARMUP_FRAMES, *DELTA])
        stamps = page.evaluate(PAN, [frames, *DELTA])
        moved = page.evaluate(f"() => {API}.getAppState().scrollX")
        if errors:
            raise RuntimeError(f"{url}: page errors {errors}")
        if moved == 0:
            raise RuntimeError(f"{url}: the wheel events did not pan the canvas")
    finally:
        context.close()
    times = [b - a for a, b in itertools.pairwise(stamps)]
    return {"first_render_ms": first_render, "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95), "fps": 1000 * len(times) / sum(times),
            "max_ms": max(times)}


def median_of(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frames", type=int, default=180)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "render.json"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ensure_built()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="indaba-render-"))
    server = IndabaServer(work / "server").start()
    results: dict[int, dict[str, list[dict[str, float]]]] = {}
    load_before = os.getloadavg()
    try:
        boards: dict[int, str] = {}
        for size in sizes:
            path = work / f"scene-{size}.excalidraw"
            path.write_text(json.dumps(scene(size)))
            boards[size] = json.loads(server.cli("board", "import", str(path), "--title",
                                                 f"Render {size}").stdout)["id"]
        with static_server(work) as bare_base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=ARGS)
            for size in sizes:
                board = boards[size]
                token = server.token(board, name="Bench")
                board_url = f"{server.url}/boards/{board}"
                runs: dict[str, list[dict[str, float]]] = {"indaba": [], "bare": []}
                for repeat in range(args.repeat):
                    order = ["bare", "indaba"] if repeat % 2 == 0 else ["indaba", "bare"]
                    for which in order:
                        if which == "bare":
                            run = measure(browser, f"{bare_base}/?scene=/scenes/scene-{size}"
                                          ".excalidraw", size, args.frames)
                        else:
                            run = measure(browser, board_url, size, args.frames,
                                          cookie_url=f"{board_url}?token={token}")
                        runs[which].append(run)
                        print(f"  {size:>6} {which:<6} #{repeat + 1}: first render "
                              f"{run['first_render_ms']:7.0f} ms, p50 {run['p50_ms']:5.1f} ms,"
                              f" p95 {run['p95_ms']:5.1f} ms, {run['fps']:5.1f} fps",
                              file=sys.stderr, flush=True)
                results[size] = runs
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    print(f"\nheadless Chromium ({CHROMIUM}, --disable-gpu), 1440x900, {args.frames} frames "
          f"panned by wheel ({DELTA[0]},{DELTA[1]}) px/frame; medians of {args.repeat} runs; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, "
          f"{os.cpu_count()} cores")
    print(f"{'elements':>8} {'page':<7} {'first render ms':>15} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'fps':>6}")
    for size, runs in results.items():
        for which in ("bare", "indaba"):
            print(f"{size:>8} {which:<7} {median_of(runs[which], 'first_render_ms'):>15.0f} "
                  f"{median_of(runs[which], 'p50_ms'):>7.1f} "
                  f"{median_of(runs[which], 'p95_ms'):>7.1f} "
                  f"{median_of(runs[which], 'fps'):>6.1f}")
    print(f"\n{'elements':>8} {'Indaba/bare: first render':>26} {'p50':>6} {'p95':>6} "
          f"{'frame time (1/fps)':>19}")
    verdicts = []
    for size, runs in results.items():
        ratio = {key: median_of(runs["indaba"], key) / median_of(runs["bare"], key)
                 for key in ("first_render_ms", "p50_ms", "p95_ms", "fps")}
        print(f"{size:>8} {ratio['first_render_ms']:>26.2f} {ratio['p50_ms']:>6.2f} "
              f"{ratio['p95_ms']:>6.2f} {1 / ratio['fps']:>19.2f}")
        verdicts.append((size, 1 / ratio["fps"]))
    print()
    if 5000 in results:
        fps = median_of(results[5000]["indaba"], "fps")
        print(f"target: 5,000 elements pan at >= {TARGET_FPS_5K:.0f} fps on Indaba's page: "
              f"{fps:.1f} fps -> {'met' if fps >= TARGET_FPS_5K else 'NOT met'}")
    for size, overhead in verdicts:
        print(f"target: Indaba frame time <= {TARGET_OVERHEAD:.2f} x bare at {size}: "
              f"{overhead:.2f} -> {'met' if overhead <= TARGET_OVERHEAD else 'NOT met'}")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"sizes": sizes, "frames": args.frames, "results": {
        str(size): runs for size, runs in results.items()}}, indent=1))
    print(f"\nraw figures: {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
