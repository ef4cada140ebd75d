"""How a person is named and described across Indaba."""

from __future__ import annotations

from typing import Any

from indaba.accounts.models import Profile


def profile_of(user: Any) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def display_name(user: Any) -> str:
    """The display name, else the full name, else the username."""
    profile = Profile.objects.filter(user_id=user.pk).first()
    if profile is not None and profile.display_name:
        return profile.display_name
    return str(user.get_full_name() or user.get_username())


def unit_of(user: Any) -> str:
    profile = Profile.objects.filter(user_id=user.pk).first()
    return profile.unit if profile is not None else ""
