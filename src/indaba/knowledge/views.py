"""Knowledge pages and the harvest endpoint. Services raise typed errors; pages answer
with the error's status and its message, the JSON endpoint with {"error"}."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from indaba.audit import services as audit
from indaba.boards import schema
from indaba.boards.models import Board
from indaba.boards.permissions import account_role
from indaba.common.addresses import public_base
from indaba.common.errors import DomainError, Invalid
from indaba.common.origin import cookie_or_bearer
from indaba.communities.models import Community
from indaba.communities.permissions import Action as CommunityAction
from indaba.communities.permissions import can as community_can
from indaba.facilitation import results, workshop
from indaba.facilitation.permissions import Capability, actor
from indaba.knowledge import exports, permissions, search, services
from indaba.knowledge.forms import (
    ActionForm,
    ActionStatusForm,
    CommentForm,
    ItemForm,
    ReuseForm,
    SettingsForm,
    SupersedeForm,
)
from indaba.knowledge.harvest import Harvester, harvest, harvested
from indaba.knowledge.models import (
    Kind,
    KnowledgeItem,
    LessonAction,
    ReviewComment,
    State,
)
from indaba.knowledge.permissions import Action, can, can_in
from indaba.meetings.models import Session

# --- the harvest endpoint (JSON) ---------------------------------------------------------

@never_cache
@cookie_or_bearer  # Bearer token, or a cookie with a same-origin Origin (or CSRF token)
def harvest_endpoint(request: HttpRequest, board_id: str) -> JsonResponse:
    if request.method != "POST":
        response = JsonResponse({"error": gettext("use %(methods)s") % {"methods": "POST"}},
                                status=405)
        response["Allow"] = "POST"
        return response
    board = get_object_or_404(Board, pk=board_id)
    who = actor(request, board)
    if who is None:
        return JsonResponse({"error": gettext("you do not have access to this board")},
                            status=403)
    if who.capability < Capability.PARTICIPATE:
        return JsonResponse({"error": gettext("viewers cannot harvest")}, status=403)
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"error": gettext("send a JSON object")}, status=400)
    try:
        item = harvest(board, data.get("elementIds"), Harvester(who.user, who.name),
                       title=data.get("title"), kind=data.get("kind") or Kind.LESSON)
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse({"id": item.pk, "url": item.get_absolute_url(), "state": item.state},
                        status=201)


# --- harvest this session ----------------------------------------------------------------

@never_cache
@login_required
def harvest_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("community", "board"), pk=pk)
    if not can_in(request.user, Action.CREATE, session.community_id):
        raise PermissionDenied(gettext("you may not add knowledge to this community"))
    if session.board is None:
        raise Http404("this session has no board")
    status, error = 200, ""
    if request.method == "POST":
        chosen = request.POST.getlist("element")
        kind = request.POST.get("kind") or Kind.LESSON
        each = request.POST.get("mode") == "each"
        try:
            groups = [[e] for e in chosen] if each else [chosen]
            if not chosen:
                raise Invalid(gettext("choose at least one note or frame"))
            made = [harvest(session.board, ids, request.user, kind=kind,
                            title=None if each else (request.POST.get("title") or None))
                    for ids in groups]
        except DomainError as exc:
            status, error = exc.status, str(exc)
        else:
            messages.success(request, ngettext("%(n)d draft made.", "%(n)d drafts made.",
                                              len(made)) % {"n": len(made)})
            if len(made) == 1:
                return redirect(made[0].get_absolute_url())
            return redirect("knowledge:community", slug=session.community.slug)
    built = results.build(session)
    ids = _frame_ids_in_reading_order(session.board)
    marks = harvested(session.board)
    frames = [{"name": frame.name, "id": ids[n] if n < len(ids) else "",
               "item": marks.get(ids[n], {}).get("itemId") if n < len(ids) else None,
               "notes": [(note, marks.get(note.id, {}).get("itemId")) for note in frame.notes]}
              for n, frame in enumerate(built.frames)]
    return render(request, "knowledge/harvest.html", {
        "session": session, "frames": frames, "kinds": Kind.choices, "error": error},
        status=status)


def _frame_ids_in_reading_order(board: Board) -> list[str]:
    """The board's frame ids in the order the results list them (top to bottom, then left
    to right); the results' "Not in a frame" group comes after them and has no id."""
    def read(doc: Any) -> list[str]:
        emap = workshop.shared_map(doc, schema.ELEMENTS)
        frames = [v for v in emap.values() if isinstance(v, dict)
                  and v.get("type") == "frame" and not v.get("isDeleted")]
        frames.sort(key=lambda f: (float(f.get("y", 0)), float(f.get("x", 0))))
        return [str(f["id"]) for f in frames]

    return workshop.read(board, read)


