"""Board history through the workshop: the automatic versions, the HTTP endpoints and who
may use them (boards live in memory here, as in the other facilitation tests)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pycrdt
from django.test import Client
from django.utils import timezone

from indaba.boards import builders, document, history
from indaba.boards.models import BoardVersion, VersionReason
from indaba.facilitation import brainstorm, voting
from indaba.facilitation.permissions import Actor, Capability
from indaba.meetings import history as session_history
from tests.communities.helpers import World
from tests.facilitation.test_permissions import bearer


def reasons(world: World) -> list[str]:
    return list(BoardVersion.objects.filter(board=world.session.board)
                .order_by("number").values_list("reason", flat=True))


def url(world: World, tail: str = "") -> str:
    assert world.session.board is not None
    return f"/boards/{world.session.board.id}/history/{tail}"


def get(world: World, caller: str, tail: str = "") -> Any:
    return Client().get(url(world, tail), **bearer(world, caller))


def post(world: World, caller: str, tail: str, body: dict[str, Any]) -> Any:
    return Client().post(url(world, tail), data=json.dumps(body),
                         content_type="application/json", **bearer(world, caller))


def add_note(docs: dict[str, Any], world: World, text: str) -> str:
    assert world.session.board is not None
    doc = docs[world.session.board.id]
    box, label = builders.sticky_note(text, 600, 600, builders.IndexSequence(after="a9"),
                                      author="Member")
    document.write_elements(doc, [box, label])
    return str(box["id"])


def test_vote_and_brainstorm_moments_each_make_one_version(world: World) -> None:
    board = world.session.board
    assert board is not None
    voting.start_vote(board, votes_per_person=2, anonymous=True, by="Lead")
    voting.reveal_vote(board, by="Lead")
    brainstorm.start_brainstorm(board, anonymous=False)
    who = Actor(Capability.PARTICIPATE, "t1", "Member", None)
    brainstorm.add_private_note(board, who, "A hidden idea")
    brainstorm.reveal_brainstorm(board)
    assert reasons(world) == ["vote_start", "vote_reveal", "brainstorm_start", "brainstorm_end"]
    first = BoardVersion.objects.get(board=board, number=1)
    assert first.actor_name == "Lead" and first.moment.startswith("vote:")
    last = BoardVersion.objects.get(board=board, number=4)
    texts = {e.get("text") for e in history.content_of(last).elements}
    assert "A hidden idea" in texts  # the brainstorm's end holds the revealed notes
    assert last.element_count == first.element_count + 2


def test_session_start_and_end_are_saved_once_each(world: World) -> None:
    session = world.session
    assert session.board is not None
    assert [v.reason for v in session_history.check_sessions()] == ["session_start"]
    assert session_history.check_sessions() == []  # idempotent per session and reason
    session_history.on_board_open(session.board)
    assert reasons(world) == ["session_start"]
    after_end = session.ends_at + timedelta(minutes=1)
    assert [v.reason for v in session_history.check_sessions(after_end)] == ["session_end"]
    assert session_history.check_sessions(after_end) == []
    # Long after the end nothing is invented.
    assert session_history.check_sessions(session.ends_at + timedelta(days=3)) == []
    assert reasons(world) == ["session_start", "session_end"]


def test_opening_the_board_page_saves_the_session_start(world: World,
                                                        monkeypatch: Any) -> None:
    from indaba.boards import views

    monkeypatch.setattr(views, "entry_assets", lambda entry: {"scripts": [], "styles": []})
    monkeypatch.setattr(views, "render", lambda *a, **k: views.HttpResponse("page"))
    client = Client()
    client.force_login(world.users["member"])
    assert client.get(url(world).removesuffix("/history/")).status_code == 200
    assert reasons(world) == ["session_start"]


def test_periodic_versions_only_when_due_and_changed(world: World,
                                                    docs: dict[str, Any]) -> None:
    board = world.session.board
    assert board is not None
    now = timezone.now()
    assert history.periodic_version(board, now) is None  # the board is minutes old
    later = now + timedelta(minutes=11)
    made = history.periodic_version(board, later)
    assert made is not None and made.reason == VersionReason.PERIODIC
    # Due again ten minutes on, but nothing changed: no version.
    assert history.periodic_version(board, later + timedelta(minutes=11)) is None
    add_note(docs, world, "Edited meanwhile")
    assert history.periodic_version(board, later + timedelta(minutes=5)) is None  # not due
    assert history.periodic_versions([board.id], later + timedelta(minutes=11)) == 1
    assert reasons(world) == ["periodic", "periodic"]


def test_a_periodic_version_is_made_once_when_two_workers_find_it_due(
        world: World, docs: dict[str, Any]) -> None:
    """Two worker processes serving the board both find it due (each read the same last
    version); the one that saves second must not add a duplicate."""
    board = world.session.board
    assert board is not None
    later = timezone.now() + timedelta(minutes=11)
    seen_by_both = board.created_at  # no version yet: both measure from the creation
    content = history.current_content(board.id)
    first = history.save_version(board, VersionReason.PERIODIC, content, at=later,
                                 unless_newer_than=seen_by_both)
    second = history.save_version(board, VersionReason.PERIODIC, content,
                                  at=later + timedelta(seconds=1),
                                  unless_newer_than=seen_by_both)
    assert first is not None and second is None
    assert reasons(world) == ["periodic"]


def test_anyone_with_access_lists_diffs_and_previews(world: World,
                                                     docs: dict[str, Any]) -> None:
    assert post(world, "lead", "snapshot", {"name": "Before lunch"}).status_code == 201
    note = add_note(docs, world, "After lunch idea")
    listed = get(world, "reviewer")  # a viewer
    assert listed.status_code == 200
    body = listed.json()
    assert body["canRestore"] is False
    assert [(v["version"], v["reason"], v["name"], v["who"]) for v in body["versions"]] \
        == [(1, "named", "Before lunch", "lead")]
    changed = get(world, "member", "diff?from=1").json()
    assert changed["to"] == "now"
    assert [(a["id"], a["kind"], a["text"]) for a in changed["added"]
            if a["kind"] == "note"] == [(note, "note", "After lunch idea")]
    assert changed["removed"] == [] and changed["changed"] == []
    scene = get(world, "reviewer", "1/scene").json()
    assert scene["type"] == "excalidraw"
    assert note not in {e["id"] for e in scene["elements"]}
    assert get(world, "member", "9/scene").status_code == 404
    assert get(world, "member", "diff?from=x").status_code == 400
    assert get(world, "outsider").status_code == 403


def test_only_facilitators_snapshot_and_restore(world: World, docs: dict[str, Any]) -> None:
    assert post(world, "member", "snapshot", {"name": "Mine"}).status_code == 403
    assert post(world, "reviewer", "snapshot", {"name": "Mine"}).status_code == 403
    assert post(world, "lead", "snapshot", {"name": "  "}).status_code == 400
    assert post(world, "facilitator", "snapshot", {"name": "Start"}).status_code == 201
    note = add_note(docs, world, "Later")
    assert post(world, "member", "restore", {"version": 1}).status_code == 403
    assert post(world, "lead", "restore", {"version": "1"}).status_code == 400
    assert post(world, "lead", "restore", {"version": 7}).status_code == 404
    assert Client().get(url(world, "restore"), **bearer(world, "lead")).status_code == 405
    done = post(world, "lead", "restore", {"version": 1})
    assert done.status_code == 200
    body = done.json()
    assert body["beforeRestore"]["reason"] == "before_restore"
    assert body["restore"]["restoredFrom"] == 1 and body["deleted"] == 2  # note + label
    assert world.session.board is not None
    live = {e["id"] for e in document.elements(docs[world.session.board.id])}
    assert note not in live
    assert reasons(world) == ["named", "before_restore", "restore"]


def test_a_restore_leaves_the_workshop_maps_alone(world: World,
                                                  docs: dict[str, Any]) -> None:
    board = world.session.board
    assert board is not None
    history.named_version(board, "Empty vote", "Lead")
    voting.start_vote(board, votes_per_person=1, anonymous=True)
    history.restore(board, 1, actor_name="Lead")
    doc: pycrdt.Doc[Any] = docs[board.id]
    assert doc.get("vote", type=pycrdt.Map).get("state") == "open"


def test_the_servers_minute_check_saves_what_is_due(transactional_db: None, world: World,
                                                    docs: dict[str, Any]) -> None:
    """`history_tick` as the ASGI lifespan runs it: in a worker thread, with its own
    database connection."""
    import threading

    from indaba.asgi import history_tick

    board = world.session.board
    assert board is not None
    made: list[int] = []
    worker = threading.Thread(target=lambda: made.append(history_tick([board.id])))
    worker.start()
    worker.join(30)
    assert made == [1]  # the running session's start; the board is too new for a periodic one
    assert reasons(world) == ["session_start"]
