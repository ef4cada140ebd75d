"""Sign-in events for the audit trail (connected in AccountsConfig.ready). The password
never reaches the log: Django hands the failure signal credentials with the password
masked, and only the user name typed is kept, as personal data beside the chain."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from indaba.accounts.lookup import find_account
from indaba.audit import services as audit
from indaba.common.clients import client_ip


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) or ""


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record("auth.sign_in", obj=("user", user.pk), actor=f"user:{user.pk}",
                 payload={"ip": _ip(request)})


def on_sign_in_failed(sender: Any, credentials: dict[str, Any],
                      request: HttpRequest | None = None, **kwargs: Any) -> None:
    sign_in_failed(str(credentials.get("username") or ""), request)


def sign_in_failed(username: str, request: HttpRequest | None, throttled: bool = False) -> None:
    """`throttled`: refused by the sign-in form's delay before any password was checked
    (Django sends no signal then)."""
    typed = username[:150]
    user = find_account(typed) if typed else None
    subjects = [audit.email_ref(typed)] if "@" in typed else []
    payload: dict[str, Any] = {"username": typed, "ip": _ip(request)}
    if throttled:
        payload["throttled"] = True
    audit.record("auth.sign_in_failed", obj=("user", user.pk if user is not None else ""),
                 actor="anonymous", payload=payload, subjects=subjects)
