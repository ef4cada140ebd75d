"""One-time sign-in links: what `indaba demo` prints instead of a long-lived board token.

A link signs its account in with an ordinary session (which ends at sign-out) and then
stops working: it is signed over the account's password hash and last sign-in time, and
signing in changes the latter. It also expires after LIFETIME_SECONDS.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "indaba.accounts.sign-in-link"
LIFETIME_SECONDS = 3600


def _state(user: Any) -> str:
    """Changes when the account signs in or its password changes."""
    last = user.last_login.isoformat() if user.last_login else ""
    return salted_hmac(SALT, f"{user.pk}|{user.password}|{last}").hexdigest()[:32]


def make(user: Any) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


def account_for(token: str) -> Any:
    """The active account a fresh, unused link signs in; None for anything else."""
    try:
        data = signing.loads(token[:500], salt=SALT, max_age=LIFETIME_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = get_user_model()._default_manager.filter(pk=data["u"], is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("s", "")), _state(user)):
        return None
    return user
