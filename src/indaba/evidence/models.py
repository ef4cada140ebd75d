"""The one thing the evidence reports need that nothing else records: a community's target
audience, the denominator of reach."""

from __future__ import annotations

from django.db import models

from indaba.communities.models import Community


class EvidenceSettings(models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE,
                                     related_name="evidence_settings")
    target_audience = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="How many people the community is meant for (everyone in the business "
                  "process it serves). Reach = members ÷ this; unknown while empty.")

    class Meta:
        verbose_name = "evidence settings"
        verbose_name_plural = "evidence settings"

    def __str__(self) -> str:
        return f"evidence settings of {self.community}"
