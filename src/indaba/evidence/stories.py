"""Value-creation stories: the words of the best reuse records, never who wrote them.

"Best" is decided in this order: records that report a saving (time or cost) first, then
the longest account of the outcome (the most story), then the newest. A reuse record's
author is never read here; and because people sometimes name a colleague in their own
words, every name Indaba knows in these communities (display names, first and last names,
the names people joined sessions or reused items under, item authors' names) is replaced
by "[name]" in the quoted text and the item title."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model

from indaba.accounts.models import Profile
from indaba.communities.models import Community, Membership
from indaba.evidence.indicators import ReuseRecord
from indaba.evidence.tables import Story
from indaba.knowledge.models import KnowledgeItem, Reuse
from indaba.meetings.models import Attendance

STORIES = 5
NAME_MARK = "[name]"
MIN_PART = 3  # single name parts shorter than this are not matched alone


def best(records: Sequence[ReuseRecord], communities: Sequence[Community],
         limit: int = STORIES) -> list[Story]:
    if not records:
        return []
    ranked = sorted(records, key=lambda r: (r.hours_saved is None and r.cost_saved is None,
                                            -len(r.outcome.strip()), -r.at.timestamp()))
    scrub = NameScrubber(known_names(communities))
    return [Story(item_title=scrub(r.item_title), outcome=scrub(r.outcome.strip()),
                  hours_saved=float(r.hours_saved) if r.hours_saved is not None else None,
                  cost_saved=float(r.cost_saved) if r.cost_saved is not None else None,
                  at=r.at.date())
            for r in ranked[:limit]]


def known_names(communities: Sequence[Community]) -> set[str]:
    ids = [c.pk for c in communities]
    user_ids = set(Membership.objects.filter(community_id__in=ids)
                   .values_list("user_id", flat=True))
    names: set[str] = set()
    for first, last in get_user_model()._default_manager.filter(pk__in=user_ids).values_list(
            "first_name", "last_name"):
        names.update((first, last, f"{first} {last}"))
    names.update(Profile.objects.filter(user_id__in=user_ids)
                 .values_list("display_name", flat=True))
    names.update(Attendance.objects.filter(session__community_id__in=ids)
                 .values_list("name", flat=True).distinct())
    names.update(Reuse.objects.filter(item__community_id__in=ids)
                 .values_list("by_name", flat=True).distinct())
    names.update(KnowledgeItem.objects.filter(community_id__in=ids)
                 .values_list("created_by_name", flat=True).distinct())
    return {" ".join(n.split()) for n in names if n and n.strip()}


class NameScrubber:
    """Replaces known names: whole names in any case, and each capitalised part of a name
    (a first or last name on its own) as written."""

    def __init__(self, names: Iterable[str]) -> None:
        wholes = {n for n in names if n}
        parts = {p for n in wholes for p in re.split(r"[\s()]+", n)
                 if len(p) >= MIN_PART and p[:1].isupper()}
        self._whole = _pattern(wholes, re.IGNORECASE)
        self._part = _pattern(parts, 0)

    def __call__(self, text: str) -> str:
        if self._whole is not None:
            text = self._whole.sub(NAME_MARK, text)
        if self._part is not None:
            text = self._part.sub(NAME_MARK, text)
        return text


def _pattern(words: set[str], flags: int) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)
