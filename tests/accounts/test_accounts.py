"""Sign-in (username or e-mail, throttled), password reset, invitations, profile."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from indaba.accounts.models import Profile
from indaba.accounts.people import display_name
from indaba.communities import services as community_services
from indaba.communities.models import Membership
from tests.communities.helpers import PASSWORD, World, make_user


def sign_in(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


def test_sign_in_with_username_or_email(db: None) -> None:
    make_user("naledi")
    assert sign_in(Client(), "naledi", PASSWORD) == 302
    assert sign_in(Client(), "NALEDI@example.org", PASSWORD) == 302
    assert sign_in(Client(), "naledi", "wrong") == 200


def test_passwords_are_hashed_with_argon2() -> None:
    from django.conf import settings

    assert settings.PASSWORD_HASHERS  # tests swap in a fast hasher; the project uses Argon2
    from indaba.web import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_password_reset_by_email(db: None) -> None:
    user = make_user("lerato")
    response = Client().post("/accounts/password/reset/", {"email": "lerato@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    client = Client()
    form = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in form.content
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "a new long secret 77",
                                                    "new_password2": "a new long secret 77"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a new long secret 77")


def test_unknown_address_gets_the_same_answer_and_no_mail(db: None) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and mail.outbox == []


def test_invitation_creates_an_account_and_a_membership(world: World) -> None:
    invitation = community_services.invite(world.community, "new.person@example.org",
                                           "member", world.users["lead"], "https://indaba.test")
    assert len(mail.outbox) == 1 and invitation.key in mail.outbox[0].body
    client = Client()
    url = f"/communities/invitations/{invitation.key}/"
    assert b"Create your account" in client.get(url).content
    response = client.post(url, {"username": "newperson", "display_name": "New Person",
                                 "unit": "Finance", "password1": "a long new secret 12",
                                 "password2": "a long new secret 12"})
    assert response.status_code == 302
    membership = Membership.objects.get(community=world.community, user__username="newperson")
    assert membership.role == "member"
    assert membership.user.email == "new.person@example.org"
    assert display_name(membership.user) == "New Person"
    assert client.get(url).status_code == 410  # used once


def test_lead_invites_through_the_members_page(world: World) -> None:
    client = Client()
    client.force_login(world.users["lead"])
    response = client.post(f"/communities/{world.community.slug}/members/", {
        "form": "invite", "invite-email": "x@example.org", "invite-role": "reviewer"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["x@example.org"]


def test_the_last_lead_cannot_leave(world: World) -> None:
    with pytest.raises(community_services.CommunityError, match="at least one lead"):
        community_services.remove_member(world.community, world.users["lead"])
    with pytest.raises(community_services.CommunityError, match="at least one lead"):
        community_services.set_member(world.community, world.users["lead"], "member")


def test_profile_display_name_and_unit(db: None) -> None:
    user = make_user("thandi")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": "Thandi N.",
                                                  "unit": "KM Directorate",
                                                  "email": "t@example.org"})
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.unit) == ("Thandi N.", "KM Directorate")
    user.refresh_from_db()
    assert user.email == "thandi@example.org"  # a new address waits for its confirmation
    assert display_name(user) == "Thandi N."


def test_sign_out_is_a_post(db: None) -> None:
    user = make_user("someone")
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302


def test_reset_does_the_same_work_and_answers_the_same_for_unknown_addresses(
        db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timing is not measured (that would be flaky): the same steps are asserted instead —
    a token made, the same templates rendered, an e-mail message built — and only the
    known address's message is handed over for delivery."""
    from django.contrib.auth import forms as auth_forms
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMultiAlternatives

    make_user("lerato")
    steps: list[str] = []
    render = auth_forms.loader.render_to_string
    make_token = default_token_generator.make_token
    build = EmailMultiAlternatives.message
    monkeypatch.setattr(auth_forms.loader, "render_to_string",
                        lambda name, context: steps.append(f"render {name}") or render(name,
                                                                                        context))
    monkeypatch.setattr(default_token_generator, "make_token",
                        lambda user: steps.append("token") or make_token(user))
    monkeypatch.setattr(EmailMultiAlternatives, "message",
                        lambda self: steps.append("message") or build(self))

    def reset(email: str) -> tuple[list[str], object]:
        steps.clear()
        response = Client().post("/accounts/password/reset/", {"email": email})
        return list(steps), (response.status_code, response["Location"], response.content)

    known_steps, known = reset("lerato@example.org")
    unknown_steps, unknown = reset("nobody@example.org")
    assert known == unknown
    assert known_steps == unknown_steps
    assert known_steps[0] == "token" and "message" in known_steps
    assert [m.to for m in mail.outbox] == [["lerato@example.org"]]
