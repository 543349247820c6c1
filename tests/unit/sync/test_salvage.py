"""Salvage of a damaged store: the rows on intact pages come back, in their order."""

from __future__ import annotations

from pathlib import Path

from sync.cache.db import PAGE_SIZE, Cache, store_path_for
from sync.cache.salvage import salvage
from sync.cache.write import outbox
from sync.cache.write.outbox import OutboxItem
from tests.unit.sync import factories as f


def _fill_outbox(cache: Cache, n: int) -> list[str]:
    ids = []
    for i in range(n):
        item = outbox.enqueue(cache, OutboxItem.new(
            id=f.new_id(), kind="post", method="PUT", path=f"/api/v1/posts/{i}",
            body=(f'{{"text": "Beitrag {i} ' + "x" * 600 + '"}').encode()))
        ids.append(item.id)
    return ids


def test_rows_beyond_a_zeroed_page_are_read_one_by_one(cache_path: Path, key: bytes) -> None:
    with Cache.open(cache_path, key) as cache:
        ids = _fill_outbox(cache, 60)  # about ten leaf pages of the store
    store = store_path_for(cache_path)
    pages = store.stat().st_size // PAGE_SIZE
    assert pages >= 10
    with store.open("r+b") as fh:
        fh.seek((pages // 2) * PAGE_SIZE)
        fh.write(bytes(PAGE_SIZE))

    found = salvage(store, key)
    got = [i.id for i in found.items]
    assert found.readable
    assert 45 <= len(got) < 60  # one page of rows lost, the rest read
    assert got == [i for i in ids if i in got]  # in the order they were written


def test_a_file_cut_short_still_gives_its_intact_rows(cache_path: Path, key: bytes) -> None:
    with Cache.open(cache_path, key) as cache:
        ids = _fill_outbox(cache, 30)
    store = store_path_for(cache_path)
    store.write_bytes(store.read_bytes()[:-PAGE_SIZE])
    found = salvage(store, key)
    assert 20 <= len(found.items) <= 30
    assert [i.id for i in found.items] == [i for i in ids if i in {x.id for x in found.items}]


def test_with_a_wrong_key_nothing_is_read_and_nothing_raises(
    cache_path: Path, key: bytes
) -> None:
    with Cache.open(cache_path, key) as cache:
        _fill_outbox(cache, 3)
    found = salvage(store_path_for(cache_path), bytes(32))
    assert found.items == [] and not found.readable and found.account == {}
