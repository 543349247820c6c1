"""The organisation's record kinds in the cache: migration step 2, checklists, tombstones."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from sync.cache import migrations
from sync.cache.db import Cache
from sync.cache.read.lead import org_stamp
from sync.cache.read.people import get_person
from sync.cache.read.posts import get_space
from sync.cache.write import outbox
from sync.cache.write.apply import apply_page
from sync.cache.write.outbox import OutboxItem
from sync.protocol import ChecklistCheck, ChecklistItem, DecodedChange
from tests.unit.sync import factories as f


def checklist_item(org_unit_id: str, title: str, rank: int = 0) -> ChecklistItem:
    return ChecklistItem(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                         org_unit_id=org_unit_id, title=title, rank=rank)


def checklist_check(item_id: str, person_id: str) -> ChecklistCheck:
    return ChecklistCheck(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                          item_id=item_id, person_id=person_id, done_at=f.T0)


def _ids(cache: Cache, table: str) -> set[str]:
    return {row[0] for row in cache.conn.execute(f"SELECT id FROM {table}")}


class TestMigrationStep2:
    def test_a_step_1_cache_keeps_its_data_and_outbox(
        self, cache_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        anna = f.person("Anna", "Schmidt")
        unit = f.org_unit("Einkauf")
        lead = f.position("Leitung Einkauf", unit.id, holder_id=anna.id)
        space = f.space("Team Einkauf", org_unit_id=unit.id, position_id=lead.id)
        with monkeypatch.context() as m:
            m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
            m.setattr(migrations, "CURRENT_VERSION", 1)
            old = Cache.open(cache_path, key)
            assert migrations.user_version(old.conn) == 1
            with old.transaction() as conn:
                conn.execute(
                    "INSERT INTO person (id, origin, version, updated_at, given_name, "
                    "family_name, email, site, manager_id, status, sort_key, body) "
                    "VALUES (?, 'test', 1, 0, 'Anna', 'Schmidt', '', '', NULL, 'active', "
                    "'schmidt anna', ?)",
                    (anna.id, msgspec.json.encode(anna).decode()))
                conn.execute(
                    "INSERT INTO space (id, origin, version, updated_at, name, space_kind, "
                    "visibility, org_unit_id, body) VALUES (?, 'test', 1, 0, ?, 'team', "
                    "'members', ?, ?)",
                    (space.id, space.name, unit.id, msgspec.json.encode(space).decode()))
            outbox.enqueue(old, OutboxItem.new(id=f.new_id(), kind="post", method="PUT",
                                               path="/api/v1/posts/x", body=b"{}"))
            old.close()
        cache = Cache.open(cache_path, key)
        try:
            assert migrations.user_version(cache.conn) == migrations.CURRENT_VERSION
            assert get_person(cache, anna.id) == anna
            assert get_space(cache, space.id) == space
            tied = cache.conn.execute(
                "SELECT id FROM space WHERE position_id = ?", (lead.id,)).fetchall()
            assert tied == [(space.id,)]  # the new column was filled from the stored body
            assert [i.kind for i in outbox.all_items(cache)] == ["post"]
            assert _ids(cache, "checklist_item") == set()
        finally:
            cache.close()


class TestChecklistKinds:
    def test_pages_with_checklists_apply(self, cache: Cache) -> None:
        unit, anna = f.org_unit("Einkauf"), f.person("Anna")
        first = checklist_item(unit.id, "Laptop abholen", rank=1)
        second = checklist_item(unit.id, "Sicherheitsunterweisung", rank=2)
        tick = checklist_check(first.id, anna.id)
        apply_page(cache, f.puts(unit, anna, first, second, tick), "c1")
        assert _ids(cache, "checklist_item") == {first.id, second.id}
        assert _ids(cache, "checklist_check") == {tick.id}
        renamed = f.bump(first, title="Laptop und Ausweis abholen")
        apply_page(cache, f.puts(renamed, first), "c2")  # a repeated old version loses
        body = cache.conn.execute(
            "SELECT body FROM checklist_item WHERE id = ?", (first.id,)).fetchone()[0]
        assert msgspec.json.decode(body, type=ChecklistItem) == renamed

    def test_tombstones_delete_checks_and_items(self, cache: Cache) -> None:
        unit, anna = f.org_unit("Einkauf"), f.person("Anna")
        kept, dropped = checklist_item(unit.id, "Laptop"), checklist_item(unit.id, "Ausweis")
        kept_tick = checklist_check(kept.id, anna.id)
        dropped_tick = checklist_check(dropped.id, anna.id)
        apply_page(cache, f.puts(unit, anna, kept, dropped, kept_tick, dropped_tick), "c1")
        result = apply_page(cache, [f.delete("checklist_check", kept_tick.id)], "c2")
        assert result.deleted == 1
        assert _ids(cache, "checklist_check") == {dropped_tick.id}
        apply_page(cache, [f.delete("checklist_item", dropped.id)], "c3")
        assert _ids(cache, "checklist_item") == {kept.id}
        assert _ids(cache, "checklist_check") == set()  # the item's tick went with it

    def test_space_position_is_kept_current(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        lead, other = f.position("Leitung", unit.id), f.position("Stellvertretung", unit.id)
        space = f.space("Team Einkauf", position_id=lead.id)
        apply_page(cache, f.puts(unit, lead, other, space), "c1")
        apply_page(cache, f.puts(f.bump(space, position_id=other.id)), "c2")
        rows = cache.conn.execute("SELECT position_id FROM space").fetchall()
        assert rows == [(other.id,)]

    def test_start_here_content_moves_the_org_stamp_and_everyday_posts_do_not(
            self, cache: Cache) -> None:
        unit, anna = f.org_unit("Einkauf"), f.person("Anna")
        space = f.space("Team Einkauf", org_unit_id=unit.id)
        apply_page(cache, f.puts(unit, anna, space), "c1")
        stamps = [org_stamp(cache)]

        def moved(changes: list[DecodedChange], cursor: str) -> bool:
            apply_page(cache, changes, cursor)
            stamps.append(org_stamp(cache))
            return stamps[-1] != stamps[-2]

        chat = f.post(space.id, anna.id, "Wer kommt mit zum Mittagessen?")
        assert not moved(f.puts(chat), "c2")
        edited = f.bump(chat, text="Wer kommt mit in die Kantine?")
        assert not moved(f.puts(edited), "c3")
        gone = f.post(space.id, anna.id, "Hat jemand ein Ladekabel?")
        apply_page(cache, f.puts(gone), "c4a")
        assert not moved([f.delete("post", gone.id)], "c4")
        pinned = f.bump(edited, pinned=True)
        assert moved(f.puts(pinned), "c5")
        assert moved(f.puts(f.bump(pinned, pinned=False)), "c6")  # unpinned: gone from the page
        howto = f.post(space.id, anna.id, "So bestellst du Büromaterial", post_kind="howto")
        assert moved(f.puts(howto), "c7")
        assert moved([f.delete("post", howto.id)], "c8")
        assert moved(f.puts(f.bump(space, name="Einkauf & Logistik")), "c9")
        assert moved(f.puts(f.membership(space.id, anna.id)), "c10")
