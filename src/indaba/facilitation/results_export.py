"""The session results as Markdown and as PDF. User-written text is escaped in both: in
Markdown every character that could start markup or HTML is backslash-escaped; the PDF is
rendered by WeasyPrint from a Django template (auto-escaped) and may fetch nothing."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from indaba.facilitation.results import SessionResults

# CommonMark lets a backslash escape any ASCII punctuation. These make markup (or raw HTML,
# or an entity) anywhere in a line...
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# ...and these only at its start (a heading, list, quote or numbered item).
_LEADING = re.compile(r"^([#+\->=]|\d+[.)])")


def md(text: str) -> str:
    """User text as inert Markdown on one line: nothing in it renders as markup or HTML."""
    flat = _INLINE.sub(r"\\\1", " ".join(str(text).split()))
    return _LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], flat)


def action_line(text: str, owner: str, due: date | None) -> str:
    """An action as one Markdown line (without its checkbox), in the active language."""
    if due:
        return gettext("%(text)s — owner: %(owner)s, due %(due)s") % {
            "text": text, "owner": owner, "due": _day(due)}
    return gettext("%(text)s — owner: %(owner)s") % {"text": text, "owner": owner}


def exported_on(moment: datetime) -> str:
    return gettext("Exported from Indaba on %(when)s.") % {"when": _moment(moment)}


def _votes(n: int) -> str:
    return ngettext("%(n)d vote", "%(n)d votes", n) % {"n": n}


def _day(value: date) -> str:
    """A date in the reader's language ("01 Disemba 2026"), as the PDF shows it."""
    return date_format(value, "d F Y")


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "d F Y, H:i")


def markdown(results: SessionResults) -> str:
    """The results in the active language: Indaba's headings and phrases are translated,
    what people wrote (titles, notes, names) is exported as it was written."""
    session = results.session
    empty = gettext("(empty note)")
    lines = ["# " + gettext("Results: %(title)s") % {"title": md(session.title)}, "",
             f"{md(session.community.name)} · {_moment(session.starts_at)} · "
             f"{md(session.get_mode_display())}", ""]
    lines += ["## " + gettext("Top-voted notes"), ""]
    if results.top:
        for rank, note in enumerate(results.top, 1):
            where = f" · {md(note.frame)}" if note.frame else ""
            lines.append(f"{rank}. {md(note.text) or empty} — {_votes(note.votes)}"
                         f"{where} · {note.origin_label}")
    else:
        lines.append(gettext("No revealed votes."))
    lines += ["", "## " + gettext("Notes by frame"), ""]
    for frame in results.frames:
        lines += [f"### {md(frame.name)}", ""]
        for note in frame.notes:
            author = md(note.author) or gettext("unknown")
            lines.append(f"- {md(note.text) or empty} — {author} · "
                         f"{_votes(note.votes)} · {note.origin_label}")
        if not frame.notes:
            lines.append(gettext("No notes."))
        lines.append("")
    columns = (gettext("people"), gettext("contributed"), gettext("notes"), gettext("votes"),
               gettext("reactions"))
    lines += ["## " + gettext("Who contributed"), "",
              "| | " + " | ".join(columns) + " |",
              "|---|---:|---:|---:|---:|---:|"]
    for group in results.groups:
        lines.append(f"| {group.label} | {group.people} | {group.contributors} | "
                     f"{group.notes} | {group.votes} | {group.reactions} |")
    lines += ["", "## " + gettext("Actions"), ""]
    for action in results.actions:
        lines.append(f"- [ ] {action_line(md(action.text), md(action.owner), action.due)}")
    if not results.actions:
        lines.append(gettext("No actions recorded."))
    lines += ["", exported_on(results.generated_at), ""]
    return "\n".join(lines)


def pdf(results: SessionResults) -> bytes:
    """The printable results (A4), rendered without a browser."""
    # Imported on the first PDF only: loading WeasyPrint and Pango costs every process
    # about a second of start-up and memory that most never need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("facilitation/results_print.html", {"results": results,
                                                            "session": results.session})
    # Our own markup with inline styles: nothing to fetch, so nothing may be fetched.
    nothing = URLFetcher(allowed_protocols=())
    return bytes(HTML(string=html, url_fetcher=nothing).write_pdf())


def filename(results: SessionResults, extension: str) -> str:
    return f"results-{slugify(results.session.title)[:60] or 'session'}.{extension}"
