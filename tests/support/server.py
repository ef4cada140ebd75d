"""A real Indaba server in a subprocess, on its own data directory (and database)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

INDABA = str(Path(sys.executable).parent / "indaba")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresDatabases:
    """Creates a throwaway database per server on the test PostgreSQL server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def create(self) -> str:
        import psycopg

        name = f"indaba_t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        base = self.admin_url.rsplit("/", 1)[0]
        return f"{base}/{name}"

    def drop(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class IndabaServer:
    def __init__(self, data_dir: Path, database_url: str = "",
                 env: dict[str, str] | None = None, name: str = "server") -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = free_port()
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / f"{name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/sync"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INDABA_")}
        env.update({
            "INDABA_DATA_DIR": str(self.data_dir),
            "INDABA_DATABASE_URL": self.database_url,
            "INDABA_SECRET_KEY": "test-secret-key-not-for-production",
            "INDABA_SQLITE_SYNCHRONOUS": "NORMAL",
            "INDABA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        })
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 60.0) -> IndabaServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the handle
            self.process = self._spawn(log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start within {timeout} s:\n{self.log()}")

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [INDABA, "serve", "--port", str(self.port), "--log-level", "info"],
            env=self.env(), stdout=log, stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing: a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([INDABA, *args], env=self.env(), capture_output=True,
                                text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"indaba {' '.join(args)} failed:\n{result.stderr}")
        return result

    def create_board(self, title: str = "Test board") -> str:
        return str(json.loads(self.cli("board", "create", "--title", title).stdout)["id"])

    def token(self, board_id: str, role: str = "editor", name: str = "Tester",
              expires: int | None = None) -> str:
        args = ["board", "token", board_id, "--role", role, "--name", name]
        if expires is not None:
            args += ["--expires", str(expires)]
        return self.cli(*args).stdout.strip()

    def tokens(self, board_id: str, names: list[str], role: str = "editor") -> dict[str, str]:
        """One token per name from one command (each `token` call starts a process)."""
        args = ["board", "token", board_id, "--role", role]
        for name in names:
            args += ["--name", name]
        minted = self.cli(*args).stdout.split()
        assert len(minted) == len(names), minted
        return dict(zip(names, minted, strict=True))

    def export_json(self, board_id: str) -> dict[str, Any]:
        return dict(json.loads(self.cli("board", "export", board_id, "--format", "json").stdout))
