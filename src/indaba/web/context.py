"""Template context for every page."""

from __future__ import annotations

from django.http import HttpRequest

from indaba.common.retention import RULES, RULES_BY_KEY, Rule


def privacy(request: HttpRequest) -> dict[str, object]:
    """The retention rules, for the privacy page and the join notice: each rule reads its
    period from the settings when shown, so what people are told is what is done."""
    retention: dict[str, Rule] = RULES_BY_KEY
    return {"retention_rules": RULES, "retention": retention}
