"""Join codes cannot be enumerated: wrong, expired, withdrawn and ended codes get one
answer, and a client that tries too many is refused (429) until the period ends."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from indaba.meetings import services
from indaba.meetings.models import JoinLink
from tests.communities.helpers import World

RATE = 4


@pytest.fixture(autouse=True)
def small_allowance(settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "join_failures_rate": f"{RATE}/10m"}


def unusable_links(world: World) -> dict[str, JoinLink]:
    expired = services.new_join_link(world.session, None,
                                      expires_at=timezone.now() - timedelta(minutes=1))
    revoked = services.new_join_link(world.session, None)
    services.revoke_join_link(revoked)
    return {"expired": expired, "revoked": revoked}


def page(response: Any, code: str) -> str:
    """The page without what differs by request anyway: the CSRF token and the code
    itself, echoed in the sign-in link's `next`."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html.replace(code, "CODE")


def test_wrong_expired_and_withdrawn_codes_get_the_same_answer(world: World,
                                                               settings: Any) -> None:
    settings.INDABA_LIMITS = {**settings.INDABA_LIMITS, "join_failures_rate": "100/10m"}
    links = unusable_links(world)
    codes = {"wrong": "ZZZ999", **{k: link.code for k, link in links.items()}}
    by_path = {kind: Client().get(f"/join/{code}/") for kind, code in codes.items()}
    assert {r.status_code for r in by_path.values()} == {404}
    assert len({page(by_path[kind], code) for kind, code in codes.items()}) == 1
    assert world.session.title.encode() not in by_path["revoked"].content
    # The long keys of links and QR codes answer the same way.
    wrong = page(by_path["wrong"], "ZZZ999")
    for link in links.values():
        by_key = Client().get(f"/join/{link.key}/")
        assert (by_key.status_code, page(by_key, link.key)) == (404, wrong)
    typed = {kind: Client().post("/join/", {"code": code}) for kind, code in codes.items()}
    assert {r.status_code for r in typed.values()} == {200}
    assert len({page(typed[kind], code) for kind, code in codes.items()}) == 1


def test_an_ended_session_answers_like_a_wrong_code(world: World) -> None:
    link = services.active_join_link(world.session)
    assert link is not None
    wrong = Client().get("/join/ZZZ999/")
    world.session.ends_at = timezone.now() - timedelta(days=1)
    world.session.starts_at = world.session.ends_at - timedelta(hours=2)
    world.session.save(update_fields=["starts_at", "ends_at"])
    ended = Client().get(f"/join/{link.code}/")
    assert (ended.status_code, page(ended, link.code)) == (404, page(wrong, "ZZZ999"))


def test_the_next_wrong_code_after_the_allowance_is_refused(world: World) -> None:
    client = Client()
    for attempt in range(RATE):
        assert client.get(f"/join/ZZZ99{attempt}/").status_code == 404
    refused = client.get("/join/ZZZ998/")
    assert refused.status_code == 429
    assert "Too many codes tried" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # Every code is refused now, a right one too: trying cannot tell them apart.
    link = services.active_join_link(world.session)
    assert link is not None
    assert client.get(f"/join/{link.code}/").status_code == 429
    assert client.post("/join/", {"code": link.code}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(f"/join/{link.code}/").status_code == 200


def test_typed_codes_count_against_the_same_allowance(world: World) -> None:
    client = Client()
    for attempt in range(RATE):
        assert client.post("/join/", {"code": f"ZZZ99{attempt}"}).status_code == 200
    assert client.post("/join/", {"code": "ZZZ998"}).status_code == 429


def test_right_codes_never_use_up_the_allowance(world: World) -> None:
    """A room of people behind one office address all join with the right code."""
    link = services.active_join_link(world.session)
    assert link is not None
    for person in range(RATE * 3):
        joined = Client().post(f"/join/{link.key}/",
                               {"name": f"Guest {person}", "presence": "in_room"})
        assert joined.status_code == 302
    assert Client().get("/join/ZZZ999/").status_code == 404
