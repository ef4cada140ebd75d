"""A knowledge item as Markdown and PDF, the knowledge base as JSON, and the Atom feed of
newly published items. User-written text is inert everywhere: Markdown metacharacters are
backslash-escaped (the results export's `md`), the PDF is rendered by WeasyPrint from an
auto-escaped template and may fetch nothing, JSON is data, and the feed generator escapes
what it writes as XML; titles are Atom text, and the summary (which Atom marks
`type="html"`) is HTML-escaped first, so a feed reader shows it as text."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import feedgenerator, timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from indaba.facilitation.results_export import action_line, exported_on, md
from indaba.knowledge.models import Kind, KnowledgeItem

FIELDS = (("summary", _("Summary")), ("driving_event", _("Driving event")), ("lesson", _("Lesson")),
          ("recommendation", _("Recommendation")), ("intended", _("What was intended")),
          ("happened", _("What happened")), ("why_different", _("Why it differed")),
          ("sustain_improve", _("What to sustain or improve")),
          ("sources", _("Sources and evidence")))


def _paragraphs(text: str) -> list[str]:
    return [md(line) for line in text.splitlines() if line.strip()]


def markdown(item: KnowledgeItem, show_names: bool) -> str:
    lines = [f"# {md(item.title)}", "",
             f"{md(item.get_kind_display())} · {md(item.get_state_display())} · "
             f"{md(item.community.name)}", ""]
    for name, label in FIELDS:
        value = getattr(item, name)
        if value:
            lines += [f"## {label}", "", *(f"{p}  " for p in _paragraphs(value)), ""]
    for heading, values in ((gettext("Business processes"), item.processes),
                            (gettext("Units"), item.units), (gettext("Tags"), item.tags)):
        if values:
            lines.append(f"**{heading}:** {', '.join(md(v) for v in values)}  ")
    if item.review_by:
        review_by = gettext("Review by")
        lines.append(f"**{review_by}:** {date_format(item.review_by, 'd F Y')}  ")
    provenance = list(item.provenance.all())
    if provenance:
        where = md(item.session.title) if item.session else gettext("a board")
        lines += ["", "## " + gettext("Provenance"), "",
                  gettext("Harvested from %(where)s.") % {"where": where}, ""]
        for p in provenance:
            who = f"{md(p.author)}, " if show_names and p.author else ""
            kind = gettext("frame") if p.element_type == "frame" else gettext("note")
            text = md(p.text) or gettext("(empty)")
            votes = ngettext("%(n)d vote", "%(n)d votes", p.votes) % {"n": p.votes}
            lines.append(f"- {text} — {kind}, {votes}, "
                         f"{who}{p.origin_label} (`{md(p.element_id)}`)")
    actions = list(item.actions.all())
    if item.kind == Kind.LESSON and actions:
        lines += ["", "## " + gettext("Actions"), ""]
        for a in actions:
            box = "x" if a.status == "done" else " "
            lines.append(f"- [{box}] {action_line(md(a.text), md(a.owner), a.due)}")
    lines += ["", exported_on(timezone.now()), ""]
    return "\n".join(lines)


def pdf(item: KnowledgeItem, show_names: bool) -> bytes:
    # Imported on the first PDF only (WeasyPrint and Pango are slow to load).
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("knowledge/item_print.html", {
        "item": item, "fields": [(label, getattr(item, name)) for name, label in FIELDS
                                 if getattr(item, name)],
        "provenance": item.provenance.all(), "show_names": show_names,
        "actions": item.actions.all()})
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf())


def filename(item: KnowledgeItem, extension: str) -> str:
    return f"knowledge-{item.pk}-{slugify(item.title)[:60] or 'item'}.{extension}"


def as_json(item: KnowledgeItem) -> dict[str, Any]:
    return {
        "id": item.pk, "title": item.title, "kind": item.kind, "state": item.state,
        "community": item.community.slug, "summary": item.summary,
        **{name: getattr(item, name) for name, _ in FIELDS if name != "summary"},
        "processes": item.processes, "units": item.units, "tags": item.tags,
        "reviewBy": item.review_by.isoformat() if item.review_by else None,
        "publishedAt": item.published_at.isoformat() if item.published_at else None,
        "supersededBy": item.superseded_by_id,
        "provenance": provenance_json(item),
        "actions": [{"text": a.text, "owner": a.owner, "status": a.status,
                     "due": a.due.isoformat() if a.due else None} for a in item.actions.all()],
        "reuses": item.reuses.count(),
    }


def provenance_json(item: KnowledgeItem) -> dict[str, Any]:
    return {"board": item.board_id, "session": item.session_id,
            "elements": [{"id": p.element_id, "type": p.element_type, "text": p.text,
                          "votes": p.votes, "origin": p.origin}
                         for p in item.provenance.all()]}


def feed(items: list[KnowledgeItem], base: str, title: str) -> str:
    atom = feedgenerator.Atom1Feed(title=title, link=f"{base}/knowledge/",
                                   description=gettext("Newly published knowledge"),
                                   language=get_language() or settings.LANGUAGE_CODE,
                                   feed_url=f"{base}/knowledge/feed.atom")
    for item in items:
        atom.add_item(title=item.title, link=f"{base}{item.get_absolute_url()}",
                      description=escape(item.summary),
                      unique_id=f"{base}{item.get_absolute_url()}",
                      pubdate=item.published_at, updateddate=item.published_at,
                      categories=[item.get_kind_display(), *item.tags],
                      author_name=item.community.name)
    return atom.writeString("utf-8")
