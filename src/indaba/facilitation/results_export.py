"""The session results as Markdown and as PDF. User-written text is escaped in both: in
Markdown every character that could start markup or HTML is backslash-escaped; the PDF is
rendered by WeasyPrint from a Django template (auto-escaped) and may fetch nothing."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext

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


def _votes(n: int) -> str:
    return ngettext("%(n)d vote", "%(n)d votes", n) % {"n": n}


def markdown(results: SessionResults) -> str:
    session = results.session
    when = timezone.localtime(session.starts_at)
    lines = [f"# Results: {md(session.title)}", "",
             f"{md(session.community.name)} · {when:%d %B %Y, %H:%M} · "
             f"{md(session.get_mode_display())}", ""]
    lines += ["## Top-voted notes", ""]
    if results.top:
        for rank, note in enumerate(results.top, 1):
            where = f" · {md(note.frame)}" if note.frame else ""
            lines.append(f"{rank}. {md(note.text) or '(empty note)'} — {_votes(note.votes)}"
                         f"{where} · {note.origin_label}")
    else:
        lines.append("No revealed votes.")
    lines += ["", "## Notes by frame", ""]
    for frame in results.frames:
        lines += [f"### {md(frame.name)}", ""]
        for note in frame.notes:
            author = md(note.author) or "unknown"
            lines.append(f"- {md(note.text) or '(empty note)'} — {author} · "
                         f"{_votes(note.votes)} · {note.origin_label}")
        if not frame.notes:
            lines.append("No notes.")
        lines.append("")
    lines += ["## Who contributed", "",
              "| | people | contributed | notes | votes | reactions |",
              "|---|---:|---:|---:|---:|---:|"]
    for group in results.groups:
        lines.append(f"| {group.label} | {group.people} | {group.contributors} | "
                     f"{group.notes} | {group.votes} | {group.reactions} |")
    lines += ["", "## Actions", ""]
    for action in results.actions:
        due = f", due {action.due:%d %B %Y}" if action.due else ""
        lines.append(f"- [ ] {md(action.text)} — owner: {md(action.owner)}{due}")
    if not results.actions:
        lines.append("No actions recorded.")
    exported = timezone.localtime(results.generated_at)
    lines += ["", f"Exported from Indaba on {exported:%d %B %Y, %H:%M}.", ""]
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
