"""Cross-site request protection for the JSON endpoints that take a board token or a cookie.

The board page's scripts call these endpoints with `Authorization: Bearer <board token>`.
A browser never adds that header to a cross-site request on its own (it needs a CORS
preflight Indaba never grants), so such a request cannot be forged and needs no check.
A request that carries no cookie at all has no credential a forger could borrow (a
command-line client with `?token=`) and needs no check either. Otherwise the request may be
authenticated by a cookie (the session, or the board's token cookie), which a browser
attaches to a forged request too: then the request's `Origin` must be this site (the
request's own scheme and host, or INDABA_PUBLIC_URL); without an `Origin` header (not a
browser, or a very old one) Django's CSRF token check applies instead. See
docs/decisions/0008-origin-check-for-cookie-requests.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
V = TypeVar("V", bound=Callable[..., HttpResponse])


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def trusted_origins(request: HttpRequest) -> set[str]:
    origins = {f"{request.scheme}://{request.get_host()}".lower()}
    origins.update(_origin_of(url) for url in settings.CSRF_TRUSTED_ORIGINS)
    if settings.PUBLIC_URL:
        origins.add(_origin_of(str(settings.PUBLIC_URL)))
    return origins


def refusal(request: HttpRequest) -> str | None:
    """Why this request may not act with its cookies, or None when it may."""
    if request.method in SAFE_METHODS or "Authorization" in request.headers:
        return None
    if not request.COOKIES:
        return None  # nothing ambient to borrow: whatever authenticates it was sent on purpose
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin.lower() in trusted_origins(request):
            return None
        return gettext("this request came from another site")
    # No Origin: Django's token check (its Referer check on HTTPS included).
    answer = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
        request, _checked_view, (), {})
    return None if answer is None else gettext("send the CSRF token (or the board token)")


def _checked_view(request: HttpRequest) -> HttpResponse:
    """Stands for the view in Django's CSRF check (which looks at its csrf_exempt mark)."""
    raise AssertionError("never called")


def cookie_or_bearer(view: V) -> V:
    """Exempt from Django's blanket CSRF check, protected by `refusal` instead."""
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        why = refusal(request)
        if why is not None:
            return JsonResponse({"error": why}, status=403)
        return view(request, *args, **kwargs)

    return cast(V, csrf_exempt(checked))
