"""Request bodies over the route's limit are refused (413) before the application reads
them: by their declared length at once, by counting when they stream in chunks."""

from __future__ import annotations

import json
import re
from typing import Any

from indaba.common.bodylimit import BodyTooLarge, RouteLimit

CHUNK = 64 * 1024
HUGE = 200 * 1024 * 1024


class Spooler:
    """Reads the whole body, as Django's ASGI handler does, then answers 200."""

    def __init__(self) -> None:
        self.read = 0
        self.disconnected = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                return
            self.read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


class Client:
    """Streams `total` bytes in chunks without a Content-Length (a chunked upload)."""

    def __init__(self, total: int, declared: int | None = None) -> None:
        self.total = total
        self.pulled = 0
        self.declared = declared
        self.sent: list[dict[str, Any]] = []

    def scope(self, path: str) -> dict[str, Any]:
        headers = [] if self.declared is None else [(b"content-length",
                                                      str(self.declared).encode())]
        return {"type": "http", "method": "POST", "path": path, "headers": headers}

    async def receive(self) -> dict[str, Any]:
        size = min(CHUNK, self.total - self.pulled)
        self.pulled += size
        return {"type": "http.request", "body": b"x" * size,
                "more_body": self.pulled < self.total}

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])


def limited(app: Any) -> BodyTooLarge:
    return BodyTooLarge(app, 1024 * 1024,
                        [RouteLimit(re.compile(r"^/boards/[^/]+/images$"), 10 * 1024 * 1024)])


async def test_a_streamed_200_mb_body_is_refused_after_at_most_the_limit() -> None:
    app, client = Spooler(), Client(HUGE)
    await limited(app)(client.scope("/accounts/login/"), client.receive, client.send)
    assert client.status == 413
    assert client.pulled <= 1024 * 1024 + CHUNK  # read no further than the limit
    assert app.disconnected and app.read <= 1024 * 1024
    assert len(client.sent) == 2  # the 413 only: nothing from the application after it
    assert "at most 1.0 MB" in json.loads(client.sent[1]["body"])["error"]


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    app, client = Spooler(), Client(HUGE, declared=HUGE)
    await limited(app)(client.scope("/boards/b1/images"), client.receive, client.send)
    assert client.status == 413 and client.pulled == 0 and app.read == 0


async def test_each_route_has_its_own_limit() -> None:
    app, client = Spooler(), Client(5 * 1024 * 1024)
    await limited(app)(client.scope("/boards/b1/images"), client.receive, client.send)
    assert client.status == 200 and app.read == 5 * 1024 * 1024
    app, client = Spooler(), Client(5 * 1024 * 1024)
    await limited(app)(client.scope("/boards/b1/facilitation/timer"), client.receive,
                       client.send)
    assert client.status == 413


async def test_a_body_within_the_limit_passes_untouched() -> None:
    app, client = Spooler(), Client(1024 * 1024, declared=1024 * 1024)
    await limited(app)(client.scope("/accounts/login/"), client.receive, client.send)
    assert client.status == 200 and app.read == 1024 * 1024
