"""Full-text search with ranking and highlighting done by the database.

SQLite: the FTS5 table `knowledge_fts` (porter stemmer), ranked by bm25 with the title
weighted 10:1, highlighted by `highlight()`/`snippet()`. PostgreSQL: the generated
`search_vector` column (title weight A, the rest B, GIN index), ranked by `ts_rank`,
highlighted by `ts_headline`. Both get the same query: the words of the input (stop words
dropped), all required, stemmed by the database.

Highlighting is escaped first, then marked: the database marks matches with the control
characters \\x01 and \\x02 (which user text never contains: `models.clean_text` removes
them), the whole text is HTML-escaped, and only then do the markers become <mark>.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indaba.knowledge.models import KnowledgeItem

START, STOP = "\x01", "\x02"
MAX_TERMS = 12
STOP_WORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was",
    "were", "will", "with"])


def terms(query: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"\w+", query or "")]
    return [w for w in dict.fromkeys(words) if w not in STOP_WORDS][:MAX_TERMS]


def marked(text: str) -> SafeString:
    """Database-highlighted text as HTML: escaped, then the markers become <mark>."""
    text = text.replace("\x03", "<").replace("\x04", ">")
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


@dataclass(frozen=True)
class Hit:
    item: KnowledgeItem
    score: float
    title: SafeString
    snippet: SafeString


def _correlated(within: QuerySet[KnowledgeItem], outer: str) -> tuple[str, tuple[Any, ...]]:
    """`within` as a subquery asking about one outer row (`outer`, its id): each match is
    checked by primary key instead of every visible id being listed first."""
    query = within.filter(pk=RawSQL(outer, [])).order_by().values("pk").query
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def _ranked_sqlite(words: list[str], within: QuerySet[KnowledgeItem],
                   limit: int) -> list[tuple[int, float, str, str]]:
    match = " ".join(f'"{w}"' for w in words)
    # The matches are read once (MATERIALIZED: never one MATCH per candidate row), each
    # checked against `within` by its primary key (correlated EXISTS: no list of every
    # visible id is built), ranked by FTS5's `rank` (bm25 with the title weighted 10:1,
    # set in the migration); only the rows kept are highlighted, since SQLite would
    # otherwise compute highlight() and snippet() for every match before sorting.
    sub, params = _correlated(within, "m.rowid")
    ranked_sql = ("WITH m AS MATERIALIZED (SELECT rowid, rank FROM knowledge_fts "
                  "WHERE knowledge_fts MATCH %s) "
                  f"SELECT m.rowid, -m.rank FROM m WHERE EXISTS ({sub}) "
                  "ORDER BY m.rank, m.rowid LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(ranked_sql, [match, *params, limit])
        scores = [(int(r[0]), float(r[1])) for r in cursor.fetchall()]
        if not scores:
            return []
        marks = ", ".join(["%s"] * len(scores))
        cursor.execute("SELECT rowid, highlight(knowledge_fts, 0, char(1), char(2)), "
                       "snippet(knowledge_fts, 1, char(1), char(2), '…', 24) "
                       "FROM knowledge_fts WHERE knowledge_fts MATCH %s "
                       f"AND rowid IN ({marks})", [match, *(pk for pk, _ in scores)])
        shown = {int(r[0]): (str(r[1]), str(r[2])) for r in cursor.fetchall()}
    return [(pk, score, *shown[pk]) for pk, score in scores if pk in shown]


def _angles(column: str) -> str:
    """The column with < and > as \\x03 and \\x04: PostgreSQL's parser skips what looks
    like an HTML tag, so the text is parsed as it was indexed; `marked` restores them."""
    return f"translate({column}, '<>', chr(3) || chr(4))"


def _ranked_postgres(words: list[str], within: QuerySet[KnowledgeItem],
                     limit: int) -> list[tuple[int, float, str, str]]:
    sub, params = _correlated(within, "i.id")
    options = "'StartSel=' || chr(1) || ', StopSel=' || chr(2)"
    # The query is written out where it is used (not joined from a CTE) so that the
    # planner sees a constant and searches the GIN index.
    query = "plainto_tsquery('english', %s)"
    sql = ("WITH top AS (SELECT i.id, "
           f"ts_rank(i.search_vector, {query}) AS score FROM knowledge_knowledgeitem i "
           f"WHERE i.search_vector @@ {query} AND EXISTS ({sub}) "
           "ORDER BY score DESC, i.id LIMIT %s) "
           "SELECT top.id, top.score, "
           f"ts_headline('english', {_angles('i.title')}, {query}, "
           f"{options} || ', HighlightAll=true'), "
           f"ts_headline('english', {_angles('i.search_text')}, {query}, {options} || "
           "', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=…') "
           "FROM top JOIN knowledge_knowledgeitem i ON i.id = top.id "
           "ORDER BY top.score DESC, top.id")
    text = " ".join(words)
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, text, *params, limit, text, text])
        return [(int(r[0]), float(r[1]), str(r[2]), str(r[3])) for r in cursor.fetchall()]


def ranked(query: str, within: QuerySet[KnowledgeItem],
           limit: int = 50) -> list[tuple[int, float, str, str]]:
    """(id, score, highlighted title, highlighted snippet) of the best matches among
    `within`, best first (higher score is better)."""
    words = terms(query)
    if not words:
        return []
    run = _ranked_postgres if connection.vendor == "postgresql" else _ranked_sqlite
    try:
        return run(words, within, limit)
    except EmptyResultSet:  # nothing to search in (e.g. a facet nothing has)
        return []


def search(query: str, within: QuerySet[KnowledgeItem], limit: int = 50) -> list[Hit]:
    rows = ranked(query, within, limit)
    items = KnowledgeItem.objects.select_related("community", "board", "session").in_bulk(
        [r[0] for r in rows])
    return [Hit(items[pk], score, marked(title), marked(snippet))
            for pk, score, title, snippet in rows if pk in items]


FACETS = ("kind", "state", "community", "process", "unit", "tag")


def filtered(items: QuerySet[KnowledgeItem], chosen: dict[str, str]) -> QuerySet[KnowledgeItem]:
    """Items narrowed by the chosen facets. Business processes, units and tags are JSON
    lists: narrowed in Python over the ids (fine for a community's knowledge base; the
    benchmark measures text search, which needs none)."""
    if chosen.get("kind"):
        items = items.filter(kind=chosen["kind"])
    if chosen.get("state"):
        items = items.filter(state=chosen["state"])
    if chosen.get("community"):
        items = items.filter(community__slug=chosen["community"])
    for facet, field in (("process", "processes"), ("unit", "units"), ("tag", "tags")):
        value = chosen.get(facet)
        if value:
            ids = [pk for pk, values in items.values_list("pk", field)
                   if value in (values or [])]
            items = items.filter(pk__in=ids)
    return items


def facet_counts(items: QuerySet[KnowledgeItem]) -> dict[str, list[tuple[str, int]]]:
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for kind, state, slug, processes, units, tags in items.values_list(
            "kind", "state", "community__slug", "processes", "units", "tags"):
        counts["kind"][kind] += 1
        counts["state"][state] += 1
        counts["community"][slug] += 1
        for facet, values in (("process", processes), ("unit", units), ("tag", tags)):
            for value in values or []:
                counts[facet][str(value)] += 1
    return {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for f, c in counts.items()}
