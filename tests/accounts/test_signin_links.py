"""One-time sign-in links (what `indaba demo` prints): they start an ordinary session,
work once, expire within the hour, and go only to pages of this site."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from indaba.accounts import signin_links
from tests.communities.helpers import make_user


def test_a_link_signs_in_once(db: None) -> None:
    user = make_user("thandi")
    path = f"/accounts/link/{signin_links.make(user)}/?next=/communities/"
    browser = Client()
    response = browser.get(path)
    assert response.status_code == 302 and response["Location"] == "/communities/"
    assert browser.session["_auth_user_id"] == str(user.pk)
    again = Client().get(path)
    assert again.status_code == 400 and b"used already or has expired" in again.content
    assert "_auth_user_id" not in Client().session
    # Signing out ends what it started, like any sign-in.
    browser.post("/accounts/logout/")
    assert "_auth_user_id" not in browser.session


def test_a_link_expires_after_an_hour(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    token = signin_links.make(make_user("sipho"))
    later = time.time() + signin_links.LIFETIME_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert Client().get(f"/accounts/link/{token}/").status_code == 400


def test_a_new_password_ends_earlier_links(db: None) -> None:
    user = make_user("naledi")
    token = signin_links.make(user)
    user.set_password("another long secret 42")
    user.save(update_fields=["password"])
    assert signin_links.account_for(token) is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_next_goes_only_to_this_site(db: None, target: str) -> None:
    token = signin_links.make(make_user("pieter"))
    response = Client().get(f"/accounts/link/{token}/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_forged_links_do_nothing(db: None) -> None:
    user: Any = make_user("ayesha")
    forged = signin_links.make(user)[:-3] + "abc"
    assert Client().get(f"/accounts/link/{forged}/").status_code == 400
