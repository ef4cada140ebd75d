"""Who is asking: the one place that decides a request's client address.

Rate limits, sign-in records and the audit trail all ask here, so putting Indaba behind
a reverse proxy (which must then be trusted to name the client) changes one function.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the server sees it (REMOTE_ADDR), or None without one."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
