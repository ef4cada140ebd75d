"""Absolute addresses for links and sockets, honouring INDABA_PUBLIC_URL."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def public_base(request: HttpRequest | None = None) -> str:
    if settings.PUBLIC_URL:
        return str(settings.PUBLIC_URL)
    if request is None:
        return "http://127.0.0.1:8000"
    return f"{request.scheme}://{request.get_host()}"


def sync_base(request: HttpRequest | None = None) -> str:
    base = public_base(request)
    scheme, rest = base.split("://", 1)
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest}/sync"
