"""Site-wide pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from indaba.boards.models import Board
from indaba.boards.permissions import account_role


def home(request: HttpRequest) -> HttpResponse:
    boards = []
    if request.user.is_authenticated:
        boards = [b for b in Board.objects.all()[:200] if account_role(request.user, b)]
    return render(request, "home.html", {"boards": boards})


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
