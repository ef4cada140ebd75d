"""Evidence report benchmark: a community with 2 years of weekly sessions of 60 people.

    .venv/bin/python bench/evidence_report.py [--weeks 104] [--people 60] [--runs 7]

Generates into a fresh SQLite database (a new data directory): 60 members in 6 units, an
executive, and one session a week for two years, each with 40 to 60 members and up to three
guests in the room or online, a board with their notes, votes and reactions, registrations
with no-shows every other week, knowledge items harvested from the sessions (most reviewed
and published, with actions) and reuse records with the hours and cost saved. Then, on the
same data in the same run, it times:
1. the dashboard page as a browser gets it: GET /communities/<slug>/evidence/ through
   Django's test Client, for all time (every session: the worst case) and for the default
   last 12 months; report, charts (drawn afresh: the chart cache is cleared) and template
   included; and once more with the charts cached (the same selection opened again);
2. `build_report` alone (all time);
3. the PDF: `render_pdf` of that report, and the download through the test Client;
4. references: the old attendance evidence page's work (for every session, its attendance
   summary and its registrations count: what `/communities/<slug>/evidence/` did before the
   dashboard), and a bare `SELECT count(*)` walk of the same attendance and activity rows.
Each measure runs --runs times (after one warm-up): median and p95, and the machine's
1-minute load average when it ended ("other load": the machine is shared). The ratio is
the page's median to the old attendance page's median. Target: the page in at most 2 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UNITS = ("Finance", "Human Resources", "Information Technology", "Policy and Research",
         "Internal Audit", "Supply Chain")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(fn: Callable[[], Any], runs: int) -> tuple[list[float], float]:
    fn()  # warm-up: imports (matplotlib, WeasyPrint), caches, the database's pages
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, os.getloadavg()[0]


def generate(weeks: int, people: int, rng: random.Random) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from indaba.accounts.models import Profile
    from indaba.boards.models import Board, BoardAccessToken
    from indaba.communities.models import Community, Membership, Role
    from indaba.facilitation.models import ActivityEvent
    from indaba.knowledge.models import KnowledgeItem, LessonAction, Reuse
    from indaba.meetings.models import Attendance, Registration, Session

    users = get_user_model()._default_manager
    members = [users.create_user(f"member{n}", f"member{n}@bench.invalid")
               for n in range(people)]
    executive = users.create_user("executive", "executive@bench.invalid")
    Profile.objects.bulk_create([Profile(user=u, display_name=f"Member {n}",
                                         unit=UNITS[n % len(UNITS)])
                                 for n, u in enumerate(members)])
    community = Community.objects.create(slug="bench-cop", name="Bench CoP")
    Membership.objects.bulk_create(
        [Membership(community=community, user=u, role=Role.MEMBER) for u in members]
        + [Membership(community=community, user=executive, role=Role.EXECUTIVE)])
    first = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) \
        - timedelta(weeks=weeks)
    kinds = ("lesson", "practice", "insight", "aar")
    processes = ("Procurement", "Budgeting", "Recruitment", "ICT service management")
    for week in range(weeks):
        starts = first + timedelta(weeks=week)
        board = Board.objects.create(title=f"Week {week}")
        session = Session.objects.create(
            community=community, title=f"Weekly session {week}", starts_at=starts,
            ends_at=starts + timedelta(hours=2), board=board,
            registration_required=week % 2 == 0)
        came = rng.sample(members, rng.randint(40, people))
        guests = [f"Guest {week}-{g}" for g in range(rng.randint(0, 3))]
        tokens = [BoardAccessToken(board=board, role="editor", name=getattr(p, "username", p),
                                   user=None if isinstance(p, str) else p)
                  for p in [*came, *guests]]
        BoardAccessToken.objects.bulk_create(tokens)
        Attendance.objects.bulk_create([
            Attendance(session=session, user=t.user, name=t.name, token=t,
                       presence="in_room" if rng.random() < 0.6 else "online", method="code",
                       joined_at=starts + timedelta(minutes=n % 20))
            for n, t in enumerate(tokens)])
        events = []
        for t in tokens:
            if rng.random() < 0.7:
                events += [ActivityEvent(board=board, kind=rng.choice(
                    ("note", "note", "vote", "reaction")), actor_token_id=t.id, user=t.user,
                    actor_name=t.name, element_id=f"e{t.id[:6]}{i}",
                    at=starts + timedelta(minutes=30 + i)) for i in range(rng.randint(1, 5))]
        ActivityEvent.objects.bulk_create(events)
        if session.registration_required:
            absent = [m for m in members if m not in came][:5]
            Registration.objects.bulk_create(
                [Registration(session=session, user=u) for u in [*came, *absent]])
        for _ in range(rng.randint(1, 4)):
            published = rng.random() < 0.7
            created = session.ends_at + timedelta(days=1)
            item = KnowledgeItem.objects.create(
                community=community, kind=rng.choice(kinds), title=f"Item of week {week}",
                state="published" if published else rng.choice(("draft", "in_review")),
                processes=[rng.choice(processes)], session=session, board=board)
            KnowledgeItem.objects.filter(pk=item.pk).update(
                created_at=created,
                published_at=created + timedelta(days=rng.randint(2, 30)) if published else None)
            if item.kind == "lesson":
                LessonAction.objects.create(item=item, text="Do it", owner="office",
                                            status=rng.choice(("open", "in_progress", "done")))
            if published and rng.random() < 0.5:
                by = rng.choice(members)
                reuse = Reuse.objects.create(
                    item=item, by=by, by_name=f"Member {by.pk}", unit=UNITS[by.pk % 6],
                    outcome="We reused it and saved time.",
                    hours_saved=Decimal(rng.randint(1, 40)),
                    cost_saved=Decimal(rng.randint(0, 50_000)) if rng.random() < 0.5 else None)
                Reuse.objects.filter(pk=reuse.pk).update(at=created + timedelta(days=40))
    return community, executive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["INDABA_DATA_DIR"] = tempfile.mkdtemp(prefix="indaba-bench-evidence-")
    os.environ.pop("INDABA_DATABASE_URL", None)
    os.environ.setdefault("INDABA_SECRET_KEY", "bench-secret-key-not-for-production")
    os.environ["INDABA_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indaba.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection
    from django.test import Client

    from indaba.evidence import charts
    from indaba.evidence.pdf import render_pdf
    from indaba.evidence.report import build_report
    from indaba.facilitation.models import ActivityEvent
    from indaba.meetings.models import Attendance, Session
    from indaba.meetings.services import summary

    started = time.perf_counter()
    community, executive = generate(args.weeks, args.people, random.Random(12))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    made_s = time.perf_counter() - started
    counts = (Session.objects.count(), Attendance.objects.count(),
              ActivityEvent.objects.count())
    client = Client()
    client.force_login(executive)
    base = f"/communities/{community.slug}/evidence/"

    def page(query: str, cached: bool = False) -> Callable[[], None]:
        def get() -> None:
            if not cached:  # a first view: every chart drawn, none from the cache
                charts.render.cache_clear()
            response = client.get(base + query)
            assert response.status_code == 200, response.status_code
        return get

    def old_attendance_page() -> None:
        for session in Session.objects.filter(community=community).order_by("-starts_at"):
            summary(session)
            session.registrations.count()

    def count_walk() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM meetings_attendance a JOIN meetings_session s"
                           " ON s.id = a.session_id WHERE s.community_id = %s", [community.pk])
            cursor.fetchone()
            cursor.execute("SELECT count(*) FROM facilitation_activityevent e JOIN "
                           "meetings_session s ON s.board_id = e.board_id "
                           "WHERE s.community_id = %s", [community.pk])
            cursor.fetchone()

    report = build_report([community], start=None, end=None)
    pdf_size = len(render_pdf(report))
    page_size = len(client.get(base + "?preset=all").content)
    rows = {
        "dashboard page, all time (test Client)": measure(page("?preset=all"), args.runs),
        "dashboard page, last 12 months (default)": measure(page(""), args.runs),
        "dashboard page, all time, split by unit": measure(page("?preset=all&split=unit"),
                                                           args.runs),
        "dashboard page, all time, charts cached": measure(page("?preset=all", cached=True),
                                                           args.runs),
        "build_report alone, all time": measure(
            lambda: build_report([community], start=None, end=None), args.runs),
        "PDF: render_pdf of the report": measure(
            lambda: (charts.render.cache_clear(), render_pdf(report)), args.runs),
        "PDF download (test Client), all time": measure(
            lambda: client.get(base + "report.pdf?preset=all"), args.runs),
        "reference: old attendance page's queries": measure(old_attendance_page, args.runs),
        "reference: SELECT count(*) of the rows": measure(count_walk, args.runs),
    }
    print(f"\n{connection.vendor}: {counts[0]} sessions, {counts[1]:,} attendances, "
          f"{counts[2]:,} board events (generated in {made_s:.0f} s); page "
          f"{page_size / 1024:.0f} KB, PDF {pdf_size / 1024:.0f} KB; {args.runs} runs each")
    print(f"{'measure':44} {'median ms':>10} {'p95 ms':>9} {'other load':>11}")
    for name, (times, load) in rows.items():
        print(f"{name:44} {statistics.median(times):10.1f} {percentile(times, 95):9.1f} "
              f"{load:11.2f}")
    page_ms = statistics.median(rows["dashboard page, all time (test Client)"][0])
    old_ms = statistics.median(rows["reference: old attendance page's queries"][0])
    p95 = percentile(rows["dashboard page, all time (test Client)"][0], 95)
    print(f"page median / old attendance page median = {page_ms / old_ms:.1f}; "
          f"target page ≤ 2 s: {'met' if p95 <= 2000 else 'NOT met'} (p95 {p95:.0f} ms)",
          file=sys.stdout)


if __name__ == "__main__":
    main()
