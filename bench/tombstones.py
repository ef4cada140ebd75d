"""What dropping old tombstones saves: document size and load time of a board with many
deletions, before and after `indaba board compact-tombstones`.

    .venv/bin/python bench/tombstones.py [--elements 1000 5000] [--deleted 0.5 0.9] [--edits 3]

Each board is built as a browser builds it: every element is added, then changed `--edits`
times (moved: a new version of its JSON value each time), and a share of them is deleted the
Excalidraw way (`isDeleted: true`, new version, `updated` 40 days ago). The pass is the one
the server runs (`boards.tombstones.drop`, retention 30 days). Measured: the board as one
Yjs update (what a joining client downloads and what a snapshot stores), the same
zlib-compressed (the stored snapshot format), and the time to load it into a document.
Reference in the same run: a board written fresh with only the surviving elements.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import zlib
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
os.environ["INDABA_DATA_DIR"] = tempfile.mkdtemp(prefix="indaba-tombstone-bench-")
os.environ.setdefault("INDABA_SECRET_KEY", "bench-secret-key-not-for-production")

DAY_MS = 86_400_000


def note(i: int, version: int, now_ms: int, deleted: bool = False,
         age_days: int = 0) -> dict[str, Any]:
    return {"id": f"el-{i:06d}", "type": "rectangle", "x": i * 3 + version, "y": i * 2,
            "width": 200, "height": 120, "angle": 0, "strokeColor": "#1e1e1e",
            "backgroundColor": "#ffec99", "fillStyle": "solid", "strokeWidth": 1,
            "roughness": 1, "opacity": 100, "groupIds": [], "frameId": None,
            "index": f"a{i:06d}", "seed": 1000 + i, "version": version,
            "versionNonce": 7 * i + version, "isDeleted": deleted, "boundElements": None,
            "updated": now_ms - age_days * DAY_MS, "link": None, "locked": False}


def load_time(update: bytes, repeat: int = 3) -> float:
    import pycrdt

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        doc: pycrdt.Doc[Any] = pycrdt.Doc()
        doc.apply_update(update)
        doc.get("elements", type=pycrdt.Map)
        best = min(best, time.perf_counter() - start)
    return best


def measure(elements: int, deleted_share: float, edits: int) -> dict[str, Any]:
    import pycrdt

    from indaba.boards import tombstones

    now_ms = int(time.time() * 1000)
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    emap = doc.get("elements", type=pycrdt.Map)
    doomed = int(elements * deleted_share)
    for i in range(elements):
        with doc.transaction():
            emap[f"el-{i:06d}"] = note(i, 1, now_ms, age_days=60)
    for version in range(2, edits + 2):
        for i in range(elements):
            with doc.transaction():
                emap[f"el-{i:06d}"] = note(i, version, now_ms, age_days=50)
    for i in range(doomed):
        with doc.transaction():
            emap[f"el-{i:06d}"] = note(i, edits + 2, now_ms, deleted=True, age_days=40)
    before = doc.get_update()
    with doc.transaction():
        dropped = tombstones.drop(doc, tombstones.cutoff_ms(keep_days=30))
    after = doc.get_update()
    fresh: pycrdt.Doc[Any] = pycrdt.Doc()
    fmap = fresh.get("elements", type=pycrdt.Map)
    with fresh.transaction():
        for i in range(doomed, elements):
            fmap[f"el-{i:06d}"] = note(i, edits + 1, now_ms)
    reference = fresh.get_update()
    return {"elements": elements, "deleted": doomed, "dropped": len(dropped),
            "before": len(before), "after": len(after), "reference": len(reference),
            "before_z": len(zlib.compress(before)), "after_z": len(zlib.compress(after)),
            "load_before": load_time(before), "load_after": load_time(after)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--deleted", type=float, nargs="+", default=[0.5, 0.9])
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    print("| elements | deleted | bytes before | bytes after | after/before | compressed "
          "after/before | fresh board with survivors | load before ms | load after ms |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for elements in args.elements:
        for share in args.deleted:
            r = measure(elements, share, args.edits)
            assert r["dropped"] == r["deleted"]
            print(f"| {r['elements']:,} | {r['deleted']:,} | {r['before']:,} | "
                  f"{r['after']:,} | {r['after'] / r['before']:.2f} | "
                  f"{r['after_z'] / r['before_z']:.2f} | {r['reference']:,} | "
                  f"{r['load_before'] * 1000:.1f} | {r['load_after'] * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
