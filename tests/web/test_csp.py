"""Every page may talk to its own origin only and may not be framed (clickjacking)."""

from __future__ import annotations

from django.test import Client


def test_pages_carry_the_policy_and_refuse_framing(db: None) -> None:
    for url in ("/accounts/login/", "/privacy/", "/no-such-page/"):
        response = Client().get(url)
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy, url
        assert "script-src 'self';" in policy and "object-src 'none'" in policy, url
        assert response["X-Frame-Options"] == "DENY", url
