"""Everything held about one person, as JSON (`indaba person export`, docs/privacy.md).

The shape is stable: `format` names its version, every list is present (empty when there
is nothing) and every time is ISO 8601 in UTC. A person is found by user name or e-mail
address; an address with no account still finds the invitations sent to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from indaba.accounts.models import LoginFailure, Profile
from indaba.audit import services as audit
from indaba.audit.models import Entry, Payload
from indaba.boards.models import BoardAccessToken, BoardVersion
from indaba.common.errors import NotFound
from indaba.communities.models import Invitation, Membership
from indaba.facilitation.models import ActivityEvent, PrivateNote, Vote
from indaba.knowledge.models import (
    Approval,
    KnowledgeItem,
    LessonAction,
    Reuse,
    ReviewComment,
    Transition,
)
from indaba.meetings.models import ActionItem, AgendaItem, Attendance, Registration

FORMAT = "indaba.person-export.v1"


@dataclass(frozen=True)
class Person:
    """Who an export or erasure is about: an account, or only an e-mail address."""

    user: Any  # the account, or None
    email: str

    @property
    def names(self) -> set[str]:
        """Every name this person goes by here: account names, display name, the names
        on their board access (what actions and notes name them by)."""
        found = {self.email} if self.email else set()
        if self.user is not None:
            user = self.user
            profile = Profile.objects.filter(user=user).first()
            found |= {user.get_username(), user.get_full_name(), user.first_name,
                      user.last_name, profile.display_name if profile else ""}
            found |= set(BoardAccessToken.objects.filter(user=user)
                         .values_list("name", flat=True))
        return {name.strip() for name in found if name and name.strip()}

    @property
    def token_ids(self) -> list[str]:
        if self.user is None:
            return []
        return list(BoardAccessToken.objects.filter(user=self.user)
                    .values_list("id", flat=True))

    @property
    def audit_refs(self) -> list[str]:
        """The audit subject references of this person's entries (docs/audit.md)."""
        refs = audit.person_refs(self.user) if self.user is not None else []
        if self.email:
            refs.append(audit.email_ref(self.email))
        refs += [f"token:{t}" for t in self.token_ids]
        return sorted(set(refs))


def find(who: str) -> Person:
    """The person with this user name or e-mail address (case-insensitive)."""
    who = who.strip()
    if not who or len(who) > 254:
        raise NotFound("give a user name or an e-mail address")
    users = get_user_model()._default_manager
    user = users.filter(username=who).first() or users.filter(username__iexact=who).first()
    if user is None and "@" in who:
        user = users.filter(email__iexact=who).order_by("pk").first()
    if user is not None:
        return Person(user, user.email)
    if "@" in who and Invitation.objects.filter(email__iexact=who).exists():
        return Person(None, who)
    raise NotFound(f"no account or invitation for {who!r}")


