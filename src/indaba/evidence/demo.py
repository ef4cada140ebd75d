"""The demo's history, so a newcomer's evidence dashboard is not empty: eight weekly sessions
in the past with people in the room and online (members with units, a few guests), their
board activity, registrations with no-shows, knowledge items harvested, reviewed and
published, and reuse records with the time and cost they saved.

Made once (found by the first session's title), in bulk, and deterministic (a seeded
random generator), so `indaba demo` stays idempotent and fast. History is written as it was
recorded, with past timestamps; the services refuse to join a session that has ended."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indaba.accounts.models import Profile
from indaba.boards.models import Board, BoardAccessToken, BoardRole
from indaba.communities import services as community_services
from indaba.communities.models import Community, Role
from indaba.evidence.models import EvidenceSettings
from indaba.facilitation.models import ActivityEvent, EventKind
from indaba.knowledge.models import ActionStatus, KnowledgeItem, LessonAction, Reuse, State
from indaba.meetings.models import Attendance, JoinMethod, Mode, Presence, Registration, Session

DEMO_DOMAIN = "demo.indaba.invalid"  # as meetings.demo: these addresses receive nothing
WEEKS = 8
# The KM practitioners across the departments the community serves (reach's denominator).
TARGET_AUDIENCE = 90
SEED = 20260301

# username, display name, unit: the community's wider membership, who attend the weekly
# sessions (the people of meetings.demo come too).
MEMBERS = (
    ("zodwa", "Zodwa Mthembu", "Human Resource Development"),
    ("kagiso", "Kagiso Molefe", "Human Resource Development"),
    ("annelie", "Annelie Botha", "Policy and Research"),
    ("musa", "Musa Ndlovu", "Policy and Research"),
    ("refilwe", "Refilwe Sithole", "Information Technology"),
    ("tebogo", "Tebogo Maseko", "Information Technology"),
    ("farah", "Farah Ismail", "Internal Audit"),
    ("jabu", "Jabulani Zwane", "Internal Audit"),
    ("precious", "Precious Ngobeni", "Knowledge Management Directorate"),
    ("wandile", "Wandile Cele", "Knowledge Management Directorate"),
    ("lindiwe", "Lindiwe Shabalala", "Office of the Director-General"),
    ("mpho", "Mpho Tau", "Supply Chain Management"),
    ("karabo", "Karabo Mokoena", "Supply Chain Management"),
    ("rudi", "Rudi Pretorius", "Finance"),
    ("nandi", "Nandi Gumede", "Finance"),
    ("themba", "Themba Mabaso", "Communications"),
)
REGULARS = ("lerato", "thandi", "sipho", "naledi", "pieter", "ayesha")
GUESTS = ("Guest from the Treasury", "Visitor from the Department of Health",
          "Guest from the provincial KM forum", "Visitor from the university")

TOPICS = (
    "Weekly CoP: capturing lessons after projects",
    "Weekly CoP: communities of practice that last",
    "Weekly CoP: knowledge maps of our units",
    "Weekly CoP: peer assists before big projects",
    "Weekly CoP: after-action reviews in practice",
    "Weekly CoP: measuring the value of KM",
    "Weekly CoP: onboarding with the knowledge base",
    "Weekly CoP: retiring experts and knowledge retention",
)

# title, kind, processes, week harvested (of TOPICS), days in review (None: still in
# review), reuse: (weeks after publication, outcome, hours, cost)
ITEMS: tuple[tuple[str, str, list[str], int, int | None,
                   tuple[tuple[int, str, str | None, str | None], ...]], ...] = (
    ("Hold the after-action review within a week of the project's end", "lesson",
     ["Project management"], 0, 9, (
         (1, "Our unit ran its review in the same week and kept the decisions that mattered; "
             "the next project plan reused three of them.", "16", "12000.00"),
         (3, "We used the review template for the system upgrade and closed it in one "
             "meeting instead of three.", "6", None))),
    ("Keep a community charter on one page", "practice", ["Stakeholder engagement"], 1, 6, (
        (2, "A one-page charter got our new forum agreed by its sponsors in one meeting.",
         "4", None),)),
    ("A knowledge map shows who to ask before a project starts", "insight",
     ["Knowledge capture"], 2, 12, (
         (1, "The map found us an in-house expert, so we did not hire a consultant for the "
             "records audit.", "24", "45000.00"),)),
    ("Ask for a peer assist before a large procurement", "lesson",
     ["Supply chain management"], 3, 8, (
         (2, "A peer assist before the tender caught a specification error that would "
             "have meant re-advertising.", "40", "80000.00"),)),
    ("Pair a retiring expert with a successor for three months", "practice",
     ["Human resource management"], 7, None, ()),
    ("Record onboarding questions as knowledge items", "insight", ["Knowledge capture"], 6,
     None, ()),
)


@dataclass(frozen=True)
class History:
    created: bool
    sessions: int
    attendances: int
    items: int
    reuses: int


def share_password(lead: Any) -> None:
    """The wider membership signs in with the demo's password of this run: the lead's hash
    copied (one UPDATE; hashing each password again would cost a second)."""
    get_user_model()._default_manager.filter(
        username__in=[m[0] for m in MEMBERS], email__endswith="@" + DEMO_DOMAIN,
    ).update(password=lead.password)


def _members(community: Community) -> dict[str, Any]:
    model = get_user_model()
    users: dict[str, Any] = {}
    for username, name, unit in MEMBERS:
        user = model._default_manager.filter(username=username).first()
        if user is None:
            user = model._default_manager.create_user(username, f"{username}@{DEMO_DOMAIN}")
        Profile.objects.get_or_create(user=user, defaults={"display_name": name,
                                                           "unit": unit})
        if not community.memberships.filter(user=user).exists():
            community_services.set_member(community, user, Role.MEMBER)
        users[username] = user
    for username in REGULARS:
        users[username] = model._default_manager.get(username=username)
    return users


def _week_start(weeks_ago: int) -> datetime:
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    return today - timedelta(weeks=weeks_ago)


@transaction.atomic
def ensure_history(community: Community) -> History:
    """The demo community's past eight weeks (made on the first run only)."""
    lead = get_user_model()._default_manager.get(username="lerato")
    if community.sessions.filter(title=TOPICS[0]).exists():
        share_password(lead)
        return History(False, 0, 0, 0, 0)
    rng = random.Random(SEED)
    EvidenceSettings.objects.get_or_create(community=community,
                                           defaults={"target_audience": TARGET_AUDIENCE})
    users = _members(community)
    share_password(lead)
    everyone = list(users.values())
    sessions: list[Session] = []
    attendances = 0
    for week, title in enumerate(TOPICS):
        starts = _week_start(WEEKS - week)
        board = Board.objects.create(title=title)
        session = Session.objects.create(
            community=community, title=title, starts_at=starts,
            ends_at=starts + timedelta(hours=1, minutes=30), mode=Mode.HYBRID,
            venue="Boardroom 2, Knowledge Management Directorate", template="blank",
            registration_required=week % 2 == 0, board=board, created_by=lead)
        sessions.append(session)
        # The community grows: more people come as the weeks go by.
        came = rng.sample(everyone, k=min(len(everyone), 11 + week + rng.randint(0, 3)))
        guests = rng.sample(GUESTS, k=rng.randint(0, 2))
        tokens = []
        for n, person in enumerate([*came, *guests]):
            user = None if isinstance(person, str) else person
            name = person if isinstance(person, str) else person.profile.display_name
            tokens.append((BoardAccessToken(board=board, role=BoardRole.EDITOR, name=name,
                                            user=user), user, n))
        BoardAccessToken.objects.bulk_create([t for t, _, _ in tokens])
        rows, events = [], []
        for token, user, n in tokens:
            presence = Presence.IN_ROOM if rng.random() < 0.6 else Presence.ONLINE
            rows.append(Attendance(session=session, user=user, name=token.name,
                                   presence=presence, method=JoinMethod.CODE, token=token,
                                   joined_at=starts + timedelta(minutes=n % 15)))
            # Most people write or vote; some only listen.
            if rng.random() < 0.75:
                for i in range(rng.randint(1, 3)):
                    events.append(ActivityEvent(
                        board=board, kind=EventKind.NOTE, actor_token_id=token.id,
                        actor_name=token.name, user=user, element_id=f"n{token.id[:8]}{i}",
                        at=starts + timedelta(minutes=20 + i)))
                events += [ActivityEvent(board=board, kind=kind, actor_token_id=token.id,
                                         actor_name=token.name, user=user,
                                         at=starts + timedelta(minutes=50))
                           for kind in (EventKind.VOTE, EventKind.REACTION)
                           if rng.random() < 0.6]
        Attendance.objects.bulk_create(rows)
        ActivityEvent.objects.bulk_create(events)
        attendances += len(rows)
        if session.registration_required:
            # Those who came (with an account) registered, and a few more did not come.
            stayed_away = rng.sample([u for u in everyone if u not in came],
                                     k=min(3, len(everyone) - len(came)))
            Registration.objects.bulk_create(
                [Registration(session=session, user=u) for u in [*came, *stayed_away]])
    items, reuses = _knowledge(community, sessions, users)
    return History(True, len(sessions), attendances, items, reuses)


