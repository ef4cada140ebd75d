"""Stock JavaScript Yjs clients in a Node subprocess (driver.mjs), driven from async tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
DRIVER = HERE / "driver.mjs"

ClientState = dict[str, Any]


def node_ready() -> None:
    """Fail (never skip) with the fix when Node or the pinned packages are missing."""
    if shutil.which("node") is None:
        raise RuntimeError("the interop tests need Node.js (`node`) on PATH")
    for package in ("yjs", "y-websocket", "ws"):
        if not (HERE / "node_modules" / package).is_dir():
            raise RuntimeError(f"{package} is not installed: run `npm ci` in {HERE}")


class NodeClients:
    """One Node process hosting any number of named stock clients."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._log: Any = None

    async def start(self) -> NodeClients:
        node_ready()
        self._log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            "node", str(DRIVER), cwd=HERE, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=self._log,
            limit=256 * 1024 * 1024,  # one reply line holds whole documents
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        problem = f"node driver exited; see {self.log_path}"
        try:
            async for line in self.process.stdout:
                message = json.loads(line)
                future = self._pending.pop(message["id"], None)
                if future is None or future.done():
                    continue
                if message["ok"]:
                    future.set_result(message["result"])
                else:
                    future.set_exception(RuntimeError(f"node driver: {message['error']}"))
        except Exception as exc:
            problem = f"reading the node driver's replies failed: {exc!r}"
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RuntimeError(problem))
        self._pending.clear()

    async def call(self, op: str, timeout: float = 10.0, **args: Any) -> Any:
        assert self.process is not None and self.process.stdin is not None
        self._next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        self.process.stdin.write(json.dumps({"id": self._next_id, "op": op, **args}).encode()
                                 + b"\n")
        await self.process.stdin.drain()
        return await asyncio.wait_for(future, timeout)

    # -- conveniences --------------------------------------------------------------------

    async def open(self, name: str, ws_url: str, board: str, token: str) -> int:
        return int(await self.call("open", client=name, url=ws_url, room=board, token=token))

    async def state(self, name: str) -> ClientState:
        return dict(await self.call("state", client=name))

    async def elements(self, name: str) -> dict[str, Any]:
        return dict((await self.state(name))["elements"])

    async def set(self, name: str, key: str, **fields: Any) -> None:
        await self.call("set", client=name, key=key,
                        value={"id": key, "type": "rectangle", **fields})

    async def wait_for(self, name: str, predicate: Callable[[ClientState], bool],
                       timeout: float = 15.0, what: str = "condition") -> ClientState:
        """Poll one client's state until predicate holds; fails with the last state seen."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            state = await self.state(name)
            if predicate(state):
                return state
            if loop.time() > deadline:
                raise AssertionError(f"{name}: {what} not met within {timeout} s; "
                                     f"last state: {json.dumps(state)[:2000]}")
            await asyncio.sleep(0.02)

    async def wait_synced(self, *names: str, timeout: float = 15.0) -> None:
        for name in names:
            await self.wait_for(name, lambda s: bool(s["synced"]), timeout, "synced")

    # -- ending --------------------------------------------------------------------------

    def kill(self) -> None:
        """SIGKILL the Node process: its sockets drop without a close frame."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()

    async def close(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None and not self.process.stdin.is_closing():
                self.process.stdin.close()
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader
        if self._log is not None:
            self._log.close()
