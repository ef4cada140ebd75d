"""The session results page, its PDF and Markdown exports, and the actions on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from indaba.audit import services as audit
from indaba.facilitation import results, results_export
from indaba.meetings.forms import ActionItemForm
from indaba.meetings.models import ActionItem
from indaba.meetings.permissions import Action, can
from indaba.meetings.views import session_for


def _page(request: HttpRequest, pk: int, form: ActionItemForm | None = None,
          status: int = 200) -> HttpResponse:
    session = session_for(request, pk, Action.VIEW_RESULTS)
    return render(request, "facilitation/results.html", {
        "session": session, "phase": session.phase(), "results": results.build(session),
        "manage": can(request.user, Action.MANAGE, session),
        "action_form": form or ActionItemForm()}, status=status)


@never_cache
@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


@login_required
def results_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    built = results.build(session_for(request, pk, Action.VIEW_RESULTS))
    audit.record("facilitation.results_export", obj=("session", pk),
                 payload={"format": "markdown"})
    response = HttpResponse(results_export.markdown(built),
                            content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{results_export.filename(built, "md")}"')
    return response


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    built = results.build(session_for(request, pk, Action.VIEW_RESULTS))
    document = results_export.pdf(built)
    audit.record("facilitation.results_export", obj=("session", pk), payload={"format": "pdf"})
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{results_export.filename(built, "pdf")}"')
    return response


@require_POST
@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, Action.MANAGE)
    form = ActionItemForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, form, status=400)
    action = form.save(commit=False)
    action.session, action.created_by = session, request.user
    action.save()
    messages.success(request, f"Action added for {action.owner}.")
    return redirect("results:results", pk=session.pk)


@require_POST
@login_required
def action_delete(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    session = session_for(request, pk, Action.MANAGE)
    get_object_or_404(ActionItem, pk=action_id, session=session).delete()
    messages.success(request, "Action removed.")
    return redirect("results:results", pk=session.pk)
