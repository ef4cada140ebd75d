"""Evidence tests: a community with KNOWN events, made directly in the database (sessions
in the past cannot be joined through the service, which admits people only while a
session is open).

The period under test is March 2026. Every figure the tests assert is worked out by hand
in the comments below.

People (units): thandi (Finance, shown as "Thandi Nkosi"), bongani (Finance), carol (HR),
dineo (HR), eli (no unit), fikile (IT); a guest "Amahle"; exec (executive).

- S0, 10 Feb (before the period): thandi in the room → thandi is *returning* in March.
- S1, 5 Mar "Kick-off": thandi, bongani, Amahle in the room; carol online; bongani joins
  again online later (counted once, in the room). In the room 3, online 1, attendees 4.
  Board: thandi a note and a vote, carol a reaction, bongani a note through another token
  but his account, a facilitator who did not join a note, Amahle only an unvote (not a
  contribution). Contributions 5; contributors thandi, bongani, carol = 3. Two actions
  agreed.
- S2, 19 Mar "Retro": thandi and dineo online, eli and fikile in the room. In the room 2,
  online 2. Board: dineo a note, fikile two reactions: contributions 3, contributors 2.
  Registered: thandi, dineo, carol → 3 registered, 2 attended, 1 no-show.
- S3, 2 Apr (after): carol online, one action: not counted.

March totals: 2 sessions; in the room 5, online 3, attendances 8; contributors 5 (rate
5/8); contributions 8 (4.0 per session); people 7: returning 1 (thandi), new 6.

Knowledge (created → published):
- K1 lesson "Checklist" [Procurement], 6 Mar → published 16 Mar (10 days); actions: 2
  done → learned. Harvested from a note written in the room and one online. Concerns
  the Finance unit.
- K2 lesson [Procurement, Budgeting], 10 Mar, in review; actions: done, open → under way.
  Harvested from a note written online and a frame (no origin). Concerns Finance and HR.
- K3 practice [], 20 Mar, draft.
- K4 insight [Budgeting], 1 Feb → published 4 Mar (31 days); an action in progress (its
  item was created before March: not counted).
- K5 lesson [], 25 Mar, changes requested, no action.
- K6 after-action review, 5 Apr: not counted.
Harvested 4, in review 2, published 2 (K1, K4), median days 20.5. By where their notes
were written: room and online 1 (K1, published), online only 1 (K2), by hand 2 (K3, K5).

Reuse: R1 on K1, 17 Mar, 12.5 hours and 3000.00 saved, unit Finance, a story naming
"Thandi Nkosi"; R2 on K4, 28 Mar, no saving, no unit; R3 on K1, 10 Apr and R4 on K4,
20 Feb: outside the period.

Reach: 6 members (every role but executive), target audience 40 → 15%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from indaba.accounts.models import Profile
from indaba.boards.models import Board, BoardAccessToken
from indaba.communities.models import Community, Membership, Role
from indaba.evidence.models import EvidenceSettings
from indaba.evidence.report import build_report
from indaba.evidence.tables import Report, Table
from indaba.facilitation.models import ActivityEvent
from indaba.knowledge.models import KnowledgeItem, LessonAction, Provenance, Reuse
from indaba.meetings.models import ActionItem, Attendance, Registration, Session
from tests.communities.helpers import fast_hashing

__all__ = ["fast_hashing"]

ZONE = ZoneInfo("Africa/Johannesburg")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=ZONE)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=ZONE)


@dataclass
class Scenario:
    community: Community
    other: Community
    users: dict[str, Any]
    sessions: dict[str, Session]
    items: dict[str, KnowledgeItem]


def _user(username: str, first: str = "", last: str = "", unit: str = "",
          display: str = "") -> Any:
    user = get_user_model()._default_manager.create_user(
        username, f"{username}@example.org", "pw-not-used-here", first_name=first,
        last_name=last)
    if unit or display:
        Profile.objects.create(user=user, unit=unit, display_name=display)
    return user


class Builder:
    """Makes sessions, joins and board events for a community, as they would be recorded."""

    def __init__(self, community: Community) -> None:
        self.community = community

    def session(self, title: str, starts: datetime, *, board: bool = True) -> Session:
        made = Board.objects.create(title=title) if board else None
        return Session.objects.create(community=self.community, title=title,
                                      starts_at=starts,
                                      ends_at=starts.replace(hour=starts.hour + 2),
                                      board=made)

    def join(self, session: Session, presence: str, *, user: Any = None,
             guest: str = "", offset_minutes: int = 0) -> Attendance:
        assert session.board is not None
        name = guest or user.username
        token = BoardAccessToken.objects.create(board=session.board, role="editor",
                                                name=name, user=user)
        joined = session.starts_at.replace(minute=offset_minutes)
        return Attendance.objects.create(session=session, user=user, name=name,
                                         presence=presence, method="code", token=token,
                                         joined_at=joined)

    def event(self, session: Session, kind: str, *, token: str = "", user: Any = None,
              element: str = "") -> ActivityEvent:
        assert session.board is not None
        return ActivityEvent.objects.create(board=session.board, kind=kind,
                                            actor_token_id=token, user=user,
                                            actor_name="someone", element_id=element)


def item(community: Community, title: str, kind: str, state: str, processes: list[str],
         created: datetime, published: datetime | None = None,
         units: list[str] | None = None) -> KnowledgeItem:
    made = KnowledgeItem.objects.create(community=community, title=title, kind=kind,
                                        state=state, processes=processes, units=units or [],
                                        created_by_name="Thandi Nkosi")
    # created_at is auto_now_add: the known date is set afterwards.
    KnowledgeItem.objects.filter(pk=made.pk).update(created_at=created, published_at=published)
    made.refresh_from_db()
    return made


def reuse(on: KnowledgeItem, when: datetime, outcome: str, *, unit: str = "",
          hours: str | None = None, cost: str | None = None, by: Any = None) -> Reuse:
    made = Reuse.objects.create(item=on, by=by, by_name=by.username if by else "",
                                outcome=outcome, unit=unit,
                                hours_saved=Decimal(hours) if hours else None,
                                cost_saved=Decimal(cost) if cost else None)
    Reuse.objects.filter(pk=made.pk).update(at=when)
    return made


def build_scenario() -> Scenario:
    users = {
        "thandi": _user("thandi", "Thandi", "Nkosi", "Finance", "Thandi Nkosi"),
        "bongani": _user("bongani", "Bongani", "Dube", "Finance"),
        "carol": _user("carol", "Carol", "Mokoena", "HR"),
        "dineo": _user("dineo", "Dineo", "Khumalo", "HR"),
        "eli": _user("eli", "Eli", "Botha"),
        "fikile": _user("fikile", "Fikile", "Zulu", "IT"),
        "exec": _user("exec", "Nomsa", "Mahlangu", "Office of the DG"),
    }
    community = Community.objects.create(slug="cop-a", name="Procurement CoP")
    other = Community.objects.create(slug="cop-b", name="Budget CoP")
    for name, user in users.items():
        Membership.objects.create(community=community, user=user,
                                  role=Role.EXECUTIVE if name == "exec" else Role.MEMBER)
    EvidenceSettings.objects.create(community=community, target_audience=40)

    b = Builder(community)
    s0 = b.session("Warm-up", at(2, 10))
    b.join(s0, "in_room", user=users["thandi"])

    s1 = b.session("Kick-off", at(3, 5))
    t_thandi = b.join(s1, "in_room", user=users["thandi"], offset_minutes=1)
    b.join(s1, "in_room", user=users["bongani"], offset_minutes=2)
    amahle = b.join(s1, "in_room", guest="Amahle", offset_minutes=3)
    t_carol = b.join(s1, "online", user=users["carol"], offset_minutes=4)
    b.join(s1, "online", user=users["bongani"], offset_minutes=30)
    b.event(s1, "note", token=str(t_thandi.token_id), element="n1")
    b.event(s1, "vote", token=str(t_thandi.token_id), element="n1")
    b.event(s1, "reaction", token=str(t_carol.token_id))
    b.event(s1, "note", token="not-an-attendance-token", user=users["bongani"],
            element="n2")
    b.event(s1, "note", token="facilitator-token", element="n3")
    b.event(s1, "unvote", token=str(amahle.token_id), element="n1")
    ActionItem.objects.create(session=s1, text="Share the checklist", owner="Bongani")
    ActionItem.objects.create(session=s1, text="Book a room", owner="Carol")

    s2 = b.session("Retro", at(3, 19))
    b.join(s2, "online", user=users["thandi"], offset_minutes=1)
    t_dineo = b.join(s2, "online", user=users["dineo"], offset_minutes=2)
    b.join(s2, "in_room", user=users["eli"], offset_minutes=3)
    t_fikile = b.join(s2, "in_room", user=users["fikile"], offset_minutes=4)
    b.event(s2, "note", token=str(t_dineo.token_id), element="m1")
    b.event(s2, "reaction", token=str(t_fikile.token_id))
    b.event(s2, "reaction", token=str(t_fikile.token_id))
    for name in ("thandi", "dineo", "carol"):
        Registration.objects.create(session=s2, user=users[name])

    s3 = b.session("Planning", at(4, 2))
    b.join(s3, "online", user=users["carol"])
    ActionItem.objects.create(session=s3, text="Later", owner="Dineo")

    k1 = item(community, "Checklist", "lesson", "published", ["Procurement"], at(3, 6),
              at(3, 16), units=["Finance"])
    k2 = item(community, "Tender timing", "lesson", "in_review", ["Procurement", "Budgeting"],
              at(3, 10), units=["HR", "Finance"])
    k3 = item(community, "Pairing", "practice", "draft", [], at(3, 20))
    k4 = item(community, "Budget cycle", "insight", "published", ["Budgeting"], at(2, 1),
              at(3, 4))
    k5 = item(community, "Late quotes", "lesson", "changes_requested", [], at(3, 25))
    k6 = item(community, "April review", "aar", "draft", [], at(4, 5))
    Provenance.objects.create(item=k1, element_id="n1", element_type="note", origin="in_room")
    Provenance.objects.create(item=k1, element_id="n2", element_type="note", origin="online")
    Provenance.objects.create(item=k2, element_id="m1", element_type="note", origin="online")
    Provenance.objects.create(item=k2, element_id="f1", element_type="frame", origin="")
    for status in ("done", "done"):
        LessonAction.objects.create(item=k1, text="Do it", owner="x", status=status)
    LessonAction.objects.create(item=k2, text="Done one", owner="x", status="done")
    LessonAction.objects.create(item=k2, text="Open one", owner="x", status="open")
    LessonAction.objects.create(item=k4, text="Before", owner="x", status="in_progress")

    reuse(k1, at(3, 17), "Used the checklist; Thandi Nkosi saved us a week of rework",
          unit="Finance", hours="12.5", cost="3000.00", by=users["bongani"])
    reuse(k4, at(3, 28), "Applied it in our team", by=users["carol"])
    reuse(k1, at(4, 10), "Later reuse", hours="1.0", by=users["carol"])
    reuse(k4, at(2, 20), "Earlier reuse", cost="10.00", by=users["carol"])

    return Scenario(community, other, users, {"s0": s0, "s1": s1, "s2": s2, "s3": s3},
                    {"k1": k1, "k2": k2, "k3": k3, "k4": k4, "k5": k5, "k6": k6})


def march(scenario: Scenario, **kwargs: Any) -> Report:
    """The scenario's report for March 2026 (the period the figures above are for)."""
    return build_report(scenario.community, start=MARCH[0], end=MARCH[1], now=NOW, **kwargs)


def values(report: Report) -> dict[str, Any]:
    return {i.key: i.value.value for i in report.indicators}


def grid(table: Table) -> list[list[str]]:
    """A table as printed: each row's label and displayed cells."""
    return [[row.label, *(c.display for c in row.cells)] for row in table.rows]


@pytest.fixture
def scenario(db: None) -> Scenario:
    return build_scenario()
