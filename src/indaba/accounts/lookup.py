"""Which account a typed sign-in name means: its username, or its e-mail address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


def find_account(typed: str) -> Any:
    """The account a username or e-mail names; None when none, or when an address is
    shared by several accounts (then only the username signs in)."""
    model = get_user_model()
    name = typed.strip()
    user = model._default_manager.filter(username=name).first()
    if user is None:
        matches = list(model._default_manager.filter(username__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    if user is None and "@" in name:
        matches = list(model._default_manager.filter(email__iexact=name)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user
