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
"""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process, logger


def reuse_port_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class ReusePortProcess(Process):
    """A uvicorn worker that listens on a socket of its own (made in the child)."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:
        sock = reuse_port_socket(self.config.host, self.config.port)
        sock.listen(self.config.backlog)
        super().target([sock])


class ReusePortWorkers(Multiprocess):
    """uvicorn's supervisor, starting ReusePortProcess workers (its three methods that make
    workers, as uvicorn 0.54 has them, with the class changed)."""

    def _new(self) -> Process:
        process = ReusePortProcess(self.config, [])
        process.start()
        return process

    def init_processes(self) -> None:
        for _ in range(self.processes_num):
            self.processes.append(self._new())

    def restart_all(self) -> None:
        for idx, old_process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new_process = self._new()
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
            self.processes[idx] = self._new()


def serve(config: Config) -> None:
    """Run `config.workers` workers on config.host:config.port until SIGINT or SIGTERM."""
    if not isinstance(config.app, str):
        raise TypeError("several workers need the application as an import string")
    with reuse_port_socket(config.host, config.port) as reserved:
        config.port = int(reserved.getsockname()[1])
        ReusePortWorkers(config, []).run()
