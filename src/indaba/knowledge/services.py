"""The review workflow and what follows publication: every state change is one
conditional UPDATE (`... WHERE state IN (allowed)`) inside a transaction with the item's
row locked, so of two concurrent requests exactly one moves the item and the other gets
`Conflict`. Every change is recorded (who, when, from, to). No HTTP here.

    draft ──submit──> in review ──approve (enough approvals)──> published ──> archived
      ^                 │                                           └──> superseded
      └── changes requested <──request changes──┘   (submit again from changes requested)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, override

from indaba.accounts import languages
from indaba.accounts.people import display_name, unit_of
from indaba.audit import services as audit
from indaba.common.addresses import public_base
from indaba.common.errors import Conflict, Forbidden, Invalid, NotFound
from indaba.knowledge import permissions
from indaba.knowledge.models import (
    COMMENT_MAX,
    FIELD_MAX,
    ActionStatus,
    Approval,
    Kind,
    KnowledgeItem,
    LessonAction,
    Reuse,
    ReviewComment,
    State,
    Transition,
    clean_text,
)
from indaba.knowledge.permissions import Action

EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)


def _name(user: Any) -> str:
    return display_name(user)[:120] if user is not None else ""


def _move(item: KnowledgeItem, allowed: tuple[str, ...], to: str, by: Any,
          **fields: Any) -> None:
    """Move `item` from one of `allowed` to `to` (inside the caller's transaction)."""
    changes: dict[str, Any] = {"state": to, "updated_at": timezone.now(), **fields}
    current = KnowledgeItem.objects.select_for_update().filter(pk=item.pk).values_list(
        "state", flat=True).first()
    moved = KnowledgeItem.objects.filter(pk=item.pk, state__in=allowed).update(**changes)
    if moved != 1:
        label = str(State(current).label).lower() if current else gettext("gone")
        raise Conflict(gettext("the item is %(now)s: it cannot become %(next)s")
                       % {"now": label, "next": str(State(to).label).lower()})
    Transition.objects.create(item=item, by=by, by_name=_name(by),
                              from_state=current or "", to_state=to)
    _audit("knowledge.transition", item, by, {"from": current or "", "to": to})
    item.refresh_from_db()


def _audit(action: str, item: KnowledgeItem, by: Any, payload: dict[str, Any]) -> None:
    """One audit entry about an item (inside the caller's transaction: it commits or rolls
    back with the change it records). The actor is the request's or the command's (the
    audit context); the person who acted is named in the payload and as its subject."""
    who = f"user:{by.pk}" if getattr(by, "pk", None) is not None else ""
    audit.record(action, obj=("knowledge_item", item.pk), subjects=[who] if who else [],
                 payload={"community": item.community_id, "title": item.title, "by": who,
                          **payload})


def _require(user: Any, action: Action, item: KnowledgeItem, why: str) -> None:
    if not permissions.can(user, action, item):
        raise Forbidden(gettext(why))


def submit(item: KnowledgeItem, by: Any) -> list[str]:
    """Send a draft (or one with changes requested) to review; e-mail the reviewers.
    Returns the addresses written to."""
    _require(by, Action.EDIT, item, gettext_noop("you may not submit this item"))
    if not item.title.strip() or not item.summary.strip():
        raise Invalid(gettext("an item needs a title and a summary before review"))
    with transaction.atomic():
        _move(item, EDITABLE, State.IN_REVIEW, by, review_round=F("review_round") + 1)
    return _ask_for_review(item, by)


def _ask_for_review(item: KnowledgeItem, by: Any) -> list[str]:
    """One e-mail per language: each reviewer reads it in their profile's language (the
    site's default when they chose none), not in the author's."""
    by_language: dict[str, set[str]] = {}
    reviewers = list(permissions.reviewers(item))
    language_of = languages.of_users(reviewers)
    for reviewer in reviewers:
        by_language.setdefault(language_of[reviewer.pk], set()).add(reviewer.email)
    names = {"who": _name(by), "title": item.title, "community": item.community.name,
             "link": f"{public_base()}{item.get_absolute_url()}"}
    for code, addresses in sorted(by_language.items()):
        with override(code):
            send_mail(gettext("Review requested: %(title)s") % names,
                      gettext("%(who)s asks for a review of “%(title)s” in %(community)s."
                              "\n\nOpen it at %(link)s\n") % names,
                      None, sorted(addresses))
    return sorted({address for group in by_language.values() for address in group})


def create(community: Any, by: Any, item: KnowledgeItem) -> KnowledgeItem:
    """Save a new draft written by hand (harvest.harvest makes drafts from boards)."""
    if not permissions.can_in(by, Action.CREATE, community):
        raise Forbidden(gettext("you may not add knowledge to this community"))
    with transaction.atomic():
        item.community, item.state, item.created_by = community, State.DRAFT, by
        item.created_by_name = _name(by)
        item.owner = item.owner or by
        item.save()
        Transition.objects.create(item=item, by=by, by_name=_name(by), from_state="",
                                  to_state=State.DRAFT)
        _audit("knowledge.created", item, by, {"kind": item.kind})
    return item


def _check_reviewer(item: KnowledgeItem, reviewer: Any) -> None:
    if permissions.is_author(reviewer, item):
        raise Forbidden(gettext("you cannot review an item you wrote or own"))
    _require(reviewer, Action.REVIEW, item, "only the community's reviewers may review")


@dataclass(frozen=True)
class Decision:
    published: bool
    approvals: int
    needed: int
    waiting_for_other_unit: bool


def approve(item: KnowledgeItem, reviewer: Any) -> Decision:
    """Record an approval; the approval that completes the community's requirement
    (count, and a reviewer from another unit when the community asks for one) publishes
    the item. Two reviewers approving at once: exactly one publishes."""
    _check_reviewer(item, reviewer)
    rules = permissions.settings_for(item.community_id)
    with transaction.atomic():
        locked = KnowledgeItem.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None:
            raise NotFound(gettext("no such item"))
        if locked.state != State.IN_REVIEW:
            raise Conflict(gettext("the item is %(now)s, not in review")
                           % {"now": str(State(locked.state).label).lower()})
        try:
            with transaction.atomic():
                Approval.objects.create(item=locked, reviewer=reviewer,
                                        round=locked.review_round, unit=unit_of(reviewer))
        except IntegrityError:
            raise Conflict(gettext("you have already approved this item")) from None
        approvals = list(Approval.objects.filter(item=locked, round=locked.review_round))
        _audit("knowledge.approved", locked, reviewer, {"round": locked.review_round})
        author_unit = unit_of(locked.created_by) if locked.created_by else ""
        other_unit = any(a.unit and a.unit != author_unit for a in approvals)
        waiting = rules.other_unit_reviewer and not other_unit
        enough = len(approvals) >= rules.approvals_needed and not waiting
        if enough:
            _move(locked, (State.IN_REVIEW,), State.PUBLISHED, reviewer,
                  published_at=timezone.now())
    item.refresh_from_db()
    return Decision(enough, len(approvals), rules.approvals_needed, waiting)


def request_changes(item: KnowledgeItem, reviewer: Any, comment: str) -> ReviewComment:
    _check_reviewer(item, reviewer)
    text = _bounded(comment, gettext_noop("the comment"), COMMENT_MAX, required=True)
    with transaction.atomic():
        _move(item, (State.IN_REVIEW,), State.CHANGES_REQUESTED, reviewer)
        return ReviewComment.objects.create(item=item, author=reviewer,
                                            author_name=_name(reviewer), text=text)


def archive(item: KnowledgeItem, by: Any) -> None:
    _require(by, Action.ARCHIVE, item, gettext_noop("only the community's leads may archive items"))
    with transaction.atomic():
        _move(item, (State.PUBLISHED,), State.ARCHIVED, by)


def supersede(item: KnowledgeItem, by: Any, successor: KnowledgeItem) -> None:
    _require(by, Action.ARCHIVE, item,
             gettext_noop("only the community's leads may supersede items"))
    if successor.pk == item.pk:
        raise Invalid(gettext("an item cannot supersede itself"))
    if successor.state != State.PUBLISHED or not permissions.can_see(by, successor):
        raise Invalid(gettext("an item is superseded by another published item"))
    with transaction.atomic():
        _move(item, (State.PUBLISHED,), State.SUPERSEDED, by, superseded_by=successor)


def _bounded(value: Any, label: str, limit: int, required: bool = False) -> str:
    text = clean_text(value if isinstance(value, str) else "")
    if required and not text:
        raise Invalid(gettext("%(what)s is required") % {"what": gettext(label)})
    if len(text) > limit:
        raise Invalid(gettext("%(what)s is at most %(most)d characters (%(given)d given)")
                      % {"what": gettext(label), "most": limit, "given": len(text)})
    return text


def check_editable(item: KnowledgeItem, by: Any) -> None:
    _require(by, Action.EDIT, item, gettext_noop("you may not edit this item"))
    if item.state not in EDITABLE:
        raise Conflict(gettext("a %(state)s item cannot be edited")
                       % {"state": str(State(item.state).label).lower()})


def comment(item: KnowledgeItem, by: Any, text: str,
            parent: ReviewComment | None = None) -> ReviewComment:
    _require(by, Action.COMMENT, item, gettext_noop("only the community's members may comment"))
    if parent is not None and parent.item_id != item.pk:
        raise Invalid(gettext("a reply belongs to a comment on the same item"))
    if parent is not None and parent.parent is not None:
        parent = parent.parent  # one level of replies: a reply to a reply joins its thread
    return ReviewComment.objects.create(item=item, parent=parent, author=by,
                                        author_name=_name(by),
                                        text=_bounded(text, gettext_noop("the comment"),
                                                      COMMENT_MAX, required=True))


def add_action(item: KnowledgeItem, by: Any, text: str, owner: str,
               due: date | None) -> LessonAction:
    _require(by, Action.MANAGE_ACTIONS, item,
             gettext_noop("you may not change this item's actions"))
    if item.kind != Kind.LESSON:
        raise Invalid(gettext("actions belong to lessons learned"))
    return LessonAction.objects.create(
        item=item, text=_bounded(text, gettext_noop("the action"), 300, True),
        owner=_bounded(owner, gettext_noop("the owner"), 120, True), due=due)


def set_action_status(action: LessonAction, by: Any, status: str) -> None:
    _require(by, Action.MANAGE_ACTIONS, action.item,
             gettext_noop("you may not change this item's actions"))
    if status not in ActionStatus.values:
        raise Invalid(f"status must be one of {', '.join(ActionStatus.values)}")
    action.status = status
    action.save(update_fields=["status"])


def record_reuse(item: KnowledgeItem, by: Any, outcome: str, unit: str = "",
                 hours_saved: Decimal | None = None,
                 cost_saved: Decimal | None = None) -> Reuse:
    """"I applied this": anyone who can see a published item."""
    if not permissions.can_see(by, item):
        raise NotFound(gettext("no such item"))
    if item.state != State.PUBLISHED:
        raise Conflict(gettext("only published items can be applied"))
    for value, label in ((hours_saved, gettext("hours saved")),
                         (cost_saved, gettext("cost saved"))):
        if value is not None and value < 0:
            raise Invalid(gettext("%(what)s cannot be negative") % {"what": label})
    with transaction.atomic():
        reuse = Reuse.objects.create(
            item=item, by=by, by_name=_name(by),
            outcome=_bounded(outcome, gettext_noop("the outcome"), FIELD_MAX, True),
            unit=_bounded(unit or unit_of(by), gettext_noop("the unit"), 120),
            hours_saved=hours_saved, cost_saved=cost_saved)
        _audit("knowledge.reused", item, by, {"reuse": reuse.pk, "unit": reuse.unit})
    return reuse


def inbox(user: Any) -> list[KnowledgeItem]:
    """Items in review this person may decide on (not their own, not yet approved)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = permissions.visible_items(user).filter(state=State.IN_REVIEW).select_related(
        "community").order_by("updated_at")
    return [i for i in items if permissions.can(user, Action.REVIEW, i)
            and not i.approvals.filter(reviewer=user, round=i.review_round).exists()]


def due_for_review(user: Any, today: date | None = None) -> list[KnowledgeItem]:
    """Published items past (or at) their review-by date that this person may see."""
    today = today or timezone.localdate()
    return list(permissions.visible_items(user).filter(
        state=State.PUBLISHED, review_by__lte=today).select_related("community")
        .order_by("review_by", "pk"))
