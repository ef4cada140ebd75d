"""The review workflow: every transition, refused ones with their typed errors,
concurrent approvals, authors, the other-unit rule, removed reviewers, mail."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from indaba.accounts.people import profile_of
from indaba.common.errors import Conflict, Forbidden, Invalid, NotFound
from indaba.communities import services as community_services
from indaba.knowledge import permissions, services
from indaba.knowledge.harvest import harvest
from indaba.knowledge.models import ActionStatus, KnowledgeItem, State, Transition
from tests.communities.helpers import make_user
from tests.knowledge.conftest import Harvestable


@pytest.fixture
def item(hw: Harvestable) -> KnowledgeItem:
    return harvest(hw.board, [hw.ids["improve"]], hw.world.users["member"])


def _states(item: KnowledgeItem) -> list[tuple[str, str]]:
    return list(item.transitions.values_list("from_state", "to_state"))


def test_the_whole_path_is_recorded(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    assert services.submit(item, users["member"]) == ["lead@example.org",
                                                      "reviewer@example.org"]
    assert item.state == State.IN_REVIEW and item.review_round == 1
    assert len(mail.outbox) == 1 and "Review requested" in mail.outbox[0].subject
    services.request_changes(item, users["reviewer"], "Name the business process")
    assert item.state == State.CHANGES_REQUESTED
    services.submit(item, users["member"])
    assert item.review_round == 2
    decision = services.approve(item, users["reviewer"])
    assert decision.published and item.state == State.PUBLISHED and item.published_at
    services.archive(item, users["lead"])
    assert _states(item) == [("", "draft"), ("draft", "in_review"),
                             ("in_review", "changes_requested"),
                             ("changes_requested", "in_review"), ("in_review", "published"),
                             ("published", "archived")]
    last = item.transitions.last()
    assert last is not None and last.by == users["lead"] and last.at is not None


def test_supersede_links_the_successor(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    newer = harvest(hw.board, [hw.ids["worked"]], users["member"])
    for one in (item, newer):
        services.submit(one, users["member"])
        services.approve(one, users["reviewer"])
    with pytest.raises(Invalid):
        services.supersede(item, users["lead"], item)
    services.supersede(item, users["lead"], newer)
    assert item.state == State.SUPERSEDED and item.superseded_by == newer


@pytest.mark.parametrize(("setup", "act"), [
    ("draft", lambda i, u: services.approve(i, u["reviewer"])),
    ("draft", lambda i, u: services.request_changes(i, u["reviewer"], "x")),
    ("draft", lambda i, u: services.archive(i, u["lead"])),
    ("in_review", lambda i, u: services.submit(i, u["member"])),
    ("in_review", lambda i, u: services.archive(i, u["lead"])),
    ("published", lambda i, u: services.submit(i, u["member"])),
    ("published", lambda i, u: services.approve(i, u["lead"])),
    ("archived", lambda i, u: services.archive(i, u["lead"])),
])
def test_refused_transitions_are_conflicts(hw: Harvestable, item: KnowledgeItem, setup: str,
                                           act: Any) -> None:
    users = hw.world.users
    if setup != "draft":
        services.submit(item, users["member"])
    if setup in ("published", "archived"):
        services.approve(item, users["reviewer"])
    if setup == "archived":
        services.archive(item, users["lead"])
    before = Transition.objects.count()
    with pytest.raises(Conflict):
        act(item, users)
    item.refresh_from_db()
    assert item.state == setup and Transition.objects.count() == before


def test_who_may_not_move_an_item(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    with pytest.raises(Forbidden):
        services.submit(item, users["reviewer"])
    services.submit(item, users["member"])
    for who in ("member", "facilitator", "executive", "outsider"):
        with pytest.raises(Forbidden):
            services.approve(item, users[who])
    services.approve(item, users["reviewer"])
    with pytest.raises(Forbidden):
        services.archive(item, users["facilitator"])


def test_an_author_never_reviews_their_own_item(hw: Harvestable) -> None:
    users = hw.world.users
    mine = harvest(hw.board, [hw.ids["room"]], users["lead"])
    services.submit(mine, users["lead"])
    with pytest.raises(Forbidden, match="wrote or own"):
        services.approve(mine, users["lead"])
    with pytest.raises(Forbidden):
        services.request_changes(mine, users["lead"], "fine")
    superuser_item = harvest(hw.board, [hw.ids["room"]], users["superuser"])
    services.submit(superuser_item, users["superuser"])
    with pytest.raises(Forbidden):
        services.approve(superuser_item, users["superuser"])
    assert "lead@example.org" not in permissions.reviewer_emails(mine)


def test_request_changes_needs_a_comment(hw: Harvestable, item: KnowledgeItem) -> None:
    services.submit(item, hw.world.users["member"])
    with pytest.raises(Invalid):
        services.request_changes(item, hw.world.users["reviewer"], "   ")
    assert item.state == State.IN_REVIEW


def test_two_approvals_needed(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    rules = permissions.settings_for(hw.world.community)
    rules.approvals_needed = 2
    rules.save()
    services.submit(item, users["member"])
    first = services.approve(item, users["reviewer"])
    assert not first.published and first.approvals == 1
    with pytest.raises(Conflict, match="already approved"):
        services.approve(item, users["reviewer"])
    assert services.approve(item, users["lead"]).published


def test_other_unit_rule(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    for who, unit in (("member", "Finance"), ("reviewer", "Finance"), ("lead", "Audit")):
        profile = profile_of(users[who])
        profile.unit = unit
        profile.save()
    rules = permissions.settings_for(hw.world.community)
    rules.other_unit_reviewer = True
    rules.save()
    services.submit(item, users["member"])
    same = services.approve(item, users["reviewer"])
    assert not same.published and same.waiting_for_other_unit
    assert item.state == State.IN_REVIEW
    other = services.approve(item, users["lead"])
    assert other.published and item.state == State.PUBLISHED


def test_a_reviewer_removed_mid_review_can_no_longer_decide(hw: Harvestable,
                                                            item: KnowledgeItem) -> None:
    users = hw.world.users
    services.submit(item, users["member"])
    community_services.remove_member(hw.world.community, users["reviewer"])
    with pytest.raises(Forbidden):
        services.approve(item, users["reviewer"])
    with pytest.raises(Forbidden):
        services.request_changes(item, users["reviewer"], "no")
    assert item not in services.inbox(users["reviewer"])
    assert item in services.inbox(users["lead"])


def test_a_stale_second_approval_does_not_publish_twice(hw: Harvestable,
                                                        item: KnowledgeItem) -> None:
    users = hw.world.users
    services.submit(item, users["member"])
    stale = KnowledgeItem.objects.get(pk=item.pk)
    services.approve(item, users["reviewer"])
    with pytest.raises(Conflict):
        services.approve(stale, users["lead"])
    assert item.transitions.filter(to_state=State.PUBLISHED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_exactly_one_wins(hw: Harvestable) -> None:
    users = hw.world.users
    item = harvest(hw.board, [hw.ids["improve"]], users["member"])
    services.submit(item, users["member"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(who: str) -> None:
        try:
            mine = KnowledgeItem.objects.get(pk=item.pk)
            barrier.wait(timeout=10)
            services.approve(mine, users[who])
            outcomes.append("published")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:  # a locked database counts as losing, never as winning
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(who,)) for who in ("reviewer", "lead")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("published") == 1, outcomes
    assert Transition.objects.filter(item_id=item.pk, to_state=State.PUBLISHED).count() == 1


def test_comments_are_threaded(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    top = services.comment(item, users["reviewer"], "Which unit?")
    reply = services.comment(item, users["member"], "HR", parent=top)
    deeper = services.comment(item, users["reviewer"], "Thanks", parent=reply)
    assert deeper.parent == top
    assert list(top.replies.all()) == [reply, deeper]
    with pytest.raises(Forbidden):
        services.comment(item, users["executive"], "hi")
    with pytest.raises(Invalid):
        services.comment(item, users["member"], "x" * 4001)
    other = harvest(hw.board, [hw.ids["room"]], users["member"])
    with pytest.raises(Invalid):
        services.comment(other, users["member"], "x", parent=top)


def test_a_lesson_is_learned_when_all_actions_are_done(hw: Harvestable,
                                                       item: KnowledgeItem) -> None:
    users = hw.world.users
    first = services.add_action(item, users["facilitator"], "Buy a microphone", "Sipho", None)
    second = services.add_action(item, users["member"], "Test it", "Naledi", None)  # owner
    assert not item.learned
    services.set_action_status(first, users["lead"], ActionStatus.DONE)
    assert not item.learned
    services.set_action_status(second, users["member"], ActionStatus.DONE)
    assert item.learned
    with pytest.raises(Forbidden):
        services.add_action(item, users["reviewer"], "x", "y", None)
    with pytest.raises(Invalid):
        services.set_action_status(first, users["lead"], "finished")


def test_reuse_on_published_items_only(hw: Harvestable, item: KnowledgeItem) -> None:
    users = hw.world.users
    with pytest.raises(NotFound):
        services.record_reuse(item, users["outsider"], "Used it")
    with pytest.raises(Conflict):
        services.record_reuse(item, users["member"], "Used it")
    services.submit(item, users["member"])
    services.approve(item, users["reviewer"])
    reuse = services.record_reuse(item, users["outsider"], "Booked a microphone", "Finance",
                                  hours_saved=Decimal("2.5"))
    assert reuse.unit == "Finance" and reuse.by == users["outsider"]
    with pytest.raises(Invalid):
        services.record_reuse(item, users["outsider"], "")
    with pytest.raises(Invalid):
        services.record_reuse(item, users["outsider"], "x", cost_saved=Decimal("-1"))


def test_members_only_setting_hides_published_items(hw: Harvestable,
                                                    item: KnowledgeItem) -> None:
    users = hw.world.users
    services.submit(item, users["member"])
    services.approve(item, users["reviewer"])
    outsider = make_user("stranger")
    assert permissions.can_see(outsider, item)
    rules = permissions.settings_for(hw.world.community)
    rules.members_only = True
    rules.save()
    assert not permissions.can_see(outsider, item)
    assert not permissions.visible_items(outsider).exists()
    # Executives read the community's evidence, never its items (they name people).
    assert not permissions.can_see(users["executive"], item)
