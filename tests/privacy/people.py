"""A person with one of each record Indaba keeps about people (for export and erasure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from indaba.accounts.audit import sign_in_failed
from indaba.accounts.models import LoginFailure, Profile
from indaba.boards import history
from indaba.communities import services as communities
from indaba.communities.models import Invitation
from indaba.facilitation import brainstorm, reactions, voting, workshop
from indaba.facilitation.permissions import Actor, Capability
from indaba.knowledge.models import (
    Approval,
    KnowledgeItem,
    LessonAction,
    Provenance,
    Reuse,
    ReviewComment,
    Transition,
)
from indaba.meetings import services as meetings
from indaba.meetings.models import ActionItem, AgendaItem, Registration
from tests.communities.helpers import World, make_user

# Every way this person can be named: none may survive an erasure.
USERNAME, EMAIL = "nomsa.d", "nomsa.dlamini@example.org"
NAMES = ("Nomsa", "Dlamini", USERNAME, EMAIL)


@dataclass
class Made:
    user: Any
    item: KnowledgeItem
    note: str  # the element id of a note they wrote (revealed from a named brainstorm)


def make_person(world: World) -> Made:
    session = world.session
    board = session.board
    assert board is not None
    user = make_user(USERNAME, first_name="Nomsa", last_name="Dlamini")
    user.email = EMAIL
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"display_name": "Nomsa Dlamini",
                                                          "unit": "Records Management"})
    communities.set_member(world.community, user, "member")
    Registration.objects.create(session=session, user=user)
    joined = meetings.join(session, presence="online", method="member", user=user)
    me = Actor(Capability.PARTICIPATE, joined.attendance.token_id or "", "Nomsa Dlamini", None)
    reactions.react(board, me, "🎉")
    brainstorm.start_brainstorm(board, anonymous=False)
    brainstorm.add_private_note(board, me, "Record the decisions as we go")
    brainstorm.reveal_brainstorm(board)
    note = next(eid for eid, n in workshop.read(board, workshop.sticky_notes).items()
                if n["author"] == "Nomsa Dlamini")
    voting.start_vote(board, votes_per_person=1, anonymous=False)
    voting.cast_vote(board, me, note)
    voting.reveal_vote(board)
    history.named_version(board, "Before lunch", "Nomsa Dlamini", user)
    item = KnowledgeItem.objects.create(community=world.community, title="Decisions log",
                                        lesson="Keep a decisions log.", created_by=user,
                                        created_by_name="Nomsa Dlamini", owner=user)
    Provenance.objects.create(item=item, element_id=note, element_type="note",
                              text="Record the decisions as we go", author="Nomsa Dlamini")
    Transition.objects.create(item=item, by=user, by_name="Nomsa Dlamini", from_state="draft",
                              to_state="in_review")
    ReviewComment.objects.create(item=item, author=user, author_name="Nomsa Dlamini",
                                 text="Looks right to me")
    Approval.objects.create(item=item, reviewer=user, round=1, unit="Records Management")
    Reuse.objects.create(item=item, by=user, by_name="Nomsa Dlamini", outcome="Used it")
    LessonAction.objects.create(item=item, text="Share the log", owner="Nomsa Dlamini")
    ActionItem.objects.create(session=session, text="Circulate notes", owner="Nomsa Dlamini")
    AgendaItem.objects.create(session=session, title="Records", speaker="Nomsa Dlamini")
    Invitation.objects.create(community=world.community, email=EMAIL,
                              expires_at=timezone.now())
    LoginFailure.objects.create(username=USERNAME, ip="192.0.2.9")
    sign_in_failed(USERNAME, None)  # an audit entry about them
    LogEntry.objects.create(user=world.users["superuser"], action_flag=CHANGE,
                            content_type=ContentType.objects.get_for_model(user),
                            object_id=str(user.pk), object_repr=str(user),
                            change_message=f"Changed email to {EMAIL}.")
    return Made(user, item, note)
