"""What a person may do in a community: the one place community access is decided.

Roles: lead, facilitator, member, reviewer, executive (reads evidence only).
Superusers may do everything; anonymous visitors nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from indaba.communities.models import Community, Membership, Role


class Action(StrEnum):
    VIEW = "view"                      # home page: members, sessions, boards
    EDIT = "edit"                      # name, purpose, owning unit
    MANAGE_MEMBERS = "manage_members"  # invite, change roles, remove
    CREATE_SESSION = "create_session"
    VIEW_EVIDENCE = "view_evidence"    # the evidence dashboard and reports (counts, no names)


ALL = frozenset(Role.values)
ALLOWED: dict[Action, frozenset[str]] = {
    Action.VIEW: frozenset({Role.LEAD, Role.FACILITATOR, Role.MEMBER, Role.REVIEWER}),
    Action.EDIT: frozenset({Role.LEAD}),
    Action.MANAGE_MEMBERS: frozenset({Role.LEAD}),
    Action.CREATE_SESSION: frozenset({Role.LEAD, Role.FACILITATOR}),
    # Evidence is for the people who run the community and the executives they report to;
    # members and reviewers take part and review, they do not read the programme's figures.
    Action.VIEW_EVIDENCE: frozenset({Role.LEAD, Role.FACILITATOR, Role.EXECUTIVE}),
}


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


def community_role(user: Any, community: Community | int) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    community_id = community.pk if isinstance(community, Community) else community
    return (Membership.objects.filter(community_id=community_id, user_id=user.pk)
            .values_list("role", flat=True).first())


def can(user: Any, action: Action, community: Community) -> bool:
    if is_superuser(user):
        return True
    role = community_role(user, community)
    return role is not None and role in ALLOWED[action]


def can_create_community(user: Any) -> bool:
    """Any signed-in person may start a community (and becomes its lead)."""
    return bool(getattr(user, "is_authenticated", False))


def visible_communities(user: Any) -> Any:
    if is_superuser(user):
        return Community.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Community.objects.none()
    return Community.objects.filter(memberships__user_id=user.pk).distinct()
