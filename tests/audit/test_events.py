"""Each event that exists today lands in the audit trail, with the actor and object it
should name and its personal data only in the payload."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from indaba.audit import services as audit
from indaba.audit.models import Entry, Payload
from indaba.boards import tokens
from indaba.communities import services as community_services
from indaba.communities.models import Invitation
from indaba.meetings import services as meeting_services
from tests.communities.helpers import PASSWORD, World, make_user


def events(action: str) -> list[tuple[Entry, dict[str, Any]]]:
    found = []
    for entry in Entry.objects.filter(action=action).order_by("seq"):
        found.append((entry, json.loads(Payload.objects.get(seq=entry.seq).data)))
    return found


def only(action: str) -> tuple[Entry, dict[str, Any]]:
    found = events(action)
    assert len(found) == 1, f"{action}: {len(found)} entries"
    return found[0]


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_in_success_and_failure_never_log_the_password(db: None) -> None:
    naledi = make_user("naledi")
    assert Client().post("/accounts/login/", {"username": "naledi",
                                              "password": PASSWORD}).status_code == 302
    entry, payload = only("auth.sign_in")
    assert (entry.actor, entry.object_type, entry.object_id) == (
        f"user:{naledi.pk}", "user", str(naledi.pk))
    assert payload == {"ip": "127.0.0.1"}
    Client().post("/accounts/login/", {"username": "NALEDI@example.org",
                                       "password": "hunter2-wrong"})
    Client().post("/accounts/login/", {"username": "nobody", "password": "hunter3-wrong"})
    (known, known_payload), (unknown, unknown_payload) = events("auth.sign_in_failed")
    assert (known.actor, known.object_id) == ("anonymous", str(naledi.pk))
    assert known_payload["username"] == "NALEDI@example.org"
    assert (unknown.object_type, unknown.object_id, unknown_payload["username"]) == (
        "user", "", "nobody")
    everything = "".join(p.data for p in Payload.objects.all()) + "".join(
        str(vars(e)) for e in Entry.objects.all())
    assert "hunter2" not in everything and "hunter3" not in everything
    assert PASSWORD not in everything
    assert audit.verify().ok


def test_invitations_sent_and_accepted(world: World) -> None:
    invitation = community_services.invite(world.community, "Zanele@Example.org", "member",
                                           world.users["lead"], "https://indaba.test")
    entry, payload = only("communities.invitation_sent")
    assert (entry.object_type, entry.object_id) == ("invitation", str(invitation.pk))
    assert payload["email"] == "Zanele@Example.org" and payload["role"] == "member"
    assert "Zanele" not in str(vars(entry))  # the e-mail is beside the chain, not in it
    zanele = make_user("zanele")
    community_services.accept_invitation(Invitation.objects.get(pk=invitation.pk), zanele)
    entry, payload = only("communities.invitation_accepted")
    assert payload["user"] == f"user:{zanele.pk}" and payload["role"] == "member"
    # Redacting Zanele finds both: the invitation by her e-mail, the acceptance by her id.
    refs = audit.person_refs(zanele)
    zanele.email = "zanele@example.org"
    assert audit.email_ref(zanele.email) == audit.email_ref("Zanele@Example.org")
    redacted = audit.redact([*refs, audit.email_ref(zanele.email)])
    sent = only("communities.invitation_sent")[0].seq
    accepted = only("communities.invitation_accepted")[0].seq
    assert {sent, accepted} <= set(redacted)
    report = audit.verify()
    assert report.ok and report.redacted == len(redacted)


def test_membership_added_role_changed_and_removed(world: World) -> None:
    thabo = make_user("thabo")
    community_services.set_member(world.community, thabo, "member")
    community_services.set_member(world.community, thabo, "facilitator")
    community_services.set_member(world.community, thabo, "facilitator")  # no change: no entry
    community_services.remove_member(world.community, thabo)
    ref = f"user:{thabo.pk}"
    added = [p for _, p in events("communities.member_added") if p["user"] == ref]
    assert added == [{"user": ref, "role": "member"}]
    _, changed = only("communities.role_changed")
    assert changed == {"user": ref, "from": "member", "to": "facilitator"}
    entry, removed = only("communities.member_removed")
    assert removed == {"user": ref, "role": "facilitator"}
    assert (entry.object_type, entry.object_id) == ("community", str(world.community.pk))


def test_join_links_created_replaced_revoked_and_joins_through_a_code(world: World) -> None:
    session = world.session
    before = len(events("meetings.join_link_created"))
    link = meeting_services.active_join_link(session)
    assert link is not None
    joined = meeting_services.join(session, presence="in_room", method="code",
                                   guest_name="Amahle", link=link)
    entry, payload = only("meetings.join")
    assert (entry.object_type, entry.object_id) == ("session", str(session.pk))
    assert payload["method"] == "code" and payload["name"] == "Amahle"
    assert payload["person"] == f"guest:{joined.attendance.pk}"
    issued = [p for _, p in events("boards.token_issued")
              if p["token"] == f"token:{joined.attendance.token_id}"]
    assert len(issued) == 1 and issued[0]["name"] == "Amahle"

    new, revoked = meeting_services.replace_join_link(session, world.users["facilitator"])
    assert revoked == 1
    assert len(events("meetings.join_link_created")) == before + 1
    _, replaced = only("meetings.join_link_replaced")
    assert replaced["old"] == link.pk and replaced["new"] == new.pk
    assert [p["join_link"] for _, p in events("meetings.join_link_revoked")] == [link.pk]
    _, token_revoked = only("boards.token_revoked")
    assert token_revoked["token"] == f"token:{joined.attendance.token_id}"
    meeting_services.revoke_join_link(new)
    assert [p["join_link"] for _, p in events("meetings.join_link_revoked")] == [link.pk,
                                                                               new.pk]
    # Personal data of the guest (their name): found under their guest and token references.
    issued_seq = next(e.seq for e, p in events("boards.token_issued")
                      if p["token"] == f"token:{joined.attendance.token_id}")
    redacted = audit.redact([payload["person"], f"token:{joined.attendance.token_id}"])
    assert {only("meetings.join")[0].seq, issued_seq} <= set(redacted)
    assert "Amahle" not in "".join(p.data for p in Payload.objects.all())
    assert audit.verify().ok


def test_board_tokens_issued_and_revoked(world: World) -> None:
    board = world.session.board
    assert board is not None
    user = world.users["member"]
    _, grant = tokens.issue_token(board, "viewer", "Sipho", 60, user_id=user.pk)
    tokens.revoke(grant)
    tokens.revoke(grant)  # already revoked: nothing new happened, nothing recorded
    issued = [(e, p) for e, p in events("boards.token_issued")
              if p["token"] == f"token:{grant.id}"]
    assert len(issued) == 1
    entry, payload = issued[0]
    assert (entry.object_type, entry.object_id) == ("board", board.id)
    assert payload["role"] == "viewer" and payload["user"] == f"user:{user.pk}"
    assert [p["token"] for _, p in events("boards.token_revoked")] == [f"token:{grant.id}"]


def test_exports_are_recorded(world: World) -> None:
    session, board = world.session, world.session.board
    assert board is not None
    facilitator = signed_in(world.users["facilitator"])
    assert facilitator.get(f"/boards/{board.id}/export?format=json").status_code == 200
    entry, payload = only("boards.export")
    assert entry.actor == f"user:{world.users['facilitator'].pk}"
    assert (entry.object_id, payload["format"]) == (board.id, "json")

    token, grant = tokens.issue_token(board, "viewer", "Guest", 60)
    response = Client().get(f"/boards/{board.id}/export",
                            HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert events("boards.export")[-1][0].actor == f"token:{grant.id}"
    assert Client().get(f"/boards/{board.id}/export").status_code == 403
    assert len(events("boards.export")) == 2  # refused: nothing exported, nothing recorded

    assert facilitator.get(f"/sessions/{session.pk}/attendance.csv").status_code == 200
    entry, payload = only("meetings.attendance_export")
    assert (entry.object_id, payload["format"]) == (str(session.pk), "csv")

    member = signed_in(world.users["member"])
    assert member.get(f"/sessions/{session.pk}/results.md").status_code == 200
    assert member.get(f"/sessions/{session.pk}/results.pdf").status_code == 200
    assert [p["format"] for _, p in events("facilitation.results_export")] == ["markdown",
                                                                               "pdf"]
    assert {e.actor for e, _ in events("facilitation.results_export")} == {
        f"user:{world.users['member'].pk}"}


def test_community_settings_changes(world: World) -> None:
    lead = signed_in(world.users["lead"])
    url = f"/communities/{world.community.slug}/edit/"
    response = lead.post(url, {"name": "Test CoP", "purpose": "Learning together",
                               "unit": "KM"})
    assert response.status_code == 302
    entry, payload = only("communities.settings_changed")
    assert entry.actor == f"user:{world.users['lead'].pk}"
    assert payload["changed"] == {"purpose": {"from": "Testing", "to": "Learning together"}}
    lead.post(url, {"name": "Test CoP", "purpose": "Learning together", "unit": "KM"})
    assert len(events("communities.settings_changed")) == 1  # nothing changed


def test_a_throttled_sign_in_is_recorded_as_a_failure(db: None) -> None:
    make_user("pieter")
    for _ in range(6):  # the sixth is refused by the lockout, even with the right password
        Client().post("/accounts/login/", {"username": "pieter", "password": "guess-wrong"})
    Client().post("/accounts/login/", {"username": "pieter", "password": PASSWORD})
    failed = [payload for _, payload in events("auth.sign_in_failed")]
    assert len(failed) == 7
    # The sign-in form refuses the last two before any password is checked.
    assert [p.get("throttled", False) for p in failed] == [False] * 5 + [True] * 2
    assert events("auth.sign_in") == []


def test_knowledge_review_settings_and_exports_are_recorded(world: World) -> None:
    from indaba.knowledge import services as knowledge
    from indaba.knowledge.models import Kind, KnowledgeItem

    community = world.community
    lead, reviewer = world.users["lead"], world.users["reviewer"]
    item = knowledge.create(community, world.users["member"], KnowledgeItem(
        kind=Kind.LESSON, title="Mic the room", summary="A room microphone helps."))
    knowledge.submit(item, world.users["member"])
    knowledge.approve(item, reviewer)
    created, _ = only("knowledge.created")
    assert (created.object_type, created.object_id) == ("knowledge_item", str(item.pk))
    moves = [payload for _, payload in events("knowledge.transition")]
    assert [(m["from"], m["to"]) for m in moves] == [("draft", "in_review"),
                                                     ("in_review", "published")]
    assert only("knowledge.approved")[1]["by"] == f"user:{reviewer.pk}"

    client = signed_in(lead)
    response = client.post(f"/knowledge/c/{community.slug}/settings/",
                           {"processes": "Meeting facilitation", "approvals_needed": "2"})
    assert response.status_code == 302
    _, changed = only("knowledge.settings_changed")
    assert (changed["approvals_needed"], changed["processes"]) == (2, ["Meeting facilitation"])
    assert "approvals_needed" in changed["changed"]
    assert client.get(f"/knowledge/items/{item.pk}.md").status_code == 200
    exported, payload = only("knowledge.exported")
    assert (exported.object_id, payload["format"]) == (str(item.pk), "markdown")
    assert audit.verify().ok
