"""Knowledge search benchmark: 100,000 items, full-text queries through the app's search.

    .venv/bin/python bench/knowledge_search.py [--items 100000] [--queries 300]
        [--postgres-admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Without --postgres-admin-url it runs on SQLite (a fresh data directory); with it, on a
fresh PostgreSQL database made for the run and dropped after. On the same generated items
in the same run it measures:
1. search as a page does it: `search.search(query, visible_items(account), limit=20)` —
   ranking and highlighting in the database (FTS5 bm25 + highlight/snippet on SQLite,
   ts_rank + ts_headline on PostgreSQL), the visibility filter, the items fetched;
2. the ranking query alone over every item (`search.ranked`, as the CLI does);
3. references: a plain `title LIKE %word%` query (first 20) and a primary-key lookup.
Items are written from a 5,000-word vocabulary with Zipf-like frequencies. Queries are one
or two words: picked uniformly from the vocabulary (most words are rare, as content words
in real searches are), and again Zipf-weighted (pessimistic: many queries then contain a
word found in most items, and every match must be scored before the best 20 are known).
Reports p50/p95/max, the index size and the ratio of the search p95 to the LIKE
reference. Target: p95 of (1) at most 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = (
    "ka", "ri", "mo", "ne", "lu", "sa", "ti", "po", "ve", "da", "zu", "ha", "bi", "me",
    "go", "fa", "ne", "ru", "si", "lo", "ya", "wa", "tho", "ndi", "mba", "kwe", "shi")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_pick(words: list[str], rng: random.Random, count: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return rng.choices(words, weights=weights, k=count)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Any, runs: list[Any]) -> list[float]:
    times = []
    for arg in runs:
        start = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres-admin-url", default="")
    parser.add_argument("--keep-database", action="store_true",
                        help="Leave the PostgreSQL database in place (to examine plans).")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="indaba-bench-knowledge-")
    os.environ["INDABA_DATA_DIR"] = data_dir
    dbname = ""
    if args.postgres_admin_url:
        import psycopg

        dbname = f"indaba_bench_knowledge_{os.getpid()}"
        with psycopg.connect(args.postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{dbname}"')
        parts = urlparse(args.postgres_admin_url)
        os.environ["INDABA_DATABASE_URL"] = urlunparse(parts._replace(path="/" + dbname))
    try:
        run(args)
    finally:
        if dbname and not args.keep_database:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(args.postgres_admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def run(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from indaba.communities import services as community_services
    from indaba.knowledge import permissions, search
    from indaba.knowledge.models import Kind, KnowledgeItem, State

    rng = random.Random(11)
    words = vocabulary(5000, rng)
    users = get_user_model()._default_manager
    lead = users.create_user("benchlead", "lead@bench.invalid", "x")
    reader = users.create_user("benchreader", "reader@bench.invalid", "x")
    communities = [community_services.create_community(f"Bench CoP {n}", lead)
                   for n in range(5)]
    community_services.set_member(communities[0], reader, "member")
    kinds, states = Kind.values, [State.PUBLISHED] * 8 + [State.DRAFT, State.IN_REVIEW]
    print(f"backend {connection.vendor}; inserting {args.items:,} items…", file=sys.stderr)
    started = time.perf_counter()
    batch: list[KnowledgeItem] = []
    for n in range(args.items):
        title = " ".join(zipf_pick(words, rng, rng.randint(4, 9)))
        body = " ".join(zipf_pick(words, rng, rng.randint(40, 90)))
        batch.append(KnowledgeItem(community=communities[n % len(communities)],
                                   kind=rng.choice(kinds), state=rng.choice(states),
                                   title=title, summary=body, search_text=body))
        if len(batch) == 2000:
            KnowledgeItem.objects.bulk_create(batch)
            batch = []
    KnowledgeItem.objects.bulk_create(batch)
    insert_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE knowledge_knowledgeitem")
            cursor.execute("SELECT pg_relation_size('knowledge_item_search_gin'), "
                           "(SELECT sum(pg_column_size(search_vector)) "
                           "FROM knowledge_knowledgeitem)")
            gin, column = cursor.fetchone()
            index = f"GIN {gin / 2**20:.1f} MiB + tsvector column {column / 2**20:.1f} MiB"
        else:
            cursor.execute("INSERT INTO knowledge_fts(knowledge_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
            try:
                cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'knowledge_fts%'")
                index = f"FTS5 {cursor.fetchone()[0] / 2**20:.1f} MiB"
            except Exception:  # dbstat is not compiled into every SQLite
                cursor.execute("SELECT sum(length(block)) FROM knowledge_fts_data")
                index = f"FTS5 {cursor.fetchone()[0] / 2**20:.1f} MiB (data blocks)"
    queries = [" ".join(rng.sample(words, rng.randint(1, 2))) for _ in range(args.queries)]
    common = [" ".join(zipf_pick(words, rng, rng.randint(1, 2))) for _ in range(args.queries)]
    likes = [q.split()[0] for q in queries]
    ids = [rng.randint(1, args.items) for _ in range(args.queries)]
    visible = permissions.visible_items(reader)
    everything = KnowledgeItem.objects.all()
    hits = [len(search.search(q, visible, 20)) for q in queries[:20]]  # warm up
    rows = {
        "search page (visibility, rank, highlight, fetch)":
            timed(lambda q: search.search(q, visible, 20), queries),
        "search page, Zipf-weighted words (pessimistic)":
            timed(lambda q: search.search(q, visible, 20), common),
        "ranking only, every item (CLI)": timed(lambda q: search.ranked(q, everything, 20),
                                                queries),
        "reference: title LIKE %word% (first 20)":
            timed(lambda w: list(KnowledgeItem.objects.filter(title__icontains=w)
                                 .values_list("id", flat=True)[:20]), likes),
        "reference: primary-key lookup": timed(lambda pk: KnowledgeItem.objects.get(pk=pk),
                                               ids),
    }
    print(f"\n{connection.vendor}: {args.items:,} items (inserted in {insert_s:.0f} s), "
          f"{args.queries} queries, index {index}; hits in the first 20 queries: "
          f"median {statistics.median(hits)}")
    print(f"{'measure':52} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, times in rows.items():
        print(f"{name:52} {percentile(times, 50):8.2f} {percentile(times, 95):8.2f} "
              f"{max(times):8.2f}")
    page = percentile(rows["search page (visibility, rank, highlight, fetch)"], 95)
    like = percentile(rows["reference: title LIKE %word% (first 20)"], 95)
    print(f"search p95 / LIKE p95 = {page / like:.2f}; target search p95 ≤ 50 ms: "
          f"{'met' if page <= 50 else 'NOT met'}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"knowledge_search_{connection.vendor}.json").write_text(json.dumps({
        "items": args.items, "queries": args.queries, "index": index,
        "p95_ms": {k: percentile(v, 95) for k, v in rows.items()},
        "p50_ms": {k: percentile(v, 50) for k, v in rows.items()}}, indent=2))


if __name__ == "__main__":
    main()
