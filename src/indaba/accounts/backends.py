"""Sign in with a username or an e-mail address, throttled against guessing.

This backend replaces ModelBackend, so the admin's sign-in is throttled too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from indaba.accounts import throttle


class ThrottledEmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        ip = throttle.client_ip(request)
        if throttle.is_locked(username, ip):
            # PermissionDenied stops Django trying other backends.
            raise PermissionDenied("too many failed sign-in attempts")
        user = self._find(username)
        if user is not None and user.check_password(password) and self.user_can_authenticate(
                user):
            throttle.clear(username)
            return user
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing leak
        throttle.record_failure(username, ip)
        return None

    @staticmethod
    def _find(username: str) -> Any:
        model = get_user_model()
        name = username.strip()
        user = model._default_manager.filter(username=name).first()
        if user is None:
            matches = list(model._default_manager.filter(username__iexact=name)[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None and "@" in name:
            matches = list(model._default_manager.filter(email__iexact=name)[:2])
            user = matches[0] if len(matches) == 1 else None
        return user
