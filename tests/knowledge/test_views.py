"""The harvest endpoint, the harvest page, item pages, search pages, feed and exports
over HTTP, with hostile text escaped everywhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from indaba.boards.permissions import cookie_name
from indaba.knowledge import permissions, services
from indaba.knowledge.harvest import harvest
from indaba.knowledge.models import KnowledgeItem, State
from indaba.meetings import services as meeting_services
from tests.knowledge.conftest import HOSTILE, Harvestable


def _client(hw: Harvestable, who: str) -> Client:
    client = Client()
    client.force_login(hw.world.users[who])
    return client


def _post(client: Client, hw: Harvestable, body: Any, **extra: Any) -> Any:
    return client.post(f"/boards/{hw.board.id}/knowledge/harvest", json.dumps(body),
                       content_type="application/json", **extra)


def test_endpoint_makes_a_draft(hw: Harvestable) -> None:
    response = _post(_client(hw, "member"), hw, {"elementIds": [hw.ids["improve"]],
                                                 "title": "Microphones", "kind": "practice"})
    assert response.status_code == 201
    body = response.json()
    item = KnowledgeItem.objects.get(pk=body["id"])
    assert body == {"id": item.pk, "url": f"/knowledge/items/{item.pk}/", "state": "draft"}
    assert item.kind == "practice" and item.title == "Microphones"


def test_endpoint_with_a_guest_board_token(hw: Harvestable) -> None:
    client = Client()
    client.cookies[cookie_name(hw.board.id)] = hw.guest_token
    response = _post(client, hw, {"elementIds": [hw.ids["room"]]})
    assert response.status_code == 201
    assert KnowledgeItem.objects.get(pk=response.json()["id"]).created_by_name == "Amahle"


@pytest.mark.parametrize(("body", "status"), [
    ({"elementIds": []}, 400), ({"elementIds": "x"}, 400), ([1], 400),
    ({"elementIds": ["nope"]}, 404), ({"elementIds": ["GONE"]}, 409),
    ({"elementIds": ["ROOM"], "title": "t" * 201}, 400),
    ({"elementIds": ["ROOM"], "kind": "gossip"}, 400)])
def test_endpoint_errors_carry_their_status(hw: Harvestable, body: Any, status: int) -> None:
    if isinstance(body, dict):
        body["elementIds"] = [{"GONE": hw.ids["gone"], "ROOM": hw.ids["room"]}.get(i, i)
                              for i in body["elementIds"]] if isinstance(
                                  body["elementIds"], list) else body["elementIds"]
    response = _post(_client(hw, "member"), hw, body)
    assert response.status_code == status
    assert "error" in response.json()


def test_endpoint_refuses_viewers_and_get(hw: Harvestable) -> None:
    assert _post(_client(hw, "reviewer"), hw, {"elementIds": [hw.ids["room"]]}
                 ).status_code == 403
    assert _post(Client(), hw, {"elementIds": [hw.ids["room"]]}).status_code == 403
    assert _client(hw, "member").get(
        f"/boards/{hw.board.id}/knowledge/harvest").status_code == 405


def test_harvest_page_lists_and_makes_drafts(hw: Harvestable) -> None:
    client = _client(hw, "facilitator")
    url = f"/sessions/{hw.world.session.pk}/harvest/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Room microphone for questions" in text and hw.ids["improve"] in text
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    response = client.post(url, {"element": [hw.ids["room"], hw.ids["online"]],
                                 "mode": "each", "kind": "lesson"})
    assert response.status_code == 302
    assert KnowledgeItem.objects.count() == 2
    again = client.get(url).content.decode()
    assert again.count(">harvested</a>") == 2
    assert client.post(url, {"mode": "one"}).status_code == 400
    assert client.post(url, {"element": [hw.ids["gone"]]}).status_code == 409
    detail = client.get(f"/sessions/{hw.world.session.pk}/").content.decode()
    assert url in detail


def _published(hw: Harvestable, **fields: Any) -> KnowledgeItem:
    users = hw.world.users
    item = harvest(hw.board, [hw.ids["room"]], users["member"], title=HOSTILE)
    for key, value in fields.items():
        setattr(item, key, value)
    item.summary = HOSTILE
    item.tags = [HOSTILE[:60]]
    item.save()
    services.submit(item, users["member"])
    services.approve(item, users["reviewer"])
    return item


def test_hostile_text_is_escaped_on_pages_feed_and_markdown(hw: Harvestable) -> None:
    item = _published(hw)
    client = _client(hw, "outsider")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "Amahle" not in page  # names only for those who may see drafts
    assert "Amahle" in _client(hw, "member").get(item.get_absolute_url()).content.decode()
    feed = client.get("/knowledge/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body  # the title, as text
    assert "&amp;lt;script&amp;gt;" in body  # the summary (type="html"): shown as text
    markdown = client.get(f"/knowledge/items/{item.pk}.md").content.decode()
    assert "<script>" not in markdown and r"\<script\>" in markdown
    assert r"\*\*bold\*\*" in markdown and r"\[link\]" in markdown
    search = client.get("/knowledge/", {"q": "alert bold"}).content.decode()
    assert "<script>" not in search and "<mark>alert</mark>" in search
    assert "&lt;script&gt;<mark>alert</mark>" in search


def test_pdf_export(hw: Harvestable) -> None:
    item = _published(hw)
    response = _client(hw, "member").get(f"/knowledge/items/{item.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_json_export_lists_what_the_person_may_see(hw: Harvestable) -> None:
    published = _published(hw)
    draft = harvest(hw.board, [hw.ids["online"]], hw.world.users["member"])
    ids = {i["id"] for i in _client(hw, "outsider").get("/knowledge/export.json").json()["items"]}
    assert ids == {published.pk}
    mine = _client(hw, "member").get("/knowledge/export.json").json()["items"]
    assert {i["id"] for i in mine} == {published.pk, draft.pk}
    assert mine[0]["provenance"]["board"] == hw.board.id


def test_item_pages_answer_typed_errors_with_their_status(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["online"]], hw.world.users["member"])
    client = _client(hw, "reviewer")
    assert client.post(f"/knowledge/items/{item.pk}/approve/").status_code == 409
    assert _client(hw, "member").post(f"/knowledge/items/{item.pk}/submit/").status_code == 302
    assert _client(hw, "member").post(f"/knowledge/items/{item.pk}/approve/").status_code == 403
    response = client.post(f"/knowledge/items/{item.pk}/request-changes/", {"text": ""})
    assert response.status_code == 400
    assert client.post(f"/knowledge/items/{item.pk}/approve/").status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED


def test_edit_form_bounds_and_errors(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["online"]], hw.world.users["member"])
    permissions.settings_for(hw.world.community).__class__.objects.filter(
        community=hw.world.community).update(processes=["Procurement", "Onboarding"])
    client = _client(hw, "member")
    url = f"/knowledge/items/{item.pk}/edit/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "  ", "kind": "lesson", "summary": "s" * 4001,
                            "tags": ", ".join(f"t{i}" for i in range(21))})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "A title is required." in text
    assert "at most 4000 characters" in text and "At most 20 tags" in text
    good = client.post(url, {"title": "Microphones", "kind": "lesson", "summary": "Use them",
                             "processes": ["Procurement"], "units": "HR, IT",
                             "tags": "hybrid, audio", "review_by": "2020-01-01"})
    assert good.status_code == 302
    item.refresh_from_db()
    assert item.processes == ["Procurement"] and item.units == ["HR", "IT"]
    assert item.tags == ["hybrid", "audio"]
    services.submit(item, hw.world.users["member"])
    assert client.get(url).status_code == 409  # not editable in review


def test_base_pages_search_facets_inbox_due(hw: Harvestable) -> None:
    item = harvest(hw.board, [hw.ids["online"]], hw.world.users["member"])
    item.tags = ["audio"]
    item.save()
    services.submit(item, hw.world.users["member"])
    inbox = _client(hw, "reviewer").get("/knowledge/inbox/").content.decode()
    assert item.title in inbox
    assert item.title not in _client(hw, "member").get("/knowledge/inbox/").content.decode()
    services.approve(item, hw.world.users["reviewer"])
    KnowledgeItem.objects.filter(pk=item.pk).update(review_by="2020-01-01")
    client = _client(hw, "outsider")
    assert item.title in client.get("/knowledge/due/").content.decode()
    found = client.get("/knowledge/", {"q": "microphones", "tag": "audio"}).content.decode()
    assert "<mark>microphone</mark>" in found.lower() or "<mark>Microphone</mark>" in found
    none = client.get("/knowledge/", {"q": "microphones", "tag": "video"}).content.decode()
    assert "Nothing matches." in none
    slug = hw.world.community.slug
    assert client.get(f"/knowledge/c/{slug}/").status_code == 200


def test_settings_page(hw: Harvestable) -> None:
    slug = hw.world.community.slug
    lead = _client(hw, "lead")
    response = lead.post(f"/knowledge/c/{slug}/settings/", {
        "processes": "Procurement\nOnboarding", "approvals_needed": "2",
        "other_unit_reviewer": "on"})
    assert response.status_code == 302
    rules = permissions.settings_for(hw.world.community)
    assert rules.processes == ["Procurement", "Onboarding"] and rules.approvals_needed == 2
    assert lead.post(f"/knowledge/c/{slug}/settings/",
                     {"approvals_needed": "0"}).status_code == 400


def test_reuse_and_actions_over_http(hw: Harvestable) -> None:
    item = _published(hw)
    outsider = _client(hw, "outsider")
    assert outsider.post(f"/knowledge/items/{item.pk}/reuse/",
                         {"outcome": "We bought one", "hours_saved": "3"}).status_code == 302
    assert item.reuses.get().by == hw.world.users["outsider"]
    assert outsider.post(f"/knowledge/items/{item.pk}/actions/",
                         {"text": "x", "owner": "y"}).status_code == 403
    lead = _client(hw, "lead")
    assert lead.post(f"/knowledge/items/{item.pk}/actions/",
                     {"text": "Buy microphones", "owner": "Sipho"}).status_code == 302
    action = item.actions.get()
    assert lead.post(f"/knowledge/items/{item.pk}/actions/{action.pk}/",
                     {"status": "done"}).status_code == 302
    assert item.learned


def test_session_without_join_link_cannot_guest(hw: Harvestable) -> None:
    link = meeting_services.active_join_link(hw.world.session)
    assert link is not None
    meeting_services.revoke_join_link(link)
    client = Client()
    client.cookies[cookie_name(hw.board.id)] = hw.guest_token
    assert _post(client, hw, {"elementIds": [hw.ids["room"]]}).status_code == 403


def test_new_item_by_hand(hw: Harvestable) -> None:
    slug = hw.world.community.slug
    client = _client(hw, "member")
    assert client.get(f"/knowledge/c/{slug}/new/").status_code == 200
    assert client.post(f"/knowledge/c/{slug}/new/", {"kind": "aar"}).status_code == 400
    response = client.post(f"/knowledge/c/{slug}/new/", {
        "title": "Budget workshop AAR", "kind": "aar", "summary": "How it went",
        "intended": "Agree the budget", "happened": "Agreed half",
        "why_different": "Missing figures", "sustain_improve": "Send figures first"})
    assert response.status_code == 302
    item = KnowledgeItem.objects.get(title="Budget workshop AAR")
    assert item.state == State.DRAFT and item.created_by == hw.world.users["member"]
    assert item.owner == hw.world.users["member"] and item.transitions.count() == 1
    assert _client(hw, "reviewer").get(f"/knowledge/c/{slug}/new/").status_code == 403


def test_pdf_template_escapes_user_text(hw: Harvestable) -> None:
    from django.template.loader import render_to_string

    item = _published(hw)
    html = render_to_string("knowledge/item_print.html", {
        "item": item, "fields": [("Summary", item.summary)],
        "provenance": item.provenance.all(), "show_names": True, "actions": []})
    assert "<script>" not in html and "&lt;script&gt;alert" in html
