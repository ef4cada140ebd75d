"""Running code on a test server's database, and `indaba restore`, for the backup tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.server import IndabaServer

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def run_django(server: IndabaServer, code: str, arg: str = "") -> Any:
    """Run `code` with Django set up on the server's data directory and database; it
    leaves its answer in `result`."""
    script = ("import json, os, django\n"
              "os.environ['DJANGO_SETTINGS_MODULE'] = 'indaba.web.settings'\n"
              "django.setup()\n"
              f"ARG = {arg!r}\nPNG = {PNG!r}\n" + code + "\nprint(json.dumps(result))\n")
    done = subprocess.run([sys.executable, "-c", script], env=server.env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def restore(server: IndabaServer, backup: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return server.cli("restore", str(backup), *extra, check=False)
