"""Who may do what with knowledge items: decided here only.

| action          | lead | facilitator | member | reviewer | executive | other account |
|-----------------|------|-------------|--------|----------|-----------|---------------|
| view published  | yes  | yes         | yes    | yes      | no (**)   | yes (*)       |
| view drafts     | yes  | yes         | yes    | yes      | no        | no            |
| harvest, create | yes  | yes         | yes    | no       | no        | no            |
| edit, submit    | yes  | yes         | yes    | no       | no        | no            |
| review          | yes  | no          | no     | yes      | no        | no            |
| comment         | yes  | yes         | yes    | yes      | no        | no            |
| manage actions  | yes  | yes         | owner  | owner    | no        | no            |
| archive, supersede | yes | no       | no     | no       | no        | no            |
| settings        | yes  | no          | no     | no       | no        | no            |
| record reuse    | whoever may view the published item                            |

(*) unless the community restricts published items to its members (then every role but
executive). (**) An item shows names (its authors, the notes it came from, reviewers,
reuse): a community's executives never see a name, so they read its knowledge through
the evidence reports (counts, and reuse stories without names), not its items.
Superusers may do everything except review an item they wrote.
Anonymous visitors may do nothing. Leads review as well as reviewers (a small community
may have no reviewer yet); nobody reviews an item they created or own. Harvesting over
HTTP from a board is also open to a guest holding an editor token for the session's board
(the people in the room without an account): the item is theirs to start, the community's
to finish. Rights are read from the membership at the moment of each request: a reviewer
removed from the community mid-review can no longer decide.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from indaba.communities.models import Community, Membership, Role
from indaba.communities.permissions import community_role, is_superuser
from indaba.knowledge.models import VISIBLE_TO_INSTANCE, KnowledgeItem, KnowledgeSettings


class Action(StrEnum):
    VIEW_PUBLISHED = "view_published"
    VIEW_DRAFT = "view_draft"
    CREATE = "create"  # harvest, or a new item by hand
    EDIT = "edit"  # edit and submit a draft
    REVIEW = "review"
    COMMENT = "comment"
    MANAGE_ACTIONS = "manage_actions"
    ARCHIVE = "archive"  # archive or supersede a published item
    SETTINGS = "settings"


PARTICIPANTS = frozenset({Role.LEAD, Role.FACILITATOR, Role.MEMBER, Role.REVIEWER})
EDITORS = frozenset({Role.LEAD, Role.FACILITATOR, Role.MEMBER})
REVIEWERS = frozenset({Role.LEAD, Role.REVIEWER})
ALLOWED: dict[Action, frozenset[str]] = {
    Action.VIEW_PUBLISHED: PARTICIPANTS,
    Action.VIEW_DRAFT: PARTICIPANTS,
    Action.CREATE: EDITORS,
    Action.EDIT: EDITORS,
    Action.REVIEW: REVIEWERS,
    Action.COMMENT: PARTICIPANTS,
    Action.MANAGE_ACTIONS: frozenset({Role.LEAD, Role.FACILITATOR}),
    Action.ARCHIVE: frozenset({Role.LEAD}),
    Action.SETTINGS: frozenset({Role.LEAD}),
}


def settings_for(community: Community | int) -> KnowledgeSettings:
    community_id = community.pk if isinstance(community, Community) else community
    found, _ = KnowledgeSettings.objects.get_or_create(community_id=community_id)
    return found


def is_author(user: Any, item: KnowledgeItem) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (item.created_by_id, item.owner_id)


def can_in(user: Any, action: Action, community: Community | int) -> bool:
    """A community-wide right (create, review, settings) from the person's role now."""
    if is_superuser(user):
        return True
    role = community_role(user, community)
    return role is not None and role in ALLOWED[action]


def reads_evidence_only(user: Any, community: Community | int) -> bool:
    """An executive of the community: its evidence, none of its items (they name people)."""
    return not is_superuser(user) and community_role(user, community) == Role.EXECUTIVE


def can_see(user: Any, item: KnowledgeItem) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_superuser(user):
        return True
    role = community_role(user, item.community_id)
    if role == Role.EXECUTIVE:  # see reads_evidence_only
        return False
    if item.state in VISIBLE_TO_INSTANCE:
        return role is not None or not settings_for(item.community_id).members_only
    return role is not None and role in ALLOWED[Action.VIEW_DRAFT]


def can(user: Any, action: Action, item: KnowledgeItem) -> bool:
    if not can_see(user, item):
        return False
    if action is Action.VIEW_PUBLISHED:
        return item.state in VISIBLE_TO_INSTANCE
    if action is Action.REVIEW and is_author(user, item):
        return False
    if action is Action.MANAGE_ACTIONS and item.owner_id is not None \
            and item.owner_id == getattr(user, "pk", None):
        return True
    return can_in(user, action, item.community_id)


def visible_items(user: Any) -> QuerySet[KnowledgeItem]:
    """Every item this person may see: published (and archived, superseded) items of
    communities that do not restrict them, and of their own communities; drafts of the
    communities they take part in; nothing of a community where they are an executive."""
    items = KnowledgeItem.objects.all()
    if is_superuser(user):
        return items
    if not getattr(user, "is_authenticated", False):
        return items.none()
    mine = Membership.objects.filter(user_id=user.pk)
    participant = mine.filter(role__in=PARTICIPANTS).values("community_id")
    executive = mine.filter(role=Role.EXECUTIVE).values("community_id")
    open_published = Q(state__in=VISIBLE_TO_INSTANCE) & ~Q(
        community__knowledge_settings__members_only=True)
    return items.filter(open_published | Q(community_id__in=participant)).exclude(
        community_id__in=executive)


def reviewers(item: KnowledgeItem) -> list[Any]:
    """Those who may review this item and can be written to (never its authors)."""
    rows = Membership.objects.filter(community_id=item.community_id,
                                     role__in=REVIEWERS).select_related("user")
    return [m.user for m in rows if m.user.email and m.user.is_active
            and not is_author(m.user, item)]


def reviewer_emails(item: KnowledgeItem) -> list[str]:
    """Addresses of those who may review this item (never its authors)."""
    return sorted({user.email for user in reviewers(item)})
