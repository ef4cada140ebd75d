"""Pages about a community's sessions taken together (the community app cannot import
sessions: docs/architecture.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from indaba.communities.models import Community
from indaba.communities.permissions import Action, can
from indaba.meetings.models import Session
from indaba.meetings.services import summary


@login_required
def evidence(request: HttpRequest, slug: str) -> HttpResponse:
    """Attendance mix per session: counts only, no names (executives read this)."""
    community = get_object_or_404(Community, slug=slug)
    if not can(request.user, Action.VIEW_EVIDENCE, community):
        raise PermissionDenied("you may not view evidence this community")
    rows = [(session, summary(session), session.registrations.count())
            for session in Session.objects.filter(community=community).order_by("-starts_at")]
    return render(request, "meetings/evidence.html",
                  {"community": community, "rows": rows,
                   "can_view": can(request.user, Action.VIEW, community)})
