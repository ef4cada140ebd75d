"""The Django admin site, with every change it makes recorded in the audit trail.

The admin edits people, roles, boards and tokens directly, so it is governance like the
product's own pages. Django already calls `log_addition`, `log_change` and `log_deletions`
on the model admin for every add, change (a password change too) and delete, inside the
same transaction as the change in the add/change/delete views; this site makes each
registered model admin also record those entries in the chain. `admin_app.AuditedAdminConfig`
replaces `django.contrib.admin` in INSTALLED_APPS and makes this the default site, so apps
registering on it (contrib.auth's users and groups included) get it without knowing.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from indaba.audit import services

ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}
_OBJECT_TYPE = re.compile(r"^[a-z][a-z_]{0,39}$")


def record_log_entry(entry: LogEntry) -> int:
    """Append one admin log entry to the audit trail; returns its sequence number."""
    content_type = entry.content_type
    model = content_type.model if content_type is not None else ""
    label = f"{content_type.app_label}.{model}" if content_type is not None else ""
    # Django leaves the pk it was given (an int) on the entry it has just saved.
    object_id = "" if entry.object_id is None else str(entry.object_id)
    payload: dict[str, Any] = {"model": label, "object": entry.object_repr,
                               "change": _change_fields(entry.change_message)}
    if len(object_id) > 80:  # the chain's object id is bounded; keep the whole id beside it
        payload["object_id"], object_id = object_id, object_id[:80]
    # A user is recorded as the `user` object, so erasing that person redacts the entry.
    object_type = model if _OBJECT_TYPE.match(model) else "admin_object"
    return services.record(ACTIONS.get(entry.action_flag, "admin.change"),
                           obj=(object_type, object_id), payload=payload,
                           actor=f"user:{entry.user_id}")


def _change_fields(message: str) -> Any:
    """Django's structured change message (field names, never values), or its text."""
    try:
        return json.loads(message) if message else []
    except ValueError:
        return message


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        record_log_entry(entry)
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        record_log_entry(entry)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        # Called before the objects are deleted, while their names can still be read.
        entries = super().log_deletions(request, queryset)
        for entry in entries if isinstance(entries, list) else [entries]:
            record_log_entry(entry)
        return entries


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(admin_class.__name__, (AuditedModelAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
