"""Browser fixtures: Playwright driving Debian's chromium (browsers are never downloaded).

Every page opened through `open_context` records console errors and any request to another
origin, so a test can assert the page stayed on Indaba's own server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

CHROMIUM = os.environ.get("INDABA_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class Watch:
    """What one browser context did that a test may want to assert on."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def on_request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if f"{url.scheme}://{url.netloc}".replace("ws://", "http://") != self.origin:
            self.foreign_requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium not found at {CHROMIUM}: run scripts/setup --dev")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
              "--disable-component-update", "--disable-sync", "--no-first-run",
              "--disable-quic"],
    )
    yield browser
    browser.close()


OpenContext = Callable[..., tuple[BrowserContext, Page, Watch]]


@pytest.fixture
def open_context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[OpenContext]:
    """Open a browser context on a server origin: `open_context(server.url, phone=True)`."""
    contexts: list[BrowserContext] = []

    def open_(origin: str, phone: bool = False,
              **options: Any) -> tuple[BrowserContext, Page, Watch]:
        settings = {**(PHONE if phone else {"viewport": {"width": 1440, "height": 900}}),
                    **options}
        context = browser.new_context(**settings)
        contexts.append(context)
        watch = Watch(origin.rstrip("/"))
        context.on("request", watch.on_request)
        page = context.new_page()
        page.on("console", watch.on_console)
        page.set_default_timeout(15_000)
        return context, page, watch

    yield open_
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, context in enumerate(contexts):
            for page_number, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{page_number}.png"
                with contextlib.suppress(Exception):  # diagnostics only
                    page.screenshot(path=str(ARTIFACTS / name))
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
