"""The demo's history: made once, enough for every chart, and counted, never named."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from indaba.evidence import demo as history
from indaba.evidence.report import build_report
from indaba.knowledge.models import KnowledgeItem, Reuse
from indaba.meetings import demo
from indaba.meetings.models import Attendance, Session
from tests.communities.helpers import fast_hashing, no_board_store

__all__ = ["fast_hashing", "no_board_store"]


def test_the_history_is_made_once_and_fills_the_dashboard(db: None,
                                                          no_board_store: list[Any]) -> None:
    made = demo.ensure_demo()
    first = history.ensure_history(made.community)
    assert first.created and first.sessions == history.WEEKS and first.reuses == 5
    counts = (Session.objects.count(), Attendance.objects.count(),
              KnowledgeItem.objects.count(), Reuse.objects.count())
    again = history.ensure_history(made.community)
    assert not again.created
    assert counts == (Session.objects.count(), Attendance.objects.count(),
                      KnowledgeItem.objects.count(), Reuse.objects.count())
    past = Session.objects.filter(community=made.community, ends_at__lt=timezone.now())
    assert past.count() == history.WEEKS
    # The wider membership signs in with the same password as the demo's people.
    lead, member = (get_user_model()._default_manager.get(username=u)
                    for u in ("lerato", "zodwa"))
    assert member.password == lead.password

    report = build_report([made.community], start=timezone.localdate()
                          - timezone.timedelta(days=91), end=timezone.localdate())
    values = {i.key: i.value for i in report.indicators}
    held = next(v for k, v in values.items() if k.startswith("sessions"))
    assert held.value == history.WEEKS + 1  # and the demo's own session, open now
    trend = report.table("attendance_by_session")
    shown = [c for row in trend.rows for c in row.cells[:2] if not c.suppressed]
    assert len(shown) >= 2 * history.WEEKS  # in the room and online, every week
    assert report.stories and report.table("reuse_by_month").rows
    reach = next(i.value for i in report.indicators if i.key == "reach")
    assert reach.display == f"{round(100 * 22 / history.TARGET_AUDIENCE)}%"  # 22 members


def test_no_demo_persons_name_reaches_the_executives_dashboard(
        db: None, no_board_store: list[Any]) -> None:
    made = demo.ensure_demo()
    history.ensure_history(made.community)
    client = Client()
    client.force_login(get_user_model()._default_manager.get(username="director"))
    page = client.get(f"/communities/{made.community.slug}/evidence/?split=unit").content \
        .decode()
    assert "Human Resource Development" in page  # the unit split is there
    main = page[page.index('<main'):]
    names = ([name for _, name, _, _ in demo.PEOPLE] + [name for _, name, _ in history.MEMBERS]
             + list(history.GUESTS) + [u for u, _, _, _ in demo.PEOPLE]
             + [u for u, _, _ in history.MEMBERS])
    found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", main)]
    assert found == []
