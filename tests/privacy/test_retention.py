"""The retention policy applied: each record type is removed or made anonymous once its
period has passed, counts that evidence needs stay, a dry run changes nothing, and every
run is recorded in the audit trail with its counts."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from indaba import config
from indaba.accounts.models import LoginFailure
from indaba.audit.models import Entry, Payload
from indaba.boards import tokens
from indaba.boards.models import BoardAccessToken
from indaba.communities.models import Invitation
from indaba.facilitation import reactions, voting, workshop
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote
from indaba.facilitation.permissions import Actor, Capability
from indaba.meetings import services as meetings
from indaba.meetings.models import Attendance, JoinLink
from indaba.privacy import retention
from tests.communities.helpers import World

DAY = timedelta(days=1)


def _board(world: World) -> Any:
    assert world.session.board is not None
    return world.session.board


def _populate(world: World) -> dict[str, Any]:
    """A session with attendance (an account that joined twice, a guest), a reaction, an
    anonymous and a named vote, a private note, a failed sign-in, tokens and links."""
    session, board = world.session, _board(world)
    link = meetings.active_join_link(session)
    again = meetings.join(session, presence="in_room", method="member",
                          user=world.users["member"])
    # An earlier join of the same account kept as its own row (rows from before joins were
    # reused): the counts count the account once, by its latest join.
    first = Attendance.objects.create(session=session, user=world.users["member"],
                                      name="member", presence="online", method="member",
                                      joined_at=again.attendance.joined_at - DAY / 24)
    guest = meetings.join(session, presence="in_room", method="code", guest_name="Zanele",
                          link=link)
    zanele = Actor(Capability.PARTICIPATE, guest.attendance.token_id or "", "Zanele", None)
    reactions.react(board, zanele, "🎉")
    note = next(iter(workshop.read(board, workshop.sticky_notes)))
    voting.start_vote(board, votes_per_person=1, anonymous=False)
    voting.cast_vote(board, zanele, note)
    voting.reveal_vote(board)
    PrivateNote.objects.create(board=board, round_id="r1", token_id=zanele.token_id,
                               name="Zanele", text="private")
    LoginFailure.objects.create(username="zanele", ip="192.0.2.7")
    revoked = tokens.issue_token(board, "editor", "Revoked one", 3600)[1]
    revoked.revoked_at = timezone.now()
    revoked.save()
    return {"note": note, "summary": meetings.summary(session), "link": link,
            "attendance": [first.pk, again.attendance.pk, guest.attendance.pk]}


def _run(days_later: int, dry_run: bool = False) -> dict[str, dict[str, int]]:
    return retention.run(dry_run=dry_run, now=timezone.now() + days_later * DAY)


def test_nothing_is_due_while_the_periods_last(world: World) -> None:
    _populate(world)
    report = _run(20)
    assert report == {"attendance": {"days": 365, "count": 0},
                      "activity": {"days": 365, "count": 0},
                      "votes": {"days": 30, "count": 0},
                      "login_failures": {"days": 30, "count": 0},
                      "access_tokens": {"days": 365, "count": 0},
                      "join_links": {"days": 90, "count": 0},
                      "outbox": {"days": 30, "count": 0}}


def test_votes_private_notes_and_failed_sign_ins_go_after_their_period(world: World) -> None:
    made = _populate(world)
    report = _run(31)
    assert report["votes"]["count"] == 2  # one vote's voter, one private note
    assert report["login_failures"]["count"] == 1
    assert report["attendance"]["count"] == 0 and report["activity"]["count"] == 0
    vote = Vote.objects.get()
    assert (vote.token_id, vote.name, vote.element_id) == ("", "", made["note"])
    # The count the results page shows stays.
    assert voting.revealed_vote_counts(_board(world)) == {made["note"]: 1}
    assert not PrivateNote.objects.exists() and not LoginFailure.objects.exists()


def test_attendance_and_activity_keep_counts_and_lose_names(world: World) -> None:
    made = _populate(world)
    report = _run(366)
    # Three rows: the account's two joins fold into one (as the counts already did).
    assert report["attendance"]["count"] == 3 and made["summary"].total == 2
    rows = list(Attendance.objects.values_list("name", "user", "token", "presence"))
    assert sorted(rows) == [("", None, None, "in_room"), ("", None, None, "in_room")]
    after = meetings.summary(world.session)
    assert (after.in_room, after.online, after.total) == (
        made["summary"].in_room, made["summary"].online, made["summary"].total)
    assert report["activity"]["count"] == ActivityEvent.objects.count() >= 2
    assert set(ActivityEvent.objects.values_list("actor_token_id", "actor_name", "user")) \
        == {("", "", None)}
    assert sorted(ActivityEvent.objects.values_list("kind", flat=True)) == ["reaction", "vote"]


def test_old_access_tokens_join_links_and_invitations_are_deleted(world: World) -> None:
    made = _populate(world)
    Invitation.objects.create(community=world.community, email="someone@example.org",
                              expires_at=timezone.now() + 7 * DAY)
    kept_open = meetings.new_join_link(made["link"].session, None, keep_open=True)
    # The session ended about two hours after it started; its join link goes 90 days later.
    report = _run(92)
    assert report["join_links"]["count"] == 1  # the session's link (the invitation: later)
    assert not JoinLink.objects.filter(pk=made["link"].pk).exists()
    assert JoinLink.objects.filter(pk=kept_open.pk).exists()  # kept open: not ended
    assert Invitation.objects.count() == 1
    assert report["access_tokens"]["count"] == 0  # access is kept for 365 days
    assert _run(100)["join_links"]["count"] == 1  # the invitation, 90 days after expiry
    assert not Invitation.objects.exists()
    ending = BoardAccessToken.objects.exclude(expires_at=None, revoked_at=None).count()
    assert ending >= 3  # the revoked one and the joins' tokens, which expire
    assert _run(367)["access_tokens"]["count"] == ending
    assert not BoardAccessToken.objects.exclude(expires_at=None, revoked_at=None).exists()


def test_a_dry_run_counts_and_changes_nothing(world: World) -> None:
    _populate(world)
    entries = Entry.objects.count()
    report = _run(400, dry_run=True)
    assert report["attendance"]["count"] == 3 and report["votes"]["count"] == 2
    assert Attendance.objects.exclude(name="").count() == 3
    assert Vote.objects.exclude(name="").count() == 1
    assert Entry.objects.count() == entries  # not recorded: nothing was done


def test_a_setting_of_zero_keeps_that_record_type(world: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(world)
    monkeypatch.setenv("INDABA_RETAIN_LOGIN_FAILURES_DAYS", "0")
    report = _run(400)
    assert report["login_failures"] == {"days": 0, "count": 0}
    assert LoginFailure.objects.count() == 1


def test_each_run_is_audited_with_its_counts(world: World) -> None:
    _populate(world)
    _run(31)
    entry = Entry.objects.order_by("-seq").first()
    assert entry is not None and entry.action == "privacy.retention"
    payload = Payload.objects.get(seq=entry.seq).data
    assert '"votes":2' in payload and '"login_failures":1' in payload


def test_outbox_mail_files_go_after_their_period(db: None) -> None:
    outbox = config.data_dir() / retention.OUTBOX_DIR
    outbox.mkdir(parents=True, exist_ok=True)
    old, new = outbox / "old.eml", outbox / "new.eml"
    for path in (old, new):
        path.write_text("a reset link")
    month_ago = (timezone.now() - 31 * DAY).timestamp()
    os.utime(old, (month_ago, month_ago))
    assert retention.run()["outbox"] == {"days": 30, "count": 1}
    assert not old.exists() and Path(new).exists()
    new.unlink()
