"""Sign-in throttling: after too many recent failures for a name or an address, refuse.

Failures are kept in the database so every server process sees the same count.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from indaba.accounts.models import LoginFailure

# One address may try several names (a shared office NAT): allow it more failures.
IP_FACTOR = 4


def _limits() -> tuple[int, int]:
    limits = settings.INDABA_LIMITS
    return int(limits["login_max_failures"]), int(limits["login_lockout_seconds"])


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def normalise(username: str) -> str:
    return username.strip().lower()[:254]


def is_locked(username: str, ip: str | None) -> bool:
    max_failures, window = _limits()
    since = timezone.now() - timedelta(seconds=window)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username=normalise(username)).count() >= max_failures:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= max_failures * IP_FACTOR


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=normalise(username), ip=ip)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username=normalise(username)).delete()


def purge_old() -> int:
    _, window = _limits()
    deleted, _ = LoginFailure.objects.filter(
        Q(at__lt=timezone.now() - timedelta(seconds=window))).delete()
    return deleted


def lockout_minutes() -> int:
    return max(1, _limits()[1] // 60)
