"""A new profile e-mail address is used only once a link sent to it is opened; someone
else's address gets the same answer and changes nothing."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.communities.helpers import PASSWORD, make_user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_email(client: Client, email: str) -> Any:
    return client.post("/accounts/profile/", {"display_name": "Me", "unit": "",
                                              "email": email}, follow=True)


def confirmation_path() -> str:
    found = re.search(r"http://testserver(/accounts/email/confirm/\S+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def email_sign_in(email: str) -> int:
    return Client().post("/accounts/login/",
                         {"username": email, "password": PASSWORD}).status_code


def test_a_new_address_takes_effect_only_when_confirmed(db: None) -> None:
    user = make_user("thandi")
    client = signed_in(user)
    page = change_email(client, "thandi.new@example.org").content.decode()
    assert "open the link we sent to it" in page
    user.refresh_from_db()
    assert user.email == "thandi@example.org"
    assert [m.to for m in mail.outbox] == [["thandi.new@example.org"]]
    # Until confirmed, signing in by e-mail uses the old address.
    assert email_sign_in("thandi@example.org") == 302
    assert email_sign_in("thandi.new@example.org") == 200
    assert client.get(confirmation_path()).status_code == 302
    user.refresh_from_db()
    assert user.email == "thandi.new@example.org"
    assert email_sign_in("thandi.new@example.org") == 302


def test_someone_elses_address_gets_the_same_answer_and_changes_nothing(db: None) -> None:
    victim = make_user("naledi")
    attacker = make_user("pieter")
    free = change_email(signed_in(make_user("sipho")), "unused@example.org")
    taken = change_email(signed_in(attacker), "naledi@example.org")
    assert taken.status_code == free.status_code == 200
    said = re.compile(r"Your profile is saved\. To use \S+, open the link we sent to it; "
                      r"until then your current address stays in use\.")
    assert said.search(free.content.decode()) and said.search(taken.content.decode())
    assert [m.to for m in mail.outbox] == [["unused@example.org"]]  # nothing to Naledi
    attacker.refresh_from_db()
    assert attacker.email == "pieter@example.org"
    assert email_sign_in("naledi@example.org") == 302  # the victim still signs in by e-mail
    victim.refresh_from_db()
    assert victim.email == "naledi@example.org"


def test_a_link_works_only_for_its_account_while_fresh_and_current(
        db: None, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user("lerato")
    client = signed_in(user)
    change_email(client, "lerato.one@example.org")
    first = confirmation_path()
    # Another account cannot use it.
    assert signed_in(make_user("ayesha")).get(first).status_code == 400
    # It expires.
    later = time.time() + settings.INDABA_LIMITS["email_change_seconds"] + 5
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: later)
        expired = client.get(first)
    assert expired.status_code == 400 and b"expired" in expired.content
    # A later change makes the earlier link out of date once that one is confirmed.
    change_email(client, "lerato.two@example.org")
    assert client.get(confirmation_path()).status_code == 302
    stale = client.get(first)
    assert stale.status_code == 400 and b"out of date" in stale.content
    user.refresh_from_db()
    assert user.email == "lerato.two@example.org"
    # A forged link is refused.
    assert client.get("/accounts/email/confirm/not-a-token/").status_code == 400


def test_an_address_taken_between_asking_and_confirming_is_refused(db: None) -> None:
    user = make_user("sipho")
    client = signed_in(user)
    change_email(client, "shared@example.org")
    path = confirmation_path()
    other = make_user("other")
    other.email = "shared@example.org"
    other.save(update_fields=["email"])
    assert client.get(path).status_code == 400
    user.refresh_from_db()
    assert user.email == "sipho@example.org"
