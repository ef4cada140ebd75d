"""Keep the garbage collector's full passes off the boards' latency.

Once started, a server process holds about 100,000 long-lived objects (Django, its
templates and URL resolvers, the sync engine). Every generation-2 collection walks all of
them (35-80 ms measured on the 2-core test machine) while every board waits, and the first
collections after start-up promote them through generation 1 as well (up to 9 ms each).
`gc.freeze()` moves what exists at the end of start-up into the permanent generation, which
the collector no longer scans, the use CPython documents for long-running servers; objects
made afterwards are collected as before.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("indaba.heap")


def freeze_startup_objects() -> int:
    """Collect start-up garbage once, then exempt the survivors from later collections;
    returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.debug("%d start-up objects frozen out of garbage collection", frozen)
    return frozen
