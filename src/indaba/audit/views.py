"""The audit page: superusers only, filterable, paginated. Everything shown is escaped
text; payloads appear as JSON text, never as markup."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from indaba.audit.models import Entry, Payload

PER_PAGE = 50


class FilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=80,
                            help_text="e.g. user:12, token:…, cli, system, anonymous")
    action = forms.CharField(required=False, max_length=80,
                             help_text="a name (auth.sign_in) or its start (auth)")
    object_type = forms.CharField(required=False, max_length=40, label="Object type")
    object_id = forms.CharField(required=False, max_length=80, label="Object id")
    since = forms.DateField(required=False, label="From (UTC date)",
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To (UTC date, inclusive)",
                            widget=forms.DateInput(attrs={"type": "date"}))


def filtered(data: dict[str, Any]) -> QuerySet[Entry]:
    entries = Entry.objects.order_by("-seq")
    if data.get("actor"):
        entries = entries.filter(actor=data["actor"].strip())
    if data.get("action"):
        action = data["action"].strip()
        entries = entries.filter(Q(action=action) | Q(action__startswith=action + "."))
    if data.get("object_type"):
        entries = entries.filter(object_type=data["object_type"].strip())
    if data.get("object_id"):
        entries = entries.filter(object_id=data["object_id"].strip())
    if data.get("since"):
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, UTC))
    if data.get("until"):
        entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, UTC))
    return entries


@never_cache
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied(gettext("the audit trail is for administrators"))
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(filtered(data), PER_PAGE).get_page(request.GET.get("page"))
    payloads = Payload.objects.in_bulk([entry.seq for entry in page.object_list])
    rows = []
    for entry in page.object_list:
        payload = payloads.get(entry.seq)
        redacted = payload is None or payload.redacted_at is not None
        rows.append({"entry": entry, "redacted": redacted,
                     "payload": "" if redacted or payload is None else payload.data})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode()})
