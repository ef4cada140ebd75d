"""Running `indaba` and the appender as separate processes on a data directory of their
own (a file SQLite database, or a PostgreSQL database named by `database_url`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env_for(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env["INDABA_DATA_DIR"] = str(data_dir)
    env.pop("INDABA_DATABASE_URL", None)
    if database_url:
        env["INDABA_DATABASE_URL"] = database_url
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def indaba(data_dir: Path, *args: str, database_url: str = "",
           check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "indaba.cli", *args], cwd=ROOT,
                            env=env_for(data_dir, database_url), capture_output=True,
                            text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"indaba {' '.join(args)} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def appender(data_dir: Path, worker: int, count: int, start_file: Path | None = None,
             database_url: str = "", writers: int = 1) -> subprocess.Popen[str]:
    """An appender process; with `start_file`, one of `writers` going in rounds
    (tests/audit/appender.py)."""
    args = [sys.executable, "-m", "tests.audit.appender", str(worker), str(count)]
    if start_file is not None:
        args += [str(start_file), str(writers)]
    return subprocess.Popen(args, cwd=ROOT, env=env_for(data_dir, database_url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ok(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, f"appender failed: {out}\n{err}"
