"""Sign in with a username or an e-mail address, throttled against guessing.

This backend replaces ModelBackend, so the admin's sign-in is throttled too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext

from indaba.accounts import throttle
from indaba.accounts.lookup import find_account


class ThrottledEmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_account(username)
        key = throttle.account_key(username, user)
        if throttle.wait_seconds(key) > 0:
            # Too soon after the last failure: the password is not even checked.
            # PermissionDenied stops Django trying other backends.
            raise PermissionDenied(gettext("too soon after failed sign-in attempts"))
        if user is not None and user.check_password(password) and self.user_can_authenticate(
                user):
            throttle.clear(key)
            return user
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing leak
        throttle.record_failure(key)
        return None
