"""Apply the retention policy (indaba.common.retention): `indaba retention run` and, once a
day, `indaba serve`. Where evidence needs counts, records are made anonymous instead of
deleted: attendance keeps one row per person with its presence, activity keeps its kind.

Each run records one `privacy.retention` audit event with what it did per record type."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from indaba import config
from indaba.accounts.models import LoginFailure
from indaba.audit import services as audit
from indaba.boards.models import BoardAccessToken
from indaba.common.retention import RULES
from indaba.communities.models import Invitation
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote, VoteRound
from indaba.meetings.models import Attendance
from indaba.meetings.services import ended_join_links

log = logging.getLogger("indaba.privacy")

# Where mail goes when no SMTP server is set (docs/operations.md): one file per message.
OUTBOX_DIR = "outbox"


def _attendance(cutoff: datetime, dry_run: bool) -> int:
    """Attendance of sessions that ended before `cutoff` loses its names. An account's
    repeated joins of one session are first folded into its latest (as the attendance
    counts already count them), so the counts are the same before and after."""
    due = Attendance.objects.filter(session__ends_at__lt=cutoff).filter(
        ~Q(name="") | Q(user__isnull=False) | Q(token__isnull=False))
    latest: dict[tuple[int, int], int] = {}
    for pk, session_id, user_id in due.filter(user__isnull=False).order_by(
            "joined_at", "pk").values_list("pk", "session_id", "user_id"):
        latest[(session_id, user_id)] = pk  # the last one wins, as in meetings.attendees
    repeats = due.filter(user__isnull=False).exclude(pk__in=set(latest.values()))
    count = due.count()
    if not dry_run:
        repeats.delete()
        due.update(name="", user=None, token=None)
    return count


def _activity(cutoff: datetime, dry_run: bool) -> int:
    due = ActivityEvent.objects.filter(at__lt=cutoff).filter(
        ~Q(actor_token_id="") | ~Q(actor_name="") | Q(user__isnull=False))
    count = due.count()
    if not dry_run:
        due.update(actor_token_id="", actor_name="", user=None)
    return count


def _votes(cutoff: datetime, dry_run: bool) -> int:
    votes = Vote.objects.filter(at__lt=cutoff).filter(~Q(token_id="") | ~Q(name=""))
    notes = PrivateNote.objects.filter(created_at__lt=cutoff)
    count = votes.count() + notes.count()
    if not dry_run:
        votes.update(token_id="", name="")
        notes.delete()
        # A round this old takes no more votes: its key goes too.
        VoteRound.objects.filter(started_at__lt=cutoff).exclude(voter_salt="").update(
            voter_salt="")
    return count


def _login_failures(cutoff: datetime, dry_run: bool) -> int:
    due = LoginFailure.objects.filter(at__lt=cutoff)
    count = due.count()
    if not dry_run:
        due.delete()
    return count


def _access_tokens(cutoff: datetime, dry_run: bool) -> int:
    due = BoardAccessToken.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
    count = due.count()
    if not dry_run:
        due.delete()
    return count


def _join_links(cutoff: datetime, dry_run: bool) -> int:
    # The meetings rule: a link the facilitator kept open has not ended with its session.
    links = ended_join_links(cutoff)
    invitations = Invitation.objects.filter(Q(expires_at__lt=cutoff)
                                            | Q(accepted_at__lt=cutoff))
    count = links.count() + invitations.count()
    if not dry_run:
        links.delete()
        invitations.delete()
    return count


def _outbox(cutoff: datetime, dry_run: bool) -> int:
    folder = config.data_dir() / OUTBOX_DIR
    if not folder.is_dir():
        return 0
    limit = cutoff.timestamp()
    old = [f for f in folder.iterdir() if f.is_file() and f.stat().st_mtime < limit]
    if not dry_run:
        for path in old:
            Path(path).unlink(missing_ok=True)
    return len(old)


APPLY: dict[str, Callable[[datetime, bool], int]] = {
    "attendance": _attendance, "activity": _activity, "votes": _votes,
    "login_failures": _login_failures, "access_tokens": _access_tokens,
    "join_links": _join_links, "outbox": _outbox,
}


def run(dry_run: bool = False, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Apply every rule whose period is set; returns per record type its days and how
    many records were (with `dry_run`: would be) removed or made anonymous."""
    moment = now or timezone.now()
    report: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        for rule in RULES:
            days = rule.days
            done = 0 if days == 0 else APPLY[rule.key](moment - timedelta(days=days), dry_run)
            report[rule.key] = {"days": days, "count": done}
        if not dry_run:
            audit.record("privacy.retention", payload={
                "counts": {key: entry["count"] for key, entry in report.items()}})
    return report


def scheduled_run() -> dict[str, dict[str, int]]:
    """The daily run of `indaba serve`, in a worker thread: logs what it did."""
    from django.db import connections

    try:
        report = run()
        log.info("retention: %s", ", ".join(f"{k} {v['count']}" for k, v in report.items()))
        return report
    finally:
        connections.close_all()  # this worker thread's connections
