"""Audit append benchmark: what recording one event costs, against a plain insert.

    .venv/bin/python bench/audit_append.py [--count 2000] \
        [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

For each database (a file SQLite database in a temporary data directory, and a throwaway
PostgreSQL database when --postgres-url names a server), in a process of its own:
- append: `indaba.audit.services.record(...)` — lock the head row, hash, insert the entry
  and its payload, move the head, commit;
- reference: a plain Django model insert of the same canonical payload (an
  `audit_payload` row) in its own transaction — what any recorded event costs at least;
- then the time `indaba.audit.services.verify()` takes over the whole log.
The two alternate, one of each per round, so that noise on a shared machine hits both.
Automatic checkpoints are off (INDABA_AUDIT_CHECKPOINT_MINUTES=0): they cost one
signature and a file write once per interval, not per append.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = {"user": "user:42", "role": "facilitator", "email": "thandi.nkosi@example.gov.za",
           "name": "Thandi Nkosi", "ip": "192.0.2.10", "community": 7}


def measure(count: int) -> dict[str, list[float]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from indaba.audit import chain, services
    from indaba.audit.models import Payload

    call_command("migrate", interactive=False, verbosity=0)
    data = chain.canonical(PAYLOAD).decode()
    times: dict[str, list[float]] = {"append": [], "reference": []}
    for n in range(50):  # warm up connections and caches
        services.record("bench.warm", obj=("community", 7), payload=PAYLOAD)
        with transaction.atomic():
            Payload.objects.create(seq=10**12 + n, data=data, subjects=" user:42 ")
    for n in range(count):
        start = time.perf_counter()
        services.record("communities.role_changed", obj=("community", 7), payload=PAYLOAD,
                        subjects=["user:42"])
        times["append"].append(time.perf_counter() - start)
        start = time.perf_counter()
        with transaction.atomic():
            Payload.objects.create(seq=2 * 10**12 + n, data=data, subjects=" user:42 ")
        times["reference"].append(time.perf_counter() - start)
    start = time.perf_counter()
    report = services.verify()
    times["verify"] = [time.perf_counter() - start]
    assert report.ok and report.entries == count + 50, report
    return times


def child(backend: str, count: int, postgres_url: str) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="indaba-bench-audit-") as data_dir:
        env = dict(os.environ, INDABA_DATA_DIR=data_dir, INDABA_AUDIT_CHECKPOINT_MINUTES="0",
                   INDABA_SECRET_KEY="bench-only")
        env.pop("INDABA_DATABASE_URL", None)
        database = ""
        if backend == "postgresql":
            import psycopg

            database = f"indaba_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(postgres_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            env["INDABA_DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + "/" + database
        try:
            out = subprocess.run([sys.executable, __file__, "--child", "--count", str(count)],
                                 env=env, cwd=ROOT, check=True, capture_output=True,
                                 text=True).stdout
        finally:
            if database:
                import psycopg

                with psycopg.connect(postgres_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    result: dict[str, list[float]] = json.loads(out)
    return result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--postgres-url", default=os.environ.get("INDABA_TEST_POSTGRES_URL",
                                                                 ""))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.count)))
        return
    backends = ["sqlite"] + (["postgresql"] if args.postgres_url else [])
    verified: list[str] = []
    print(f"audit append vs plain insert, {args.count} of each, ms per operation")
    print(f"{'database':<11} {'operation':<10} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7}")
    for backend in backends:
        times = child(backend, args.count, args.postgres_url)
        stats = {}
        for name in ("append", "reference"):
            values = times[name]
            stats[name] = [percentile(values, p) * 1000 for p in (50, 95, 99)]
            stats[name].append(statistics.fmean(values) * 1000)
            p50, p95, p99, mean = stats[name]
            print(f"{backend:<11} {name:<10} {p50:7.3f} {p95:7.3f} {p99:7.3f} {mean:7.3f}")
        ratios = [a / r for a, r in zip(stats["append"], stats["reference"], strict=True)]
        print(f"{backend:<11} {'ratio':<10} " + " ".join(f"{x:6.2f}x" for x in ratios))
        verified.append(f"{backend}: verify read and checked {args.count + 50} entries in "
                        f"{times['verify'][0] * 1000:.0f} ms")
    print("\n".join(verified))


if __name__ == "__main__":
    main()
