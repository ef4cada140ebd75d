"""How much board history a busy workshop stores: bytes per version and per hour.

    .venv/bin/python bench/history_storage.py [--people 30] [--minutes 60] [--every 10]

Simulates one board for an hour: each of N people adds a sticky note every two minutes
and edits one (new text, moved) every minute; the board starts from the lessons-learned
template's size of content. Versions are saved the way the server saves them — periodic
every `--every` minutes while the board changed, plus the workshop moments (session start,
brainstorm start and reveal, vote start and reveal, session end) — through
`boards.history.save_version` into a real database (SQLite in a temporary data dir), and
the stored rows are measured. Reference, same run: the same board as one zlib-compressed
Yjs update (the other way a version could have been stored).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import zlib
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
os.environ["INDABA_DATA_DIR"] = tempfile.mkdtemp(prefix="indaba-history-bench-")
os.environ.setdefault("INDABA_SECRET_KEY", "bench-secret-key-not-for-production")

WORDS = ("share", "the", "join", "code", "earlier", "room", "microphone", "budget", "policy",
         "harvest", "lessons", "knowledge", "base", "week", "online", "people", "talking",
         "check-in", "keynote", "follow", "up", "with", "district", "teams", "report")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))).capitalize()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--every", type=int, default=10, help="periodic version interval")
    args = parser.parse_args()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    import pycrdt

    from indaba.boards import builders, document, history, services
    from indaba.boards.models import BoardVersion, VersionReason

    rng = random.Random(11)
    board = services.create_board("History benchmark")
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    emap = doc.get(document.ELEMENTS, type=pycrdt.Map)
    indices = builders.IndexSequence()
    notes: list[tuple[str, str]] = []  # (box id, label id)

    def add_note(person: int) -> None:
        box, label = builders.sticky_note(sentence(rng), rng.uniform(0, 3000),
                                          rng.uniform(0, 2000), indices,
                                          author=f"Person {person}", rng=rng)
        with doc.transaction():
            emap[box["id"]] = box
            emap[label["id"]] = label
        notes.append((box["id"], label["id"]))

    def edit_note() -> None:
        box_id, label_id = rng.choice(notes)
        box, label = document.normalize(emap[box_id]), document.normalize(emap[label_id])
        dx, dy = rng.uniform(-50, 50), rng.uniform(-50, 50)
        text = sentence(rng)
        with doc.transaction():
            emap[box_id] = {**box, "x": box["x"] + dx, "y": box["y"] + dy,
                            "version": box["version"] + 1, "versionNonce": rng.getrandbits(31)}
            emap[label_id] = {**label, "x": label["x"] + dx, "y": label["y"] + dy,
                              "text": text, "originalText": text,
                              "version": label["version"] + 1,
                              "versionNonce": rng.getrandbits(31)}

    for person in range(5):  # the template's few notes
        add_note(person)
    moments = {0: VersionReason.SESSION_START, 15: VersionReason.BRAINSTORM_START,
               25: VersionReason.BRAINSTORM_END, 40: VersionReason.VOTE_START,
               50: VersionReason.VOTE_REVEAL, args.minutes: VersionReason.SESSION_END}
    made: list[tuple[int, str, int, int, float]] = []  # minute, reason, elements, bytes, ms
    last_digest = ""
    for minute in range(args.minutes + 1):
        if minute:
            for person in range(args.people):
                if (minute + person) % 2 == 0:
                    add_note(person)
                edit_note()
        reasons = []
        if minute in moments:
            reasons.append(moments[minute])
        if minute and minute % args.every == 0:
            reasons.append(VersionReason.PERIODIC)
        for reason in reasons:
            started = time.perf_counter()
            content = history.content_of_doc(doc)
            if reason == VersionReason.PERIODIC and content.digest() == last_digest:
                continue
            version = history.save_version(board, reason, content)
            elapsed = (time.perf_counter() - started) * 1000
            assert version is not None
            last_digest = version.digest
            made.append((minute, str(reason), version.element_count,
                         len(bytes(BoardVersion.objects.get(pk=version.pk).content)), elapsed))
    total = sum(m[3] for m in made)
    yjs = len(zlib.compress(doc.get_update(), 6))
    raw = len(history.content_of_doc(doc).encoded())
    print(f"{args.people} people, {args.minutes} min, periodic every {args.every} min; "
          f"{len(notes)} notes ({2 * len(notes)} elements) at the end")
    print("| minute | reason | elements | stored bytes | save ms |")
    print("|---:|---|---:|---:|---:|")
    for minute, reason, elements, size, ms in made:
        print(f"| {minute} | {reason} | {elements} | {size:,} | {ms:.0f} |")
    sizes = [m[3] for m in made]
    print(f"\nversions: {len(made)}; bytes per version: mean {statistics.mean(sizes):,.0f}, "
          f"max {max(sizes):,}; per hour: {total * 60 / args.minutes:,.0f} bytes")
    print(f"last version: {sizes[-1]:,} bytes stored vs {raw:,} bytes of JSON "
          f"(ratio {sizes[-1] / raw:.2f}); the same board as one zlib-compressed Yjs "
          f"update: {yjs:,} bytes (ratio stored/Yjs {sizes[-1] / yjs:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
