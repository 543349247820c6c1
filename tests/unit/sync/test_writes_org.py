"""Ticking a checklist item decided on the cache and outbox, and what a lead and a job's
next holder read back: built from small pages so each case is plain to see."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from sync import writes
from sync.cache.db import Cache
from sync.cache.read.handover import handover_digest, job_contacts, scheduled_handover
from sync.cache.read.lead import org_stamp
from sync.cache.write import outbox
from sync.cache.write import state as cache_state
from sync.cache.write.apply import apply_page
from sync.protocol import (
    MAX_TEXT,
    ChecklistCheck,
    ChecklistCheckWrite,
    ChecklistItem,
    HolderSpell,
    ResponsibilityWrite,
)
from tests.unit.sync import factories as f


def _me(cache: Cache) -> str:
    anna = f.person("Anna", "Schmidt")
    apply_page(cache, f.puts(anna), "c0")
    cache_state.store_account(cache, server_url="http://x", server_name="x", username="anna",
                              person_id=anna.id, device_id=f.new_id(), device_token="t")
    return anna.id


def _item(cache: Cache) -> ChecklistItem:
    unit = f.org_unit("Einkauf")
    item = ChecklistItem(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                         org_unit_id=unit.id, title="Laptop abholen")
    apply_page(cache, f.puts(unit, item), "c1")
    return item


def _check(item_id: str, person_id: str) -> ChecklistCheck:
    return ChecklistCheck(id=f.new_id(), origin="other", version=1, updated_at=f.T0,
                          item_id=item_id, person_id=person_id, done_at=f.T0)


def _waiting(cache: Cache) -> list[tuple[str, str]]:
    """(method, record id) of every waiting tick or untick, in sending order."""
    out = []
    for item in outbox.all_items(cache):
        if item.kind == "check":
            out.append(("PUT", item.path.rsplit("/", 1)[-1]))
            assert msgspec.json.decode(item.body, type=ChecklistCheckWrite).item_id
        elif item.kind == "uncheck":
            out.append(("DELETE", item.path.rsplit("/", 1)[-1]))
    return out


class TestToggleCheck:
    def test_a_tick_taken_back_before_sending_never_creates_a_check(self, cache: Cache) -> None:
        _me(cache)
        item = _item(cache)
        tick = writes.toggle_check(cache, item.id, True)
        assert tick is not None
        writes.toggle_check(cache, item.id, False)
        # The tick is gone; its id is deleted too, in case a sync was already sending it.
        assert _waiting(cache) == [("DELETE", tick.id)]
        again = writes.toggle_check(cache, item.id, True)
        assert again is not None and again.id != tick.id  # a deleted id cannot come back
        assert _waiting(cache) == [("DELETE", tick.id), ("PUT", again.id)]

    def test_unticking_deletes_the_check_another_device_made(self, cache: Cache) -> None:
        me = _me(cache)
        item = _item(cache)
        theirs = _check(item.id, me)  # ticked on the laptop; this device ticked it too
        mine = writes.toggle_check(cache, item.id, True)
        assert mine is not None
        outbox.remove(cache, mine.id)  # the server answered with the laptop's check
        apply_page(cache, f.puts(theirs), "c2")
        assert writes.toggle_check(cache, item.id, False) is not None
        assert _waiting(cache) == [("DELETE", theirs.id)]

    def test_ticking_a_ticked_item_sends_nothing(self, cache: Cache) -> None:
        me = _me(cache)
        item = _item(cache)
        apply_page(cache, f.puts(_check(item.id, me)), "c2")
        assert writes.toggle_check(cache, item.id, True) is None
        first = writes.toggle_check(cache, item.id, False)
        assert first is not None
        assert writes.toggle_check(cache, item.id, False) is None  # already on its way
        assert writes.toggle_check(cache, item.id, True) is not None  # ticked anew after it
        assert [m for m, _ in _waiting(cache)] == ["DELETE", "PUT"]

    def test_a_refused_tick_is_ticked_anew(self, cache: Cache) -> None:
        _me(cache)
        item = _item(cache)
        refused = writes.toggle_check(cache, item.id, True)
        assert refused is not None
        outbox.mark_failed(cache, refused.id, "404 item_not_found")
        again = writes.toggle_check(cache, item.id, True)
        assert again is not None and again.id != refused.id
        assert _waiting(cache) == [("PUT", again.id)]  # the refusal is not left behind

    def test_a_refused_untick_leaves_the_check_in_force(self, cache: Cache) -> None:
        me = _me(cache)
        item = _item(cache)
        check = _check(item.id, me)
        apply_page(cache, f.puts(check), "c2")
        untick = writes.toggle_check(cache, item.id, False)
        assert untick is not None
        outbox.mark_failed(cache, untick.id, "403 not_allowed")
        assert writes.toggle_check(cache, item.id, True) is None  # still ticked: nothing to send
        assert _waiting(cache) == []
        again = writes.toggle_check(cache, item.id, False)
        assert again is not None and _waiting(cache) == [("DELETE", check.id)]


def _refused_duty(cache: Cache) -> tuple[outbox.OutboxItem, ResponsibilityWrite]:
    """A new duty the server refused, as "Edit again" finds it."""
    write = ResponsibilityWrite(title="Bestellungen", owner_position_id=f.new_id())
    item = writes.queue_responsibility(cache, write)
    outbox.mark_failed(cache, item.id, "404 position_not_found")
    stored = outbox.get_item(cache, item.id)
    assert stored is not None
    return stored, write


class TestReplaceFailed:
    def test_a_replacement_too_long_to_send_leaves_the_refused_item_as_it_was(
        self, cache: Cache
    ) -> None:
        refused, write = _refused_duty(cache)
        too_long = msgspec.structs.replace(write, description="x" * (MAX_TEXT + 1))
        with pytest.raises(writes.WriteError,
                           match="cannot be sent: Expected `str` of length <= 20000"):
            writes.replace_failed(cache, refused.id, lambda c: writes.queue_responsibility(
                c, too_long))
        assert outbox.all_items(cache) == [refused]
        # A write that can be sent takes its place, and only then is the refusal gone.
        fixed = msgspec.structs.replace(write, title="Bestellungen und Rechnungen")
        new = writes.replace_failed(cache, refused.id,
                                    lambda c: writes.queue_responsibility(c, fixed))
        assert [i.id for i in outbox.all_items(cache)] == [new.id]
        assert msgspec.json.decode(new.body, type=ResponsibilityWrite) == fixed

    def test_a_refused_item_gone_meanwhile_is_no_reason_to_refuse(self, cache: Cache) -> None:
        refused, write = _refused_duty(cache)
        outbox.discard(cache, refused.id)
        new = writes.replace_failed(cache, refused.id,
                                    lambda c: writes.queue_responsibility(c, write))
        assert [i.id for i in outbox.all_items(cache)] == [new.id]

    def test_one_retried_meanwhile_is_left_to_its_answer(self, cache: Cache) -> None:
        refused, write = _refused_duty(cache)
        outbox.retry(cache, refused.id)
        with pytest.raises(writes.WriteError, match="is being sent again"):
            writes.replace_failed(cache, refused.id,
                                  lambda c: writes.queue_responsibility(c, write))
        assert [(i.id, i.state) for i in outbox.all_items(cache)] == [(refused.id, "pending")]


class TestJobContactNotes:
    def test_only_the_positions_own_note_passes_on(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        buyer, supplier_mgr = f.position("Einkauf", unit.id), f.position("Lieferanten", unit.id)
        ours = f.connection(buyer.id, supplier_mgr.id, "job", note="Rahmenvertrag im März")
        theirs = f.connection(supplier_mgr.id, buyer.id, "job", note="ruft gern zu spät an")
        apply_page(cache, f.puts(unit, buyer, supplier_mgr, ours, theirs), "c1")
        notes = {c.connection.id: c.note for c in job_contacts(cache, buyer.id)}
        assert notes == {ours.id: "Rahmenvertrag im März", theirs.id: ""}


class TestDigestOfAScheduledHandover:
    def test_a_scheduled_handover_does_not_name_the_holder_as_predecessor(
        self, cache: Cache
    ) -> None:
        unit = f.org_unit("Einkauf")
        old, holder, next_one = f.person("Otto"), f.person("Hanna"), f.person("Nina")
        position = f.position("Einkauf", unit.id, holder_id=holder.id, history=[
            HolderSpell(old.id, dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
            HolderSpell(holder.id, dt.date(2025, 7, 1))])
        done = f.handover(position.id, holder.id, from_person_id=old.id,
                          date=dt.date(2025, 7, 1), state="done")
        waiting = f.handover(position.id, next_one.id, from_person_id=holder.id,
                             date=dt.date(2026, 3, 1), state="scheduled")
        apply_page(cache, f.puts(unit, old, holder, next_one, position, done, waiting), "c1")
        digest = handover_digest(cache, position.id)
        assert digest is not None and digest.handover == done
        assert digest.predecessor is not None and digest.predecessor.id == old.id
        assert scheduled_handover(cache, position.id) == waiting


class TestOrgStamp:
    def test_changes_with_the_organisation_and_not_with_posts(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        anna = f.person("Anna")
        position = f.position("Einkauf", unit.id)
        apply_page(cache, f.puts(unit, anna, position), "c1")
        seen = {org_stamp(cache)}
        steps = [
            f.puts(f.bump(position, holder_id=anna.id)),
            f.puts(f.responsibility("Bestellungen", position.id)),
            f.puts(f.handover(position.id, anna.id)),
            [f.delete("position", position.id)],
        ]
        for n, step in enumerate(steps):
            apply_page(cache, step, f"c{n + 2}")
            stamp = org_stamp(cache)
            assert stamp not in seen
            seen.add(stamp)
        space = f.space()
        apply_page(cache, f.puts(space), "c9")  # Start here lists the spaces
        assert org_stamp(cache) not in seen
        seen.add(org_stamp(cache))
        apply_page(cache, f.puts(f.post(space.id, anna.id, "Hallo")), "c10")
        assert org_stamp(cache) in seen