def _knowledge(community: Community, sessions: list[Session],
               users: dict[str, Any]) -> tuple[int, int]:
    """Items harvested from the weekly sessions; most reviewed and published, then reused."""
    reuse_by = [users[u] for u in ("zodwa", "musa", "refilwe", "mpho", "rudi", "themba")]
    items = reuses = 0
    for n, (title, kind, processes, week, review_days, used) in enumerate(ITEMS):
        session = sessions[week]
        created = session.ends_at + timedelta(days=1)
        published = created + timedelta(days=review_days) if review_days is not None else None
        if published is not None and published > timezone.now():
            published = timezone.now() - timedelta(hours=1)
        item = KnowledgeItem.objects.create(
            community=community, kind=kind, title=title,
            state=State.PUBLISHED if published else State.IN_REVIEW,
            summary=title + ".", processes=processes, board=session.board, session=session,
            created_by=users["thandi"], created_by_name="", owner=users["thandi"],
            review_by=(timezone.localdate() + timedelta(days=365)))
        # created_at is set on insert: the history's dates are written afterwards.
        KnowledgeItem.objects.filter(pk=item.pk).update(created_at=created,
                                                        published_at=published)
        items += 1
        if kind == "lesson":
            LessonAction.objects.create(item=item, text="Add it to the project checklist",
                                        owner="Project office",
                                        status=ActionStatus.DONE if n == 0 else
                                        ActionStatus.IN_PROGRESS)
        for weeks_after, outcome, hours, cost in used:
            if published is None:
                continue
            at = min(published + timedelta(weeks=weeks_after),
                     timezone.now() - timedelta(hours=1))
            by = reuse_by[reuses % len(reuse_by)]
            record = Reuse.objects.create(
                item=item, by=by, by_name=by.profile.display_name, outcome=outcome,
                unit=by.profile.unit,
                hours_saved=Decimal(hours) if hours else None,
                cost_saved=Decimal(cost) if cost else None)
            Reuse.objects.filter(pk=record.pk).update(at=at)
            reuses += 1
    return items, reuses
