"""Role by action for communities, sessions, boards and join links: each exact outcome.

Callers: anonymous, guest (a browser holding a guest's board token, no account),
outsider (an account outside the community), the five community roles, superuser.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from indaba.boards import tokens
from indaba.boards.models import Board
from indaba.boards.permissions import account_role, cookie_name
from indaba.meetings import services
from indaba.sync.auth import AccessDenied
from tests.communities.helpers import World

CALLERS = ("anonymous", "guest", "outsider", "executive", "reviewer", "member",
           "facilitator", "lead", "superuser")
LOGIN = "login"  # a redirect to the sign-in page


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who == "guest":
        link = services.active_join_link(world.session)
        assert link is not None
        result = services.join(world.session, presence="in_room", method="code",
                               guest_name="Guest", link=link)
        assert world.session.board is not None
        client.cookies[cookie_name(world.session.board.id)] = result.token
    elif who != "anonymous":
        client.force_login(world.users[who])
    return client


def outcome(response: Any) -> Any:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def expect(table: dict[str, Any]) -> list[tuple[str, Any]]:
    assert set(table) == set(CALLERS), set(CALLERS) ^ set(table)
    return list(table.items())


ALL_MEMBERS_OK = {"anonymous": LOGIN, "guest": LOGIN, "outsider": 403, "executive": 302,
                  "reviewer": 200, "member": 200, "facilitator": 200, "lead": 200,
                  "superuser": 200}
LEAD_ONLY = {"anonymous": LOGIN, "guest": LOGIN, "outsider": 403, "executive": 403,
             "reviewer": 403, "member": 403, "facilitator": 403, "lead": 200, "superuser": 200}
ORGANISERS = {**LEAD_ONLY, "facilitator": 200}
PARTICIPANTS = {"anonymous": LOGIN, "guest": LOGIN, "outsider": 403, "executive": 403,
                "reviewer": 200, "member": 200, "facilitator": 200, "lead": 200,
                "superuser": 200}
EVIDENCE = {"anonymous": LOGIN, "guest": LOGIN, "outsider": 403, "executive": 200,
            "reviewer": 403, "member": 403, "facilitator": 200, "lead": 200, "superuser": 200}

COMMUNITY_PAGES = {
    "home": ("/communities/{slug}/", ALL_MEMBERS_OK),  # executive → evidence page
    "edit": ("/communities/{slug}/edit/", LEAD_ONLY),
    "members": ("/communities/{slug}/members/", LEAD_ONLY),
    "evidence": ("/communities/{slug}/evidence/", EVIDENCE),
    "new session": ("/communities/{slug}/sessions/new/", ORGANISERS),
}
SESSION_PAGES = {
    "detail": ("/sessions/{pk}/", PARTICIPANTS),
    "edit": ("/sessions/{pk}/edit/", ORGANISERS),
    "room screen": ("/sessions/{pk}/room/", ORGANISERS),
    "room screen code": ("/sessions/{pk}/room/code", ORGANISERS),
    "attendance": ("/sessions/{pk}/attendance/", ORGANISERS),
    "attendance csv": ("/sessions/{pk}/attendance.csv", ORGANISERS),
    "results": ("/sessions/{pk}/results/", PARTICIPANTS),
    "results markdown": ("/sessions/{pk}/results.md", PARTICIPANTS),
    "results pdf": ("/sessions/{pk}/results.pdf", PARTICIPANTS),
}


def _pages(pages: dict[str, tuple[str, dict[str, Any]]]) -> list[Any]:
    return [pytest.param(url, who, expected, id=f"{name}-{who}")
            for name, (url, table) in pages.items() for who, expected in expect(table)]


@pytest.mark.parametrize(("url", "who", "expected"), _pages(COMMUNITY_PAGES))
def test_community_pages(world: World, url: str, who: str, expected: Any) -> None:
    response = client_for(world, who).get(url.format(slug=world.community.slug))
    assert outcome(response) == expected


@pytest.mark.parametrize(("url", "who", "expected"), _pages(SESSION_PAGES))
def test_session_pages(world: World, url: str, who: str, expected: Any) -> None:
    response = client_for(world, who).get(url.format(pk=world.session.pk))
    assert outcome(response) == expected


@pytest.mark.parametrize(("who", "expected"), expect(
    {**PARTICIPANTS, "reviewer": 302, "member": 302, "facilitator": 302, "lead": 302,
     "superuser": 302}))
def test_member_join_from_session_page(world: World, who: str, expected: Any) -> None:
    response = client_for(world, who).post(f"/sessions/{world.session.pk}/join/",
                                           {"presence": "online"})
    assert outcome(response) == expected
    if expected == 302:
        assert world.session.board is not None
        assert response["Location"].startswith(world.session.board.get_absolute_url() + "?token=")


ORGANISERS_REDIRECTED = {**ORGANISERS, "facilitator": 302, "lead": 302, "superuser": 302}


@pytest.mark.parametrize(("who", "expected"), expect(ORGANISERS))
def test_withdrawing_a_join_link_asks_first(world: World, who: str, expected: Any) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    client = client_for(world, who)
    url = f"/sessions/{world.session.pk}/links/{link.pk}/revoke/"
    assert outcome(client.get(url)) == expected
    assert outcome(client.post(url)) == expected  # no confirm=yes: the question again
    link.refresh_from_db()
    assert link.revoked_at is None


@pytest.mark.parametrize(("who", "expected"), expect(ORGANISERS_REDIRECTED))
def test_revoking_a_join_link(world: World, who: str, expected: Any) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    response = client_for(world, who).post(
        f"/sessions/{world.session.pk}/links/{link.pk}/revoke/", {"confirm": "yes"})
    assert outcome(response) == expected
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (expected == 302)


@pytest.mark.parametrize(("who", "expected"), expect(ORGANISERS))
def test_replacing_a_join_link_asks_first(world: World, who: str, expected: Any) -> None:
    before = world.session.join_links.count()
    response = client_for(world, who).post(f"/sessions/{world.session.pk}/links/new/",
                                           {"role": "viewer", "allow_guests": "on",
                                            "hours": "2"})
    assert outcome(response) == expected
    assert world.session.join_links.count() == before


@pytest.mark.parametrize(("who", "expected"), expect(ORGANISERS_REDIRECTED))
def test_making_a_join_link(world: World, who: str, expected: Any) -> None:
    before = world.session.join_links.count()
    response = client_for(world, who).post(f"/sessions/{world.session.pk}/links/new/",
                                           {"role": "viewer", "allow_guests": "on",
                                            "hours": "2", "confirm": "yes"})
    assert outcome(response) == expected
    assert world.session.join_links.count() == before + (1 if expected == 302 else 0)


@pytest.mark.parametrize(("who", "expected"), expect(ORGANISERS_REDIRECTED))
def test_adding_and_removing_an_action(world: World, who: str, expected: Any) -> None:
    client = client_for(world, who)
    response = client.post(f"/sessions/{world.session.pk}/actions/",
                           {"text": "Share the harvest", "owner": "Lerato"})
    assert outcome(response) == expected
    assert world.session.actions.count() == (1 if expected == 302 else 0)
    action = world.session.actions.create(text="Book the room", owner="Sipho")
    response = client.post(f"/sessions/{world.session.pk}/actions/{action.pk}/delete/")
    assert outcome(response) == expected
    assert world.session.actions.filter(pk=action.pk).exists() == (expected != 302)


@pytest.mark.parametrize("who", CALLERS)
def test_join_page_with_an_active_link_is_open_to_everyone(world: World, who: str) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    assert client_for(world, who).get(f"/join/{link.code}/").status_code == 200


@pytest.mark.parametrize("who", CALLERS)
def test_join_page_with_a_revoked_link_is_gone_for_everyone(world: World, who: str) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    client = client_for(world, who)
    services.revoke_join_link(link)
    assert client.get(f"/join/{link.code}/").status_code == 404


@pytest.mark.parametrize(("who", "expected"), expect(
    {"anonymous": LOGIN, "guest": LOGIN, "outsider": 200, "executive": 200, "reviewer": 200,
     "member": 200, "facilitator": 200, "lead": 200, "superuser": 200}))
def test_accounts_only_link(world: World, who: str, expected: Any) -> None:
    link = services.new_join_link(world.session, None, allow_guests=False)
    assert outcome(client_for(world, who).get(f"/join/{link.code}/")) == expected


@pytest.mark.parametrize(("who", "expected"), expect(
    {"anonymous": None, "guest": None, "outsider": None, "executive": None,
     "reviewer": "viewer", "member": "editor", "facilitator": "editor", "lead": "editor",
     "superuser": "editor"}))
def test_board_role_from_community_role(world: World, who: str, expected: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = world.users.get(who, AnonymousUser())
    assert world.session.board is not None
    assert account_role(user, world.session.board) == expected


@pytest.mark.parametrize(("who", "expected"), expect(
    {"anonymous": "editor", "guest": "editor", "outsider": "editor", "executive": "editor",
     "reviewer": "editor", "member": "editor", "facilitator": "editor", "lead": "editor",
     "superuser": "editor"}))
def test_board_role_through_an_editor_join_link(world: World, who: str, expected: str) -> None:
    """A link grants its role to whoever uses it; an account never gets less than it."""
    link = services.active_join_link(world.session)
    assert link is not None
    user = world.users.get(who)
    result = services.join(world.session, presence="online", method="link", user=user,
                           guest_name="Someone", link=link)
    assert result.attendance.token is not None
    assert result.attendance.token.role == expected


def test_a_guest_reaches_exactly_the_session_board(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    result = services.join(world.session, presence="in_room", method="code",
                           guest_name="Visitor", link=link)
    assert world.session.board is not None
    grant = tokens.grant_for(result.token, world.session.board.id)
    assert grant.role.value == "editor"
    other = Board.objects.create(title="Another board")
    with pytest.raises(AccessDenied):
        tokens.grant_for(result.token, other.id)
    services.revoke_join_link(link)
    with pytest.raises(AccessDenied) as denied:
        tokens.grant_for(result.token, world.session.board.id)
    assert "revoked" in denied.value.reason


def test_a_viewer_link_grants_guests_viewer(world: World) -> None:
    link = services.new_join_link(world.session, None, role="viewer")
    result = services.join(world.session, presence="online", method="link",
                           guest_name="Watcher", link=link)
    assert result.attendance.token is not None
    assert result.attendance.token.role == "viewer"


# --- knowledge ------------------------------------------------------------------------------

KNOWLEDGE_ACCOUNTS_OK = {"anonymous": LOGIN, "guest": LOGIN, "outsider": 200, "executive": 200,
                         "reviewer": 200, "member": 200, "facilitator": 200, "lead": 200,
                         "superuser": 200}
DRAFT_READERS = {**PARTICIPANTS, "outsider": 404, "executive": 404}
# A community's executives read its evidence, never its items (they name people).
PUBLISHED_READERS = {**KNOWLEDGE_ACCOUNTS_OK, "executive": 404}
DRAFT_EDITORS = {**DRAFT_READERS, "reviewer": 403}
KNOWLEDGE_PAGES = {
    "base": ("/knowledge/", KNOWLEDGE_ACCOUNTS_OK),
    "community base": ("/knowledge/c/{slug}/", {**KNOWLEDGE_ACCOUNTS_OK, "executive": 403}),
    "inbox": ("/knowledge/inbox/", KNOWLEDGE_ACCOUNTS_OK),
    "due": ("/knowledge/due/", KNOWLEDGE_ACCOUNTS_OK),
    "feed": ("/knowledge/feed.atom", KNOWLEDGE_ACCOUNTS_OK),
    "export json": ("/knowledge/export.json", KNOWLEDGE_ACCOUNTS_OK),
    "published item": ("/knowledge/items/{published}/", PUBLISHED_READERS),
    "published markdown": ("/knowledge/items/{published}.md", PUBLISHED_READERS),
    "draft item": ("/knowledge/items/{draft}/", DRAFT_READERS),
    "draft markdown": ("/knowledge/items/{draft}.md", DRAFT_READERS),
    "draft edit": ("/knowledge/items/{draft}/edit/", DRAFT_EDITORS),
    "settings": ("/knowledge/c/{slug}/settings/", {**LEAD_ONLY, "outsider": 403}),
    "harvest page": ("/sessions/{pk}/harvest/", {**ORGANISERS, "member": 200}),
    "new item": ("/knowledge/c/{slug}/new/", {**ORGANISERS, "member": 200}),
}
REDIRECTED = 302
KNOWLEDGE_POSTS = {
    "submit draft": ("/knowledge/items/{draft}/submit/", {}, {
        **DRAFT_EDITORS, "member": REDIRECTED, "facilitator": REDIRECTED, "lead": REDIRECTED,
        "superuser": REDIRECTED}),
    "comment on draft": ("/knowledge/items/{draft}/comments/", {"text": "Looks right"}, {
        **DRAFT_READERS, "reviewer": REDIRECTED, "member": REDIRECTED,
        "facilitator": REDIRECTED, "lead": REDIRECTED, "superuser": REDIRECTED}),
    # the in-review item was written by the member: authors never review
    "approve": ("/knowledge/items/{review}/approve/", {}, {
        **DRAFT_READERS, "reviewer": REDIRECTED, "member": 403, "facilitator": 403,
        "lead": REDIRECTED, "superuser": REDIRECTED}),
    "request changes": ("/knowledge/items/{review}/request-changes/", {"text": "Add a unit"}, {
        **DRAFT_READERS, "reviewer": REDIRECTED, "member": 403, "facilitator": 403,
        "lead": REDIRECTED, "superuser": REDIRECTED}),
    "archive": ("/knowledge/items/{published}/archive/", {}, {
        **{k: 403 for k in CALLERS}, "anonymous": LOGIN, "guest": LOGIN, "lead": REDIRECTED,
        "superuser": REDIRECTED, "executive": 404}),
    "add lesson action": ("/knowledge/items/{published}/actions/",
                          {"text": "Brief the venue", "owner": "Thandi"}, {
        **{k: 403 for k in CALLERS}, "anonymous": LOGIN, "guest": LOGIN,
        "facilitator": REDIRECTED, "lead": REDIRECTED, "superuser": REDIRECTED,
        "executive": 404}),
    "record reuse": ("/knowledge/items/{published}/reuse/", {"outcome": "It worked for us"},
                     {**KNOWLEDGE_ACCOUNTS_OK, **{k: REDIRECTED for k in CALLERS[2:]},
                      "executive": 404}),
}


@pytest.fixture
def knowledge_world(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Three items of the world's community: a draft and an in-review item by the member,
    a published lesson owned by nobody; and the session's board in memory with one note."""
    import pycrdt

    from indaba.boards import builders, document
    from indaba.knowledge import services as knowledge_services
    from indaba.knowledge.models import KnowledgeItem

    held: dict[str, Any] = {}

    def doc_for(board_id: str) -> Any:
        return held.setdefault(board_id, pycrdt.Doc())

    def change(board_id: str, mutate: Any) -> None:
        doc = doc_for(board_id)
        with doc.transaction(origin="indaba-server"):
            mutate(doc)

    monkeypatch.setattr("indaba.boards.services.change_board", change)
    monkeypatch.setattr("indaba.boards.services.load_board_document", doc_for)
    assert world.session.board is not None
    note = builders.sticky_note("Book a microphone", 0, 0, builders.IndexSequence(),
                                author="Guest")
    document.write_elements(doc_for(world.session.board.id), note)
    users = world.users

    def item(title: str, by: Any) -> KnowledgeItem:
        return KnowledgeItem.objects.create(community=world.community, title=title,
                                            summary="Summary", created_by=by, owner=by)

    draft = item("A draft", users["member"])
    review = item("In review", users["member"])
    knowledge_services.submit(review, users["member"])
    published = item("Published lesson", None)
    knowledge_services.submit(published, users["superuser"])
    knowledge_services.approve(published, users["reviewer"])
    return {"slug": world.community.slug, "pk": world.session.pk, "draft": draft.pk,
            "review": review.pk, "published": published.pk, "note": note[0]["id"]}


