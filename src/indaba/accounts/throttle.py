"""Sign-in throttling: a progressive delay per account, never a lock-out.

Failures are counted per person: the username and the e-mail address of one account share
one counter, and a name that matches no account gets a counter of its own that behaves
the same (so the delay does not tell whether an account exists). After
LOGIN_FREE_FAILURES failures within LOGIN_FAILURE_WINDOW_SECONDS, each further attempt
must wait 2, 4, 8 … seconds after the last failure, up to LOGIN_MAX_DELAY_SECONDS; the
wait is answered at once ("try again in N seconds"), never slept by the server. The
rightful owner therefore waits at most that long, whoever else is guessing, and a correct
password clears the counter. Nothing counts by address: behind a proxy everyone shares one.

Failures are kept in the database so every server process and node sees the same count;
the client address is not stored with them (the audit trail records sign-in failures).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from indaba.accounts.lookup import find_account
from indaba.accounts.models import LoginFailure


def _limit(name: str) -> int:
    return int(settings.INDABA_LIMITS[name])


def normalise(username: str) -> str:
    return username.strip().lower()[:200]


def account_key(username: str, user: Any = None) -> str:
    """The one counter of the person a typed name means (`user` when already found)."""
    found = user if user is not None else find_account(username)
    return f"user:{found.pk}" if found is not None else f"name:{normalise(username)}"


def delay_after(failures: int) -> int:
    """Seconds to wait after the last of `failures` recent failures."""
    extra = failures - _limit("login_free_failures")
    if extra < 0:
        return 0
    return min(_limit("login_max_delay_seconds"), int(2 ** min(extra + 1, 30)))


def wait_seconds(key: str, now: datetime | None = None) -> int:
    """How long this counter must wait before its next attempt is checked (0 = now)."""
    moment = now or timezone.now()
    recent = LoginFailure.objects.filter(
        username=key, at__gte=moment - timedelta(seconds=_limit("login_failure_window_seconds")))
    failures = recent.count()
    delay = delay_after(failures)
    if delay == 0:
        return 0
    last = recent.order_by("-at").values_list("at", flat=True).first()
    assert last is not None
    return max(0, math.ceil((last + timedelta(seconds=delay) - moment).total_seconds()))


def record_failure(key: str) -> None:
    LoginFailure.objects.create(username=key)


def clear(key: str) -> None:
    LoginFailure.objects.filter(username=key).delete()


def purge_old() -> int:
    """Delete failures that no longer count."""
    deleted, _ = LoginFailure.objects.filter(
        at__lt=timezone.now() - timedelta(seconds=_limit("login_failure_window_seconds"))
    ).delete()
    return deleted
