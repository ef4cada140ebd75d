"""Knowledge items, where they came from, their review and what became of them.

Text fields have bounded lengths (the forms and the harvest service check them first and
say which field is too long); lists (business processes, units, tags) are JSON lists of
short strings."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indaba.boards.models import Board
from indaba.communities.models import Community
from indaba.meetings.models import Session

TITLE_MAX = 200
SUMMARY_MAX = 4000
FIELD_MAX = 4000
SOURCES_MAX = 4000
LIST_ITEM_MAX = 80
LIST_MAX = 20
COMMENT_MAX = 4000
# Control characters never reach the database: the search highlighter marks matches with
# \x01 and \x02 before escaping, so user text must not contain them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", str(value)).strip()


class Kind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    PRACTICE = "practice", _("Good practice")
    AAR = "aar", _("After-action review")
    INSIGHT = "insight", _("Insight")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")
    SUPERSEDED = "superseded", _("Superseded")


VISIBLE_TO_INSTANCE = (State.PUBLISHED, State.ARCHIVED, State.SUPERSEDED)


class KnowledgeSettings(models.Model):
    """A community's knowledge settings (made with defaults on first use)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE,
                                     related_name="knowledge_settings")
    processes = models.JSONField(default=list, blank=True,
                                 help_text="The business processes items may name.")
    approvals_needed = models.PositiveSmallIntegerField(default=1)
    other_unit_reviewer = models.BooleanField(
        default=False, help_text=_("Publishing needs an approval from a reviewer whose "
                                   "unit differs from the author's."))
    members_only = models.BooleanField(
        default=False, help_text=_("Published items are seen by community members only "
                                   "(otherwise by every signed-in person)."))


class KnowledgeItem(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE,
                                  related_name="knowledge_items")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LESSON)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    title = models.CharField(max_length=TITLE_MAX)
    summary = models.TextField(max_length=SUMMARY_MAX, blank=True)
    # After-action review: the four questions.
    intended = models.TextField("what was intended", max_length=FIELD_MAX, blank=True)
    happened = models.TextField("what happened", max_length=FIELD_MAX, blank=True)
    why_different = models.TextField("why it differed", max_length=FIELD_MAX, blank=True)
    sustain_improve = models.TextField("what to sustain or improve", max_length=FIELD_MAX,
                                       blank=True)
    # Lesson learned.
    driving_event = models.TextField(max_length=FIELD_MAX, blank=True)
    lesson = models.TextField(max_length=FIELD_MAX, blank=True)
    recommendation = models.TextField(max_length=FIELD_MAX, blank=True)
    processes = models.JSONField("business processes", default=list, blank=True)
    units = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    sources = models.TextField("sources and evidence", max_length=SOURCES_MAX, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    review_by = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="supersedes")
    # Provenance: where it was harvested.
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="knowledge_items")
    # Everything searchable except the title, kept by save(): the database indexes it
    # (SQLite FTS5 by triggers, PostgreSQL a generated tsvector column), see search.py.
    search_text = models.TextField(blank=True, editable=False)
    review_round = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["community", "state"]),
                   models.Index(fields=["state", "review_by"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/knowledge/items/{self.pk}/"

    def searchable(self) -> str:
        parts: list[Any] = [self.summary, self.intended, self.happened, self.why_different,
                            self.sustain_improve, self.driving_event, self.lesson,
                            self.recommendation, self.sources, " ".join(self.tags or []),
                            " ".join(self.processes or []), " ".join(self.units or [])]
        if self.pk:
            parts += [p.text for p in self.provenance.all()]
        return clean_text("\n".join(str(p) for p in parts if p))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = clean_text(self.title)
        self.search_text = self.searchable()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "search_text", "title", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def is_visible_to_instance(self) -> bool:
        return self.state in VISIBLE_TO_INSTANCE

    @property
    def learned(self) -> bool:
        """A lesson is learned when it has actions and every one is done."""
        statuses = [a.status for a in self.actions.all()]
        return bool(statuses) and all(s == ActionStatus.DONE for s in statuses)


class Provenance(models.Model):
    """One board element an item was harvested from, as it was then."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="provenance")
    element_id = models.CharField(max_length=64)
    element_type = models.CharField(max_length=20)  # "note" | "frame"
    frame = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    votes = models.PositiveIntegerField(default=0)
    author = models.CharField(max_length=120, blank=True)
    origin = models.CharField(max_length=10, blank=True)  # in_room | online | ""

    class Meta:
        ordering = ["pk"]

    @property
    def origin_label(self) -> str:
        labels = {"in_room": _("in the room"), "online": _("online")}
        return str(labels.get(self.origin, _("not recorded")))


class Transition(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="transitions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    by_name = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)

    class Meta:
        ordering = ["at", "pk"]


class Approval(models.Model):
    """A reviewer's approval within one review round (a round starts at each submit)."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="approvals")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    round = models.PositiveIntegerField()
    unit = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "reviewer", "round"],
                                               name="one_approval_per_reviewer_round")]


class ReviewComment(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_name = models.CharField(max_length=120, blank=True)
    text = models.TextField(max_length=COMMENT_MAX)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class LessonAction(models.Model):
    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    owner = models.CharField(max_length=120)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)

    class Meta:
        ordering = ["pk"]


class Reuse(models.Model):
    """"I applied this": a first-class record of reuse, in the person's own words."""

    item = models.ForeignKey(KnowledgeItem, on_delete=models.CASCADE, related_name="reuses")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    by_name = models.CharField(max_length=120, blank=True)
    outcome = models.TextField(max_length=FIELD_MAX)
    unit = models.CharField(max_length=120, blank=True)
    hours_saved = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    cost_saved = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
