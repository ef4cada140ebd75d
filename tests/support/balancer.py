"""A private Redis server and a real HAProxy in front of several Indaba nodes, for tests.

Both are started as child processes on free ports of 127.0.0.1, so a test can kill and
restart them without touching the shared Redis other tests use.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.support.server import free_port


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str,
                   timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout} s")


def _terminate(process: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM, then SIGKILL if it has not gone within 10 s."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


class PrivateRedis:
    """redis-server on its own port, nothing persisted: a restart loses all pub/sub state,
    as a real Redis restart does."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.directory.mkdir(parents=True, exist_ok=True)
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                 "--appendonly", "no", "--dir", str(self.directory)],
                stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.process, "redis-server")
        return self

    def stop(self) -> None:
        _terminate(self.process)
        self.process = None


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(found).exists():
        raise RuntimeError("haproxy is not installed: run scripts/setup --dev (as root it "
                           "installs Debian's haproxy)")
    return found


def haproxy_config(port: int, nodes: dict[str, int]) -> str:
    """The configuration docs/operations.md recommends, on 127.0.0.1 and with fast health
    checks so a test sees a dead node leave within a second."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{node_port} check"
                        for name, node_port in nodes.items())
    return f"""global
    maxconn 4096

defaults
    mode http
    option http-server-close
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # a WebSocket is a tunnel once upgraded: this, not client/server, bounds its silence
    timeout tunnel 1h
    # a refused connection is tried again, on another node from the second attempt
    retries 3
    option redispatch 1

frontend indaba
    bind 127.0.0.1:{port}
    default_backend nodes

backend nodes
    # sticky by board: hash the path (/sync/<board id>; the query string with the token is
    # left out), consistent so a node leaving moves only its own boards
    balance uri path-only
    hash-type consistent
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    # tests read which node served a connection from this header
    http-response set-header X-Indaba-Node %s
{servers}
"""


class HAProxy:
    def __init__(self, directory: Path, nodes: dict[str, int]) -> None:
        self.directory = directory
        self.port = free_port()
        self.nodes = nodes
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/sync"

    def start(self) -> HAProxy:
        self.directory.mkdir(parents=True, exist_ok=True)
        config = self.directory / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.nodes))
        binary = haproxy_binary()
        subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True, timeout=30)
        with (self.directory / "haproxy.log").open("ab") as log:
            self.process = subprocess.Popen([binary, "-db", "-f", str(config)],
                                            stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.process, "haproxy")
        return self

    def stop(self) -> None:
        _terminate(self.process)
        self.process = None
