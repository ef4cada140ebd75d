"""`indaba serve --workers N`: N uvicorn worker processes on one port, each listening on a
socket of its own (SO_REUSEPORT), under uvicorn's own supervisor.

uvicorn's `--workers` shares ONE listening socket among its workers: each wakes for a new
connection and the first to call accept() takes every connection that is waiting, so a
burst (a workshop joining at once, everyone reconnecting after a failure) lands on one
worker; tests/integration/test_workers.py saw 12 connections of 12 go to one worker. With
SO_REUSEPORT every worker listens on its own socket bound to the same port and the kernel
spreads new connections over the sockets by a hash of the client's address and port.

uvicorn's supervisor is kept (a worker that dies or stops answering its health check is
replaced, SIGHUP restarts the workers one by one, SIGTERM stops them): only the socket a
worker serves is changed, by the two classes below. The parent holds a bound socket that
does not listen: it reserves the port (and learns it when the port asked for is 0) and is
given no connections.

With routing on (INDABA_WORKER_ROUTING=board, the default) each worker also has a slot,
0..N-1, which its replacement keeps, and a board's WebSockets are handed to the worker of
the board's slot (web/handover.py, decision 0016); the supervisor makes the directory of
the workers' Unix sockets and removes it at the end.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import tempfile

from uvicorn import Config, Server
from uvicorn.config import HTTP_PROTOCOLS, STARTUP_FAILURE
from uvicorn.importer import import_from_string
from uvicorn.supervisors.multiprocess import Multiprocess, Process, logger

from indaba.web.handover import Router


def reuse_port_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class RoutingServer(Server):
    """uvicorn's server, opening the worker's Unix socket for handed-over connections once
    the application has started, and closing it when the server stops."""

    def __init__(self, config: Config, router: Router) -> None:
        super().__init__(config)
        self.router = router

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.started:
            return
        router, config = self.router, self.config

        def make_protocol() -> asyncio.Protocol:
            return router.protocol_class(config=config, server_state=self.server_state,
                                         app_state=self.lifespan.state)

        router.open_inbox(asyncio.get_running_loop(), make_protocol)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.router.close()
        logger.info(f"Board routing: {self.router.handed} connections handed to their "
                    f"owner, {self.router.adopted} adopted, {self.router.kept} kept "
                    "(owner unreachable)")
        await super().shutdown(sockets)


class ReusePortProcess(Process):
    """A uvicorn worker that listens on a socket of its own (made in the child); with a
    routing directory, the worker of slot `slot` of `slots`."""

    def __init__(self, config: Config, slot: int, slots: int, directory: str | None) -> None:
        self.slot, self.slots, self.directory = slot, slots, directory
        super().__init__(config, [])

    @property
    def server(self) -> Server:
        if self._server is None:
            if self.directory is None or self.config.is_ssl:
                # Nothing to route; and a TLS connection's state lives in the process that
                # accepted it, so its socket cannot be handed over.
                self._server = Server(config=self.config)
            else:
                config = self.config
                if config.loaded:
                    inner = config.http_protocol_class
                elif isinstance(config.http, str):
                    inner = import_from_string(HTTP_PROTOCOLS.get(config.http, config.http))
                else:
                    inner = config.http
                router = Router(self.slot, self.slots, self.directory, inner)
                # config.load() takes a non-string as is; uvicorn only calls it.
                config.http = router.protocol  # type: ignore[assignment]
                if config.loaded:
                    config.http_protocol_class = router.protocol  # type: ignore[assignment]
                self._server = RoutingServer(config, router)
        return self._server

    def target(self, sockets: list[socket.socket] | None = None) -> None:
        sock = reuse_port_socket(self.config.host, self.config.port)
        sock.listen(self.config.backlog)
        _ = self.server  # made here, in the child, before uvicorn loads the config
        super().target([sock])


class ReusePortWorkers(Multiprocess):
    """uvicorn's supervisor, starting ReusePortProcess workers (its three methods that make
    workers, as uvicorn 0.54 has them, with the class changed and each worker given its
    slot, which its replacement keeps)."""

    def __init__(self, config: Config, directory: str | None) -> None:
        super().__init__(config, [])
        self.directory = directory

    def _new(self, slot: int) -> Process:
        process = ReusePortProcess(self.config, slot, self.processes_num, self.directory)
        process.start()
        return process

    def init_processes(self) -> None:
        for slot in range(self.processes_num):
            self.processes.append(self._new(slot))

    def restart_all(self) -> None:
        for idx, old_process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new_process = self._new(idx)
            if not new_process.wait_until_ready(self.config.timeout_worker_healthcheck,
                                                self.should_exit):
                new_process.kill()
                new_process.join()
                if not self.should_exit.is_set():
                    logger.error(f"New child process [{new_process.pid}] was not ready in "
                                 f"time; keeping worker [{old_process.pid}].")
                return
            old_process.terminate()
            old_process.join()
            self.processes[idx] = new_process

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for idx, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung: kill it
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                # It failed before serving: every replacement would fail the same way.
                logger.error(f"Child process [{process.pid}] failed to start, stopping.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info(f"Child process [{process.pid}] died")
            self.processes[idx] = self._new(idx)


def serve(config: Config, routing: bool = True) -> None:
    """Run `config.workers` workers on config.host:config.port until SIGINT or SIGTERM;
    with `routing`, each board's WebSockets on the worker owning the board."""
    if not isinstance(config.app, str):
        raise TypeError("several workers need the application as an import string")
    directory = tempfile.mkdtemp(prefix="indaba-workers-") if routing else None
    try:
        with reuse_port_socket(config.host, config.port) as reserved:
            config.port = int(reserved.getsockname()[1])
            ReusePortWorkers(config, directory).run()
    finally:
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)
