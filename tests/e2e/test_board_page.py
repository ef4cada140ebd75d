"""The live board page in headless Chromium against a real `indaba serve` (issue 3).

Two people draw on one board through Excalidraw's own UI (mouse and keyboard) and see each
other's changes within a second; the server's export holds what they drew; a viewer cannot
change the board by UI or by writing to its own document; a cut connection catches up when it
comes back; Ctrl+Z undoes only one's own change; images go through the upload endpoint and load
in the other browser. Every page stays on Indaba's own origin and logs no console error.

Timing: "within a second" is measured inside the pages. Each page records (Date.now()) when a
key of its `elements` map changes, so the delay is from the moment the drawing page's document
has the change until the other page's document has it, with no test-runner polling in between.
Both pages run in one browser on one machine, so both use the same clock.

Screenshots go to INDABA_SCREENSHOT_DIR (default: the test's tmp directory); the README's
image is made with INDABA_SCREENSHOT_DIR=docs/images.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import time
import urllib.error
import urllib.request
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import OpenContext, Watch
from tests.support.server import IndabaServer

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1440, 900
LIVE = 1.0  # seconds: the bound for a change to reach the other browser
WAIT_MS = 20_000  # generous waits for a loaded machine; the bound above is asserted apart
READY = ("() => !!(window.__indaba && window.__indaba.api && window.__indaba.provider.synced"
         " && document.querySelector('.excalidraw canvas.interactive'))")

# Installed in every page once it is ready: a log of every change to the `elements` map.
RECORDER = """() => {
  const map = window.__indaba.doc.getMap('elements');
  window.__changes = [];
  map.observe((event) => {
    const t = Date.now();
    for (const id of event.keysChanged) {
      const v = map.get(id);
      window.__changes.push({t, id, type: v ? v.type : null, text: v ? (v.text ?? null) : null,
                             deleted: v ? !!v.isDeleted : true});
    }
  });
}"""
LIVE_ELEMENTS = ("() => [...window.__indaba.doc.getMap('elements').values()]"
                 ".filter((e) => !e.isDeleted)")
SCENE_ELEMENTS = "() => window.__indaba.api.getSceneElements().map((e) => e.id)"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("INDABA_SCREENSHOT_DIR", tmp_path / "screenshots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


class Person:
    """One browser context on the board page."""

    def __init__(self, context: BrowserContext, page: Page, watch: Watch) -> None:
        self.context, self.page, self.watch = context, page, watch
        self.not_found: list[str] = []
        self.error_sources: list[str] = []
        page.on("response", self._on_response)
        page.on("console", self._on_console)

    def _on_response(self, response: Response) -> None:
        if response.status == 404:
            self.not_found.append(response.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.error_sources.append(str(message.location.get("url", "")))

    def elements(self) -> list[dict[str, Any]]:
        return list(self.page.evaluate(LIVE_ELEMENTS))

    def first_seen(self, match: Callable[[dict[str, Any]], bool]) -> float | None:
        """Date.now() (ms) at which this page's document first held a matching value."""
        for change in self.page.evaluate("() => window.__changes"):
            if match(change):
                return float(change["t"])
        return None

    def wait_for(self, expression: str, arg: Any = None, timeout: int = WAIT_MS) -> Any:
        return self.page.wait_for_function(expression, arg=arg, timeout=timeout)

    def banner(self) -> str:
        return self.page.locator(".indaba-connection").inner_text()

    def move(self, x: float, y: float) -> None:
        self.page.mouse.move(x, y, steps=4)

    def drag(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        mouse = self.page.mouse
        mouse.move(*start)
        mouse.down()
        mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=4)
        mouse.move(*end, steps=4)
        mouse.up()

    def draw_rectangle(self, start: tuple[float, float], end: tuple[float, float],
                       deselect: bool = True) -> None:
        self.page.keyboard.press("r")
        self.drag(start, end)
        if deselect:
            self.page.keyboard.press("Escape")

    def add_note(self, text: str, at: tuple[float, float] | None = None) -> None:
        """The "Add note" button (or, with `at`, the N key at the pointer), then type into it."""
        if at is None:
            self.page.get_by_role("button", name=re.compile("Add note")).click()
        else:
            self.move(*at)
            self.page.keyboard.press("n")
        # The new note opens for typing at once.
        expect(self.page.locator(".excalidraw-textEditorContainer textarea")).to_be_focused()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Escape")


