"""The engine's bounds: the per-board compaction point and the per-client rate bucket."""

from __future__ import annotations

from indaba.sync.limits import TokenBucket, compaction_point


def test_compaction_point_is_fixed_per_board_and_within_half_again() -> None:
    points = [compaction_point(f"board-{i}", 500) for i in range(200)]
    assert all(500 <= p <= 750 for p in points)
    assert [compaction_point(f"board-{i}", 500) for i in range(200)] == points


def test_boards_get_spread_compaction_points() -> None:
    # Eight breakout boards of one workshop must not all compact at the same count.
    eight = {compaction_point(f"breakout-{i}", 500) for i in range(8)}
    assert len(eight) == 8
    many = sorted(compaction_point(f"board-{i}", 500) for i in range(200))
    assert many[20] < 550 and many[-20] > 700  # spread over the range, not bunched


def test_compaction_point_of_the_smallest_setting() -> None:
    assert compaction_point("b", 1) in (1, 2)


def test_token_bucket_allows_its_burst_then_its_rate() -> None:
    bucket = TokenBucket(rate=10.0, burst=3)
    start = bucket._stamp
    assert [bucket.take(start) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(start + 0.15) is True
    assert bucket.take(start + 0.15) is False
