"""The raw figures behind the evidence report, read from the database in a fixed number of
queries whatever the number of sessions (grouped counts where the database can do it, one
flat read per kind of record where a person must be followed across rows).

Nothing here is suppressed or formatted: `report.py` turns these figures into tables and
the suppression engine hides what must not be read. Definitions (docs/evidence.md):

- **Period.** Sessions (and with them attendance, registrations, contributions and the
  actions agreed in them) by the date the session starts; knowledge items by the date
  they were created (harvested) or, for "published", the date they were published; lesson
  actions by their item's creation date (they carry no date of their own); reuse records
  by the date they were recorded. Dates are calendar days in Indaba's time zone, both
  ends included. Sessions that have not started yet are not counted.
- **A person at a session** is an account (the same account however often it joined) or
  a guest join (a guest cannot be recognised across sessions). Someone who joined both in
  the room and online is counted once, where they first joined.
- **Contributor**: an attendee with at least one note, vote or reaction recorded on the
  session's board (`ActivityEvent`), matched by the board token their join gave them or by
  their account. **Contributions** count every note, vote and reaction on the board.
- **New** person: their first session of the community (of any community in scope) falls
  in the period; **returning**: they attended one before the period began. Guests are new.
- **Unit**: the person's unit on their profile now; guests and empty profiles are "no unit
  recorded".
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from indaba.accounts.models import Profile
from indaba.communities.models import Community, Membership, Role
from indaba.evidence.models import EvidenceSettings
from indaba.facilitation.models import ActivityEvent, EventKind
from indaba.knowledge.models import (
    ActionStatus,
    Kind,
    KnowledgeItem,
    LessonAction,
    Provenance,
    Reuse,
    State,
)
from indaba.meetings.models import ActionItem, Attendance, Presence, Registration, Session

NO_UNIT = "no unit recorded"
NO_PROCESS = "no process recorded"
CONTRIBUTION_KINDS = (EventKind.NOTE, EventKind.VOTE, EventKind.REACTION)
REVIEW_STATES = (State.IN_REVIEW, State.CHANGES_REQUESTED)
WAS_PUBLISHED = (State.PUBLISHED, State.ARCHIVED, State.SUPERSEDED)


@dataclass(frozen=True)
class Bounds:
    """The period as aware datetimes: `low` included, `high` excluded (None = open)."""

    low: datetime | None
    high: datetime | None

    @classmethod
    def of(cls, start: date | None, end: date | None) -> Bounds:
        zone = timezone.get_current_timezone()
        low = datetime.combine(start, time.min, tzinfo=zone) if start else None
        high = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None
        return cls(low, high)

    def q(self, field_name: str) -> Q:
        condition = Q()
        if self.low is not None:
            condition &= Q(**{f"{field_name}__gte": self.low})
        if self.high is not None:
            condition &= Q(**{f"{field_name}__lt": self.high})
        return condition


@dataclass
class SessionFigures:
    pk: int
    title: str
    starts_at: datetime
    community: str
    in_room: int = 0
    online: int = 0
    contributors: int = 0
    contributions: int = 0
    registered: int = 0
    registered_attended: int = 0
    actions_agreed: int = 0

    @property
    def attendees(self) -> int:
        return self.in_room + self.online


@dataclass
class PresenceFigures:
    attendances: int = 0
    contributors: int = 0


@dataclass
class UnitFigures:
    in_room: int = 0
    online: int = 0
    contributed: int = 0
    new: int = 0
    returning: int = 0
    registered_attended: int = 0
    registered_absent: int = 0


@dataclass
class MoneyFigures:
    records: int = 0
    with_saving: int = 0
    hours: Decimal = Decimal(0)
    cost: Decimal = Decimal(0)

    def add(self, hours: Decimal | None, cost: Decimal | None) -> None:
        self.records += 1
        if hours is not None or cost is not None:
            self.with_saving += 1
        self.hours += hours or Decimal(0)
        self.cost += cost or Decimal(0)


@dataclass
class ProcessFigures:
    harvested: int = 0
    in_review: int = 0
    published: int = 0
    reuse: MoneyFigures = field(default_factory=MoneyFigures)


@dataclass(frozen=True)
class ReuseRecord:
    item_title: str
    outcome: str
    hours_saved: Decimal | None
    cost_saved: Decimal | None
    at: datetime


@dataclass
class CommunityReach:
    name: str
    members: int
    target_audience: int | None


@dataclass
class Figures:
    sessions: list[SessionFigures]
    by_presence: dict[str, PresenceFigures]
    by_unit: dict[str, UnitFigures]
    new_people: int
    returning_people: int
    # Knowledge: items created in the period by kind and current state; published in it.
    created_by_kind_state: dict[tuple[str, str], int]
    published_by_kind: dict[str, int]
    days_to_publish_by_kind: dict[str, list[float]]
    by_process: dict[str, ProcessFigures]
    knowledge_by_unit: dict[str, ProcessFigures]  # by the units items name
    distinct_process_totals: ProcessFigures
    knowledge_by_origin: dict[str, tuple[int, int]]
    # Applied and realised value.
    lesson_actions: dict[str, int]
    session_actions: int
    lessons: dict[str, int]  # learned / under_way / no_action
    reuse_by_month: dict[date, MoneyFigures]
    reuse_by_unit: dict[str, MoneyFigures]
    reuse_records: list[ReuseRecord]
    reach: list[CommunityReach]

    @property
    def reuse_total(self) -> MoneyFigures:
        total = MoneyFigures()
        for month in self.reuse_by_month.values():
            total.records += month.records
            total.with_saving += month.with_saving
            total.hours += month.hours
            total.cost += month.cost
        return total


def _session_figures(ids: Sequence[int], bounds: Bounds, now: datetime,
                     names: dict[int, str]) -> list[SessionFigures]:
    rows = (Session.objects.filter(bounds.q("starts_at"), community_id__in=ids,
                                   starts_at__lte=now)
            .order_by("starts_at", "pk")
            .values_list("pk", "title", "starts_at", "community_id"))
    return [SessionFigures(pk, title, starts, names[community])
            for pk, title, starts, community in rows]


Person = tuple[str, int]


def _person(user_id: int | None, attendance_id: int) -> Person:
    return ("user", user_id) if user_id is not None else ("guest", attendance_id)


def collect(communities: Sequence[Community], start: date | None, end: date | None,
            now: datetime | None = None) -> Figures:
    """Every raw figure of the report for these communities over the period."""
    moment = now or timezone.now()
    bounds = Bounds.of(start, end)
    ids = [c.pk for c in communities]
    names = {c.pk: c.name for c in communities}
    sessions = _session_figures(ids, bounds, moment, names)
    by_pk = {s.pk: s for s in sessions}
    session_ids = list(by_pk)

    # Attendance: one flat read; a person counts once per session, where they first joined.
    first_join: dict[tuple[int, Person], str] = {}
    tokens: dict[tuple[int, str], Person] = {}
    accounts: dict[tuple[int, int], Person] = {}
    for session_id, user_id, pk, presence, token_id in (
            Attendance.objects.filter(session_id__in=session_ids)
            .order_by("joined_at", "pk")
            .values_list("session_id", "user_id", "pk", "presence", "token_id")):
        person = _person(user_id, pk)
        first_join.setdefault((session_id, person), presence)
        if token_id:
            tokens[(session_id, token_id)] = person
        if user_id is not None:
            accounts[(session_id, user_id)] = person

    # Contributions: counted by the database per board and actor.
    board_session = dict(Session.objects.filter(pk__in=session_ids, board__isnull=False)
                         .values_list("board_id", "pk"))
    contributed: set[tuple[int, Person]] = set()
    for board_id, token_id, user_id, count in (
            ActivityEvent.objects.filter(board_id__in=list(board_session),
                                         kind__in=CONTRIBUTION_KINDS)
            .values("board_id", "actor_token_id", "user_id")
            .annotate(n=Count("pk"))
            .values_list("board_id", "actor_token_id", "user_id", "n")):
        session_id = board_session[board_id]
        by_pk[session_id].contributions += count
        actor = tokens.get((session_id, token_id)) if token_id else None
        if actor is None and user_id is not None:
            actor = accounts.get((session_id, user_id))
        if actor is not None:
            contributed.add((session_id, actor))

    registrations = list(Registration.objects.filter(session_id__in=session_ids)
                         .values_list("session_id", "user_id"))
    by_presence = {p.value: PresenceFigures() for p in Presence}
    units = dict(Profile.objects.filter(user_id__in={p[1] for _, p in first_join
                                                     if p[0] == "user"}
                                        | {user_id for _, user_id in registrations})
                 .exclude(unit="").values_list("user_id", "unit"))
    by_unit: dict[str, UnitFigures] = defaultdict(UnitFigures)
    for (session_id, person), presence in first_join.items():
        figures = by_pk[session_id]
        unit = units.get(person[1], NO_UNIT) if person[0] == "user" else NO_UNIT
        if presence == Presence.IN_ROOM:
            figures.in_room += 1
            by_unit[unit].in_room += 1
        else:
            figures.online += 1
            by_unit[unit].online += 1
        by_presence[presence].attendances += 1
        if (session_id, person) in contributed:
            figures.contributors += 1
            by_presence[presence].contributors += 1
            by_unit[unit].contributed += 1

    # New and returning people over the period.
    people = {person for _, person in first_join}
    user_ids = [p[1] for p in people if p[0] == "user"]
    firsts = dict(Attendance.objects.filter(session__community_id__in=ids,
                                            user_id__in=user_ids)
                  .values("user_id").annotate(first=Min("session__starts_at"))
                  .values_list("user_id", "first"))
    new_people = returning_people = 0
    for kind, key in people:
        unit = units.get(key, NO_UNIT) if kind == "user" else NO_UNIT
        first = firsts.get(key) if kind == "user" else None
        if first is not None and bounds.low is not None and first < bounds.low:
            returning_people += 1
            by_unit[unit].returning += 1
        else:
            new_people += 1
            by_unit[unit].new += 1

    # Registrations: who registered, and which of them attended.
    for session_id, user_id in registrations:
        figures = by_pk[session_id]
        figures.registered += 1
        unit = units.get(user_id, NO_UNIT)
        if (session_id, ("user", user_id)) in first_join:
            figures.registered_attended += 1
            by_unit[unit].registered_attended += 1
        else:
            by_unit[unit].registered_absent += 1

    for session_id, count in (ActionItem.objects.filter(session_id__in=session_ids)
                              .values("session_id").annotate(n=Count("pk"))
                              .values_list("session_id", "n")):
        by_pk[session_id].actions_agreed = count

    knowledge = _knowledge(ids, bounds)
    reuse = _reuse(ids, bounds)
    return Figures(
        sessions=sessions, by_presence=by_presence, by_unit=dict(by_unit),
        new_people=new_people, returning_people=returning_people,
        created_by_kind_state=knowledge.created, published_by_kind=knowledge.published,
        days_to_publish_by_kind=knowledge.days, by_process=knowledge.by_process,
        knowledge_by_unit=knowledge.by_unit,
        distinct_process_totals=knowledge.process_totals,
        knowledge_by_origin=knowledge.by_origin,
        lesson_actions=_lesson_actions(ids, bounds),
        session_actions=sum(s.actions_agreed for s in sessions),
        lessons=_lessons(ids, bounds),
        reuse_by_month=reuse.by_month, reuse_by_unit=reuse.by_unit,
        reuse_records=reuse.records, reach=_reach(communities))


@dataclass
class _Knowledge:
    created: dict[tuple[str, str], int]
    published: dict[str, int]
    days: dict[str, list[float]]
    by_process: dict[str, ProcessFigures]
    by_unit: dict[str, ProcessFigures]
    process_totals: ProcessFigures
    by_origin: dict[str, tuple[int, int]]


def _names(value: object, none: str) -> list[str]:
    """The distinct names of a JSON list field, or `none` when it names nothing."""
    names = [str(p).strip() for p in value if str(p).strip()] if isinstance(value, list) else []
    return sorted(set(names)) or [none]


def _knowledge(ids: Sequence[int], bounds: Bounds) -> _Knowledge:
    items = KnowledgeItem.objects.filter(community_id__in=ids)
    created = {(kind, state): n for kind, state, n in (
        items.filter(bounds.q("created_at")).values("kind", "state")
        .annotate(n=Count("pk")).values_list("kind", "state", "n"))}
    published: dict[str, int] = Counter()
    days: dict[str, list[float]] = defaultdict(list)
    published_items = items.filter(bounds.q("published_at"), published_at__isnull=False)
    for kind, made, out in published_items.values_list("kind", "created_at", "published_at"):
        published[kind] += 1
        if out is not None:
            days[kind].append((out - made).total_seconds() / 86400)

    by_process: dict[str, ProcessFigures] = defaultdict(ProcessFigures)
    by_unit: dict[str, ProcessFigures] = defaultdict(ProcessFigures)
    totals = ProcessFigures()
    # Items in the period either way (created, or published), read once with their lists.
    created_ids = set(items.filter(bounds.q("created_at")).values_list("pk", flat=True))
    published_ids = set(published_items.values_list("pk", flat=True))
    relevant = items.filter(pk__in=sorted(created_ids | published_ids))
    states: dict[int, str] = {}
    for pk, state, processes, units in relevant.values_list("pk", "state", "processes",
                                                            "units"):
        states[pk] = state
        targets = ([by_process[name] for name in _names(processes, NO_PROCESS)]
                   + [by_unit[name] for name in _names(units, NO_UNIT)] + [totals])
        for figures in targets:
            if pk in created_ids:
                figures.harvested += 1
                if state in REVIEW_STATES:
                    figures.in_review += 1
            if pk in published_ids:
                figures.published += 1
    for processes, units, hours, cost in (
            Reuse.objects.filter(bounds.q("at"), item__community_id__in=ids)
            .values_list("item__processes", "item__units", "hours_saved", "cost_saved")):
        for name in _names(processes, NO_PROCESS):
            by_process[name].reuse.add(hours, cost)
        for name in _names(units, NO_UNIT):
            by_unit[name].reuse.add(hours, cost)
        totals.reuse.add(hours, cost)
    return _Knowledge(created, dict(published), dict(days), dict(by_process), dict(by_unit),
                      totals, _by_origin(created_ids, states))


ORIGINS = ("Notes from the room only", "Notes from online only",
           "Notes from the room and online", "Origin not recorded", "Written by hand")


def _by_origin(created_ids: set[int], states: dict[int, str]) -> dict[str, tuple[int, int]]:
    """Items created in the period by where the notes they were harvested from were
    written (in the room, online), as (harvested, published since): the in-room / online
    split of knowledge. An item with no provenance was written by hand."""
    origins: dict[int, set[str]] = {pk: set() for pk in created_ids}
    harvested_from_board: set[int] = set()
    for item_id, origin in (Provenance.objects.filter(item_id__in=sorted(created_ids))
                            .values_list("item_id", "origin").distinct()):
        harvested_from_board.add(item_id)
        if origin in (Presence.IN_ROOM, Presence.ONLINE):
            origins[item_id].add(origin)
    counts = {label: [0, 0] for label in ORIGINS}
    for pk, found in origins.items():
        if pk not in harvested_from_board:
            label = ORIGINS[4]
        elif found == {Presence.IN_ROOM}:
            label = ORIGINS[0]
        elif found == {Presence.ONLINE}:
            label = ORIGINS[1]
        elif found:
            label = ORIGINS[2]
        else:
            label = ORIGINS[3]
        counts[label][0] += 1
        if states.get(pk) in WAS_PUBLISHED:
            counts[label][1] += 1
    return {label: (n[0], n[1]) for label, n in counts.items()}


def _lesson_actions(ids: Sequence[int], bounds: Bounds) -> dict[str, int]:
    counts = {status.value: 0 for status in ActionStatus}
    rows = (LessonAction.objects.filter(bounds.q("item__created_at"),
                                        item__community_id__in=ids)
            .values("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts.update(dict(rows))
    return counts


def _lessons(ids: Sequence[int], bounds: Bounds) -> dict[str, int]:
    """Lessons (items of kind "lesson") created in the period: learned when they have
    actions and every one is done, else identified (with actions under way, or none)."""
    rows = (KnowledgeItem.objects.filter(bounds.q("created_at"), community_id__in=ids,
                                         kind=Kind.LESSON)
            .annotate(actions_n=Count("actions"),
                      done_n=Count("actions", filter=Q(actions__status=ActionStatus.DONE)))
            .values_list("actions_n", "done_n"))
    counts = {"learned": 0, "under_way": 0, "no_action": 0}
    for actions_n, done_n in rows:
        if actions_n == 0:
            counts["no_action"] += 1
        elif done_n == actions_n:
            counts["learned"] += 1
        else:
            counts["under_way"] += 1
    return counts


@dataclass
class _Reuse:
    by_month: dict[date, MoneyFigures]
    by_unit: dict[str, MoneyFigures]
    records: list[ReuseRecord]


def _reuse(ids: Sequence[int], bounds: Bounds) -> _Reuse:
    reuses: QuerySet[Reuse] = Reuse.objects.filter(bounds.q("at"), item__community_id__in=ids)
    by_month: dict[date, MoneyFigures] = {}
    for month, n, with_saving, hours, cost in (
            reuses.annotate(month=TruncMonth("at")).values("month")
            .annotate(n=Count("pk"),
                      saving=Count("pk", filter=Q(hours_saved__isnull=False)
                                   | Q(cost_saved__isnull=False)),
                      hours=Sum("hours_saved"), cost=Sum("cost_saved"))
            .order_by("month").values_list("month", "n", "saving", "hours", "cost")):
        key = month.date() if isinstance(month, datetime) else month
        by_month[key] = MoneyFigures(n, with_saving, Decimal(hours or 0), Decimal(cost or 0))
    by_unit: dict[str, MoneyFigures] = defaultdict(MoneyFigures)
    records: list[ReuseRecord] = []
    for title, outcome, unit, hours, cost, at in reuses.order_by("at", "pk").values_list(
            "item__title", "outcome", "unit", "hours_saved", "cost_saved", "at"):
        by_unit[unit.strip() or NO_UNIT].add(hours, cost)
        records.append(ReuseRecord(title, outcome, hours, cost, at))
    return _Reuse(by_month, dict(by_unit), records)


def _reach(communities: Iterable[Community]) -> list[CommunityReach]:
    """Members now (every role but executive: they read the evidence, they are not the
    practice) against the target audience set for the community."""
    ids = [c.pk for c in communities]
    members = dict(Membership.objects.filter(community_id__in=ids)
                   .exclude(role=Role.EXECUTIVE).values("community_id")
                   .annotate(n=Count("user_id", distinct=True))
                   .values_list("community_id", "n"))
    targets = dict(EvidenceSettings.objects.filter(community_id__in=ids)
                   .values_list("community_id", "target_audience"))
    return [CommunityReach(c.name, members.get(c.pk, 0), targets.get(c.pk))
            for c in communities]


def median_days(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None
