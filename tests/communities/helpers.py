"""Shared set-up for community and session tests: people in every role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from indaba.communities import services as community_services
from indaba.communities.models import Community
from indaba.meetings import services as meeting_services
from indaba.meetings.models import Session

ROLES = ("lead", "facilitator", "member", "reviewer", "executive")
PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def no_board_store(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Board content goes to the sync store (its own connection); unit tests record it."""
    written: list[tuple[str, Any]] = []
    monkeypatch.setattr("indaba.boards.services.write_initial_content",
                        lambda board_id, doc: written.append((board_id, doc)))
    return written


def make_user(username: str, **extra: Any) -> Any:
    return get_user_model()._default_manager.create_user(
        username, f"{username}@example.org", PASSWORD, **extra)


@dataclass
class World:
    community: Community
    session: Session
    users: dict[str, Any]
    # Request headers per caller, made once per world: a module-level cache keyed by id(world)
    # handed a later world a dead token when Python reused the id (a CI flake).
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


def make_world(template: str = "lessons_learned", **session_kwargs: Any) -> World:
    users = {role: make_user(role) for role in ROLES}
    users["outsider"] = make_user("outsider")
    users["superuser"] = get_user_model()._default_manager.create_superuser(
        "admin", "admin@example.org", PASSWORD)
    community = community_services.create_community("Test CoP", users["lead"],
                                                    purpose="Testing", unit="KM")
    for role in ROLES[1:]:
        community_services.set_member(community, users[role], role)
    # Open now (joining and attendance happen only while a session is open).
    start = timezone.now() - timedelta(minutes=10)
    session = meeting_services.create_session(
        community, users["facilitator"], title="Hybrid session", starts_at=start,
        ends_at=start + timedelta(hours=2), mode="hybrid", template=template,
        venue="Boardroom", **session_kwargs)
    return World(community, session, users)


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; these tests make many accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None, no_board_store: list[tuple[str, Any]]) -> World:
    return make_world()
