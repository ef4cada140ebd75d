"""Request bodies bounded before anything reads them (an ASGI middleware in front of Django).

Django's ASGI handler reads a whole request body into a spooled temporary file before a
view (or a size check) sees it, so a 200 MB POST from anyone cost 200 MB of disk first.
This layer refuses a declared Content-Length over the route's limit at once, and counts a
body as it streams (chunked uploads declare no length), answering 413 as soon as the count
passes the limit and telling the application the client went away, so nothing more is
read or spooled. Standard library only: it sits in front of Django.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class RouteLimit:
    path: re.Pattern[str]
    max_bytes: int


class BodyTooLarge:
    """Wraps an ASGI app; HTTP bodies over their route's limit are refused with 413."""

    def __init__(self, app: App, default_bytes: int, routes: Sequence[RouteLimit] = ()) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.routes = tuple(routes)

    def limit_for(self, path: str) -> int:
        for route in self.routes:
            if route.path.match(path):
                return route.max_bytes
        return self.default_bytes

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive,
                       send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        state = {"read": 0, "refused": False, "started": False}

        async def counted_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > limit:
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        await _refuse(send, limit)
                    # The application sees a client that left: Django stops reading and
                    # answers nothing (the 413 is already sent).
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the 413 went out instead
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, counted_receive, guarded_send)


def _content_length(scope: MutableMapping[str, Any]) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None


async def _refuse(send: Send, limit: int) -> None:
    megabytes = limit / 1048576
    size = f"{megabytes:.1f} MB" if megabytes >= 1 else f"{limit // 1024} KB"
    body = json.dumps({"error": f"the request is too large: at most {size} is accepted "
                                "here"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