@pytest.mark.parametrize(("url", "who", "expected"), _pages(KNOWLEDGE_PAGES))
def test_knowledge_pages(world: World, knowledge_world: dict[str, Any], url: str, who: str,
                         expected: Any) -> None:
    response = client_for(world, who).get(url.format(**knowledge_world))
    assert outcome(response) == expected


@pytest.mark.parametrize(("url", "data", "who", "expected"), [
    pytest.param(url, data, who, expected, id=f"{name}-{who}")
    for name, (url, data, table) in KNOWLEDGE_POSTS.items() for who, expected in expect(table)])
def test_knowledge_actions(world: World, knowledge_world: dict[str, Any], url: str,
                           data: dict[str, str], who: str, expected: Any) -> None:
    response = client_for(world, who).post(url.format(**knowledge_world), data)
    assert outcome(response) == expected


@pytest.mark.parametrize(("who", "expected"), expect(
    {"anonymous": 403, "guest": 201, "outsider": 403, "executive": 403, "reviewer": 403,
     "member": 201, "facilitator": 201, "lead": 201, "superuser": 201}))
def test_knowledge_harvest_endpoint(world: World, knowledge_world: dict[str, Any], who: str,
                                    expected: int) -> None:
    import json

    assert world.session.board is not None
    response = client_for(world, who).post(
        f"/boards/{world.session.board.id}/knowledge/harvest",
        json.dumps({"elementIds": [knowledge_world["note"]]}), content_type="application/json")
    assert response.status_code == expected
