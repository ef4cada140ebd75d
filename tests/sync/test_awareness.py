from __future__ import annotations

from indaba.sync.awareness import AwarenessRegistry, Verdict
from indaba.sync.protocol import AwarenessEntry


def test_states_are_owned_and_stale_clocks_ignored() -> None:
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    assert registry.apply("a", AwarenessEntry(1, 2, '{"x":1}'), now=0)
    assert not registry.apply("a", AwarenessEntry(1, 1, '{"x":0}'), now=0)  # older clock
    assert not registry.apply("b", AwarenessEntry(1, 3, '{"x":2}'), now=0)  # someone else's id
    assert registry.snapshot() == [AwarenessEntry(1, 2, '{"x":1}')]


def test_remove_owner_returns_removals_at_the_same_clock() -> None:
    """As y-protocols does: a reconnecting client's next change (clock + 1) is then fresh."""
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("a", AwarenessEntry(1, 4, "{}"), now=0)
    registry.apply("b", AwarenessEntry(2, 1, "{}"), now=0)
    assert registry.remove_owner("a") == [AwarenessEntry(1, 4, "null")]
    assert [e.client_id for e in registry.snapshot()] == [2]
    # The removed id cannot be revived with an older clock; its owner's next change can.
    assert not registry.apply("c", AwarenessEntry(1, 3, "{}"), now=0)
    assert registry.apply("a2", AwarenessEntry(1, 5, "{}"), now=0)


def test_expiry_after_silence() -> None:
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("a", AwarenessEntry(1, 1, "{}"), now=0)
    registry.apply("b", AwarenessEntry(2, 1, "{}"), now=20)
    assert registry.expire(now=29, timeout=30) == []
    assert registry.expire(now=31, timeout=30) == [AwarenessEntry(1, 1, "null")]
    assert len(registry) == 1


def test_explicit_removal_by_client() -> None:
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("a", AwarenessEntry(1, 1, "{}"), now=0)
    assert registry.apply("a", AwarenessEntry(1, 2, "null"), now=1)
    assert registry.snapshot() == []


def test_echoes_of_others_states_are_ignored_not_owned() -> None:
    """Stock y-websocket re-broadcasts every state it applies, the others' included."""
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("a", AwarenessEntry(1, 3, '{"n":"a"}'), now=0)
    assert registry.verdict("b", AwarenessEntry(1, 3, '{"n":"a"}')) is Verdict.IGNORE
    assert registry.verdict("b", AwarenessEntry(1, 9, '{"n":"x"}')) is Verdict.IGNORE
    assert registry.verdict("b", AwarenessEntry(2, 1, '{"n":"b"}')) is Verdict.CLAIM
    assert registry.owned_by("b") == set()


def test_an_equal_clock_never_reapplies_a_state() -> None:
    """As y-protocols: only a newer clock applies a state; a removal also at an equal one."""
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("a", AwarenessEntry(1, 3, '{"v":1}'), now=0)
    assert not registry.apply("a", AwarenessEntry(1, 3, '{"v":2}'), now=1)
    assert registry.apply("a", AwarenessEntry(1, 3, "null"), now=1)


def test_a_departed_clients_old_state_does_not_come_back() -> None:
    registry: AwarenessRegistry[str] = AwarenessRegistry()
    registry.apply("gone", AwarenessEntry(7, 5, '{"n":"gone"}'), now=0)
    registry.remove_owner("gone")
    # Another connection still holding the old state echoes it at the same clock.
    assert not registry.apply("other", AwarenessEntry(7, 5, '{"n":"gone"}'), now=1)
    assert registry.snapshot() == []
    # The same person back with a newer clock is welcome.
    assert registry.apply("back", AwarenessEntry(7, 6, '{"n":"gone"}'), now=2)
