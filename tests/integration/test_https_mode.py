"""HTTPS mode comes from the public URL: Secure cookies and HSTS on requests a trusted
proxy says came over TLS; X-Forwarded-Proto from anyone else is ignored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable

import pytest

from tests.support.server import IndabaServer

HTTPS_ENV = {"INDABA_PUBLIC_URL": "https://indaba.example.gov",
             "INDABA_ALLOWED_HOSTS": "127.0.0.1,localhost,indaba.example.gov"}


def login_page(server: IndabaServer) -> tuple[str, str]:
    """(Set-Cookie, Strict-Transport-Security) of the sign-in page fetched as a proxy that
    terminated TLS would (X-Forwarded-Proto: https)."""
    request = urllib.request.Request(f"{server.url}/accounts/login/",
                                     headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return (response.headers.get("Set-Cookie", ""),
                response.headers.get("Strict-Transport-Security", ""))


def django_settings(env: dict[str, str]) -> dict[str, object]:
    code = ("from indaba.web import settings as s; import json; print(json.dumps({k: "
            "getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
            "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER')}, default=str))")
    full = {k: v for k, v in os.environ.items() if not k.startswith("INDABA_")}
    full.update(env)
    out = subprocess.run([sys.executable, "-c", code], env=full, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return dict(json.loads(out))


@pytest.mark.parametrize(("url", "secure", "hsts"), [
    ("https://indaba.example.gov", True, 31536000),
    ("http://127.0.0.1:8000", False, 0),
    ("", False, 0),
])
def test_the_public_url_decides_https_mode(tmp_path: object, url: str, secure: bool,
                                           hsts: int) -> None:
    got = django_settings({"INDABA_PUBLIC_URL": url, "INDABA_DATA_DIR": str(tmp_path)})
    assert got == {"SESSION_COOKIE_SECURE": secure, "CSRF_COOKIE_SECURE": secure,
                   "SECURE_HSTS_SECONDS": hsts,
                   # never: Django cannot tell which peer sent the header (uvicorn can)
                   "SECURE_PROXY_SSL_HEADER": None}
    assert django_settings({"INDABA_PUBLIC_URL": "https://x.example",
                            "INDABA_HSTS_SECONDS": "600",
                            "INDABA_DATA_DIR": str(tmp_path)})["SECURE_HSTS_SECONDS"] == 600


def test_behind_a_trusted_proxy_cookies_are_secure_and_hsts_is_sent(
        make_server: Callable[..., IndabaServer]) -> None:
    cookie, hsts = login_page(make_server(HTTPS_ENV))  # 127.0.0.1 is trusted by default
    assert "csrftoken=" in cookie and "Secure" in cookie
    assert hsts == "max-age=31536000"


def test_forwarded_headers_from_an_untrusted_address_are_ignored(
        make_server: Callable[..., IndabaServer]) -> None:
    cookie, hsts = login_page(make_server({**HTTPS_ENV, "INDABA_TRUSTED_PROXIES": ""}))
    assert "Secure" in cookie  # the cookie is sent only over HTTPS all the same
    assert hsts == ""  # the request itself was plain HTTP
