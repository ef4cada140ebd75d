"""A person's language: profile choice, footer switcher, browser Accept-Language."""

from __future__ import annotations

from typing import Any

from django.test import Client

from indaba.accounts import languages
from indaba.accounts.models import Profile
from tests.communities.helpers import make_user


def test_guest_gets_the_browser_language() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="zu-ZA,zu;q=0.9,en;q=0.5").get("/accounts/login/")
    html = page.content.decode()
    assert page["Content-Language"] == "zu"
    assert '<html lang="zu">' in html
    assert "Ukhohlwe iphasiwedi yakho?" in html and "Forgot your password?" not in html
    afrikaans = Client(HTTP_ACCEPT_LANGUAGE="af").get("/join/").content.decode()
    assert "Sluit by 'n sessie aan" in afrikaans


def test_unoffered_browser_language_falls_back_to_english() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/accounts/login/").content.decode()
    assert "Forgot your password?" in html


def test_footer_switcher_sets_the_guest_language() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "af", "next": "/join/"})
    assert response.status_code == 302 and response["Location"] == "/join/"
    assert "Tik die kode" in client.get("/join/").content.decode()


def test_profile_language_outranks_browser_and_cookie(db: None) -> None:
    user = make_user("sipho")
    client = Client(HTTP_ACCEPT_LANGUAGE="af")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": "Sipho", "unit": "",
                                                  "email": user.email, "language": "zu"})
    assert response.status_code == 302
    assert Profile.objects.get(user=user).language == "zu"
    page = client.get("/accounts/profile/").content.decode()
    assert "Iphrofayela yakho ilondoloziwe." in page  # the saved message, in isiZulu
    assert "Shintsha iphasiwedi yakho" in page


def test_profile_language_applies_at_the_next_sign_in(db: None) -> None:
    user = make_user("anna")
    Profile.objects.update_or_create(user=user, defaults={"language": "af"})
    client = Client(HTTP_ACCEPT_LANGUAGE="zu")
    client.force_login(user)
    assert "Verander jou wagwoord" in client.get("/accounts/profile/").content.decode()


def test_signed_in_switcher_keeps_the_choice_on_the_profile(db: None) -> None:
    user = make_user("lerato")
    client = Client()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "zu", "next": "/"})
    assert Profile.objects.get(user=user).language == "zu"
    other_device = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_device.force_login(user)
    assert "Imiphakathi yakho" in other_device.get("/").content.decode()


def test_profile_refuses_a_language_not_offered(db: None) -> None:
    user = make_user("pieter")
    client = Client()
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": "P", "unit": "",
                                                  "email": user.email, "language": "fr"})
    assert response.status_code == 200
    assert Profile.objects.get(user=user).language == ""


def test_a_language_no_longer_offered_falls_back(db: None) -> None:
    user = make_user("nomsa")
    Profile.objects.update_or_create(user=user, defaults={"language": "xh"})
    client = Client(HTTP_ACCEPT_LANGUAGE="af")
    client.force_login(user)
    assert "Verander jou wagwoord" in client.get("/accounts/profile/").content.decode()


def test_languages_to_write_in_for_several_people_in_one_query(
        db: None, django_assert_num_queries: Any) -> None:
    zola, sipho, anele = (make_user(n) for n in ("zola", "sipho", "anele"))
    Profile.objects.update_or_create(user=zola, defaults={"language": "zu"})
    Profile.objects.update_or_create(user=sipho, defaults={"language": "fr"})  # not offered
    with django_assert_num_queries(1):
        found = languages.of_users([zola, sipho, anele])
    assert found == {zola.pk: "zu", sipho.pk: "en", anele.pk: "en"}  # else the site's
    assert [languages.of_user(u) for u in (zola, sipho, anele)] == ["zu", "en", "en"]
