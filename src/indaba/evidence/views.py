"""The evidence dashboard of one community and across communities, and its downloads (PDF,
CSV, JSON) of the same selection. Counts only: the report never holds a name, and user-written
text (titles, stories) reaches the page through auto-escaping only."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from indaba.audit import services as audit
from indaba.communities.models import Community
from indaba.communities.permissions import Action, can, visible_communities
from indaba.evidence import exports, pdf
from indaba.evidence.forms import PRESETS, SPLITS, Selection, SelectionForm
from indaba.evidence.layout import page_context
from indaba.evidence.report import build_report
from indaba.evidence.tables import Report

FORMATS = ("pdf", "csv", "json")


def _community(request: HttpRequest, slug: str) -> Community:
    community = get_object_or_404(Community, slug=slug)
    if not can(request.user, Action.VIEW_EVIDENCE, community):
        raise PermissionDenied(gettext("you may not view the evidence of this community"))
    return community


def _readable(request: HttpRequest) -> list[Community]:
    """Every community whose evidence this person may read."""
    return [c for c in visible_communities(request.user).order_by("name")
            if can(request.user, Action.VIEW_EVIDENCE, c)]


def _selection(request: HttpRequest) -> tuple[SelectionForm, Selection | None]:
    form = SelectionForm({k: str(v)[:20] for k, v in request.GET.items()})
    return form, form.selection() if form.is_valid() else None


def _build(communities: Sequence[Community], selection: Selection) -> Report:
    return build_report(list(communities), start=selection.start, end=selection.end,
                        split=selection.split)


def _page(request: HttpRequest, communities: list[Community], *, community: Community | None,
          base_url: str) -> HttpResponse:
    form, selection = _selection(request)
    context: dict[str, object] = {
        "community": community, "form": form, "selection": selection,
        "presets": [(key, label) for key, (label, _) in PRESETS.items()],
        "splits": list(SPLITS.items()), "base_url": base_url,
        "can_view_community": community is not None and can(request.user, Action.VIEW,
                                                            community),
        "communities": communities,
    }
    status = 200
    if selection is None:
        status = 400
    elif communities:
        report = _build(communities, selection)
        context.update(page_context(report))
        query = selection.query()
        context["downloads"] = [(fmt.upper(), f"{base_url}report.{fmt}"
                                 + (f"?{query}" if query else "")) for fmt in FORMATS]
    return render(request, "evidence/dashboard.html", context, status=status)


@never_cache
@login_required
def community_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    community = _community(request, slug)
    return _page(request, [community], community=community,
                 base_url=reverse("evidence:community", kwargs={"slug": slug}))


@never_cache
@login_required
def all_dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, _readable(request), community=None,
                 base_url=reverse("evidence:all"))


def _download(request: HttpRequest, communities: list[Community], fmt: str,
              obj: tuple[str, int] | None) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("no such format")
    form, selection = _selection(request)
    if selection is None:
        return HttpResponse("; ".join(str(e) for errors in form.errors.values() for e in errors),
                            status=400, content_type="text/plain; charset=utf-8")
    report = _build(communities, selection)
    if fmt == "pdf":
        body: bytes | str = pdf.render_pdf(report)
        content_type = "application/pdf"
    elif fmt == "csv":
        body, content_type = exports.as_csv(report), "text/csv; charset=utf-8"
    else:
        body, content_type = exports.json_bytes(report), "application/json"
    audit.record("evidence.exported", obj=obj, payload={
        "format": fmt, "communities": list(report.communities), "via": "web",
        "period": report.period.label, "threshold": report.threshold,
        "split": selection.split})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
    return response


@login_required
def community_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    community = _community(request, slug)
    return _download(request, [community], fmt, ("community", community.pk))


@login_required
def all_download(request: HttpRequest, fmt: str) -> HttpResponse:
    communities = _readable(request)
    if not communities:
        raise PermissionDenied(gettext("you may not view the evidence of any community"))
    return _download(request, communities, fmt, None)
