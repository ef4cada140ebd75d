"""The board store on the suite's real database (SQLite, or PostgreSQL in the second run)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any

import pycrdt
import pytest

from indaba.sync.room import load_document
from indaba.sync.sqlstore import SqlBoardStore

StoreFactory = Callable[[], SqlBoardStore]


def _random_updates(seed: int, count: int, writers: int = 3) -> tuple[list[bytes], dict[str, Any]]:
    """Updates from several concurrent writers (sets and deletes), and the converged state."""
    rng = random.Random(seed)
    docs: list[pycrdt.Doc[Any]] = [pycrdt.Doc() for _ in range(writers)]
    updates: list[bytes] = []
    for step in range(count):
        doc = rng.choice(docs)
        before = doc.get_state()
        emap = doc.get("elements", type=pycrdt.Map)
        key = f"e{rng.randrange(20)}"
        if key in emap and rng.random() < 0.3:
            del emap[key]
        else:
            emap[key] = {"id": key, "version": step, "x": rng.randrange(1000)}
        update = doc.get_update(before)
        updates.append(update)
        for other in docs:  # writers see each other's work now and then, like real clients
            if other is not doc and rng.random() < 0.5:
                other.apply_update(update)
    reference: pycrdt.Doc[Any] = pycrdt.Doc()
    for update in updates:
        reference.apply_update(update)
    return updates, reference.get("elements", type=pycrdt.Map).to_py()


def _state(stored: Any) -> dict[str, Any]:
    return dict(load_document(stored).get("elements", type=pycrdt.Map).to_py())


async def test_append_then_load_in_order(make_store: StoreFactory) -> None:
    store = make_store()
    updates, expected = _random_updates(1, 30)
    for update in updates:
        await store.append("b1", [update])
    stored = await store.load("b1")
    assert stored.snapshot is None
    assert stored.updates == updates
    assert _state(stored) == expected
    assert (await store.load("other")).updates == []
    await store.close()


async def test_concurrent_appends_are_group_committed(make_store: StoreFactory) -> None:
    store = make_store()
    commits = 0
    original = store.append_many_sync

    def counting(batch: list[tuple[str, list[bytes]]]) -> None:
        nonlocal commits
        commits += 1
        original(batch)

    store.append_many_sync = counting  # type: ignore[method-assign]
    updates, _ = _random_updates(2, 200)
    await asyncio.gather(*(store.append(f"b{i % 4}", [u]) for i, u in enumerate(updates)))
    assert commits < len(updates) / 4, f"{commits} commits for {len(updates)} appends"
    total = sum([len((await store.load(f"b{i}")).updates) for i in range(4)])
    assert total == len(updates)
    await store.close()


@pytest.mark.parametrize("seed", range(6))
async def test_compaction_never_drops_an_update(make_store: StoreFactory, seed: int) -> None:
    store = make_store()
    rng = random.Random(seed)
    updates, expected = _random_updates(seed, 120)
    for update in updates:
        await store.append("b", [update])
        if rng.random() < 0.08:
            await store.compact("b")
    await store.compact("b")
    stored = await store.load("b")
    assert stored.updates == []
    assert stored.snapshot is not None
    assert _state(stored) == expected
    await store.close()


async def test_compaction_racing_writers_in_another_process(make_store: StoreFactory) -> None:
    """A second store (another process, same database) appends while this one compacts."""
    compactor, writer = make_store(), make_store()
    updates, expected = _random_updates(99, 300)

    async def write() -> None:
        for update in updates:
            await writer.append("b", [update])

    async def compact() -> None:
        for _ in range(30):
            await compactor.compact("b")
            await asyncio.sleep(0)

    await asyncio.gather(write(), compact())
    assert _state(await compactor.load("b")) == expected
    await compactor.compact("b")
    assert _state(await writer.load("b")) == expected
    await compactor.close()
    await writer.close()


async def test_update_count_and_delete(make_store: StoreFactory) -> None:
    store = make_store()
    updates, _ = _random_updates(5, 10)
    await store.append("b", updates)
    assert await store.update_count("b") == 10
    await store.compact("b")
    assert await store.update_count("b") == 0
    await store.delete("b")
    assert (await store.load("b")).snapshot is None
    await store.close()


def test_bad_sqlite_mode_is_named(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="FULL, NORMAL or EXTRA"):
        SqlBoardStore.sqlite(tmp_path / "x.sqlite3", "OFF")
