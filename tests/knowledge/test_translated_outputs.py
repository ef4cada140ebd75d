"""The knowledge outputs people read outside the pages are in their language: the
review-request e-mail in each reviewer's profile language (the site's default when they
chose none, never the author's), the Atom feed's title and the Markdown export's headings
in the reader's."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from indaba.accounts.models import Profile
from indaba.knowledge import services
from indaba.knowledge.harvest import harvest
from indaba.knowledge.models import KnowledgeItem
from tests.knowledge.conftest import Harvestable


def _client(hw: Harvestable, who: str, language: str) -> Client:
    client = Client()
    client.force_login(hw.world.users[who])
    client.cookies["django_language"] = language
    return client


def _published(hw: Harvestable) -> KnowledgeItem:
    users = hw.world.users
    item = harvest(hw.board, [hw.ids["improve"]], users["member"], title="Microphones")
    item.summary, item.tags = "Use a room microphone.", ["audio"]
    item.save()
    services.submit(item, users["member"])
    services.approve(item, users["reviewer"])
    return item


def test_each_reviewer_is_asked_in_their_own_language(hw: Harvestable) -> None:
    users = hw.world.users
    Profile.objects.update_or_create(user=users["reviewer"], defaults={"language": "zu"})
    item = harvest(hw.board, [hw.ids["improve"]], users["member"], title="Microphones")
    mail.outbox.clear()
    with translation.override("af"):  # the author's language is not the reviewers'
        sent = services.submit(item, users["member"])
    assert sent == ["lead@example.org", "reviewer@example.org"]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2 and set(by_address) == set(sent)
    zulu, english = by_address["reviewer@example.org"], by_address["lead@example.org"]
    assert zulu.subject == "Kucelwa ukubuyekezwa: Microphones"
    assert "ucela ukuthi “Microphones” kubuyekezwe ku-Test CoP" in zulu.body
    assert "Review requested" not in zulu.subject and "asks for a review" not in zulu.body
    assert english.subject == "Review requested: Microphones"  # no profile language: site's
    assert "asks for a review of “Microphones” in Test CoP" in english.body


@pytest.mark.parametrize(("language", "title"), [
    ("zu", "Indaba: ulwazi olusanda kushicilelwa"),
    ("af", "Indaba: nuut gepubliseerde kennis"),
    ("en", "Indaba: newly published knowledge"),
])
def test_the_feed_title_is_in_the_readers_language(hw: Harvestable, language: str,
                                                   title: str) -> None:
    _published(hw)
    body = _client(hw, "member", language).get("/knowledge/feed.atom").content.decode()
    assert f"<title>{title}</title>" in body
    assert f'xml:lang="{language}"' in body


@pytest.mark.parametrize(("language", "phrases"), [
    ("zu", ("## Imvelaphi", "Kuvunwe ku-Hybrid session.", "**Omaka:** audio",
            "Kukhishwe ku-Indaba ngo-", "— inothi, ")),
    ("af", ("## Herkoms", "Ingesamel uit Hybrid session.", "**Etikette:** audio",
            "Uit Indaba uitgevoer op", "— nota, ")),
])
def test_the_markdown_export_is_in_the_readers_language(hw: Harvestable, language: str,
                                                        phrases: tuple[str, ...]) -> None:
    item = _published(hw)
    markdown = _client(hw, "member", language).get(
        f"/knowledge/items/{item.pk}.md").content.decode()
    for phrase in phrases:
        assert phrase in markdown, phrase
    for english in ("## Provenance", "Harvested from Hybrid", "**Tags:**", "Exported from Indaba",
                    "— note, "):
        assert english not in markdown, english
