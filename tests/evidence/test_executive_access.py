"""Executives never see a name: no session page, results, board or board export, no
knowledge item of their community; and what they can open names nobody."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from indaba.boards.permissions import account_role
from indaba.knowledge import permissions as knowledge_permissions
from indaba.knowledge.models import KnowledgeItem
from tests.evidence.conftest import Scenario

NAMES = ("Thandi", "Nkosi", "Bongani", "Dube", "Carol", "Mokoena", "Dineo", "Khumalo",
         "Botha", "Fikile", "Zulu", "Amahle", "bongani", "carol", "dineo", "fikile")


@pytest.fixture
def executive(scenario: Scenario) -> Client:
    client = Client()
    client.force_login(scenario.users["exec"])
    return client


def _refused(scenario: Scenario) -> dict[str, str]:
    session = scenario.sessions["s1"]
    assert session.board is not None
    board = session.board.id
    published = scenario.items["k1"].pk
    return {
        "session page": f"/sessions/{session.pk}/",
        "attendance": f"/sessions/{session.pk}/attendance/",
        "attendance csv": f"/sessions/{session.pk}/attendance.csv",
        "results": f"/sessions/{session.pk}/results/",
        "results markdown": f"/sessions/{session.pk}/results.md",
        "results pdf": f"/sessions/{session.pk}/results.pdf",
        "board": f"/boards/{board}",
        "board phone page": f"/boards/{board}/phone",
        "board export": f"/boards/{board}/export",
        "board history": f"/boards/{board}/history/",
        "community knowledge": "/knowledge/c/cop-a/",
        "published item": f"/knowledge/items/{published}/",
        "published item markdown": f"/knowledge/items/{published}.md",
        "published item pdf": f"/knowledge/items/{published}.pdf",
    }


def test_executives_are_refused_everything_that_names_people(
        scenario: Scenario, executive: Client) -> None:
    statuses = {what: executive.get(url).status_code
                for what, url in _refused(scenario).items()}
    # Refused outright (403), or for a knowledge item, not there for them (404).
    assert statuses == {what: 404 if "item" in what else 403 for what in statuses}


def test_a_member_opens_the_same_pages(scenario: Scenario) -> None:
    """The refusals above are about the role, not about pages that are broken."""
    member = Client()
    member.force_login(scenario.users["thandi"])
    refused = _refused(scenario)
    for what in ("session page", "results", "published item", "community knowledge"):
        assert member.get(refused[what]).status_code == 200, what


def test_executives_have_no_board_role(scenario: Scenario) -> None:
    board = scenario.sessions["s1"].board
    assert board is not None
    assert account_role(scenario.users["exec"], board) is None
    assert account_role(scenario.users["thandi"], board) == "editor"


def test_executives_see_no_item_of_their_community(scenario: Scenario) -> None:
    user = scenario.users["exec"]
    published = scenario.items["k1"]
    assert not knowledge_permissions.can_see(user, published)
    assert not knowledge_permissions.visible_items(user).filter(
        community=scenario.community).exists()
    # Items of a community where they hold no role are open to every account, as before.
    elsewhere = KnowledgeItem.objects.create(community=scenario.other, title="Elsewhere",
                                             kind="lesson", state="published")
    assert knowledge_permissions.can_see(user, elsewhere)


@pytest.mark.parametrize("url", ["/", "/communities/cop-a/", "/communities/cop-a/evidence/",
                                 "/knowledge/", "/knowledge/feed.atom",
                                 "/knowledge/export.json"])
def test_what_executives_can_open_names_nobody(scenario: Scenario, executive: Client,
                                               url: str) -> None:
    response = executive.get(url, follow=True)
    assert response.status_code == 200
    page: Any = response.content.decode()
    for name in NAMES:
        # As a word: the footer's language switcher offers "isiZulu".
        assert not re.search(rf"\b{name}\b", page), (url, name)
