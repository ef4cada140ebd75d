"""Where the board page's first render goes: a CPU profile and phase marks up to the mark.

    .venv/bin/python bench/render/profile_first.py [--size 10000] [--keep-view] [--out DIR]

Opens Indaba's board page on the scene `run.py` generates, the way `run.py` does (same
Chromium flags, fresh context, editor cookie), after one warm-up load, with Chromium's
sampling profiler running from navigation to run.py's first-render mark. Writes the
profile (open it in Chromium's DevTools) and prints:

- phase marks, ms from navigation start: WebSocket open, arrival of the sync message,
  the editor first holding every element, zoom changes, long tasks;
- the functions with the most self time and the most inclusive time.

`--keep-view` moves the view by one pixel before the sync, so the page keeps its 100 %
first view (as it does for a person who has already moved it): bare Excalidraw's view.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (also puts the repository root on the path)
from tests.support.server import IndabaServer  # noqa: E402

# Notes the phases in window.__marks; installed before any page script.
MARKS = """
(() => {
  const marks = window.__marks = [];
  const note = (name) => marks.push([name, performance.now()]);
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('open', () => note('WebSocket open'));
    ws.addEventListener('message', (event) => {
      const size = event.data.byteLength || event.data.size || event.data.length || 0;
      if (size > 10000) note('sync message arrives (' + size + ' bytes)');
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  let count = -1;
  let zoom = null;
  const poll = () => {
    const api = window.__indaba && window.__indaba.api;
    if (api) {
      const n = api.getSceneElements().length;
      if (n !== count) { note('editor holds ' + n + ' elements'); count = n; }
      const z = api.getAppState().zoom.value;
      if (z !== zoom) { note('zoom ' + z); zoom = z; }
    }
    if (!window.__probe || window.__probe.firstRender === null) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      marks.push(['long task ' + Math.round(e.duration) + ' ms', e.startTime]);
    }
  }).observe({type: 'longtask', buffered: true});
})();
"""

# fitFirstView leaves a view the person has moved alone: move it before the sync.
KEEP_VIEW = """
(() => {
  const nudge = () => {
    const api = window.__indaba && window.__indaba.api;
    if (api) { api.updateScene({appState: {scrollX: 1}}); return; }
    requestAnimationFrame(nudge);
  };
  requestAnimationFrame(nudge);
})();
"""


def summary(profile: dict[str, Any], top: int) -> list[str]:
    """Self and inclusive time per function (recursion counted once per stack)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    spent: collections.Counter[int] = collections.Counter()
    for sample, delta in zip(profile["samples"][1:], profile["timeDeltas"][1:], strict=True):
        spent[sample] += delta / 1000

    def name(node_id: int) -> str:
        frame = nodes[node_id]["callFrame"]
        where = frame["url"].rsplit("/", 1)[-1]
        function = frame["functionName"] or "(anonymous)"
        return f"{function} {where}:{frame['lineNumber']}:{frame['columnNumber']}"

    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    for node_id, ms in spent.items():
        own[name(node_id)] += ms
        seen: set[str] = set()
        current: int | None = node_id
        while current is not None:
            label = name(current)
            if label not in seen:
                inclusive[label] += ms
                seen.add(label)
            current = parent.get(current)
    lines = ["self ms:"] + [f"{ms:8.0f}  {label}" for label, ms in own.most_common(top)]
    lines += ["inclusive ms:"] + [f"{ms:8.0f}  {label}" for label, ms in inclusive.most_common(top)]
    return lines


def profile_page(browser: Any, url: str, cookie_url: str, size: int,
                 keep_view: bool) -> tuple[float, list[tuple[str, float]], dict[str, Any]]:
    context = browser.new_context(viewport=run.VIEWPORT)
    try:
        context.request.get(cookie_url, max_redirects=0)
        context.add_init_script(run.PROBE % size)
        context.add_init_script(MARKS)
        if keep_view:
            context.add_init_script(KEEP_VIEW)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        page.goto(url)
        page.wait_for_function("() => window.__probe && window.__probe.firstRender !== null",
                               timeout=180_000, polling=100)
        profile = cdp.send("Profiler.stop")["profile"]
        first = float(page.evaluate("() => window.__probe.firstRender"))
        marks = [(str(m), float(t)) for m, t in page.evaluate("() => window.__marks")]
    finally:
        context.close()
    return first, sorted(marks, key=lambda mark: mark[1]), profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--keep-view", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", default=str(run.ROOT / "bench" / "results"))
    args = parser.parse_args()
    run.ensure_built()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="indaba-profile-"))
    scene = work / "scene.excalidraw"
    scene.write_text(json.dumps(run.scene(args.size)))
    server = IndabaServer(work / "server").start()
    try:
        board = json.loads(server.cli("board", "import", str(scene), "--title",
                                      "Profile").stdout)["id"]
        url = f"{server.url}/boards/{board}"
        cookie_url = f"{url}?token={server.token(board, name='Bench')}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=run.CHROMIUM, headless=True,
                                                 args=run.ARGS)
            profile_page(browser, url, cookie_url, args.size, args.keep_view)  # warm-up
            first, marks, profile = profile_page(browser, url, cookie_url, args.size,
                                                 args.keep_view)
    finally:
        server.stop()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    view = "keep-view" if args.keep_view else "fit"
    path = out / f"first-render-{args.size}-{view}.cpuprofile"
    path.write_text(json.dumps(profile))
    print(f"first render {first:.0f} ms ({args.size} elements, first view: {view})")
    for mark, at in marks:
        print(f"{at:8.0f}  {mark}")
    print("\n".join(summary(profile, args.top)))
    print(f"profile: {path}")


if __name__ == "__main__":
    main()
