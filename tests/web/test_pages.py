"""Site-wide pages: styled error pages with a way on, and a home page for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path

from indaba.web.urls import urlpatterns as site_urls
from tests.communities.helpers import World


def _boom(request: Any) -> Any:
    raise RuntimeError("something broke")


urlpatterns = [path("boom/", _boom), *site_urls]


def test_not_found_is_a_styled_page_with_navigation(db: None) -> None:
    response = Client().get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing at this address" in page and "site.css" in page
    assert 'href="/join/"' in page and 'aria-label="Where to go next"' in page


def test_forbidden_says_why_and_where_to_go(world: World) -> None:
    client = Client()
    client.force_login(world.users["member"])
    response = client.get(f"/sessions/{world.session.pk}/attendance/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not open this page" in page and "view the attendance of this session" in page
    assert "signed in as <strong>member</strong>" in page and 'href="/communities/"' in page


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_is_a_styled_page_without_details(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and "something broke" not in page


def test_community_list_counts_every_member(world: World) -> None:
    client = Client()
    client.force_login(world.users["member"])
    page = client.get("/communities/").content.decode()
    assert "5 members" in page  # lead, facilitator, member, reviewer, executive


def test_an_executive_home_page_leads_to_the_evidence(world: World) -> None:
    client = Client()
    client.force_login(world.users["executive"])
    page = client.get("/").content.decode()
    assert "Evidence of value" in page and "Upcoming sessions" not in page
    assert f"/communities/{world.community.slug}/evidence/" in page
    assert "0 sessions held, 0 attendances" in page


def test_home_page_counts_of_people_are_suppressed_like_the_evidence(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from indaba.meetings.models import Attendance, Session

    now = timezone.now()
    session = Session.objects.create(community=world.community, title="Past",
                                     starts_at=now - timedelta(days=2, hours=2),
                                     ends_at=now - timedelta(days=2))
    for n in range(6):
        Attendance.objects.create(session=session, name=f"Guest {n}", presence="in_room",
                                  method="code")
    Attendance.objects.create(session=session, name="Lone online", presence="online",
                              method="code")
    client = Client()
    client.force_login(world.users["executive"])
    page = client.get("/").content.decode()
    # 7 attendances: 6 in the room and 1 online; the 1 would be recoverable from 7 - 6.
    assert "1 session held, 7 attendances (&lt;5 in the room, &lt;5 online)" in page
    client.force_login(world.users["member"])
    page = client.get("/").content.decode()
    assert "Evidence of value" not in page  # members do not read evidence


@pytest.mark.parametrize("lines", [3, 5])
def test_the_agenda_gets_another_line_without_javascript(world: World, lines: int) -> None:
    client = Client()
    client.force_login(world.users["facilitator"])
    form = {"title": "Retro", "starts_at": "2030-01-01T09:00", "ends_at": "2030-01-01T11:00",
            "mode": "hybrid", "template": "blank", "agenda-TOTAL_FORMS": str(lines),
            "agenda-INITIAL_FORMS": "0", "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "1000", "agenda-0-title": "Check-in", "add_line": "1"}
    page = client.post(f"/communities/{world.community.slug}/sessions/new/", form)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="agenda-{lines}-title"' in html  # one more line
    assert 'value="Check-in"' in html  # nothing typed is lost
    assert "This field is required" not in html  # not a failed submit
    assert world.community.sessions.filter(title="Retro").count() == 0
