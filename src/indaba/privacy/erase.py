"""Erase a person (`indaba person erase`, docs/privacy.md): their names and contact details
are replaced by a pseudonym ("Former member 7f3a"), the account is deactivated with an
unusable password, and what they contributed stays, without them: knowledge items keep
their content, attendance its counts, votes their counts, board notes their text.

Audit entries about them are redacted with the audit trail's own mechanism, so the chain
still verifies; the erasure itself is recorded without any name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import pycrdt
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from indaba.accounts.models import LoginFailure, Profile
from indaba.audit import services as audit
from indaba.boards import document, schema, services
from indaba.boards.models import BoardAccessToken, BoardVersion
from indaba.communities.models import Invitation
from indaba.facilitation import workshop
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote
from indaba.knowledge.models import (
    KnowledgeItem,
    LessonAction,
    Provenance,
    Reuse,
    ReviewComment,
    Transition,
)
from indaba.meetings.models import ActionItem, AgendaItem, Attendance
from indaba.privacy.person import Person


@dataclass
class Erasure:
    pseudonym: str
    counts: dict[str, int] = field(default_factory=dict)
    boards: list[str] = field(default_factory=list)  # board documents rewritten
    # Boards this process serves: renamed live, but their stored history keeps the old name
    # until `indaba person erase` runs again with the server stopped.
    served: list[str] = field(default_factory=list)
    audit_redacted: list[int] = field(default_factory=list)

    account: str = ""  # the account's new user name (empty without an account)

    def as_json(self) -> dict[str, Any]:
        return {"pseudonym": self.pseudonym, "account": self.account, "changed": self.counts,
                "boards": self.boards, "served": self.served,
                "audit_redacted": self.audit_redacted}


def _board_authors(board_id: str, token_ids: set[str], names: set[str],
                   pseudonym: str) -> int:
    """Replace the author of their sticky notes on one board (in one change, seen live by
    everyone on it when this process serves the board). Returns the notes changed."""
    changed: list[int] = [0]

    def mutate(doc: pycrdt.Doc[Any]) -> None:
        mine = []
        for element in document.elements(doc, include_deleted=True):
            custom = element.get("customData")
            meta = custom.get("indaba") if isinstance(custom, dict) else None
            if not isinstance(meta, dict):
                continue
            if meta.get("authorId") in token_ids or meta.get("author") in names:
                meta["author"] = pseudonym
                mine.append(element)
        elements = workshop.shared_map(doc, schema.ELEMENTS)
        for element in mine:  # inside the caller's transaction: one update for everyone
            elements[element["id"]] = element
        changed[0] = len(mine)
        # A revealed vote that was not anonymous lists its voters by name.
        vote = workshop.shared_map(doc, schema.VOTE)
        voters = workshop.plain(vote.get("voters"))
        if isinstance(voters, dict) and any(n in names for v in voters.values() for n in v):
            vote["voters"] = {eid: [pseudonym if n in names else n for n in who]
                              for eid, who in voters.items()}

    services.change_board(board_id, mutate)
    return changed[0]


def erase(person: Person) -> Erasure:
    """Erase `person`; returns what was changed, by record type."""
    user = person.user
    names = person.names
    tokens = set(person.token_ids)
    refs = person.audit_refs  # before the e-mail address is gone
    done = Erasure(pseudonym=f"Former member {secrets.token_hex(2)}")
    pseudonym = done.pseudonym
    counts = done.counts
    of_user = Q(user=user) if user is not None else Q(pk__in=[])

    with transaction.atomic():
        if user is not None:
            user.username = f"former-{user.pk}-{secrets.token_hex(4)}"
            user.email = ""
            user.first_name = user.last_name = ""
            user.is_active = False
            user.is_staff = user.is_superuser = False
            user.set_unusable_password()
            user.save()
            done.account = user.username
            Profile.objects.update_or_create(user=user, defaults={
                "display_name": pseudonym, "unit": ""})
            counts["account"] = 1
            # The admin site's change history names the account as it was then.
            counts["admin_log"] = LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(user),
                object_id=str(user.pk)).update(object_repr=pseudonym, change_message="")
        counts["board_access"] = BoardAccessToken.objects.filter(id__in=tokens).update(
            name=pseudonym)
        # Attendance stays (it is counted), under the pseudonym.
        counts["attendance"] = Attendance.objects.filter(
            of_user | Q(token_id__in=tokens)).update(name=pseudonym)
        counts["activity"] = ActivityEvent.objects.filter(
            of_user | Q(actor_token_id__in=tokens)).update(actor_name=pseudonym)
        counts["votes"] = Vote.objects.filter(token_id__in=tokens).exclude(name="").update(
            name=pseudonym)
        counts["private_notes"] = PrivateNote.objects.filter(
            of_user | Q(token_id__in=tokens)).update(name=pseudonym)
        if user is not None:
            counts["knowledge_items"] = KnowledgeItem.objects.filter(
                created_by=user).update(created_by_name=pseudonym)
            counts["knowledge_transitions"] = Transition.objects.filter(by=user).update(
                by_name=pseudonym)
            counts["review_comments"] = ReviewComment.objects.filter(author=user).update(
                author_name=pseudonym)
            counts["reuses"] = Reuse.objects.filter(by=user).update(by_name=pseudonym)
            counts["board_versions"] = BoardVersion.objects.filter(user=user).update(
                actor_name=pseudonym)
        # Free-text names: what notes were harvested as and who owns an action.
        counts["provenance"] = Provenance.objects.filter(author__in=names).update(
            author=pseudonym)
        counts["agenda_items"] = AgendaItem.objects.filter(speaker__in=names).update(
            speaker=pseudonym)
        counts["actions_owned"] = (
            ActionItem.objects.filter(owner__in=names).update(owner=pseudonym)
            + LessonAction.objects.filter(owner__in=names).update(owner=pseudonym))
        counts["invitations"] = Invitation.objects.filter(
            email__iexact=person.email).delete()[0] if person.email else 0
        counts["login_failures"] = LoginFailure.objects.filter(username__in=names).delete()[0]
        done.audit_redacted = audit.redact(refs)
        audit.record("privacy.person_erased",
                     obj=("user", user.pk) if user is not None else None,
                     payload={"changed": dict(counts),
                              "audit_redacted": len(done.audit_redacted)})

    boards = sorted(set(BoardAccessToken.objects.filter(id__in=tokens)
                        .values_list("board_id", flat=True)))
    notes = 0
    for board_id in boards:
        changed = _board_authors(board_id, tokens, names, pseudonym)
        if changed:
            done.boards.append(board_id)
            notes += changed
            # The replaced names are still in the board's stored history until rewritten.
            if not services.forget_replaced(board_id):
                done.served.append(board_id)
    counts["board_notes"] = notes
    return done
