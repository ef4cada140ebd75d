"""Phone page load: bytes transferred and time to ready, against the full board page.

    .venv/bin/python bench/phone_load.py [--repeat 3] [--no-slow] [--output FILE]

Starts `indaba serve` on a fresh data directory (tests/support/server.py), runs
`indaba demo` (a hybrid session whose board has frames, headings and notes, and an
editor token link), and opens in headless Debian Chromium, each time in a new browser
context with the cache disabled (empty cache):

- the phone page, 375x740, as someone in the room: `/boards/<id>/phone?token=…`;
- the full board page, the reference, in the same run: `/boards/<id>?token=…`.

Bytes: the sum over every HTTP response of CDP `Network.loadingFinished`
`encodedDataLength` (body as sent, compressed, plus headers), from the first request
(the token redirect) until the page is ready — its document synced
(`provider.synced`; on the board page also the editor mounted) — and the network has
been idle. The board document itself arrives over the WebSocket: its received frames
are counted separately. Encodings are taken from the responses' `Content-Encoding`
(Chromium on plain http://127.0.0.1 asks for what it asks for; the script also sends
`Accept-Encoding: br, gzip` so WhiteNoise can pick the Brotli copies, and reports what
came back).

Time: from navigation start to ready, unthrottled (median over --repeat), and once
under a "Slow 3G"-like connection (CDP `Network.emulateNetworkConditions`: 2000 ms
latency, 50,000 B/s down and up — the DevTools preset). Target: the phone page's
first load at most 150 KB.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import IndabaServer  # noqa: E402

CHROMIUM = os.environ.get("INDABA_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000,
           "uploadThroughput": 50_000}
TARGET_KB = 150
READY = {
    "phone": "() => !!(window.__indabaPhone && window.__indabaPhone.provider.synced)",
    "board": "() => !!(window.__indaba && window.__indaba.api"
             " && window.__indaba.provider.synced)",
}


@dataclass
class Load:
    page: str
    http_bytes: int = 0
    requests: int = 0
    ws_bytes: int = 0
    seconds: float = 0.0
    encodings: dict[str, int] = field(default_factory=dict)
    largest: list[tuple[int, str]] = field(default_factory=list)


def measure(browser: Any, url: str, kind: str, throttle: bool, timeout_s: float) -> Load:
    context = browser.new_context(**(PHONE if kind == "phone" else DESKTOP),
                                  extra_http_headers={"Accept-Encoding": "br, gzip"})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    load = Load(kind)
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}

    def on_response(event: dict[str, Any]) -> None:
        response = event["response"]
        urls[event["requestId"]] = response["url"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        encodings[event["requestId"]] = headers.get("content-encoding", "identity")

    def on_finished(event: dict[str, Any]) -> None:
        size = int(event["encodedDataLength"])
        load.http_bytes += size
        load.requests += 1
        encoding = encodings.get(event["requestId"], "identity")
        load.encodings[encoding] = load.encodings.get(encoding, 0) + 1
        load.largest.append((size, urls.get(event["requestId"], "?")))

    def on_request(event: dict[str, Any]) -> None:
        # A redirect (the token → cookie step) finishes no loading: count its response here.
        redirect = event.get("redirectResponse")
        if redirect is not None:
            load.http_bytes += int(redirect.get("encodedDataLength", 0))
            load.requests += 1

    def on_frame(event: dict[str, Any]) -> None:
        payload = event["response"]["payloadData"]
        opcode = event["response"]["opcode"]
        load.ws_bytes += len(base64.b64decode(payload)) if opcode == 2 else len(payload)

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketFrameReceived", on_frame)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_function(READY[kind], timeout=timeout_s * 1000, polling=50)
    load.seconds = time.perf_counter() - started
    # Whatever the page fetches after it is ready (fonts, lazy chunks) is part of the load.
    page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
    time.sleep(0.5)
    load.largest = sorted(load.largest, reverse=True)[:5]
    context.close()
    return load


def kb(n: float) -> str:
    return f"{n / 1024:,.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-slow", action="store_true", help="skip the throttled loads")
    parser.add_argument("--output", type=Path, help="also write the results as JSON")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="indaba-phone-bench-") as tmp:
        server = IndabaServer(Path(tmp) / "data").start()
        try:
            demo = server.cli("demo", "--base-url", server.url)
            match = re.search(r"(/boards/([A-Za-z0-9]+))\?token=([^\s]+)", demo.stdout)
            assert match, demo.stdout
            path, token = match.group(1), match.group(3)
            targets = {"phone": f"{server.url}{path}/phone?token={token}",
                       "board": f"{server.url}{path}?token={token}"}
            runs: dict[str, list[Load]] = {"phone": [], "board": []}
            slow: dict[str, Load] = {}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=ARGS)
                for repeat in range(args.repeat):
                    order = ["phone", "board"] if repeat % 2 == 0 else ["board", "phone"]
                    for kind in order:
                        runs[kind].append(measure(browser, targets[kind], kind, False, 120))
                if not args.no_slow:
                    for kind in ("phone", "board"):
                        slow[kind] = measure(browser, targets[kind], kind, True, 600)
                browser.close()
        finally:
            server.stop()

    print(f"Phone page vs full board page, first load with an empty cache "
          f"(median of {args.repeat}; slow 3G once)\n")
    print("| page | HTTP requests | HTTP transferred (KB, compressed + headers) "
          "| board document over WebSocket (KB) | encodings | ready, unthrottled (s) "
          "| ready, slow 3G (s) |")
    print("|---|---:|---:|---:|---|---:|---:|")
    summary: dict[str, Any] = {}
    for kind in ("phone", "board"):
        loads = runs[kind]
        http_bytes = statistics.median(x.http_bytes for x in loads)
        ws_bytes = statistics.median(x.ws_bytes for x in loads)
        seconds = statistics.median(x.seconds for x in loads)
        encodings = ", ".join(f"{k} x{v}" for k, v in sorted(loads[0].encodings.items()))
        slow_s = f"{slow[kind].seconds:.1f}" if kind in slow else "—"
        print(f"| {kind} | {loads[0].requests} | {kb(http_bytes)} | {kb(ws_bytes)} "
              f"| {encodings} | {seconds:.2f} | {slow_s} |")
        summary[kind] = {"http_bytes": http_bytes, "ws_bytes": ws_bytes,
                         "requests": loads[0].requests, "ready_s": seconds,
                         "slow3g_ready_s": slow[kind].seconds if kind in slow else None,
                         "largest": loads[0].largest}
    phone, board = summary["phone"], summary["board"]
    print(f"\nphone / board, HTTP bytes: {phone['http_bytes'] / board['http_bytes']:.3f} "
          f"(the board page transfers {board['http_bytes'] / phone['http_bytes']:.0f} times more)")
    total = phone["http_bytes"] + phone["ws_bytes"]
    verdict = "MET" if total <= TARGET_KB * 1024 else "NOT MET"
    print(f"phone first load incl. the document: {kb(total)} KB — target ≤ {TARGET_KB} KB: "
          f"{verdict}")
    print("\nlargest responses, phone page:")
    for size, url in phone["largest"]:
        print(f"  {kb(size):>8} KB  {url}")
    if args.output:
        args.output.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