def open_person(open_context: OpenContext, server: IndabaServer, board: str, name: str,
                role: str = "editor") -> Person:
    context, page, watch = open_context(server.url)
    person = Person(context, page, watch)
    page.goto(f"{server.url}/boards/{board}?token={server.token(board, role=role, name=name)}")
    assert page.url == f"{server.url}/boards/{board}", "the token moves into a cookie"
    try:
        person.wait_for(READY, timeout=60_000)
    except PlaywrightTimeoutError:
        state = page.evaluate("""() => ({handle: !!window.__indaba,
            api: !!(window.__indaba && window.__indaba.api),
            wsconnected: !!(window.__indaba && window.__indaba.provider.wsconnected),
            synced: !!(window.__indaba && window.__indaba.provider.synced),
            banner: document.querySelector('.indaba-connection')?.textContent ?? null})""")
        raise AssertionError(f"{name}'s board page not ready after 60 s: {state}, console "
                             f"errors {watch.console_errors}") from None
    page.evaluate(RECORDER)
    return person


def assert_canvas_fills_the_page(*people: Person) -> None:
    """Mouse drawing is only meaningful on a canvas that fills the space under the header
    (beside the workshop panel, which sits next to the canvas, never over it)."""
    for person in people:
        box = person.page.locator(".excalidraw canvas.interactive").bounding_box()
        panel = person.page.get_by_test_id("workshop-panel")
        beside = panel.bounding_box()["width"] if panel.is_visible() else 0  # type: ignore[index]
        assert box is not None and box["width"] == WIDTH - beside, (box, beside)
        assert box["height"] > HEIGHT * 0.85, box


def assert_clean(*people: Person) -> None:
    """No request left Indaba's origin, nothing answered 404, no console error."""
    for person in people:
        assert person.watch.foreign_requests == [], person.watch.foreign_requests
        assert person.not_found == []
        assert person.watch.console_errors == [], list(zip(
            person.watch.console_errors, person.error_sources, strict=True))


