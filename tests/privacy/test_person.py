"""`indaba person export`: everything held about a person, in a stable shape."""

from __future__ import annotations

import pytest
from django.utils import timezone

from indaba.common.errors import NotFound
from indaba.communities.models import Invitation
from indaba.privacy import person
from tests.communities.helpers import World
from tests.privacy.people import EMAIL, USERNAME, make_person

SECTIONS = ("format", "exported_at", "account", "profile", "memberships", "registrations",
            "attendance", "board_access", "activity", "votes", "private_notes",
            "knowledge_items", "knowledge_transitions", "review_comments", "approvals",
            "reuses", "actions_owned", "agenda_items", "board_versions", "invitations",
            "login_failures", "admin_changes", "audit_entries")


def test_an_export_holds_one_of_each_record(world: World) -> None:
    made = make_person(world)
    data = person.export(person.find(USERNAME))
    assert tuple(data) == SECTIONS
    assert data["format"] == "indaba.person-export.v1"
    assert data["account"]["email"] == EMAIL and data["account"]["username"] == USERNAME
    assert data["profile"] == {"display_name": "Nomsa Dlamini", "unit": "Records Management"}
    assert [m["community"] for m in data["memberships"]] == [world.community.slug]
    assert [r["session"] for r in data["registrations"]] == [world.session.pk]
    assert [(a["name"], a["presence"]) for a in data["attendance"]] == [
        ("Nomsa Dlamini", "online")]
    assert len(data["board_access"]) == 1
    assert sorted(e["kind"] for e in data["activity"]) == ["note", "reaction", "vote"]
    assert [v["element"] for v in data["votes"]] == [made.note]
    assert [n["text"] for n in data["private_notes"]] == ["Record the decisions as we go"]
    assert [(i["id"], i["created_by_them"], i["owned_by_them"])
            for i in data["knowledge_items"]] == [(made.item.pk, True, True)]
    for section in ("knowledge_transitions", "review_comments", "approvals", "reuses",
                    "agenda_items",
                    "board_versions", "invitations", "login_failures", "admin_changes"):
        assert len(data[section]) == 1, section
    assert sorted(a["text"] for a in data["actions_owned"]) == ["Circulate notes",
                                                                "Share the log"]
    actions = {e["action"] for e in data["audit_entries"]}
    assert {"communities.member_added", "meetings.join", "boards.token_issued",
            "auth.sign_in_failed"} <= actions


def test_a_person_is_found_by_e_mail_too_and_an_unknown_one_is_not(world: World) -> None:
    made = make_person(world)
    assert person.find(EMAIL.upper()).user == made.user
    with pytest.raises(NotFound):
        person.find("nobody@example.org")
    # An address with only an invitation is a person too (no account).
    Invitation.objects.create(community=world.community, email="new@example.org",
                              expires_at=timezone.now())
    only = person.export(person.find("new@example.org"))
    assert only["account"] is None and [i["email"] for i in only["invitations"]] == [
        "new@example.org"]