def _when(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _votes(person: Person) -> list[dict[str, Any]]:
    """Their own votes: those stored under one of their tokens (or their account). Votes
    of anonymous rounds are stored under a hash whose key is gone: they are no one's."""
    if person.user is None:
        return []
    keys = [*person.token_ids, f"user:{person.user.pk}"]
    return [{"board": v.board_id, "round": v.round_id, "element": v.element_id,
             "at": _when(v.at)} for v in Vote.objects.filter(token_id__in=keys)]


def _audit_entries(person: Person) -> list[dict[str, Any]]:
    seqs: set[int] = set()
    for ref in person.audit_refs:
        seqs.update(Payload.objects.filter(subjects__contains=f" {ref} ")
                    .values_list("seq", flat=True))
    if person.user is not None:
        actor = f"user:{person.user.pk}"
        seqs.update(Entry.objects.filter(Q(actor=actor) | Q(object_type="user",
                                                            object_id=str(person.user.pk)))
                    .values_list("seq", flat=True))
    # The audit trail's own export shape (payload null once redacted).
    return list(audit.export_entries(sorted(seqs)))


def export(person: Person) -> dict[str, Any]:
    """Everything held about `person` (docs/privacy.md lists the keys)."""
    user = person.user
    names = person.names
    tokens = person.token_ids
    by_user: dict[str, Any] = {"user": user} if user is not None else {"pk__in": []}
    profile = Profile.objects.filter(user=user).first() if user is not None else None
    items = KnowledgeItem.objects.filter(Q(created_by=user) | Q(owner=user)) \
        if user is not None else KnowledgeItem.objects.none()
    return {
        "format": FORMAT,
        "exported_at": _when(timezone.now()),
        "account": None if user is None else {
            "id": user.pk, "username": user.get_username(), "email": user.email,
            "first_name": user.first_name, "last_name": user.last_name,
            "active": user.is_active, "staff": user.is_staff, "superuser": user.is_superuser,
            "joined": _when(user.date_joined), "last_login": _when(user.last_login)},
        "profile": None if profile is None else {
            "display_name": profile.display_name, "unit": profile.unit},
        "memberships": [
            {"community": m.community.slug, "role": m.role, "joined": _when(m.joined_at)}
            for m in Membership.objects.filter(**by_user).select_related("community")],
        "registrations": [
            {"session": r.session_id, "title": r.session.title, "at": _when(r.created_at)}
            for r in Registration.objects.filter(**by_user).select_related("session")],
        "attendance": [
            {"session": a.session_id, "title": a.session.title, "name": a.name,
             "presence": a.presence, "method": a.method, "joined": _when(a.joined_at),
             "last_seen": _when(a.last_seen_at), "left": _when(a.left_at)}
            for a in Attendance.objects.filter(Q(user=user) | Q(token_id__in=tokens)
                                               if user is not None else Q(pk__in=[]))
            .select_related("session")],
        "board_access": [
            {"board": t.board_id, "role": t.role, "name": t.name, "created": _when(t.created_at),
             "expires": _when(t.expires_at), "revoked": _when(t.revoked_at)}
            for t in BoardAccessToken.objects.filter(id__in=tokens)],
        "activity": [
            {"board": e.board_id, "kind": e.kind, "element": e.element_id, "detail": e.detail,
             "name": e.actor_name, "at": _when(e.at)}
            for e in ActivityEvent.objects.filter(Q(user=user) | Q(actor_token_id__in=tokens)
                                                  if user is not None else Q(pk__in=[]))],
        "votes": _votes(person),
        "private_notes": [
            {"board": n.board_id, "round": n.round_id, "text": n.text, "name": n.name,
             "element": n.element_id, "at": _when(n.created_at)}
            for n in PrivateNote.objects.filter(Q(user=user) | Q(token_id__in=tokens)
                                                if user is not None else Q(pk__in=[]))],
        "knowledge_items": [
            {"id": i.pk, "title": i.title, "kind": i.kind, "state": i.state,
             "community": i.community.slug, "created_by_name": i.created_by_name,
             "created_by_them": i.created_by_id == getattr(user, "pk", None),
             "owned_by_them": i.owner_id == getattr(user, "pk", None),
             "created": _when(i.created_at)}
            for i in items.select_related("community")],
        "knowledge_transitions": [
            {"item": t.item_id, "from": t.from_state, "to": t.to_state, "name": t.by_name,
             "at": _when(t.at)} for t in Transition.objects.filter(by=user)]
        if user is not None else [],
        "review_comments": [
            {"item": c.item_id, "text": c.text, "name": c.author_name, "at": _when(c.at)}
            for c in ReviewComment.objects.filter(author=user)] if user is not None else [],
        "approvals": [
            {"item": a.item_id, "round": a.round, "unit": a.unit, "at": _when(a.at)}
            for a in Approval.objects.filter(reviewer=user)] if user is not None else [],
        "reuses": [
            {"item": r.item_id, "outcome": r.outcome, "unit": r.unit, "name": r.by_name,
             "at": _when(r.at)} for r in Reuse.objects.filter(by=user)]
        if user is not None else [],
        "actions_owned": [
            *({"session": a.session_id, "text": a.text, "owner": a.owner}
              for a in ActionItem.objects.filter(owner__in=names)),
            *({"knowledge_item": a.item_id, "text": a.text, "owner": a.owner,
               "status": a.status} for a in LessonAction.objects.filter(owner__in=names))],
        "agenda_items": [
            {"session": a.session_id, "title": a.title, "speaker": a.speaker}
            for a in AgendaItem.objects.filter(speaker__in=names)],
        "board_versions": [
            {"board": v.board_id, "version": v.number, "reason": v.reason, "name": v.name,
             "by": v.actor_name, "at": _when(v.created_at)}
            for v in BoardVersion.objects.filter(user=user)] if user is not None else [],
        "invitations": [
            {"community": i.community.slug, "email": i.email, "role": i.role,
             "sent": _when(i.created_at), "expires": _when(i.expires_at),
             "accepted": _when(i.accepted_at)}
            for i in Invitation.objects.filter(email__iexact=person.email)
            .select_related("community")] if person.email else [],
        "login_failures": [
            {"typed": f.username, "ip": f.ip, "at": _when(f.at)}
            for f in LoginFailure.objects.filter(username__in=names)],
        "admin_changes": [
            {"at": _when(e.action_time), "action": e.get_action_flag_display(),
             "object": e.object_repr, "message": e.change_message}
            for e in LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(user),
                object_id=str(user.pk))] if user is not None else [],
        "audit_entries": _audit_entries(person),
    }
