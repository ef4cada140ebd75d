"""What casting one dot vote costs on a large board: time, and bytes of the board document
encoded or decoded (copied) on the way.

    .venv/bin/python bench/vote_cost.py [--elements 5000] [--votes 40]

In one process, as `indaba serve` runs it: a live sync engine on its own event-loop thread
serves a board of N elements (half of them sticky notes); a vote is open; the facilitation
service casts votes from a worker thread, the way the HTTP endpoint does. Every
`pycrdt.Doc.get_update` / `apply_update` made while a vote is cast is counted (the bytes
copied). Reference, same run: pycrdt encoding the same document once (one full copy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
os.environ["INDABA_DATA_DIR"] = tempfile.mkdtemp(prefix="indaba-vote-bench-")
os.environ.setdefault("INDABA_SECRET_KEY", "bench-secret-key-not-for-production")


class Copies:
    """Counts document bytes encoded or decoded by pycrdt while active."""

    def __init__(self) -> None:
        import pycrdt

        self.active = False
        self.bytes = 0
        self.calls = 0
        original_get, original_apply = pycrdt.Doc.get_update, pycrdt.Doc.apply_update
        counter = self

        def get_update(doc: Any, state: bytes | None = None) -> bytes:
            update = original_get(doc, state) if state is not None else original_get(doc)
            if counter.active:
                counter.bytes += len(update)
                counter.calls += 1
            return update

        def apply_update(doc: Any, update: bytes) -> None:
            if counter.active:
                counter.bytes += len(update)
                counter.calls += 1
            original_apply(doc, update)

        pycrdt.Doc.get_update = get_update  # type: ignore[method-assign]
        pycrdt.Doc.apply_update = apply_update  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=5000)
    parser.add_argument("--votes", type=int, default=40)
    args = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    copies = Copies()

    import pycrdt

    from indaba.boards import builders, document, live, services
    from indaba.boards.access import DjangoBoardAuthorizer
    from indaba.boards.storage import limits_from_config, open_store
    from indaba.facilitation import voting as facilitation
    from indaba.facilitation.permissions import Actor, Capability
    from indaba.sync.engine import SyncEngine
    from indaba.sync.policy import new_content_doc

    board = services.create_board("Vote benchmark")
    indices = builders.IndexSequence()
    items: list[dict[str, Any]] = []
    while len(items) < args.elements:
        n = len(items) // 2
        items.extend(builders.sticky_note(f"Idea number {n}", (n % 60) * 220,
                                          (n // 60) * 220, indices, author="Bench"))
    doc = new_content_doc()
    document.write_elements(doc, items[: args.elements])
    services.write_initial_content(board.id, doc)
    note_ids = [e["id"] for e in items[: args.elements] if e["type"] == "rectangle"]
    size = len(doc.get_update())

    loop = asyncio.new_event_loop()
    engine_ready = threading.Event()
    holder: dict[str, SyncEngine] = {}

    async def run_engine() -> None:
        engine = SyncEngine(open_store(), DjangoBoardAuthorizer(), limits_from_config())
        await engine.start()
        live.register(engine)
        holder["engine"] = engine
        engine_ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(run_engine(), loop).result(60)
    engine_ready.wait(60)

    facilitation.start_vote(board, votes_per_person=1, anonymous=True)

    def voter(n: int) -> Actor:  # one vote each, as in a room
        return Actor(Capability.PARTICIPATE, f"bench-token-{n}", f"Voter {n}", None)

    facilitation.cast_vote(board, voter(0), note_ids[0])  # warm: the board is now live
    times, copied, calls = [], [], []
    for i in range(1, args.votes + 1):
        copies.active, copies.bytes, copies.calls = True, 0, 0
        started = time.perf_counter()
        facilitation.cast_vote(board, voter(i), note_ids[i % len(note_ids)])
        times.append((time.perf_counter() - started) * 1000)
        copies.active = False
        copied.append(copies.bytes)
        calls.append(copies.calls)

    reference = []
    for _ in range(max(5, args.votes // 4)):
        started = time.perf_counter()
        copy: pycrdt.Doc[Any] = pycrdt.Doc()
        copy.apply_update(doc.get_update())
        reference.append((time.perf_counter() - started) * 1000)

    asyncio.run_coroutine_threadsafe(holder["engine"].stop(), loop).result(60)
    live.unregister()
    loop.call_soon_threadsafe(loop.stop)

    def q(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    vote_median = statistics.median(times)
    copy_median = statistics.median(reference)
    print(f"\nCasting a vote on a board of {args.elements} elements "
          f"({size / 1024:.0f} KiB encoded); {args.votes} votes; {os.cpu_count()} CPUs")
    print(f"{'measurement':<44}{'median':>10}{'p95':>10}")
    print("-" * 64)
    print(f"{'cast_vote, ms':<44}{vote_median:>10.1f}{q(times, 0.95):>10.1f}")
    print(f"{'document bytes copied per vote, KiB':<44}"
          f"{statistics.median(copied) / 1024:>10.0f}{q(copied, 0.95) / 1024:>10.0f}")
    print(f"{'pycrdt encode/decode calls per vote':<44}{statistics.median(calls):>10.0f}"
          f"{q(calls, 0.95):>10.0f}")
    print(f"{'reference: one full copy (encode+apply), ms':<44}{copy_median:>10.1f}"
          f"{q(reference, 0.95):>10.1f}")
    print(f"\nvote / one full copy = {vote_median / copy_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
