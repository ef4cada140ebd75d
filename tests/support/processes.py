"""Which process of a server holds a TCP connection, read from /proc (Linux only).

`indaba serve --workers N` shares one listening socket between N worker processes, and
the kernel hands each accepted connection to one of them. A test learns which one from
the connection's socket inode: /proc/net/tcp names the inode of the server's end of the
connection, and /proc/<pid>/fd of the worker holding it links to `socket:[inode]`.
"""

from __future__ import annotations

import os
from pathlib import Path


def children(pid: int) -> list[int]:
    """Direct child processes of `pid`."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as handle:
            found += [int(p) for p in handle.read().split()]
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def worker_pids(parent: int) -> list[int]:
    """uvicorn's worker processes: the children started by multiprocessing's spawn
    (not its resource tracker)."""
    return sorted(p for p in children(parent)
                  if "spawn_main" in cmdline(p) and "resource_tracker" not in cmdline(p))


def _server_end_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server's socket of the connection 127.0.0.1:client_port ->
    127.0.0.1:server_port."""
    local = f"0100007F:{server_port:04X}"
    remote = f"0100007F:{client_port:04X}"
    with open("/proc/net/tcp") as handle:
        next(handle)
        for line in handle:
            fields = line.split()
            if fields[1] == local and fields[2] == remote:
                return int(fields[9])
    return None


def holder(pids: list[int], server_port: int, client_port: int) -> int | None:
    """Which of `pids` holds the server's end of the connection from `client_port`."""
    inode = _server_end_inode(server_port, client_port)
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in pids:
        fd_dir = f"/proc/{pid}/fd"
        try:
            names = os.listdir(fd_dir)
        except OSError:
            continue
        for name in names:
            try:
                if os.readlink(f"{fd_dir}/{name}") == target:
                    return pid
            except OSError:
                continue
    return None
