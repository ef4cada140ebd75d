from django.contrib import admin

from indaba.evidence.models import EvidenceSettings


@admin.register(EvidenceSettings)
class EvidenceSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("community", "target_audience")
    search_fields = ("community__name", "community__slug")
