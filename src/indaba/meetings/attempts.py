"""How many wrong join codes a client may try (django-ratelimit over Django's cache).

Only failures count, so a room of people behind one office address joining together is
never slowed; a client that has used up its failures is refused every code, right or
wrong, until the period (INDABA_JOIN_FAILURES_RATE) ends. The counts live in the default
cache: this process's memory on one node, Redis when INDABA_REDIS_URL joins several.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from indaba.common.clients import client_ip

GROUP = "indaba.meetings.join-code"


def _client(group: str, request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _rate(group: str, request: HttpRequest) -> str:
    return str(settings.INDABA_LIMITS["join_failures_rate"])


@dataclass(frozen=True)
class Allowance:
    refused: bool
    seconds_left: int


def _usage(request: HttpRequest, *, increment: bool) -> dict[str, Any]:
    usage = get_usage(request, group=GROUP, key=_client, rate=_rate, increment=increment)
    assert usage is not None  # rate limiting is never switched off (RATELIMIT_ENABLE)
    return dict(usage)


def allowance(request: HttpRequest) -> Allowance:
    """Whether this client may try a code now: refused once it has failed as often as the
    rate allows within the period."""
    usage = _usage(request, increment=False)
    return Allowance(refused=usage["count"] >= usage["limit"],
                     seconds_left=max(1, int(usage["time_left"])))


def count_failure(request: HttpRequest) -> None:
    _usage(request, increment=True)
