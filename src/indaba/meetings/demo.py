"""The demo: a community, its people and an inaugural hybrid session with a
lessons-learned board holding a few notes. Idempotent: found, not duplicated."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from indaba.accounts.models import Profile
from indaba.boards.demo import NOTES
from indaba.communities import services as community_services
from indaba.communities.models import Community, Role
from indaba.meetings import services
from indaba.meetings.models import Mode, Phase, Session

COMMUNITY_NAME = "KM Leadership & Governance"
COMMUNITY_PURPOSE = (
    "A Community of Practice for knowledge-management practitioners across departments: "
    "how leaders champion KM, how KM is governed, and how we show its value with evidence.")
SESSION_TITLE = "Inaugural CoP session: KM leadership and governance"
DEMO_DOMAIN = "demo.indaba.invalid"  # .invalid never resolves: these addresses receive nothing

# username, display name, unit, role
PEOPLE = (
    ("lerato", "Lerato Mokoena", "Knowledge Management Directorate", Role.LEAD),
    ("thandi", "Thandi Nkosi", "Knowledge Management Directorate", Role.FACILITATOR),
    ("sipho", "Sipho Dlamini", "Human Resource Development", Role.MEMBER),
    ("naledi", "Naledi Khumalo", "Information Technology", Role.MEMBER),
    ("pieter", "Pieter van Wyk", "Policy and Research", Role.MEMBER),
    ("ayesha", "Ayesha Patel", "Internal Audit", Role.REVIEWER),
    ("director", "Dr N. Mahlangu", "Office of the Director-General", Role.EXECUTIVE),
)
FACILITATOR = "thandi"

# minutes, title, speaker: timed from the session's start.
AGENDA = (
    (10, "Welcome and check-in", "Thandi Nkosi"),
    (20, "Opening remarks: knowledge management and the Fourth Industrial Revolution",
     "Lerato Mokoena"),
    (45, "Theme: leadership and governance in KM", "Panel of KM leads"),
    (30, "Lessons learned on the shared board", "Everyone, in the room and online"),
    (15, "Next steps and close", "Thandi Nkosi"),
)
LENGTH = timedelta(hours=2)


def _now_window() -> tuple[datetime, datetime]:
    """Two hours from the current quarter hour: the demo is open whenever it is made."""
    now = timezone.localtime()
    start = now.replace(minute=now.minute // 15 * 15, second=0, microsecond=0)
    return start, start + LENGTH


def _agenda(start: datetime) -> list[services.AgendaEntry]:
    entries, at = [], start
    for minutes, title, speaker in AGENDA:
        entries.append(services.AgendaEntry(title=title, speaker=speaker,
                                            starts_at=at.time(), minutes=minutes))
        at += timedelta(minutes=minutes)
    return entries


def _reopen(session: Session) -> None:
    """An ended demo session moves to now, so the demo can always be joined."""
    start, end = _now_window()
    session.starts_at, session.ends_at = start, end
    session.save(update_fields=["starts_at", "ends_at"])
    for item, entry in zip(session.agenda.order_by("position", "pk"), _agenda(start),
                           strict=False):
        item.starts_at = entry.starts_at
        item.save(update_fields=["starts_at"])


@dataclass(frozen=True)
class Demo:
    created: bool
    community: Community
    session: Session
    facilitator: Any
    password: str


def ensure_demo() -> Demo:
    """Create the demo once; give the demo accounts a fresh password each time."""
    password = secrets.token_urlsafe(9)
    users = {}
    model = get_user_model()
    for username, name, unit, _ in PEOPLE:
        user = model._default_manager.filter(username=username).first()
        if user is None:
            user = model._default_manager.create_user(username, f"{username}@{DEMO_DOMAIN}")
        if user.email.endswith("@" + DEMO_DOMAIN):  # never touch a real account
            user.set_password(password)
            user.save(update_fields=["password"])
        Profile.objects.get_or_create(user=user, defaults={"display_name": name, "unit": unit})
        users[username] = user
    community = Community.objects.filter(name=COMMUNITY_NAME).order_by("pk").first()
    if community is None:
        community = community_services.create_community(
            COMMUNITY_NAME, users["lerato"], purpose=COMMUNITY_PURPOSE,
            unit="Knowledge Management Directorate")
    for username, _, _, role in PEOPLE:
        if not community.memberships.filter(user=users[username]).exists():
            community_services.set_member(community, users[username], role)
    session = community.sessions.filter(title=SESSION_TITLE).order_by("pk").first()
    created = session is None
    if session is None:
        start, end = _now_window()
        session = services.create_session(
            community, users[FACILITATOR], title=SESSION_TITLE, starts_at=start, ends_at=end,
            mode=Mode.HYBRID, venue="Boardroom 2, Knowledge Management Directorate",
            template="lessons_learned",
            description="Opening remarks on KM and the Fourth Industrial Revolution; "
                        "leadership and governance in KM as the theme.",
            agenda=_agenda(start),
            notes=[(column, note, author, color) for column, note, author, color in NOTES])
    elif session.phase() is Phase.PAST:
        _reopen(session)
    return Demo(created, community, session, users[FACILITATOR], password)
