"""One process at a time for a periodic job: the lock file in the data directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from indaba.common.joblock import only_one


def test_a_second_holder_is_told_no_until_the_first_lets_go(tmp_path: Path) -> None:
    with only_one(tmp_path, "retention") as first:
        assert first
        with only_one(tmp_path, "retention") as second:  # another open file: as a process
            assert not second
        with only_one(tmp_path, "other-job") as unrelated:
            assert unrelated
    with only_one(tmp_path, "retention") as again:
        assert again


def test_a_killed_holder_does_not_keep_the_job(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from indaba.common.joblock import only_one\n"
         f"with only_one(Path({str(tmp_path)!r}), 'retention') as mine:\n"
         "    print(mine, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        with only_one(tmp_path, "retention") as mine:
            assert not mine
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with only_one(tmp_path, "retention") as mine:
        assert mine
