"""Site-wide pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from indaba.boards.models import Board
from indaba.boards.permissions import account_role
from indaba.communities.permissions import visible_communities
from indaba.meetings.models import Session


def home(request: HttpRequest) -> HttpResponse:
    communities: list[object] = []
    upcoming: list[Session] = []
    boards: list[Board] = []
    if request.user.is_authenticated:
        visible = visible_communities(request.user)
        communities = list(visible[:50])
        upcoming = list(Session.objects.filter(community__in=visible,
                                               ends_at__gte=timezone.now())
                        .select_related("community").order_by("starts_at")[:10])
        # Boards made outside any session (CLI, imports) that this account may open.
        boards = [b for b in Board.objects.filter(session__isnull=True)[:200]
                  if account_role(request.user, b)]
    return render(request, "home.html",
                  {"communities": communities, "upcoming": upcoming, "boards": boards})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