def wait_until(predicate: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def live(export: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in export["elements"] if not e.get("isDeleted")]


def is_sticky(element: dict[str, Any]) -> bool:
    return bool(element.get("type") == "rectangle"
                and (element.get("customData") or {}).get("indaba", {}).get("kind") == "sticky")


def note_texts(elements: list[dict[str, Any]]) -> set[str]:
    """Texts of sticky notes: text elements bound to a sticky rectangle."""
    stickies = {e["id"] for e in elements if is_sticky(e)}
    return {e.get("originalText") or e.get("text") or "" for e in elements
            if e.get("type") == "text" and e.get("containerId") in stickies}


def test_two_editors_draw_together_live(server: IndabaServer, open_context: OpenContext,
                                        shots: Path) -> None:
    board = server.create_board("Retro: what did we learn?")
    ada = open_person(open_context, server, board, "Ada")
    grace = open_person(open_context, server, board, "Grace")
    assert_canvas_fills_the_page(ada, grace)

    # -- a rectangle drawn with the mouse reaches the other browser within a second ----------
    ada.draw_rectangle((300, 260), (560, 420))
    rect_ids = wait_until(lambda: [e["id"] for e in ada.elements() if e["type"] == "rectangle"],
                          "Ada's rectangle in her document")
    rect = rect_ids[0]
    grace.wait_for("id => window.__indaba.api.getSceneElements().some((e) => e.id === id)", rect)
    drawn = ada.first_seen(lambda c: c["id"] == rect)
    arrived = grace.first_seen(lambda c: c["id"] == rect)
    assert drawn is not None and arrived is not None
    assert (arrived - drawn) / 1000 < LIVE, f"rectangle took {arrived - drawn:.0f} ms"

    # -- a sticky note, typed into, reaches the other browser within a second ---------------
    text = "Shorter stand-ups"
    ada.add_note(text)
    grace.wait_for("t => window.__indaba.api.getSceneElements()"
                   ".some((e) => e.type === 'text' && e.originalText === t)", text)
    typed = ada.first_seen(lambda c: c["type"] == "text" and c["text"] == text)
    shown = grace.first_seen(lambda c: c["type"] == "text" and c["text"] == text)
    assert typed is not None and shown is not None
    assert (shown - typed) / 1000 < LIVE, f"note text took {shown - typed:.0f} ms"

    # -- the server's export holds both ------------------------------------------------------
    def exported() -> list[dict[str, Any]] | None:
        elements = live(server.export_json(board))
        return elements if text in note_texts(elements) else None

    elements = wait_until(exported, "the note text in the server's export")
    by_id = {e["id"]: e for e in elements}
    assert by_id[rect]["type"] == "rectangle" and not is_sticky(by_id[rect])
    sticky = next(e for e in elements if is_sticky(e))
    assert sticky["customData"]["indaba"]["author"] == "Ada"
    bound = [b["id"] for b in sticky.get("boundElements") or [] if b.get("type") == "text"]
    assert len(bound) == 1 and by_id[bound[0]]["containerId"] == sticky["id"]
    assert by_id[bound[0]]["originalText"] == text

    # -- Ctrl+Z undoes only one's own change, not a later remote one -------------------------
    # (Excalidraw records selection changes as undo steps too: the new rectangle stays
    # selected, so Ada's last step is drawing it.)
    ada.draw_rectangle((300, 560), (480, 700), deselect=False)
    second = wait_until(lambda: [e["id"] for e in ada.elements()
                                 if e["type"] == "rectangle" and e["id"] != rect
                                 and not is_sticky(e)], "Ada's second rectangle")[0]
    grace.add_note("More pairing", at=(1000, 560))
    ada.wait_for("t => window.__indaba.api.getSceneElements()"
                 ".some((e) => e.type === 'text' && e.originalText === t)", "More pairing")
    ada.page.keyboard.press("Control+z")
    for person in (ada, grace):
        person.wait_for("id => !window.__indaba.api.getSceneElements().some((e) => e.id === id)",
                        second)
        texts = note_texts(person.elements())
        assert texts == {text, "More pairing"}, texts
        assert rect in {e["id"] for e in person.elements()}

    # -- presence: both cursors, for the README's picture -------------------------------------
    grace.add_note("Demo every Friday", at=(1000, 300))
    ada.page.mouse.click(1250, 720)  # Ada's undo re-selected her note: a clean picture
    grace.move(880, 470)
    ada.move(640, 520)
    for me, other in ((ada, "Grace"), (grace, "Ada")):
        me.wait_for("name => [...window.__indaba.api.getAppState().collaborators.values()]"
                    ".some((c) => c.username === name && c.pointer)", other)
    ada.page.evaluate("() => new Promise((r) => requestAnimationFrame(() =>"
                      " requestAnimationFrame(r)))")
    ada.page.screenshot(path=str(shots / "board-two-users.png"))

    assert_clean(ada, grace)


def test_a_viewer_cannot_change_the_board(server: IndabaServer,
                                          open_context: OpenContext) -> None:
    board = server.create_board("Read only")
    ada = open_person(open_context, server, board, "Ada")
    vic = open_person(open_context, server, board, "Vic", role="viewer")
    assert_canvas_fills_the_page(ada, vic)
    ada.add_note("Visible to viewers")
    vic.wait_for("() => window.__indaba.api.getSceneElements().length === 2")

    # The UI says so, and offers no note button.
    assert vic.page.locator(".indaba-badge").inner_text() == "View only"
    assert vic.page.get_by_role("button", name=re.compile("Add note")).count() == 0

    # Keyboard and mouse: rectangle tool, a drag, the note key, a double-click to add text.
    before = vic.page.evaluate(SCENE_ELEMENTS)
    vic.draw_rectangle((300, 300), (600, 500))
    vic.move(800, 400)
    vic.page.keyboard.press("n")
    vic.page.mouse.dblclick(900, 650)
    vic.page.keyboard.type("sneaky")
    vic.page.keyboard.press("Escape")
    vic.page.keyboard.press("Delete")
    assert vic.page.evaluate(SCENE_ELEMENTS) == before

    # Even a direct write to its document never reaches anyone else.
    # (A well-formed element: a copy of the note's rectangle under a new id.)
    vic.page.evaluate("""() => {
        const map = window.__indaba.doc.getMap('elements');
        const note = [...map.values()].find((e) => e.type === 'rectangle');
        map.set('viewerwrite', {...note, id: 'viewerwrite', x: note.x + 300, boundElements: [],
                                version: note.version + 10, index: note.index + 'V'});
    }""")
    # A later change by the editor reaches the viewer: the viewer's write was before it.
    ada.add_note("After the viewer's write")
    vic.wait_for("() => window.__indaba.api.getSceneElements().length >= 4")
    assert "viewerwrite" not in {e["id"] for e in ada.elements()}
    exported = live(server.export_json(board))
    assert "viewerwrite" not in {e["id"] for e in exported}
    assert note_texts(exported) == {"Visible to viewers", "After the viewer's write"}

    assert_clean(ada, vic)


def test_a_cut_connection_catches_up(server: IndabaServer, open_context: OpenContext) -> None:
    board = server.create_board("Flaky wifi")
    ada = open_person(open_context, server, board, "Ada")
    grace = open_person(open_context, server, board, "Grace")
    assert "Connected" in grace.banner()

    # Cut Grace off. Chromium's offline emulation fires `offline` but leaves an open
    # WebSocket open (checked while writing this test: still connected 10 s later), so
    # the socket is closed through the provider as well, as a dropped network would.
    errors_before_cut = len(grace.watch.console_errors)
    grace.context.set_offline(True)
    assert grace.page.evaluate("() => navigator.onLine") is False
    grace.page.evaluate("() => window.__indaba.provider.disconnect()")
    grace.wait_for("() => !window.__indaba.provider.wsconnected")

    grace.add_note("Written offline")
    ada.add_note("Written online")
    # Ada's note is on the server, Grace (cut off) does not have it, nor the server hers.
    wait_until(lambda: "Written online" in note_texts(live(server.export_json(board))),
               "Ada's note on the server")
    assert note_texts(live(server.export_json(board))) == {"Written online"}
    assert note_texts(grace.elements()) == {"Written offline"}
    banner = grace.banner()
    assert re.search(r"Offline.*\d+ unsent change", banner), banner

    grace.context.set_offline(False)
    grace.page.evaluate("() => window.__indaba.provider.connect()")
    grace.page.locator(".indaba-connection--connected").wait_for(timeout=WAIT_MS)
    both = {"Written offline", "Written online"}
    for person in (ada, grace):
        wait_until(lambda p=person: note_texts(p.elements()) == both,  # type: ignore[misc]
                   f"both notes in {person.page}")
        person.wait_for("() => window.__indaba.api.getSceneElements()"
                        ".filter((e) => e.type === 'text').length === 2")
    wait_until(lambda: note_texts(live(server.export_json(board))) == both,
               "both notes on the server")
    assert "unsent" not in grace.banner()
    # While cut off, the browser may log that it could not fetch something from Indaba
    # (the handwriting font is fetched when the first text is typed). Nothing else.
    cut = slice(errors_before_cut, None)
    offline_errors = list(zip(grace.watch.console_errors[cut], grace.error_sources[cut],
                              strict=True))
    for text, source in offline_errors:
        assert text.endswith("net::ERR_INTERNET_DISCONNECTED"), (text, source)
        assert source.startswith(server.url), source
    del grace.watch.console_errors[cut], grace.error_sources[cut]
    assert_clean(ada, grace)


def png_bytes(rgb: tuple[int, int, int] = (214, 51, 108), size: int = 24) -> bytes:
    """A small solid-colour PNG, made here so the test needs no image file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def post_image(url: str, token: str, body: bytes, mime: str) -> tuple[int, str]:
    boundary = uuid.uuid4().hex
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"x\"\r\nContent-Type: {mime}\r\n\r\n").encode() + body + \
        f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_an_image_dropped_in_one_browser_loads_in_the_other(
        server: IndabaServer, open_context: OpenContext) -> None:
    board = server.create_board("Pictures")
    upload_url = f"{server.url}/boards/{board}/images"

    # The endpoint: editors may upload images, viewers may not, non-images are refused.
    assert post_image(upload_url, server.token(board, role="viewer"), png_bytes(),
                      "image/png")[0] == 403
    token = server.token(board)
    assert post_image(upload_url, token, b"not an image", "text/plain")[0] in {
        400, 415}

    ada = open_person(open_context, server, board, "Ada")
    grace = open_person(open_context, server, board, "Grace")
    assert_canvas_fills_the_page(ada, grace)

    image = png_bytes()
    # Dropping a file on the canvas is Excalidraw's own path (the same as a paste).
    with ada.page.expect_response(lambda r: r.url == upload_url
                                  and r.request.method == "POST") as posted, \
            grace.page.expect_response(lambda r: f"/boards/{board}/images/" in r.url,
                                       timeout=WAIT_MS) as fetched:
        ada.page.evaluate("""(b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], 'sticker.png', {type: 'image/png'}));
            const target = document.querySelector('.excalidraw canvas.interactive');
            const init = {bubbles: true, cancelable: true, dataTransfer: transfer,
                          clientX: 720, clientY: 450};
            target.dispatchEvent(new DragEvent('dragover', init));
            target.dispatchEvent(new DragEvent('drop', init));
        }""", base64.b64encode(image).decode())
    assert posted.value.status == 201, posted.value.text()
    uploaded = posted.value.json()
    assert fetched.value.status == 200
    assert fetched.value.url == f"{server.url}{uploaded['url']}"

    file_id = ada.wait_for("() => { const e = window.__indaba.api.getSceneElements()"
                           ".find((x) => x.type === 'image'); return e && e.status === 'saved'"
                           " && e.fileId; }").json_value()
    grace.wait_for("id => id in window.__indaba.api.getFiles()"
                   " && window.__indaba.api.getSceneElements().some((e) => e.fileId === id)",
                   file_id)
    record = grace.page.evaluate("id => window.__indaba.doc.getMap('files').get(id)", file_id)
    assert record["url"] == uploaded["url"] and record["mimeType"] == "image/png"
    # The other browser holds the bytes the server stores (Excalidraw re-encodes a dropped
    # image before the upload, so they need not equal the dropped file's bytes).
    request = urllib.request.Request(f"{server.url}{uploaded['url']}",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        stored = response.read()
    assert stored.startswith(b"\x89PNG") and struct.unpack(">II", stored[16:24]) == (24, 24)
    data_url = grace.page.evaluate("id => window.__indaba.api.getFiles()[id].dataURL", file_id)
    assert base64.b64decode(data_url.split(",", 1)[1]) == stored

    exported = live(server.export_json(board))
    assert any(e["type"] == "image" and e["fileId"] == file_id for e in exported)
    assert_clean(ada, grace)


def test_a_malformed_element_from_one_client_does_not_break_the_others(
        server: IndabaServer, open_context: OpenContext) -> None:
    """A client may write anything into the shared map; the others repair what they can
    (Excalidraw's restoreElements) and skip what is not an element, and keep drawing."""
    board = server.create_board("Robustness")
    ada = open_person(open_context, server, board, "Ada")
    bob = open_person(open_context, server, board, "Bob")
    errors: list[str] = []
    bob.page.on("pageerror", lambda error: errors.append(str(error)))
    ada.page.evaluate("""() => {
        const map = window.__indaba.doc.getMap('elements');
        map.set('partial', {id: 'partial', type: 'rectangle', x: 0, y: 0, width: 50,
                            height: 50, angle: 0, version: 2, versionNonce: 1, index: 'a0',
                            isDeleted: false});
        map.set('junk', 42);
    }""")
    bob.wait_for("() => window.__indaba.api.getSceneElements().some(e => e.id === 'partial')")
    ada.draw_rectangle((500, 400), (620, 480))
    bob.wait_for("() => window.__indaba.api.getSceneElements().length >= 2")
    assert errors == []
    assert bob.page.locator(".excalidraw canvas.interactive").count() == 1
    assert bob.page.locator(".indaba-crash").count() == 0


def test_elements_from_the_document_share_one_key_order(
        server: IndabaServer, open_context: OpenContext) -> None:
    """Element values in the document keep their writer's key order (an imported board had
    a different one on every element). The page must hand them to Excalidraw in one order:
    otherwise its per-element loops, run over every element on every pan frame, go slow
    (see docs/performance.md, issue 14)."""
    board = server.create_board("Key order")
    ada = open_person(open_context, server, board, "Ada")
    bob = open_person(open_context, server, board, "Bob")
    ada.page.evaluate("""() => {
        const map = window.__indaba.doc.getMap('elements');
        const base = {id: 'r1', type: 'rectangle', x: 0, y: 0, width: 50, height: 50, angle: 0,
            strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid',
            strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100, groupIds: [],
            frameId: null, index: 'a0', roundness: null, seed: 1, version: 2, versionNonce: 1,
            isDeleted: false, boundElements: null, updated: 1, link: null, locked: false,
            customData: {note: 'kept'}};
        const reversed = Object.fromEntries(Object.entries({...base, id: 'r2', x: 90,
            index: 'a1'}).reverse());
        map.set('r1', base);
        map.set('r2', reversed);
    }""")
    bob.wait_for("() => window.__indaba.api.getSceneElements().length >= 2")
    orders = bob.page.evaluate("""() => window.__indaba.api.getSceneElements()
        .map((e) => Object.keys(e).join(','))""")
    assert len(orders) == 2 and orders[0] == orders[1], orders
    values = bob.page.evaluate("""() => window.__indaba.api.getSceneElements()
        .map((e) => [e.id, e.x, e.index, e.customData])""")
    assert values == [["r1", 0, "a0", {"note": "kept"}], ["r2", 90, "a1", {"note": "kept"}]]


def test_the_board_arrives_while_the_editor_is_still_loading(
        server: IndabaServer, open_context: OpenContext, tmp_path: Path) -> None:
    """The page opens its connection before the editor's code has loaded (issue 14: the
    socket, the server's answer and decoding the document overlap with loading Excalidraw).
    With the editor's chunk held back, the document must sync first; once the chunk comes,
    the whole board must be shown: Excalidraw replaces its scene when it has mounted, so
    the binding must not hand it the board before then."""
    elements = [{"id": f"early{n}", "type": "rectangle", "x": n * 120, "y": 0, "width": 100,
                 "height": 80, "angle": 0, "strokeColor": "#1e1e1e",
                 "backgroundColor": "transparent", "fillStyle": "solid", "strokeWidth": 2,
                 "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [],
                 "frameId": None, "index": f"a{n}", "roundness": None, "seed": n + 1,
                 "version": 2, "versionNonce": n + 1, "isDeleted": False,
                 "boundElements": None, "updated": 1, "link": None, "locked": False}
                for n in range(3)]
    scene = tmp_path / "early.excalidraw"
    scene.write_text(json.dumps({"type": "excalidraw", "version": 2, "source": "test",
                                 "elements": elements, "appState": {}, "files": {}}))
    board = json.loads(server.cli("board", "import", str(scene), "--title", "Early").stdout)["id"]
    manifest = json.loads((Path(__file__).resolve().parents[2] / "frontend" / "dist" / ".vite"
                           / "manifest.json").read_text())
    editor_chunks = {manifest[key]["file"].rsplit("/", 1)[-1]
                     for key in manifest["src/board/main.tsx"].get("dynamicImports", [])}
    assert editor_chunks, "the board entry loads the editor with a dynamic import"
    _context, page, watch = open_context(server.url)
    held: list[Any] = []
    released = False

    def hold(route: Any) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route(lambda url: url.rsplit("/", 1)[-1] in editor_chunks, hold)
    page.goto(f"{server.url}/boards/{board}?token={server.token(board, name='Eve')}")
    page.wait_for_function("() => !!(window.__indaba && window.__indaba.provider.synced"
                           " && window.__indaba.doc.getMap('elements').size === 3)",
                           timeout=WAIT_MS)
    assert held, "the editor's chunk was asked for"
    assert page.evaluate("() => window.__indaba.api") is None, "the editor is not loaded yet"
    released = True
    for route in held:
        route.continue_()
    page.wait_for_function(READY, timeout=WAIT_MS)
    page.wait_for_function("() => window.__indaba.api.getSceneElements().length === 3",
                           timeout=WAIT_MS)
    assert sorted(page.evaluate(SCENE_ELEMENTS)) == ["early0", "early1", "early2"]
    assert watch.console_errors == []
