"""Sessions: templates, joining, attendance, CSV, registration, revocation, presence."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.boards import document
from indaba.boards.models import BoardAccessToken
from indaba.meetings import board_templates, presence, services
from indaba.meetings.models import Attendance, JoinMethod, Presence
from indaba.meetings.qr import qr_svg
from tests.communities.helpers import World, make_user


@pytest.mark.parametrize("key", [t.key for t in board_templates.TEMPLATES])
def test_every_template_is_a_laid_out_board(key: str) -> None:
    items, frames = board_templates.elements(key, "My session")
    template = board_templates.BY_KEY[key]
    assert [f["name"] for f in frames.values()] == [name for name, _ in template.columns]
    texts = [e["text"] for e in items if e["type"] == "text"]
    assert "My session" in texts
    for _, prompt in template.columns:
        assert prompt in texts
    xs = [f["x"] for f in frames.values()]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)  # side by side, no overlap
    indices = [e["index"] for e in items]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)


def test_required_templates_exist() -> None:
    assert {"blank", "check_in", "lessons_learned", "after_action_review",
            "start_stop_continue"} <= set(board_templates.BY_KEY)


def test_a_new_session_has_its_board_template_and_a_join_link(
        world: World, no_board_store: list[tuple[str, Any]]) -> None:
    session = world.session
    assert session.board is not None and session.board.title == "Hybrid session"
    board_id, doc = no_board_store[-1]
    assert board_id == session.board.id
    names = {e.get("name") for e in document.to_json(doc)["elements"]}
    assert {"What worked", "What to improve", "Ideas"} <= names
    link = services.active_join_link(session)
    assert link is not None and link.allow_guests and link.role == "editor"


def test_demo_notes_land_in_their_frames(db: None, no_board_store: list[Any]) -> None:
    from tests.communities.helpers import make_world

    world = make_world(notes=[("Ideas", "Try a QR code", "Lerato", "blue")])
    _, doc = no_board_store[-1]
    elements = document.to_json(doc)["elements"]
    frame = next(e for e in elements if e.get("name") == "Ideas")
    note = next(e for e in elements if e.get("customData"))
    assert note["frameId"] == frame["id"]
    assert world.session.template == "lessons_learned"


def test_guest_join_records_attendance_and_a_token(world: World) -> None:
    link = services.active_join_link(world.session)
    result = services.join(world.session, presence="in_room", method="code",
                           guest_name="  Amahle   M ", link=link)
    attendance = result.attendance
    assert attendance.name == "Amahle M" and attendance.is_guest
    assert attendance.presence == Presence.IN_ROOM and attendance.method == JoinMethod.CODE
    assert attendance.token is not None and attendance.token.user_id is None
    assert attendance.joined_at <= timezone.now()
    assert result.board_url.startswith(f"/boards/{world.session.board_id}?token=")


def test_a_guest_needs_a_name_and_a_presence(world: World) -> None:
    link = services.active_join_link(world.session)
    with pytest.raises(services.SessionError, match="display name"):
        services.join(world.session, presence="online", method="link", guest_name=" ",
                      link=link)
    with pytest.raises(services.SessionError, match="room or online"):
        services.join(world.session, presence="hallway", method="link", guest_name="A",
                      link=link)
    with pytest.raises(services.SessionError, match="join link or membership"):
        services.join(world.session, presence="online", method="link", guest_name="A")


def test_an_account_joining_again_is_one_person_with_the_latest_presence(world: World) -> None:
    member = world.users["member"]
    services.join(world.session, presence="in_room", method="member", user=member)
    services.join(world.session, presence="online", method="member", user=member)
    people = services.attendees(world.session)
    assert len(people) == 1 and people[0].presence == "online"
    assert BoardAccessToken.objects.filter(user=member).count() == 1  # token reused


def test_summary_counts_in_room_and_online(world: World) -> None:
    link = services.active_join_link(world.session)
    services.join(world.session, presence="in_room", method="code", guest_name="A", link=link)
    services.join(world.session, presence="in_room", method="code", guest_name="B", link=link)
    services.join(world.session, presence="online", method="member",
                  user=world.users["member"])
    summary = services.summary(world.session)
    assert (summary.in_room, summary.online, summary.total) == (2, 1, 3)
    assert (summary.guests, summary.accounts) == (2, 1)
    assert summary.connected is None


def test_join_page_records_the_way_in_and_remembers_a_guest(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    client = Client()
    response = client.post(f"/join/{link.code}/", {"name": "Guest", "presence": "in_room",
                                                   "via": "code"})
    assert response.status_code == 302
    # In the room: the light phone page (it links to the full board).
    assert response["Location"].startswith(f"/boards/{world.session.board_id}/phone?token=")
    again = client.post(f"/join/{link.code}/", {"name": "Guest", "presence": "online"})
    assert again.status_code == 302
    assert again["Location"].startswith(f"/boards/{world.session.board_id}?token=")
    rows = list(Attendance.objects.filter(session=world.session))
    assert len(rows) == 1  # the same browser is the same guest
    assert rows[0].method == "code" and rows[0].presence == "online"


def test_join_code_entry_is_forgiving(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    typed = f" {link.code[:3].lower()}-{link.code[3:].lower()} "
    response = Client().post("/join/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/join/{link.code}/?via=code"
    unknown = Client().post("/join/", {"code": "ZZZZZZ9"})
    assert unknown.status_code == 200 and b"No session is taking joins" in unknown.content


def test_join_page_states_what_is_collected(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    page = Client().get(f"/join/{link.code}/").content.decode()
    assert "What we record and why" in page and "display name" in page


def test_revoking_a_link_revokes_its_tokens_and_closes_their_sockets(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[str] = []
    monkeypatch.setattr("indaba.boards.live.close_token_connections", closed.append)
    link = services.active_join_link(world.session)
    assert link is not None
    a = services.join(world.session, presence="in_room", method="code", guest_name="A", link=link)
    b = services.join(world.session, presence="online", method="code", guest_name="B", link=link)
    assert services.revoke_join_link(link) == 2
    assert a.attendance.token is not None and b.attendance.token is not None
    assert sorted(closed) == sorted([a.attendance.token.pk, b.attendance.token.pk])
    assert not BoardAccessToken.objects.filter(revoked_at__isnull=True,
                                               attendance__join_link=link).exists()
    assert Attendance.objects.filter(left_at__isnull=True, join_link=link).count() == 0
    assert services.active_join_link(world.session) is None


def test_removing_a_member_revokes_their_board_tokens(world: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from indaba.communities import services as community_services

    closed: list[str] = []
    monkeypatch.setattr("indaba.boards.live.close_token_connections", closed.append)
    member = world.users["member"]
    result = services.join(world.session, presence="online", method="member", user=member)
    community_services.remove_member(world.community, member)
    assert result.attendance.token is not None
    result.attendance.token.refresh_from_db()
    assert result.attendance.token.revoked_at is not None
    assert closed == [result.attendance.token.pk]


def test_an_expired_link_is_refused(world: World) -> None:
    link = services.new_join_link(world.session, None,
                                  expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(f"/join/{link.code}/").status_code == 404


def test_guest_tokens_end_when_their_link_does(world: World) -> None:
    link = services.new_join_link(world.session, None,
                                  expires_at=timezone.now() + timedelta(minutes=10))
    result = services.join(world.session, presence="online", method="link", guest_name="A",
                           link=link)
    token = result.attendance.token
    assert token is not None and token.expires_at is not None
    assert token.expires_at <= link.expires_at + timedelta(seconds=1)  # type: ignore[operator]


def test_attendance_csv(world: World) -> None:
    link = services.active_join_link(world.session)
    services.join(world.session, presence="in_room", method="code", guest_name="=HYPERLINK(x)",
                  link=link)
    services.join(world.session, presence="online", method="member",
                  user=world.users["member"])
    client = Client()
    client.force_login(world.users["facilitator"])
    response = client.get(f"/sessions/{world.session.pk}/attendance.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(services.CSV_HEADER)
    assert lines[1].startswith("'=HYPERLINK(x),guest,,in_room,code,")
    assert lines[2].startswith("member,account,,online,member,")


def test_presence_signals_stamp_join_and_leave(world: World) -> None:
    from indaba.boards.signals import board_client_joined, board_client_left

    link = services.active_join_link(world.session)
    result = services.join(world.session, presence="online", method="link", guest_name="A",
                           link=link)
    token_id = result.attendance.token_id
    seen = timezone.now()
    board_client_joined.send(sender=world.session.board_id, token_id=token_id, at=seen)
    result.attendance.refresh_from_db()
    assert result.attendance.last_seen_at == seen and result.attendance.left_at is None
    gone = seen + timedelta(minutes=30)
    board_client_left.send(sender=world.session.board_id, token_id=token_id, at=gone)
    result.attendance.refresh_from_db()
    assert result.attendance.left_at == gone


def test_sampling_live_connections(world: World) -> None:
    link = services.active_join_link(world.session)
    a = services.join(world.session, presence="online", method="link", guest_name="A", link=link)
    b = services.join(world.session, presence="online", method="link", guest_name="B", link=link)
    assert a.attendance.token_id and b.attendance.token_id
    first = timezone.now()
    presence.sample(world.session, {a.attendance.token_id, b.attendance.token_id}, first)
    later = first + timedelta(minutes=5)
    presence.sample(world.session, {a.attendance.token_id}, later)
    a.attendance.refresh_from_db()
    b.attendance.refresh_from_db()
    assert a.attendance.last_seen_at == later and a.attendance.left_at is None
    assert b.attendance.left_at == first
    assert services.summary(world.session, {a.attendance.token_id}).connected == 1


def test_a_partial_sample_takes_nobody_for_gone(world: World) -> None:
    """Several worker processes: the one rendering the panel sees only its own sockets."""
    link = services.active_join_link(world.session)
    a = services.join(world.session, presence="online", method="link", guest_name="A", link=link)
    b = services.join(world.session, presence="online", method="link", guest_name="B", link=link)
    assert a.attendance.token_id and b.attendance.token_id
    first = timezone.now()
    presence.sample(world.session, {a.attendance.token_id, b.attendance.token_id}, first)
    later = first + timedelta(minutes=5)
    assert presence.sample(world.session, {a.attendance.token_id}, later,
                           complete=False) is None
    a.attendance.refresh_from_db()
    b.attendance.refresh_from_db()
    assert a.attendance.last_seen_at == later and a.attendance.left_at is None
    assert b.attendance.last_seen_at == first and b.attendance.left_at is None


def test_registration_respects_capacity(db: None, no_board_store: list[Any]) -> None:
    from tests.communities.helpers import make_world

    world = make_world(registration_required=True, capacity=1)
    services.register(world.session, world.users["member"])
    services.register(world.session, world.users["member"])  # idempotent
    with pytest.raises(services.SessionError, match="full"):
        services.register(world.session, world.users["reviewer"])
    services.unregister(world.session, world.users["member"])
    services.register(world.session, world.users["reviewer"])


def test_registration_only_when_the_session_takes_it(world: World) -> None:
    with pytest.raises(services.SessionError, match="does not take registrations"):
        services.register(world.session, world.users["member"])


def test_a_session_must_end_after_it_starts(world: World) -> None:
    start = timezone.now()
    with pytest.raises(services.SessionError, match="end after"):
        services.create_session(world.community, None, title="x", starts_at=start,
                                ends_at=start, mode="online")


def test_facilitator_creates_a_session_through_the_form(world: World) -> None:
    client = Client()
    client.force_login(world.users["facilitator"])
    response = client.post(f"/communities/{world.community.slug}/sessions/new/", {
        "title": "Check-in morning", "description": "", "starts_at": "2030-03-02T09:00",
        "ends_at": "2030-03-02T10:30", "mode": "hybrid", "venue": "Hall",
        "online_url": "meet.example.gov/x", "capacity": "", "template": "check_in",
        "allow_guests": "on",
        "agenda-TOTAL_FORMS": "3", "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Welcome", "agenda-0-speaker": "Thandi", "agenda-0-starts_at": "09:00",
        "agenda-0-minutes": "10",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    session = world.community.sessions.get(title="Check-in morning")
    assert session.template == "check_in" and session.online_url == "https://meet.example.gov/x"
    assert [a.title for a in session.agenda.all()] == ["Welcome"]
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Welcome" in page and "Thandi" in page


def test_room_screen_shows_code_and_an_inline_qr(world: World) -> None:
    client = Client()
    client.force_login(world.users["facilitator"])
    link = services.active_join_link(world.session)
    assert link is not None
    page = client.get(f"/sessions/{world.session.pk}/room/").content.decode()
    assert link.display_code in page and "<svg" in page
    # The one script is our own file (it follows code changes); nothing inline.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/meetings/room.js" defer>']


def test_qr_svg_escapes_its_title() -> None:
    svg = qr_svg("http://x/join/ABC234/", title="<b>&")
    assert svg.startswith("<svg") and "&lt;b&gt;&amp;" in svg


def test_user_text_is_never_rendered_as_html(world: World) -> None:
    world.session.title = "<script>alert(1)</script>"
    world.session.save()
    client = Client()
    client.force_login(world.users["member"])
    page = client.get(world.session.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_demo_is_idempotent(db: None, no_board_store: list[Any]) -> None:
    from indaba.meetings import demo

    real = make_user("sipho")  # a real account that happens to share a demo username
    first = demo.ensure_demo()
    second = demo.ensure_demo()
    assert first.created and not second.created
    assert first.session.pk == second.session.pk
    assert first.community.name == "KM Leadership & Governance"
    assert first.session.mode == "hybrid" and first.session.template == "lessons_learned"
    titles = " ".join(first.session.agenda.values_list("title", flat=True))
    assert "Fourth Industrial Revolution" in titles and "leadership and governance" in titles
    assert first.community.memberships.count() == 7
    real.refresh_from_db()
    assert real.check_password("correct horse battery staple 42")  # never reset
    assert not real.check_password(second.password)
