"""A board opened by a room's worth of real pages: every page counts the same people and
none is thrown into "reconnecting" (before, pages past the fourth were closed with 4400 in a
loop by the presence echo). Also: a file without fractional indices is drawn in file order."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import OpenContext
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

PAGES = 8
READY = ("() => !!(window.__indaba && window.__indaba.api && window.__indaba.provider.synced"
         " && document.querySelector('.excalidraw canvas.interactive'))")
HERE = "() => document.querySelector('.indaba-presence .indaba-visually-hidden')?.textContent"
# Every phase the connection banner has shown since the page loaded.
RECORD_PHASES = """() => {
  window.__phases = [];
  const banner = document.querySelector('.indaba-connection');
  const note = () => window.__phases.push(banner.className);
  note();
  new MutationObserver(note).observe(banner, {attributes: true, attributeFilter: ['class']});
}"""
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "two-boxes-and-arrow.excalidraw"


def open_board(open_context: OpenContext, server: IndabaServer, board: str, name: str) -> Page:
    _, page, watch = open_context(server.url, viewport={"width": 1280, "height": 800})
    page.goto(f"{server.url}/boards/{board}?token={server.token(board, name=name)}")
    page.wait_for_function(READY, timeout=60_000)
    page.evaluate(RECORD_PHASES)
    page.watch = watch  # type: ignore[attr-defined]
    return page


def test_eight_pages_count_the_same_people_and_stay_connected(
        server: IndabaServer, open_context: OpenContext) -> None:
    board = server.create_board("Full room")
    pages = [open_board(open_context, server, board, f"Person {n}") for n in range(1, PAGES + 1)]
    for page in pages:
        page.wait_for_function(f"() => ({HERE})() === '{PAGES} here'", timeout=30_000)
    # Stay a while: a close-and-reconnect loop would show up here.
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        counts = [page.evaluate(HERE) for page in pages]
        assert counts == [f"{PAGES} here"] * PAGES, counts
        time.sleep(0.5)
    for page in pages:
        phases = page.evaluate("() => window.__phases")
        assert not any("reconnecting" in p or "closed" in p for p in phases), phases
        assert page.watch.console_errors == []  # type: ignore[attr-defined]
    log = server.log()
    assert " with 4400" not in log and " with 4422" not in log, log[-3000:]


def test_a_file_without_indices_is_drawn_in_file_order(
        server: IndabaServer, open_context: OpenContext, tmp_path: Path) -> None:
    scene = json.loads(FIXTURE.read_text())
    for element in scene["elements"]:
        element.pop("index", None)
    order = [e["id"] for e in scene["elements"]]
    path = tmp_path / "old.excalidraw"
    path.write_text(json.dumps(scene))
    board = json.loads(server.cli("board", "import", str(path)).stdout)["id"]
    page = open_board(open_context, server, board, "Viewer of an old file")
    drawn = page.evaluate("() => window.__indaba.api.getSceneElements().map((e) => e.id)")
    assert drawn == order  # the arrow is drawn last, over the boxes it connects