# --- knowledge base pages ----------------------------------------------------------------

def _facet_label(facet: str, value: str, community_names: dict[str, str]) -> str:
    """What a facet value is called on the page (kinds and states by their labels,
    communities by name); free values (processes, units, tags) as they are."""
    if facet == "kind" and value in Kind.values:
        return str(Kind(value).label)
    if facet == "state" and value in State.values:
        return str(State(value).label)
    if facet == "community":
        return community_names.get(value, value)
    return value


def _base(request: HttpRequest, community: Community | None) -> HttpResponse:
    items = permissions.visible_items(request.user)
    if community is not None:
        items = items.filter(community=community)
    chosen = {f: request.GET.get(f, "")[:120] for f in search.FACETS}
    if community is not None:
        chosen["community"] = ""
    narrowed = search.filtered(items, chosen)
    query = request.GET.get("q", "")[:200]
    hits = search.search(query, narrowed) if search.terms(query) else []
    listing = [] if hits else list(narrowed.select_related("community")[:100])
    # Facets count what is on the page: the matches of a search, else every item shown.
    counted = narrowed.filter(pk__in=[h.item.pk for h in hits]) if search.terms(query) \
        else narrowed
    names = dict(Community.objects.filter(
        pk__in=items.values("community_id")).values_list("slug", "name"))
    return render(request, "knowledge/base.html", {
        "community": community, "query": query, "hits": hits, "items": listing,
        "searched": bool(search.terms(query)), "chosen": chosen,
        "facets": [(facet, [(value, _facet_label(facet, value, names), count,
                             chosen.get(facet) == value) for value, count in counts])
                   for facet, counts in search.facet_counts(counted).items()
                   if not (community is not None and facet == "community")],
        "can_settings": community is not None and can_in(request.user, Action.SETTINGS,
                                                         community),
        "can_create": community is not None and can_in(request.user, Action.CREATE,
                                                       community),
        "due": services.due_for_review(request.user)[:10]})


@never_cache
@login_required
def knowledge_base(request: HttpRequest) -> HttpResponse:
    return _base(request, None)


