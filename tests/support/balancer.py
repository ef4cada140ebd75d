"""A private Redis server and a real HAProxy or nginx in front of several Indaba nodes, for
tests.

Each is started as a child process on a free port of 127.0.0.1, so a test can kill and
restart them without touching the shared Redis other tests use.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
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
    option forwardfor
    http-request set-header X-Forwarded-Proto https
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


OPERATIONS_DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
NODE_HEADER_LINE = "add_header X-Indaba-Node $upstream_addr always;"


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise RuntimeError("nginx is not installed: run scripts/setup --dev (as root it "
                           "installs Debian's nginx)")
    return found


def nginx_samples(doc: Path = OPERATIONS_DOC) -> list[str]:
    """Every ```nginx block of docs/operations.md."""
    return re.findall(r"^```nginx\n(.*?)^```", doc.read_text(), re.S | re.M)


def nginx_sample(doc: Path = OPERATIONS_DOC) -> str:
    """The nginx configuration docs/operations.md gives for several nodes: the ```nginx
    block that defines `upstream indaba_nodes`."""
    found = [b for b in nginx_samples(doc) if "upstream indaba_nodes" in b]
    if len(found) != 1:
        raise AssertionError(f"{doc} should hold one nginx sample with `upstream "
                             f"indaba_nodes`, found {len(found)}")
    return found[0]


def _replace_once(pattern: str, replacement: str, text: str) -> str:
    result, count = re.subn(pattern, replacement, text, flags=re.M)
    if count != 1:
        raise AssertionError(f"the sample should match {pattern!r} once, not {count} times")
    return result


def nginx_config(sample: str, port: int, directory: Path, certificate: Path, key: Path,
                 nodes: dict[str, int] | None = None) -> str:
    """A sample as it stands, with only addresses and paths changed: listening on
    127.0.0.1:`port` with the test's certificate; with `nodes`, the documented upstream
    servers replaced by the test's nodes (same parameters) and one line added that tells
    the test which node served a response (as the HAProxy configuration does). Wrapped in
    the main context a packaged nginx.conf would give it, every file inside `directory`."""
    config = sample
    if nodes is not None:
        server = re.compile(r"^(\s*)server\s+[^\s;]+:\d+((?:\s[^;]*)?);", re.M)
        if len(server.findall(sample)) != len(nodes):
            raise AssertionError(f"the sample names {len(server.findall(sample))} servers, "
                                 f"the test has {len(nodes)} nodes")
        ports = iter(nodes.values())
        config = server.sub(
            lambda m: f"{m.group(1)}server 127.0.0.1:{next(ports)}{m.group(2)};", config)
        config = _replace_once(r"^(\s*)(proxy_pass\s+http://indaba_nodes;)",
                               rf"\g<1>\g<2>\n\g<1>{NODE_HEADER_LINE}", config)
    config = _replace_once(r"^(\s*)listen\s+443(\s|;)", rf"\g<1>listen 127.0.0.1:{port}\g<2>",
                           config)
    config = _replace_once(r"^(\s*)ssl_certificate\s+\S+;",
                           rf"\g<1>ssl_certificate {certificate};", config)
    config = _replace_once(r"^(\s*)ssl_certificate_key\s+\S+;",
                           rf"\g<1>ssl_certificate_key {key};", config)
    temp = directory / "temp"
    # As root (CI), nginx would hand its workers to `nobody`, who may not enter the
    # test's private directory (its temporary files); so they stay the test's own user.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} info;
events {{ worker_connections 1024; }}
http {{
    access_log {directory / "access.log"};
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
{config}}}
"""


def nginx_command(directory: Path, sample: str, port: int,
                  nodes: dict[str, int] | None = None) -> list[str]:
    """Write the configuration of `sample` (with a new certificate) into `directory`, check
    it with `nginx -t` (failing with nginx's complaint) and return the command that runs it
    in the foreground."""
    directory.mkdir(parents=True, exist_ok=True)
    certificate, key = self_signed_certificate(directory)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / "temp" / sub).mkdir(parents=True, exist_ok=True)
    config = directory / "nginx.conf"
    config.write_text(nginx_config(sample, port, directory, certificate, key, nodes))
    command = [nginx_binary(), "-p", str(directory), "-e", str(directory / "error.log"),
               "-c", str(config)]
    checked = subprocess.run([*command, "-t", "-q"], timeout=30, capture_output=True,
                             text=True)
    if checked.returncode != 0:
        raise AssertionError(f"nginx -t refuses the sample:\n{checked.stderr}")
    return command


def self_signed_certificate(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throwaway certificate and key for `host` (openssl), for a TLS listener in a test."""
    directory.mkdir(parents=True, exist_ok=True)
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60)
    return certificate, key


class Nginx:
    """nginx from the sample in docs/operations.md, in the foreground, TLS on a free port
    (chosen at once, so the nodes can be told their public URL before it starts)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.nodes: dict[str, int] = {}
        self.process: subprocess.Popen[bytes] | None = None
        self.certificate, self.key = self.directory / "cert.pem", self.directory / "key.pem"

    @property
    def ws_url(self) -> str:
        return f"wss://127.0.0.1:{self.port}/sync"

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def client_ssl(self) -> ssl.SSLContext:
        """A client context that trusts this balancer's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def node_of(self, upstream: str) -> str:
        """The node name for the X-Indaba-Node header ($upstream_addr: the last address
        nginx tried, after any it skipped)."""
        port = int(upstream.rsplit(",", 1)[-1].rsplit(":", 1)[-1])
        return next(name for name, p in self.nodes.items() if p == port)

    def start(self, nodes: dict[str, int]) -> Nginx:
        self.nodes = nodes
        command = nginx_command(self.directory, nginx_sample(), self.port, nodes)
        with (self.directory / "nginx.out").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.process, "nginx")
        return self

    def stop(self) -> None:
        _terminate(self.process)  # SIGTERM: nginx's fast shutdown
        self.process = None
