"""Guessing passwords meets a progressive delay per account, never a lock-out: one counter
per person (username and e-mail alike), the same behaviour for unknown names, answered at
once with how long to wait, and the rightful owner gets in once the wait is over."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.accounts import throttle
from indaba.accounts.models import LoginFailure
from tests.communities.helpers import PASSWORD, make_user

FREE = 3


@pytest.fixture(autouse=True)
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock stands still unless a test moves it (time_passes): the waits asserted are
    exact, and a loaded machine taking a second per hashed password must not shorten them."""
    frozen = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: frozen)


@pytest.fixture(autouse=True)
def limits(settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "login_free_failures": FREE,
                              "login_max_delay_seconds": 60,
                              "login_failure_window_seconds": 3600}


def attempt(username: str, password: str, client: Client | None = None) -> Any:
    return (client or Client()).post("/accounts/login/",
                                     {"username": username, "password": password})


def wait_in(response: Any) -> int | None:
    found = re.search(r"Try again in (\d+) seconds", response.content.decode())
    return int(found.group(1)) if found else None


def time_passes(key: str, seconds: float) -> None:
    """Move this counter's failures back in time (the clock moving forward)."""
    for failure in LoginFailure.objects.filter(username=key):
        failure.at -= timedelta(seconds=seconds)
        failure.save(update_fields=["at"])


def test_delays_grow_with_each_failure_and_cap() -> None:
    assert [throttle.delay_after(n) for n in range(FREE + 8)] == (
        [0] * FREE + [2, 4, 8, 16, 32, 60, 60, 60])


def test_username_and_email_share_one_counter_and_the_wait_is_answered_at_once(
        db: None) -> None:
    user = make_user("pieter")
    for typed in ["pieter", "pieter@example.org", "PIETER"]:
        assert wait_in(attempt(typed, "guess")) is None
    refused = attempt("pieter@example.org", PASSWORD)  # the 4th try, right password: too soon
    assert refused.status_code == 200 and wait_in(refused) == 2
    assert "_auth_user_id" not in Client().session
    assert LoginFailure.objects.filter(username=f"user:{user.pk}").count() == FREE
    assert LoginFailure.objects.filter(ip__isnull=False).count() == 0  # no addresses kept


def test_the_owner_gets_in_after_the_wait_and_the_counter_clears(db: None) -> None:
    user = make_user("sipho")
    key = f"user:{user.pk}"
    for _ in range(FREE + 1):
        time_passes(key, 120)
        attempt("sipho", "guess")
    refused = attempt("sipho", PASSWORD)
    assert wait_in(refused) == 4  # two failures past the free ones: 4 seconds
    time_passes(key, 4)
    client = Client()
    assert attempt("sipho", PASSWORD, client).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not LoginFailure.objects.filter(username=key).exists()


def test_however_much_someone_guesses_the_owner_waits_at_most_the_cap(db: None) -> None:
    user = make_user("naledi")
    key = f"user:{user.pk}"
    for _ in range(20):
        time_passes(key, 61)
        attempt("naledi", "guess")
    assert 0 < (wait_in(attempt("naledi", PASSWORD)) or 0) <= 60
    time_passes(key, 60)
    assert attempt("naledi", PASSWORD).status_code == 302


def test_unknown_names_meet_the_same_delays(db: None) -> None:
    make_user("ayesha")
    known = [wait_in(attempt("ayesha", "guess")) for _ in range(FREE + 1)]
    unknown = [wait_in(attempt("nobody", "guess")) for _ in range(FREE + 1)]
    assert known == unknown == [None] * FREE + [2]
    assert attempt("ayesha", "x").content.decode().count("Try again in") == 1
    assert attempt("nobody", "x").content.decode().count("Try again in") == 1


def test_another_persons_failures_do_not_delay_you_even_from_one_address(db: None) -> None:
    make_user("lerato")
    make_user("thandi")
    office = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(FREE + 3):
        attempt("lerato", "guess", office)
    assert attempt("thandi", PASSWORD, Client(REMOTE_ADDR="10.0.0.1")).status_code == 302


def test_the_admin_sign_in_is_delayed_too(db: None) -> None:
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    user = make_user("director")
    request = RequestFactory().post("/admin/login/")
    for _ in range(FREE + 1):
        assert authenticate(request, username="director", password="guess") is None
    assert authenticate(request, username="director", password=PASSWORD) is None
    time_passes(f"user:{user.pk}", 2)
    assert authenticate(request, username="director", password=PASSWORD) == user


def test_old_failures_stop_counting(db: None) -> None:
    user = make_user("old")
    for _ in range(FREE + 2):
        attempt("old", "guess")  # the last two come too soon and are not even checked
    assert throttle.wait_seconds(f"user:{user.pk}") > 0
    time_passes(f"user:{user.pk}", 3601)
    assert throttle.wait_seconds(f"user:{user.pk}") == 0
    assert throttle.purge_old() == FREE
    assert not LoginFailure.objects.exists()
