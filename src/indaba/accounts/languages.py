"""The language a signed-in person chose on their profile, remembered in their session.

The choice is read from the profile once per session (or when it changes) rather than
on every request; the session entry names its user so it never outlives a sign-out or a
different person signing in on the same browser."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from indaba.accounts.models import Profile

SESSION_KEY = "indaba_profile_language"


def offered(code: str) -> bool:
    return code in {c for c, _ in settings.LANGUAGES}


def remember(request: HttpRequest, user: Any, code: str) -> None:
    request.session[SESSION_KEY] = {"user": user.pk, "language": code}


def chosen(request: HttpRequest) -> str:
    """The profile language of the signed-in person, or "" to follow cookie and browser."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("user") != user.pk:
        code = (Profile.objects.filter(user_id=user.pk)
                .values_list("language", flat=True).first()) or ""
        remember(request, user, code)
    else:
        code = str(stored.get("language") or "")
    # A language the operator stopped offering falls back to cookie and browser.
    return code if offered(code) else ""


def of_user(user: Any) -> str:
    """The language to write to a person in when no request of theirs is at hand (an
    e-mail to someone else): their profile's choice if it is still offered, else the
    site's default language."""
    return of_users([user])[user.pk]


def of_users(users: Iterable[Any]) -> dict[Any, str]:
    """`of_user` for several people at once (one query), by user pk."""
    pks = [user.pk for user in users]
    chosen_codes = dict(Profile.objects.filter(user_id__in=pks)
                        .values_list("user_id", "language"))
    return {pk: code if offered(code := chosen_codes.get(pk) or "") else settings.LANGUAGE_CODE
            for pk in pks}