@never_cache
@login_required
def community_base(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    if permissions.reads_evidence_only(request.user, community):
        raise PermissionDenied(gettext("executives read this community's evidence, not its items"))
    rules = permissions.settings_for(community)
    if rules.members_only and not (community_can(request.user, CommunityAction.VIEW_EVIDENCE,
                                                 community)):
        raise PermissionDenied(gettext("this community's knowledge is for its members"))
    return _base(request, community)


@never_cache
@login_required
def item_new(request: HttpRequest, slug: str) -> HttpResponse:
    """An item written by hand (an after-action review of work done outside a board)."""
    community = get_object_or_404(Community, slug=slug)
    if not can_in(request.user, Action.CREATE, community):
        raise PermissionDenied(gettext("you may not add knowledge to this community"))
    form = ItemForm(request.POST or None, instance=KnowledgeItem(community=community),
                    community=community, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        item = services.create(community, request.user, form.save(commit=False))
        messages.success(request, gettext("Draft saved."))
        return redirect(item.get_absolute_url())
    return render(request, "knowledge/edit.html", {"item": None, "community": community,
                                                   "form": form},
                  status=400 if form.is_bound else 200)


@never_cache
@login_required
def community_settings(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    if not can_in(request.user, Action.SETTINGS, community):
        raise PermissionDenied(gettext("only the community's leads change its knowledge settings"))
    form = SettingsForm(request.POST or None, instance=permissions.settings_for(community))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        audit.record("knowledge.settings_changed", obj=("community", community.pk),
                     payload={"changed": sorted(form.changed_data),
                              "approvals_needed": saved.approvals_needed,
                              "other_unit_reviewer": saved.other_unit_reviewer,
                              "members_only": saved.members_only,
                              "processes": list(saved.processes or [])})
        messages.success(request, gettext("Knowledge settings saved."))
        return redirect("knowledge:community", slug=slug)
    return render(request, "knowledge/settings.html", {"community": community, "form": form},
                  status=400 if form.is_bound else 200)


@never_cache
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/inbox.html", {"items": services.inbox(request.user)})


@never_cache
@login_required
def due(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/due.html",
                  {"items": services.due_for_review(request.user)})


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    items = list(permissions.visible_items(request.user).filter(
        state=State.PUBLISHED, published_at__isnull=False).select_related("community")
        .order_by("-published_at", "-pk")[:50])
    body = exports.feed(items, public_base(request),
                        gettext("Indaba: newly published knowledge"))
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


@login_required
def export_json(request: HttpRequest) -> JsonResponse:
    items = permissions.visible_items(request.user).select_related("community").order_by("pk")
    data = [exports.as_json(i) for i in items]
    audit.record("knowledge.exported", payload={"format": "json", "items": len(data)})
    return JsonResponse({"items": data},
                        json_dumps_params={"ensure_ascii": False})


# --- one item ------------------------------------------------------------------------------

def _item(request: HttpRequest, pk: int) -> KnowledgeItem:
    item = get_object_or_404(KnowledgeItem.objects.select_related(
        "community", "session", "board", "owner", "superseded_by"), pk=pk)
    if not permissions.can_see(request.user, item):
        raise Http404("no such item")  # drafts of other communities do not exist for you
    return item


def _board_link(user: Any, item: KnowledgeItem, provenance: list[Any]) -> str:
    """"Open on the board": the board scrolled to the harvested elements (the board page
    reads `?focus=`), for someone whose account opens that board."""
    if item.board is None or not provenance or account_role(user, item.board) is None:
        return ""
    ids = ",".join(p.element_id for p in provenance)
    return f"{item.board.get_absolute_url()}?{urlencode({'focus': ids})}"


def _page(request: HttpRequest, item: KnowledgeItem, status: int = 200, error: str = "",
          **forms: Any) -> HttpResponse:
    user = request.user
    show_names = can(user, Action.VIEW_DRAFT, item)
    comments = list(item.comments.select_related("author"))
    provenance = list(item.provenance.all())
    return render(request, "knowledge/item.html", {
        "board_link": _board_link(user, item, provenance),
        "item": item, "error": error, "show_names": show_names,
        "fields": [(label, getattr(item, name)) for name, label in exports.FIELDS
                   if getattr(item, name)],
        "provenance": provenance,
        "threads": [(c, [r for r in comments if r.parent_id == c.pk])
                    for c in comments if c.parent_id is None],
        "transitions": list(item.transitions.all()) if show_names else [],
        "actions": list(item.actions.all()), "reuses": list(item.reuses.all()),
        "approvals": item.approvals.filter(round=item.review_round).count(),
        "rules": permissions.settings_for(item.community_id),
        "may": {
            "edit": item.state in services.EDITABLE and can(user, Action.EDIT, item),
            "review": item.state == State.IN_REVIEW and can(user, Action.REVIEW, item),
            "comment": can(user, Action.COMMENT, item),
            "actions": item.kind == Kind.LESSON and can(user, Action.MANAGE_ACTIONS, item),
            "archive": item.state == State.PUBLISHED and can(user, Action.ARCHIVE, item),
            "reuse": item.state == State.PUBLISHED,
        },
        "comment_form": forms.get("comment_form") or CommentForm(),
        "action_form": forms.get("action_form") or ActionForm(),
        "reuse_form": forms.get("reuse_form") or ReuseForm(),
        "supersede_form": forms.get("supersede_form") or SupersedeForm(),
        "statuses": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    }, status=status)


@never_cache
@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _item(request, pk))


@never_cache
@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        services.check_editable(item, request.user)
    except DomainError as exc:
        return _page(request, item, exc.status, str(exc))
    form = ItemForm(request.POST or None, instance=item, community=item.community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Saved."))
        return redirect(item.get_absolute_url())
    return render(request, "knowledge/edit.html", {"item": item, "form": form},
                  status=400 if form.is_bound else 200)


def _act(request: HttpRequest, pk: int, run: Callable[[KnowledgeItem], str | None]
         ) -> HttpResponse:
    """Run a POSTed decision; its typed error comes back on the item page with its status."""
    item = _item(request, pk)
    try:
        said = run(item)
    except DomainError as exc:
        item.refresh_from_db()
        return _page(request, item, exc.status, str(exc))
    if said:
        messages.success(request, said)
    return redirect(item.get_absolute_url())


def _errors(form: Any) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
@login_required
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        sent = services.submit(item, request.user)
        return ngettext("Sent for review (%(n)d reviewer told).",
                        "Sent for review (%(n)d reviewers told).", len(sent)) % {"n": len(sent)}
    return _act(request, pk, run)


@require_POST
@login_required
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        decision = services.approve(item, request.user)
        if decision.published:
            return gettext("Approved and published.")
        if decision.waiting_for_other_unit:
            return gettext("Approved: publishing also needs a reviewer from another unit.")
        return gettext("Approved (%(approvals)d of %(needed)d).") % {
            "approvals": decision.approvals, "needed": decision.needed}
    return _act(request, pk, run)


@require_POST
@login_required
def item_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        services.request_changes(item, request.user, request.POST.get("text", ""))
        return gettext("Changes requested.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_archive(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        services.archive(item, request.user)
        return gettext("Archived.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        form = SupersedeForm(request.POST)
        if not form.is_valid():
            raise Invalid(gettext("name the item that supersedes this one by its number"))
        successor = KnowledgeItem.objects.filter(pk=form.cleaned_data["successor"]).first()
        if successor is None:
            raise Invalid(gettext("no item with that number"))
        services.supersede(item, request.user, successor)
        return gettext("Superseded.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_comment(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise Invalid(_errors(form))
        parent_id = form.cleaned_data.get("parent")
        parent = ReviewComment.objects.filter(pk=parent_id).first() if parent_id else None
        if parent_id and parent is None:
            raise Invalid(gettext("no such comment to reply to"))
        services.comment(item, request.user, form.cleaned_data["text"], parent)
        return gettext("Comment added.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        form = ActionForm(request.POST)
        if not form.is_valid():
            raise Invalid(_errors(form))
        services.add_action(item, request.user, form.cleaned_data["text"],
                            form.cleaned_data["owner"], form.cleaned_data.get("due"))
        return gettext("Action added.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_action_status(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        action = get_object_or_404(LessonAction, pk=action_id, item=item)
        services.set_action_status(action, request.user, request.POST.get("status", ""))
        return gettext("Action updated.")
    return _act(request, pk, run)


@require_POST
@login_required
def item_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    def run(item: KnowledgeItem) -> str:
        form = ReuseForm(request.POST)
        if not form.is_valid():
            raise Invalid(_errors(form))
        data = form.cleaned_data
        services.record_reuse(item, request.user, data["outcome"], data.get("unit") or "",
                              data.get("hours_saved"), data.get("cost_saved"))
        return gettext("Thank you: your reuse is recorded.")
    return _act(request, pk, run)


@login_required
def item_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    audit.record("knowledge.exported", obj=("knowledge_item", item.pk),
                 payload={"format": "markdown"})
    response = HttpResponse(exports.markdown(item, can(request.user, Action.VIEW_DRAFT, item)),
                            content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(item, "md")}"'
    return response


@login_required
def item_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    audit.record("knowledge.exported", obj=("knowledge_item", item.pk), payload={"format": "pdf"})
    response = HttpResponse(exports.pdf(item, can(request.user, Action.VIEW_DRAFT, item)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(item, "pdf")}"'
    return response


def board_page_config(request: HttpRequest, board: Board, participant_id: str) -> dict[str, object]:
    """The board and phone pages' `knowledgeUrl` (boards/hooks.py): given to the people the
    harvest endpoint accepts (editors of a session's board), so only they see Harvest."""
    if not Session.objects.filter(board_id=board.pk).exists():
        return {}
    who = actor(request, board)
    if who is None or who.capability < Capability.PARTICIPATE:
        return {}
    return {"knowledgeUrl": f"{board.get_absolute_url()}/knowledge"}
