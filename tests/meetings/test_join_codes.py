"""Changing a join code: it asks first, says who is affected, and offers the people of
the old code the new one; the room screen follows the current code."""

from __future__ import annotations

from django.test import Client

from indaba.boards import tokens
from indaba.boards.permissions import cookie_name
from indaba.meetings import services
from indaba.meetings.models import Attendance
from tests.communities.helpers import World


def facilitator(world: World) -> Client:
    client = Client()
    client.force_login(world.users["facilitator"])
    return client


def test_withdrawing_asks_first_and_says_who_is_affected(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    services.join(world.session, presence="in_room", method="code", guest_name="Amahle",
                  link=link)
    client = facilitator(world)
    url = f"/sessions/{world.session.pk}/links/{link.pk}/revoke/"
    page = client.get(url).content.decode()
    assert f"Withdraw the join code {link.display_code}?" in page
    assert "1 person</strong> who joined with" in page and "is disconnected" in page
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.successor is None


def test_replacing_offers_the_new_code_to_the_people_of_the_old(world: World) -> None:
    old = services.active_join_link(world.session)
    assert old is not None and world.session.board is not None
    joined = services.join(world.session, presence="in_room", method="code",
                           guest_name="Amahle", link=old)
    client = facilitator(world)
    settings = {"role": "editor", "allow_guests": "on", "hours": "3"}
    ask = client.post(f"/sessions/{world.session.pk}/links/new/", settings).content.decode()
    assert f"Replace the join code {old.display_code}?" in ask and 'name="offer"' in ask
    assert services.active_join_link(world.session) == old  # nothing changed yet
    client.post(f"/sessions/{world.session.pk}/links/new/",
                {**settings, "confirm": "yes", "offer": "on"})
    new = services.active_join_link(world.session)
    assert new is not None and new != old
    old.refresh_from_db()
    assert old.revoked_at is not None and old.successor == new
    # The guest's board asks with its (revoked) token and is offered the new code.
    guest = Client()
    guest.cookies[cookie_name(world.session.board.id)] = joined.token
    offer = guest.get(f"/boards/{world.session.board.id}/rejoin").json()
    assert offer["displayCode"] == new.display_code and offer["joinUrl"] == f"/join/{new.key}/"
    assert "changed the join code" in offer["reason"]
    denied = guest.get(world.session.board.get_absolute_url()).content.decode()
    assert f"Rejoin with code {new.display_code}" in denied


def test_a_withdrawn_code_offers_nothing_and_strangers_learn_nothing(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None and world.session.board is not None
    joined = services.join(world.session, presence="online", method="code", guest_name="B",
                           link=link)
    services.replace_join_link(world.session, None, offer_to_previous=False)
    guest = Client()
    guest.cookies[cookie_name(world.session.board.id)] = joined.token
    offer = guest.get(f"/boards/{world.session.board.id}/rejoin").json()
    assert offer["displayCode"] == "" and "withdrew the join code" in offer["reason"]
    nobody = Client().get(f"/boards/{world.session.board.id}/rejoin")
    assert nobody.status_code == 404
    forged = Client(HTTP_AUTHORIZATION="Bearer not-a-token").get(
        f"/boards/{world.session.board.id}/rejoin")
    assert forged.status_code == 404
    active = services.join(world.session, presence="online", method="code", guest_name="C",
                           link=services.active_join_link(world.session))
    still = Client(HTTP_AUTHORIZATION=f"Bearer {active.token}").get(
        f"/boards/{world.session.board.id}/rejoin")
    assert still.status_code == 404  # a working token needs no way back


def test_a_guest_who_rejoins_with_the_new_code_is_still_one_person(world: World) -> None:
    old = services.active_join_link(world.session)
    assert old is not None
    client = Client()
    client.post(f"/join/{old.code}/", {"name": "Amahle", "presence": "in_room"})
    services.replace_join_link(world.session, None)
    new = services.active_join_link(world.session)
    assert new is not None
    page = client.get(f"/join/{new.code}/").content.decode()
    assert 'value="Amahle"' in page  # name and place filled in
    client.post(f"/join/{new.code}/", {"name": "Amahle", "presence": "in_room"})
    rows = list(Attendance.objects.filter(session=world.session))
    assert len(rows) == 1 and rows[0].join_link == new
    assert rows[0].token is not None and tokens.resolve(tokens.sign(rows[0].token))
    assert services.summary(world.session).total == 1


def test_the_room_screen_follows_the_current_code(world: World) -> None:
    client = facilitator(world)
    first = client.get(f"/sessions/{world.session.pk}/room/code").json()
    link = services.active_join_link(world.session)
    assert link is not None and first["code"] == link.code
    services.replace_join_link(world.session, None)
    second = client.get(f"/sessions/{world.session.pk}/room/code").json()
    assert second["code"] != first["code"] and second["phase"] == "open"
    current = services.active_join_link(world.session)
    assert current is not None
    services.revoke_join_link(current)
    assert client.get(f"/sessions/{world.session.pk}/room/code").json()["code"] == ""
