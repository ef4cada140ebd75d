"""A join link ends with its session (plus INDABA_JOIN_GRACE_MINUTES) unless the facilitator
gave it an expiry or kept it open; board tokens issued through it end with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.boards.models import BoardAccessToken
from indaba.meetings import services
from indaba.meetings.models import JoinLink, Session
from tests.communities.helpers import World


def move(session: Session, ends_in: timedelta, length: timedelta = timedelta(hours=2)) -> None:
    session.ends_at = timezone.now() + ends_in
    session.starts_at = session.ends_at - length
    session.save(update_fields=["starts_at", "ends_at"])


def facilitator_client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["facilitator"])
    return client


def join_as_guest(code: str, name: str = "Amahle") -> Any:
    return Client().post(f"/join/{code}/", {"name": name, "presence": "online"})


def test_the_default_link_ends_with_the_session_plus_the_grace(world: World,
                                                               settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "join_grace_minutes": 20}
    link = services.active_join_link(world.session)
    assert link is not None and link.expires_at is None and not link.keep_open
    assert link.ends_at == world.session.ends_at + timedelta(minutes=20)


def test_a_guest_joining_after_the_end_is_refused_with_a_clear_page(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    move(world.session, ends_in=-timedelta(minutes=45))  # past the end and its grace
    page = join_as_guest(link.key)
    assert page.status_code == 404
    text = page.content.decode()
    assert "The session has ended" in text and 'class="panel narrow"' in text
    assert not world.session.attendance.exists()
    assert not BoardAccessToken.objects.filter(board=world.session.board).exists()


def test_within_the_grace_the_link_still_admits(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    move(world.session, ends_in=-timedelta(minutes=10))
    response = join_as_guest(link.key)
    assert response.status_code == 302 and "/boards/" in response["Location"]


def test_the_guest_token_ends_when_the_link_does(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    assert join_as_guest(link.key).status_code == 302
    grant = BoardAccessToken.objects.get(board=world.session.board, name="Amahle")
    assert link.ends_at is not None and grant.expires_at is not None
    assert abs((grant.expires_at - link.ends_at).total_seconds()) < 5


def test_a_facilitator_can_keep_a_link_open_past_the_session(world: World) -> None:
    client = facilitator_client(world)
    response = client.post(f"/sessions/{world.session.pk}/links/new/",
                           {"role": "editor", "allow_guests": "on", "keep_open": "on",
                            "confirm": "yes"})
    assert response.status_code == 302
    link = services.active_join_link(world.session)
    assert link is not None and link.keep_open and link.ends_at is None
    move(world.session, ends_in=-timedelta(hours=3))
    assert join_as_guest(link.key).status_code == 302
    page = client.get(f"/sessions/{world.session.pk}/").content.decode()
    assert link.display_code in page and "open until withdrawn" in page


def test_a_facilitator_expiry_overrides_the_session_end(world: World) -> None:
    client = facilitator_client(world)
    client.post(f"/sessions/{world.session.pk}/links/new/",
                {"role": "editor", "allow_guests": "on", "hours": "6", "confirm": "yes"})
    link = services.active_join_link(world.session)
    assert link is not None and link.expires_at is not None
    move(world.session, ends_in=-timedelta(hours=2))
    assert join_as_guest(link.key).status_code == 302
    grant = BoardAccessToken.objects.get(board=world.session.board, name="Amahle")
    assert grant.expires_at is not None
    assert abs((grant.expires_at - link.expires_at).total_seconds()) < 5
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save(update_fields=["expires_at"])
    assert join_as_guest(link.key, "Later").status_code == 404


def test_links_and_qr_codes_carry_the_long_key(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None and len(link.key) >= 32
    page = facilitator_client(world).get(f"/sessions/{world.session.pk}/").content.decode()
    assert f"/join/{link.key}/" in page and f"/join/{link.code}/" not in page
    assert Client().get(f"/join/{link.key}/").status_code == 200


def test_ended_links_are_purged_after_the_keep_days(world: World, settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "join_link_keep_days": 30}
    link = services.active_join_link(world.session)
    assert link is not None
    joined = services.join(world.session, presence="online", method="code",
                           guest_name="Amahle", link=link)
    kept_open = services.new_join_link(world.session, None, keep_open=True)
    move(world.session, ends_in=-timedelta(days=10))
    assert services.purge_ended_join_links() == 0
    move(world.session, ends_in=-timedelta(days=40))
    assert services.purge_ended_join_links() == 1
    assert list(JoinLink.objects.all()) == [kept_open]
    joined.attendance.refresh_from_db()
    assert joined.attendance.join_link is None  # attendance stays


def test_a_members_join_token_ends_when_they_sign_out(world: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("indaba.boards.live.close_token_connections", lambda token_id: None)
    client = Client()
    client.force_login(world.users["member"])
    assert client.post(f"/sessions/{world.session.pk}/join/",
                       {"presence": "online"}).status_code == 302
    grant = BoardAccessToken.objects.get(board=world.session.board,
                                         user_id=world.users["member"].pk)
    assert grant.is_active
    client.post("/accounts/logout/")
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_purge_command_runs_on_a_data_directory(tmp_path: Any) -> None:
    from tests.audit.support import indaba

    assert indaba(tmp_path, "session", "purge-links").stdout.strip() == "0"
