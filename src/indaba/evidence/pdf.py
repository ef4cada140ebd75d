"""The executive report as PDF: the page's own templates laid out for A4 by WeasyPrint (no
browser on the server). The first page is the summary (headline figures and charts), then
the tables by value-creation cycle and the stories; every page's footer names the scope and
the period."""

from __future__ import annotations

from django.template.loader import render_to_string

from indaba.evidence.layout import page_context
from indaba.evidence.tables import Report


def render_html(report: Report) -> str:
    return render_to_string("evidence/print.html", page_context(report))


def render_pdf(report: Report) -> bytes:
    # Imported on the first PDF only: loading WeasyPrint and Pango costs every process
    # about a second of start-up and memory that most never need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Our own markup, styles and inline SVG: nothing to fetch, so nothing may be fetched.
    nothing = URLFetcher(allowed_protocols=())
    return bytes(HTML(string=render_html(report), url_fetcher=nothing).write_pdf())
