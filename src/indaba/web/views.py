"""Site-wide pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from indaba.boards.models import Board
from indaba.boards.permissions import account_role
from indaba.communities.models import Community, Membership
from indaba.communities.permissions import Action, can, visible_communities
from indaba.evidence.suppression import split_cells, threshold_in_use
from indaba.evidence.tables import Cell
from indaba.meetings.models import Session
from indaba.meetings.services import summary


@dataclass(frozen=True)
class CommunityEntry:
    """A community on the home page, with what this person may do there."""

    community: Community
    role: str | None
    member: bool  # may open the community (else: its evidence only)
    evidence: bool  # may read its evidence
    sessions_held: int
    # Counts of people, suppressed like every evidence output (evidence.suppression).
    attendees: Cell
    in_room: Cell
    online: Cell


def _entry(user: object, community: Community, role: str | None) -> CommunityEntry:
    past = Session.objects.filter(community=community, ends_at__lt=timezone.now())
    counts = [summary(session) for session in past]
    (in_room, online), attendees = split_cells(
        (sum(c.in_room for c in counts), sum(c.online for c in counts)), threshold_in_use())
    return CommunityEntry(
        community=community, role=role, member=can(user, Action.VIEW, community),
        evidence=can(user, Action.VIEW_EVIDENCE, community),
        sessions_held=len(counts), attendees=attendees, in_room=in_room, online=online)


def home(request: HttpRequest) -> HttpResponse:
    entries: list[CommunityEntry] = []
    upcoming: list[Session] = []
    boards: list[Board] = []
    if request.user.is_authenticated:
        visible = list(visible_communities(request.user)[:50])
        roles = dict(Membership.objects.filter(user_id=request.user.pk)
                     .values_list("community_id", "role"))
        entries = [_entry(request.user, c, roles.get(c.pk)) for c in visible]
        # Only sessions this person can open (an executive reads evidence, not sessions).
        members_of = [e.community for e in entries if e.member]
        upcoming = list(Session.objects.filter(community__in=members_of,
                                               ends_at__gte=timezone.now())
                        .select_related("community").order_by("starts_at")[:10])
        # Boards made outside any session (CLI, imports) that this account may open.
        boards = [b for b in Board.objects.filter(session__isnull=True)[:200]
                  if account_role(request.user, b)]
    return render(request, "home.html", {
        "entries": entries, "upcoming": upcoming, "boards": boards,
        "evidence_only": bool(entries) and not any(e.member for e in entries)})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def privacy(request: HttpRequest) -> HttpResponse:
    """What is kept about people, why and for how long (from the retention settings)."""
    return render(request, "privacy.html")
