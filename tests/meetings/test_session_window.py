"""Sessions open and close: joining and attendance only within
INDABA_ATTENDANCE_MARGIN_MINUTES of the session's times; past sessions look past."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.boards.signals import board_client_joined, board_client_left
from indaba.meetings import presence, services
from indaba.meetings.models import Attendance, Phase, Session
from indaba.meetings.permissions import JoinRefusal, join_refusal
from tests.communities.helpers import World


def move(session: Session, starts_in: timedelta, length: timedelta = timedelta(hours=2)) -> None:
    session.starts_at = timezone.now() + starts_in
    session.ends_at = session.starts_at + length
    session.save(update_fields=["starts_at", "ends_at"])


@pytest.mark.parametrize(("starts_in", "phase"), [
    (timedelta(minutes=31), Phase.UPCOMING),
    (timedelta(minutes=29), Phase.OPEN),
    (-timedelta(hours=2, minutes=29), Phase.OPEN),
    (-timedelta(hours=2, minutes=31), Phase.PAST),
])
def test_a_session_is_open_from_the_margin_before_to_the_margin_after(
        world: World, starts_in: timedelta, phase: Phase) -> None:
    move(world.session, starts_in)
    assert world.session.phase() is phase


def test_the_margin_is_a_setting(world: World, settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "attendance_margin_minutes": 90}
    move(world.session, timedelta(minutes=80))
    assert world.session.phase() is Phase.OPEN


def test_nobody_joins_outside_the_window(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    move(world.session, timedelta(days=2))
    assert join_refusal(None, link) is JoinRefusal.NOT_OPEN_YET
    with pytest.raises(services.SessionError, match="joining opens at"):
        services.join(world.session, presence="online", method="code", guest_name="Early",
                      link=link)
    page = Client().get(f"/join/{link.code}/")
    assert page.status_code == 403 and b"is not open yet" in page.content
    move(world.session, -timedelta(days=30))
    assert join_refusal(None, link) is JoinRefusal.ENDED
    page = Client().get(f"/join/{link.code}/")
    assert page.status_code == 404 and b"The session has ended" in page.content
    with pytest.raises(services.SessionError, match="has ended"):
        services.join(world.session, presence="online", method="member",
                      user=world.users["member"])
    assert not Attendance.objects.filter(session=world.session).exists()


def test_a_past_session_page_offers_results_and_the_board_but_no_join(world: World) -> None:
    move(world.session, -timedelta(days=30))
    client = Client()
    client.force_login(world.users["facilitator"])
    page = client.get(f"/sessions/{world.session.pk}/").content.decode()
    link = world.session.join_links.get()
    assert "Ended" in page and "Results" in page and "Open the board" in page
    assert "where are you?" not in page and link.display_code not in page
    assert "Joining has closed" in page
    room = client.get(f"/sessions/{world.session.pk}/room/").content.decode()
    assert link.display_code not in room and "This session has ended" in room
    assert client.get(f"/sessions/{world.session.pk}/room/code").json() == {
        "code": "", "displayCode": "", "phase": "past"}


def test_the_facilitator_opens_the_board_without_attending(world: World) -> None:
    assert world.session.board is not None
    client = Client()
    client.force_login(world.users["facilitator"])
    page = client.get(f"/sessions/{world.session.pk}/").content.decode()
    assert f'href="{world.session.board.get_absolute_url()}"' in page
    assert "does not record attendance" in page
    response = client.get(world.session.board.get_absolute_url())
    assert response.status_code in (200, 503)  # 503: the front end is not built here
    assert not Attendance.objects.filter(session=world.session).exists()


def test_presence_outside_the_window_stamps_nothing(world: World) -> None:
    link = services.active_join_link(world.session)
    result = services.join(world.session, presence="online", method="link", guest_name="A",
                           link=link)
    token_id = str(result.attendance.token_id)
    move(world.session, -timedelta(days=30))
    later = timezone.now()
    board_client_joined.send(sender=world.session.board_id, token_id=token_id, at=later)
    result.attendance.refresh_from_db()
    assert result.attendance.last_seen_at is None  # looking at last month's board is not attending
    presence.sample(world.session, {token_id}, later)
    result.attendance.refresh_from_db()
    assert result.attendance.last_seen_at is None
    board_client_left.send(sender=world.session.board_id, token_id=token_id, at=later)
    result.attendance.refresh_from_db()
    # Still connected when the window closed: left, for the record, at its close.
    assert result.attendance.left_at == world.session.closes_at


def test_the_demo_session_is_open_whenever_the_demo_is_run(
        db: None, no_board_store: list[Any]) -> None:
    from indaba.meetings import demo

    made = demo.ensure_demo()
    assert made.session.phase() is Phase.OPEN
    move(made.session, -timedelta(days=10))
    again = demo.ensure_demo()
    again.session.refresh_from_db()
    assert again.session.pk == made.session.pk and again.session.phase() is Phase.OPEN
    times = [item.starts_at for item in again.session.agenda.all()]
    assert times[0] == timezone.localtime(again.session.starts_at).time()
