"""The outbox: offline writes kept in order until the server has answered."""

from __future__ import annotations

import dataclasses

import pytest

from sync.cache.db import Cache
from sync.cache.write import outbox
from sync.cache.write.outbox import OutboxConflict, OutboxItem, OutboxItemMissing
from tests.unit.sync import factories as f


def _item(kind: str = "post", body: bytes = b'{"text": "x"}', **kw: object) -> OutboxItem:
    item_id = f.new_id()
    return OutboxItem.new(
        id=item_id,
        kind=kind,
        method="PUT",
        path=f"/api/v1/{kind}s/{item_id}",
        body=body,
        **kw,  # type: ignore[arg-type]
    )


class TestOutbox:
    def test_items_keep_their_order(self, cache: Cache) -> None:
        items = [outbox.enqueue(cache, _item(kind)) for kind in ("post", "comment", "reaction")]
        assert [i.seq for i in items] == sorted(i.seq for i in items)
        assert [i.id for i in outbox.pending(cache)] == [i.id for i in items]
        assert all(i.state == "pending" and i.attempts == 0 for i in items)

    def test_stored_item_is_what_was_given(self, cache: Cache) -> None:
        given = _item(body=b"\x00binary\xff", if_match=3)
        stored = outbox.enqueue(cache, given)
        assert (
            stored.id,
            stored.kind,
            stored.method,
            stored.path,
            stored.body,
            stored.if_match,
        ) == (given.id, given.kind, given.method, given.path, given.body, 3)
        assert stored.created_at == given.created_at > 0

    def test_failed_keeps_the_reason_and_leaves_the_queue(self, cache: Cache) -> None:
        first, second = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.mark_failed(cache, first.id, "Der Bereich ist schreibgeschützt (forbidden)")
        assert [i.id for i in outbox.pending(cache)] == [second.id]
        failed = outbox.get_item(cache, first.id)
        assert failed is not None and failed.state == "failed" and failed.attempts == 1
        assert failed.error == "Der Bereich ist schreibgeschützt (forbidden)"
        assert outbox.count_by_state(cache) == {"pending": 1, "failed": 1}

    def test_retry_puts_it_back_in_its_place(self, cache: Cache) -> None:
        first, second = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.mark_failed(cache, first.id, "conflict")
        outbox.retry(cache, first.id)
        assert [i.id for i in outbox.pending(cache)] == [first.id, second.id]
        again = outbox.get_item(cache, first.id)
        assert again is not None and again.error is None and again.attempts == 1

    def test_discard_and_remove(self, cache: Cache) -> None:
        a, b = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.discard(cache, a.id)
        outbox.remove(cache, b.id)
        outbox.remove(cache, b.id)  # an answer handled twice is harmless
        assert outbox.all_items(cache) == []
        with pytest.raises(OutboxItemMissing, match=a.id):
            outbox.discard(cache, a.id)

    def test_an_acknowledged_item_is_shown_but_never_sent_again(self, cache: Cache) -> None:
        sent, waiting = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.acknowledge(cache, sent.id)
        assert [i.id for i in outbox.all_items(cache)] == [sent.id, waiting.id]
        assert [i.id for i in outbox.pending(cache)] == [waiting.id]
        assert outbox.count_by_state(cache) == {"pending": 1, "failed": 0}
        outbox.acknowledge(cache, f.new_id())  # an answer to a discarded item: no error
        assert outbox.drop_acknowledged(cache) == 1
        assert [i.id for i in outbox.all_items(cache)] == [waiting.id]
        assert outbox.drop_acknowledged(cache) == 0

    def test_only_a_failed_item_can_be_edited(self, cache: Cache) -> None:
        item = outbox.enqueue(cache, _item())
        with pytest.raises(ValueError, match="only failed"):
            outbox.update_body(cache, item.id, b"new")
        outbox.mark_failed(cache, item.id, "too long")
        outbox.update_body(cache, item.id, b'{"text": "shorter"}')
        edited = outbox.get_item(cache, item.id)
        assert edited is not None and edited.body == b'{"text": "shorter"}'
        assert edited.state == "failed"
        missing = f.new_id()
        with pytest.raises(OutboxItemMissing, match=missing):
            outbox.update_body(cache, missing, b"")

    def test_attempts_without_an_answer_stay_pending(self, cache: Cache) -> None:
        item = outbox.enqueue(cache, _item())
        outbox.note_attempt(cache, item.id, "server unreachable")
        noted = outbox.get_item(cache, item.id)
        assert noted is not None and noted.state == "pending" and noted.attempts == 1
        assert noted.error == "server unreachable"

    def test_same_item_twice_is_one_item(self, cache: Cache) -> None:
        item = _item()
        assert outbox.enqueue(cache, item) == outbox.enqueue(cache, item)
        assert len(outbox.all_items(cache)) == 1

    def test_another_item_under_a_waiting_id_is_refused(self, cache: Cache) -> None:
        item = outbox.enqueue(cache, _item())
        edit = OutboxItem.new(
            id=item.id,
            kind="post_edit",
            method="PUT",
            path=item.path,
            body=b'{"text": "edited"}',
            if_match=1,
        )
        with pytest.raises(OutboxConflict, match="already waits as a post"):
            outbox.enqueue(cache, edit)

    def test_restore_keeps_state_and_order(self, cache: Cache, tmp_path, key: bytes) -> None:
        a, b = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.mark_failed(cache, b.id, "nope")
        saved = outbox.all_items(cache)
        with Cache.open(tmp_path / "other.db", key) as other:
            assert outbox.restore(other, saved) == 2
            assert outbox.restore(other, saved) == 0
            restored = outbox.all_items(other)
        assert [(i.id, i.state, i.error, i.attempts) for i in restored] == [
            (a.id, "pending", None, 0),
            (b.id, "failed", "nope", 1),
        ]

    def test_survives_a_restart(self, cache_path, key: bytes) -> None:
        with Cache.open(cache_path, key) as cache:
            item = outbox.enqueue(cache, _item())
        with Cache.open(cache_path, key) as cache:
            assert [i.id for i in outbox.pending(cache)] == [item.id]

    def test_a_different_item_under_a_waiting_id_is_refused_whatever_it_is(
        self, cache: Cache
    ) -> None:
        item = outbox.enqueue(cache, _item("post"))
        for kind, body in (("comment", item.body), ("post", b'{"text": "a"}')):  # both sort first
            other = OutboxItem.new(id=item.id, kind=kind, method="PUT", path=item.path, body=body)
            with pytest.raises(OutboxConflict, match="already waits as a post"):
                outbox.enqueue(cache, other)
        assert outbox.all_items(cache) == [item]

    def test_changes_to_a_missing_item_are_refused(self, cache: Cache) -> None:
        missing = f.new_id()
        with pytest.raises(OutboxItemMissing, match=missing):
            outbox.note_attempt(cache, missing, "offline")
        with pytest.raises(OutboxItemMissing, match=missing):
            outbox.mark_failed(cache, missing, "forbidden")
        with pytest.raises(OutboxItemMissing, match=missing):
            outbox.retry(cache, missing)

    def test_acknowledged_is_told_per_item(self, cache: Cache) -> None:
        sent, waiting = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.acknowledge(cache, sent.id)
        assert outbox.is_acknowledged(cache, sent.id) is True
        assert outbox.is_acknowledged(cache, waiting.id) is False
        assert outbox.is_acknowledged(cache, f.new_id()) is False

    def test_dropped_items_leave_the_replica_copy_too(self, cache: Cache) -> None:
        sent, waiting = outbox.enqueue(cache, _item()), outbox.enqueue(cache, _item())
        outbox.acknowledge(cache, sent.id)
        assert outbox.drop_acknowledged(cache) == 1
        copy = cache.conn.execute("SELECT id FROM main.outbox_copy").fetchall()
        assert copy == [(waiting.id,)]  # a salvage from the copy would send it twice

    def test_the_time_an_item_was_made_is_kept(self, cache: Cache) -> None:
        written_offline = dataclasses.replace(_item(), created_at=f.T0)
        assert outbox.enqueue(cache, written_offline).created_at == f.T0
        item_id = f.new_id()
        bare = OutboxItem(id=item_id, seq=0, kind="post", method="PUT",
                          path=f"/api/v1/posts/{item_id}", body=b"{}")
        assert outbox.enqueue(cache, bare).created_at > f.T0  # none given: now

    def test_a_new_item_has_not_been_tried(self, cache: Cache, tmp_path, key: bytes) -> None:
        item_id = f.new_id()
        bare = OutboxItem(id=item_id, seq=0, kind="post", method="PUT",
                          path=f"/api/v1/posts/{item_id}", body=b"{}")
        with Cache.open(tmp_path / "other.db", key) as other:
            outbox.restore(other, [bare])
            restored = outbox.get_item(other, item_id)
        assert restored is not None and restored.attempts == 0 and restored.state == "pending"

    def test_seq_follows_the_order_made_not_the_id(self, cache: Cache) -> None:
        ids = sorted((f.new_id() for _ in range(3)), reverse=True)
        items = [
            outbox.enqueue(cache, OutboxItem.new(id=i, kind="post", method="PUT",
                                                 path=f"/api/v1/posts/{i}", body=b"{}"))
            for i in ids
        ]
        assert [i.seq for i in items] == sorted(i.seq for i in items)
        assert all(isinstance(i.seq, int) for i in items)
        assert [i.id for i in outbox.pending(cache)] == ids

    def test_an_empty_outbox_counts_nothing(self, cache: Cache) -> None:
        assert outbox.count_by_state(cache) == {"pending": 0, "failed": 0}
