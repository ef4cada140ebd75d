"""The server pages in isiZulu and Afrikaans leave no English behind, and the plural forms
follow CLDR.

`test_catalogues` proves every *marked* string is translated; this proves the strings
written in Python (form labels and help texts, model choices, messages) are marked at all:
the forms of the lead and the facilitator are rendered in each language and none of the
English they used to show may remain."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.test import Client
from django.utils import translation

from tests.communities.helpers import World, fast_hashing, no_board_store, world

__all__ = ["fast_hashing", "no_board_store", "world"]

# English the forms showed before their Python strings were marked, page by page.
ENGLISH = {
    "/communities/new/": ("Why this community exists and for whom.",
                          "The unit or department that owns this community.",
                          "Create community", "New community"),
    "/communities/{slug}/members/": ("E-mail address",
                                     "Username or e-mail of an existing account",
                                     "Executive (reads evidence only)", ">Facilitator<",
                                     ">Reviewer<"),
    "/communities/{slug}/sessions/new/": ("Online meeting link", "Let guests join with a "
                                          "display name only", "Hybrid (in the room and "
                                          "online)", "In person", "Registration required",
                                          "People register before the session.",
                                          "Most registrations accepted", "Create session",
                                          "Agenda item",
                                          # the board templates' names and descriptions
                                          "Start / stop / continue",
                                          "A quick retrospective in three columns.",
                                          "An empty board with the session title.",
                                          "Harvest what worked, what to improve and ideas."),
    "/sessions/{pk}/": ("Board role for people who join", "Valid for (hours)",
                        "Keep it open after the session ends", "Only when no hours are given."),
    "/knowledge/c/{slug}/new/": ("Driving event", "Sources and evidence",
                                 "Separate with commas.", "Lesson learned", "Good practice",
                                 "After-action review", "What was intended",
                                 "Lessons learned: what happened that taught this."),
    "/privacy/": ("Who joined a session", "To slow down password guessing.",
                  "after the session ends", "So an operator can pass the link on by hand.",
                  "365 days"),
    "/knowledge/c/{slug}/settings/": ("Approvals needed to publish",
                                      "Require a reviewer from another unit",
                                      "Only members see published items",
                                      "One per line; items name the processes they affect."),
}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<(?!/?option)[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", ["zu", "af"])
def test_no_english_is_left_on_the_forms(world: World, language: str) -> None:
    lead = Client()
    lead.force_login(world.users["lead"])
    lead.cookies["django_language"] = language  # what the footer's switcher sets
    for url, phrases in ENGLISH.items():
        response = lead.get(url.format(slug=world.community.slug, pk=world.session.pk))
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        text = visible_text(html)
        for phrase in phrases:
            assert phrase not in (html if phrase.startswith(">") else text), (url, phrase)


def test_the_same_forms_in_english_still_show_the_english(world: World) -> None:
    """The check above can fail: in English every phrase is there."""
    lead = Client()
    lead.force_login(world.users["lead"])
    for url, phrases in ENGLISH.items():
        html = lead.get(url.format(slug=world.community.slug, pk=world.session.pk)
                        ).content.decode()
        for phrase in phrases:
            assert phrase in (html if phrase.startswith(">") else visible_text(html)), \
                (url, phrase)


def test_a_message_is_shown_in_the_language_of_the_person(world: World) -> None:
    lead = Client()
    lead.force_login(world.users["lead"])
    lead.cookies["django_language"] = "af"
    page = lead.post(f"/communities/{world.community.slug}/edit/",
                     {"name": world.community.name, "purpose": "", "unit": ""}, follow=True)
    assert "Gestoor." in page.content.decode()


@pytest.mark.parametrize(("language", "forms"), [
    # CLDR: isiZulu "one" is i = 0 or n = 1, so 0 takes the singular; Afrikaans "one" is
    # n = 1 only.
    ("zu", {0: "umhlangano ongu-0", 1: "umhlangano ongu-1", 2: "imihlangano engu-2"}),
    ("af", {0: "0 sessies", 1: "1 sessie", 2: "2 sessies"}),
    ("en", {0: "0 sessions", 1: "1 session", 2: "2 sessions"}),
])
def test_plural_forms_follow_cldr(language: str, forms: dict[int, str]) -> None:
    with translation.override(language):
        for n, expected in forms.items():
            assert translation.ngettext("%(n)d session", "%(n)d sessions", n) % {"n": n} \
                == expected


# The reason the "You may not open this page" page gives, by who asks for which page.
REFUSALS = {
    ("member", "/communities/{slug}/members/"): {
        "en": "You may not manage the members of this community",
        "zu": "Awuvunyelwe ukuphatha amalungu alo mphakathi",
        "af": "Jy mag nie die lede van hierdie gemeenskap bestuur nie"},
    ("member", "/sessions/{pk}/attendance/"): {
        "en": "You may not view the attendance of this session",
        "zu": "Awuvunyelwe ukubuka ukuba khona kwalo mhlangano",
        "af": "Jy mag nie die bywoning van hierdie sessie bekyk nie"},
    ("member", "/communities/{slug}/evidence/"): {
        "en": "You may not view the evidence of this community",
        "zu": "Awuvunyelwe ukubuka ubufakazi balo mphakathi",
        "af": "Jy mag nie die bewyse van hierdie gemeenskap bekyk nie"},
    ("lead", "/audit/"): {
        "en": "The audit trail is for administrators",
        "zu": "Irekhodi lokuhlola lingelabaphathi",
        "af": "Die ouditspoor is vir administrateurs"},
    ("outsider", "/communities/{slug}/"): {
        "en": "You are not a member of this community",
        "zu": "Awulona ilungu lalo mphakathi",
        "af": "Jy is nie 'n lid van hierdie gemeenskap nie"},
}


@pytest.mark.parametrize("language", ["en", "zu", "af"])
def test_a_refusal_gives_its_reason_in_the_language_of_the_person(world: World,
                                                                  language: str) -> None:
    for (who, url), reasons in REFUSALS.items():
        client = Client()
        client.force_login(world.users[who])
        client.cookies["django_language"] = language
        response = client.get(url.format(slug=world.community.slug, pk=world.session.pk))
        assert response.status_code == 403, url
        text = html_lib.unescape(visible_text(response.content.decode()))
        assert reasons[language] in text, (url, language)
        if language != "en":
            assert reasons["en"] not in text
