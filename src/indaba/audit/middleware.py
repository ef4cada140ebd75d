"""Sets the audit actor for the request: `user:<id>` once signed in, else `anonymous`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from indaba.audit import context


def request_actor(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Resolved when an entry is recorded: sign-in and sign-out change request.user.
        with context.acting(lambda: request_actor(request),
                            ip=str(request.META.get("REMOTE_ADDR", ""))):
            return self.get_response(request)
