"""Applying feed pages: all or nothing with the cursor, monotonic, deletes and purges."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.db import Cache
from sync.cache.read.people import get_person
from sync.cache.read.posts import get_post, list_posts, reactions_of
from sync.cache.read.search import search
from sync.cache.write import apply as cache_apply
from sync.cache.write import fts
from sync.cache.write.apply import apply_page, forget_records, get_cursor, optimize_search
from sync.protocol import ChecklistCheck, ChecklistItem, DecodedChange, Hub, HubRun, Record
from tests.unit.sync import factories as f


def _count(cache: Cache, table: str) -> int:
    return int(cache.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _found(cache: Cache, query: str, kind: str | None = None) -> set[str]:
    return {h.id for h in search(cache, query, kinds={kind} if kind else None, limit=100)}


def _index_size(cache: Cache, table: str) -> int:
    """Rows in a contentless FTS table (count(*) works on them)."""
    return int(cache.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _search_writes(cache: Cache) -> int:
    row = cache.conn.execute("SELECT value FROM sync_state WHERE key = 'search_writes'").fetchone()
    return 0 if row is None else int(row[0])


def _set_search_writes(cache: Cache, written: int) -> None:
    with cache.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_state (key, value) VALUES ('search_writes', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (written,),
        )


def _from_the_wire(changes: Sequence[DecodedChange]) -> list[DecodedChange]:
    """The changes with kind and op as new string objects, as a decoded feed page has
    them: a test's literals are shared objects, on which `is` passes where `==` is meant."""
    return [
        DecodedChange(c.seq, "".join(list(c.kind)), c.id, "".join(list(c.op)), c.record)
        for c in changes
    ]


def _checklist_item(unit_id: str) -> ChecklistItem:
    return ChecklistItem(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                         org_unit_id=unit_id, title="Schlüssel abholen")


def _tick(item: ChecklistItem, person_id: str) -> ChecklistCheck:
    return ChecklistCheck(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                          item_id=item.id, person_id=person_id, done_at=f.T0)


def _hub_run(run_id: str, record_id: str | None = None, version: int = 1) -> HubRun:
    return HubRun(id=record_id or f.new_id(), origin="test", version=version, updated_at=f.T0,
                  run_id=run_id, map_run_id=f.new_id(), computed_at=f.T0, window_days=28,
                  min_group=5)


def _hub(run_id: str) -> Hub:
    return Hub(id=f.new_id(), origin="test", version=1, updated_at=f.T0, run_id=run_id,
               unit_id=f.new_id())


class TestApplyPage:
    def test_page_and_cursor_are_stored(self, cache: Cache) -> None:
        anna = f.person("Anna", "Schmidt")
        result = apply_page(cache, f.puts(anna), "cursor-1")
        assert get_person(cache, anna.id) == anna
        assert get_cursor(cache) == "cursor-1"
        assert (result.changes, result.written, result.stale, result.deleted) == (1, 1, 0, 0)

    def test_every_kind_round_trips(self, cache: Cache) -> None:
        unit = f.org_unit()
        anna, ben = f.person("Anna"), f.person("Ben")
        pos = f.position("Leitung", unit.id, holder_id=anna.id)
        space = f.space()
        post = f.post(space.id, anna.id, "Hallo")
        records = [
            unit,
            anna,
            ben,
            pos,
            f.responsibility("Reisekosten", pos.id),
            f.connection(anna.id, ben.id),
            space,
            f.membership(space.id, anna.id),
            post,
            f.comment(post, ben.id, "Hallo zurück"),
            f.reaction(post.id, space.id, ben.id),
            f.handover(pos.id, ben.id, from_person_id=anna.id),
        ]
        apply_page(cache, f.puts(*records), "c")
        for record in records:
            kind = f.KIND_OF[type(record)]
            row = cache.conn.execute(
                f"SELECT body FROM {kind} WHERE id = ?",
                (record.id,),
            ).fetchone()
            assert msgspec.json.decode(row[0], type=type(record)) == record
        assert get_post(cache, post.id) == post
        assert reactions_of(cache, post.id)[0].emoji == "👍"

    def test_a_bad_record_mid_page_applies_nothing(self, cache: Cache) -> None:
        apply_page(cache, f.puts(f.person("Erst", "Einmal")), "cursor-1")
        good, later = f.person("Gut", "Person"), f.person("Auch", "Gut")
        bad = f.person("Kaputt", "Person")
        bad_change = DecodedChange(
            99, "person", "too-short-id", "put", f.bump(bad, id="too-short-id")
        )
        page = [f.put(good), bad_change, f.put(later)]
        with pytest.raises(sqlcipher.IntegrityError, match="CHECK constraint failed"):
            apply_page(cache, page, "cursor-2")
        assert get_cursor(cache) == "cursor-1"
        assert get_person(cache, good.id) is None and get_person(cache, later.id) is None
        assert _found(cache, "Gut") == set()
        assert _count(cache, "person") == 1

    @pytest.mark.parametrize("kind", ["gossip", "task"])  # before and after "space_access"
    def test_an_unknown_kind_applies_nothing(self, cache: Cache, kind: str) -> None:
        anna = f.person()
        page = [f.put(anna), DecodedChange(5, kind, f.new_id(), "put", None)]
        with pytest.raises(ValueError, match=f"unknown record kind in feed: '{kind}'"):
            apply_page(cache, page, "cursor-x")
        assert get_cursor(cache) is None and get_person(cache, anna.id) is None

    def test_record_of_the_wrong_type_applies_nothing(self, cache: Cache) -> None:
        anna = f.person()
        page = [DecodedChange(1, "post", anna.id, "put", anna)]
        with pytest.raises(TypeError, match="put of post .* carries Person"):
            apply_page(cache, page, "cursor-x")
        assert _count(cache, "post") == 0

    def test_reapplying_a_page_changes_nothing(self, cache: Cache) -> None:
        people = [f.person(f"Vor{i}", f"Nach{i}") for i in range(20)]
        page = f.puts(*people)
        apply_page(cache, page, "c1")
        dump = cache.conn.execute("SELECT * FROM person ORDER BY n").fetchall()
        again = apply_page(cache, page, "c1")
        assert (again.written, again.stale) == (0, 20)
        assert cache.conn.execute("SELECT * FROM person ORDER BY n").fetchall() == dump
        assert _index_size(cache, "person_fts") == 20
        assert _found(cache, "Nach7") == {people[7].id}

    def test_versions_never_go_back(self, cache: Cache) -> None:
        v1 = f.person("Anna", "Alt")
        v2 = f.bump(v1, family_name="Neu")
        apply_page(cache, f.puts(v2), "c1")
        result = apply_page(cache, f.puts(v1), "c2")
        assert result.stale == 1
        assert get_person(cache, v1.id) == v2
        assert get_cursor(cache) == "c2"
        assert _found(cache, "Alt") == set() and _found(cache, "Neu") == {v1.id}

    def test_within_a_page_the_newest_version_wins(self, cache: Cache) -> None:
        v1 = f.person("Anna", "Eins")
        v2, v3 = f.bump(v1, family_name="Zwei"), f.bump(f.bump(v1), family_name="Drei")
        apply_page(cache, f.puts(v1, v3, v2), "c")
        assert get_person(cache, v1.id) == v3

    def test_update_reindexes(self, cache: Cache) -> None:
        anna = f.person("Anna", "Schmidt", skills=["Excel"])
        apply_page(cache, f.puts(anna), "c1")
        apply_page(cache, f.puts(f.bump(anna, skills=["Python"])), "c2")
        assert _found(cache, "Excel") == set() and _found(cache, "Python") == {anna.id}
        assert _index_size(cache, "person_fts") == 1

    def test_delete_removes_row_and_search_entry(self, cache: Cache) -> None:
        anna, ben = f.person("Anna", "Müller"), f.person("Ben", "Müller")
        apply_page(cache, f.puts(anna, ben), "c1")
        result = apply_page(cache, [f.delete("person", anna.id)], "c2")
        assert result.deleted == 1
        assert get_person(cache, anna.id) is None
        assert _found(cache, "Müller") == {ben.id}
        apply_page(cache, [f.delete("person", anna.id)], "c3")  # a tombstone again: harmless

    def test_put_then_delete_in_one_page_leaves_nothing(self, cache: Cache) -> None:
        anna = f.person("Anna", "Kurzlebig")
        apply_page(cache, [f.put(anna), f.delete("person", anna.id)], "c")
        assert get_person(cache, anna.id) is None and _found(cache, "Kurzlebig") == set()

    def test_delete_then_put_in_one_page_keeps_the_put(self, cache: Cache) -> None:
        anna = f.person("Anna", "Wieder")
        apply_page(cache, f.puts(anna), "c1")
        again = f.bump(anna)
        apply_page(cache, [f.delete("person", anna.id), f.put(again)], "c2")
        assert get_person(cache, anna.id) == again and _found(cache, "Wieder") == {anna.id}

    def test_deleting_a_post_drops_it_from_search(self, cache: Cache) -> None:
        space = f.space()
        post = f.post(space.id, f.new_id(), "Betriebsausflug nach Hamburg")
        apply_page(cache, f.puts(space, post), "c1")
        assert _found(cache, "Betriebsausflug") == {post.id}
        apply_page(cache, [f.delete("post", post.id)], "c2")
        assert _found(cache, "Betriebsausflug") == set()
        assert _index_size(cache, "post_fts") == 0


    def test_an_older_put_after_a_newer_one_keeps_the_rest_of_the_page(
        self, cache: Cache
    ) -> None:
        v1, ben = f.person("Anna", "Alt"), f.person("Ben", "Danach")
        v2 = f.bump(v1, family_name="Neu")
        apply_page(cache, f.puts(v2, v1, ben), "c")
        assert get_person(cache, v1.id) == v2
        assert get_person(cache, ben.id) == ben

    def test_a_page_of_new_and_known_records_counts_each(self, cache: Cache) -> None:
        known = [f.person(f"Alt{i}") for i in range(3)]
        apply_page(cache, f.puts(*known), "c1")
        result = apply_page(cache, f.puts(*known, f.person("Neu1"), f.person("Neu2")), "c2")
        assert (result.written, result.stale) == (2, 3)

    def test_deleting_what_is_not_there_counts_nothing(self, cache: Cache) -> None:
        result = apply_page(cache, [f.delete("person", f.new_id())], "c")
        assert result.deleted == 0 and get_cursor(cache) == "c"

    @pytest.mark.parametrize("op", ["create", "update"])  # before and after "delete"
    def test_an_unknown_op_applies_nothing(self, cache: Cache, op: str) -> None:
        anna, ben = f.person("Anna"), f.person("Ben")
        page = [f.put(anna), DecodedChange(7, "person", ben.id, op, ben)]
        with pytest.raises(ValueError, match=f"unknown op in feed: '{op}'"):
            apply_page(cache, page, "c")
        assert get_cursor(cache) is None and _count(cache, "person") == 0

    def test_ops_and_kinds_from_the_wire_are_compared_by_value(self, cache: Cache) -> None:
        anna, ben = f.person("Anna", "Eins"), f.person("Ben", "Weg")
        space = f.space("Vorstand")
        post = f.post(space.id, ben.id, "Geheimplan")
        apply_page(cache, _from_the_wire(f.puts(ben, space, post)), "c1")
        assert get_person(cache, ben.id) == ben and get_post(cache, post.id) == post
        v2 = f.bump(anna, family_name="Zwei")
        page = [*f.puts(v2, anna), f.delete("person", ben.id), f.lose_space(space.id)]
        result = apply_page(cache, _from_the_wire(page), "c2")
        assert get_person(cache, anna.id) == v2
        assert get_person(cache, ben.id) is None and result.deleted == 1
        assert get_post(cache, post.id) is None and result.purged_spaces == 1
        assert _found(cache, "Geheimplan") == set()

    def test_regained_access_purges_nothing(self, cache: Cache) -> None:
        space = f.space("Kantine")
        post = f.post(space.id, f.new_id(), "Speiseplan")
        apply_page(cache, f.puts(space, post), "c1")
        granted = DecodedChange(1, "space_access", space.id, "put", None)
        result = apply_page(cache, _from_the_wire([granted]), "c2")
        assert result.purged_spaces == 0 and get_post(cache, post.id) == post


class TestChecklist:
    def test_a_deleted_item_takes_its_ticks_along(self, cache: Cache) -> None:
        unit, anna = f.org_unit(), f.person()
        gone, kept = _checklist_item(unit.id), _checklist_item(unit.id)
        gone_tick, kept_tick = _tick(gone, anna.id), _tick(kept, anna.id)
        apply_page(cache, f.puts(unit, anna, gone, kept, gone_tick, kept_tick), "c1")
        apply_page(cache, _from_the_wire([f.delete("checklist_item", gone.id)]), "c2")
        ticks = cache.conn.execute("SELECT id FROM checklist_check").fetchall()
        assert ticks == [(kept_tick.id,)]
        assert _count(cache, "checklist_item") == 1


class TestHubRuns:
    # Decoded from the wire, or built here: the ops are then the very "put" objects
    # the module compares against, which an identity test would tell apart.
    @pytest.mark.parametrize("made", [_from_the_wire, list], ids=["decoded", "built"])
    def test_a_new_run_replaces_the_old_results(
        self, cache: Cache, made: Callable[[list[DecodedChange]], list[DecodedChange]]
    ) -> None:
        old_run, new_run = f.new_id(), f.new_id()
        run = _hub_run(old_run)
        old_hub = _hub(old_run)
        apply_page(cache, f.puts(run, old_hub), "c1")
        assert _count(cache, "hub") == 1
        new_hub = _hub(new_run)
        page = f.puts(_hub_run(new_run, record_id=run.id, version=2), new_hub)
        result = apply_page(cache, made(page), "c2")
        assert cache.conn.execute("SELECT id FROM hub").fetchall() == [(new_hub.id,)]
        assert result.deleted == 1

    def test_results_of_the_current_run_stay(self, cache: Cache) -> None:
        run_id = f.new_id()
        apply_page(cache, f.puts(_hub_run(run_id), _hub(run_id)), "c1")
        result = apply_page(cache, f.puts(_hub(run_id)), "c2")
        assert _count(cache, "hub") == 2 and result.deleted == 0


class TestDependentSearchText:
    def test_position_title_follows_its_holder(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        anna, ben = f.person("Anna", "Alt"), f.person("Ben", "Neu")
        pos = f.position("Leiterin Einkauf", unit.id, holder_id=anna.id)
        apply_page(cache, f.puts(unit, anna, ben, pos), "c1")
        assert _found(cache, "Leiterin", "person") == {anna.id}
        apply_page(cache, f.puts(f.bump(pos, holder_id=ben.id)), "c2")
        assert _found(cache, "Leiterin", "person") == {ben.id}
        apply_page(cache, [f.delete("position", pos.id)], "c3")
        assert _found(cache, "Leiterin") == set()

    def test_holder_arriving_after_the_position_gets_its_title(self, cache: Cache) -> None:
        unit = f.org_unit()
        anna = f.person("Anna", "Spät")
        apply_page(cache, f.puts(unit, f.position("Controllerin", unit.id, holder_id=anna.id)), "1")
        apply_page(cache, f.puts(anna), "2")
        assert _found(cache, "Controllerin", "person") == {anna.id}

    def test_unit_rename_reaches_its_positions(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        pos = f.position("Sachbearbeitung", unit.id)
        apply_page(cache, f.puts(unit, pos), "c1")
        apply_page(cache, f.puts(f.bump(unit, name="Beschaffung")), "c2")
        assert _found(cache, "Beschaffung", "position") == {pos.id}
        assert _found(cache, "Einkauf", "position") == set()


class TestSpacePurge:
    def _space_with_content(self, cache: Cache, name: str) -> dict[str, str]:
        anna = f.person("Anna", "Autorin")
        space = f.space(name)
        post = f.post(space.id, anna.id, f"Geheimplan {name}")
        comment = f.comment(post, anna.id, f"Kommentar {name}")
        records = [
            anna,
            space,
            f.membership(space.id, anna.id),
            post,
            comment,
            f.reaction(post.id, space.id, anna.id),
            f.reaction(comment.id, space.id, anna.id),
        ]
        apply_page(cache, f.puts(*records), f"cursor-{name}")
        return {"space": space.id, "post": post.id, "comment": comment.id}

    def test_lost_space_is_purged_from_tables_and_search(self, cache: Cache) -> None:
        lost = self._space_with_content(cache, "Vorstand")
        kept = self._space_with_content(cache, "Kantine")
        assert _found(cache, "Geheimplan") == {lost["post"], kept["post"]}
        result = apply_page(cache, [f.lose_space(lost["space"])], "cursor-purge")
        assert result.purged_spaces == 1
        for table in ("post", "comment", "reaction", "membership"):
            rows = cache.conn.execute(
                f"SELECT count(*) FROM {table} WHERE space_id = ?", (lost["space"],)
            ).fetchone()[0]
            assert rows == 0, table
        assert (
            cache.conn.execute(
                "SELECT count(*) FROM space WHERE id = ?", (lost["space"],)
            ).fetchone()[0]
            == 0
        )
        assert _found(cache, "Geheimplan") == {kept["post"]}
        assert _found(cache, "Vorstand") == set()
        assert _found(cache, "Kommentar") == {kept["comment"]}
        assert [i.post.id for i in list_posts(cache)] == [kept["post"]]
        assert _count(cache, "reaction") == 2 and _count(cache, "person") == 2

    def test_records_after_the_purge_in_the_same_page_survive(self, cache: Cache) -> None:
        lost = self._space_with_content(cache, "Projekt")
        author = f.new_id()
        before = f.post(lost["space"], author, "vorher geschrieben")
        after = f.post(lost["space"], author, "nachher geschrieben")
        page = [f.put(before), f.lose_space(lost["space"]), f.put(after)]
        apply_page(cache, page, "c")
        assert get_post(cache, before.id) is None
        assert get_post(cache, after.id) == after
        assert _found(cache, "geschrieben") == {after.id}

    def test_access_granted_marker_needs_no_work(self, cache: Cache) -> None:
        marker = DecodedChange(1, "space_access", f.new_id(), "put", None)
        result = apply_page(cache, [marker], "c")
        assert result.changes == 1 and get_cursor(cache) == "c"


class TestMaintenance:
    def test_optimize_runs_only_after_enough_writes(self, cache: Cache) -> None:
        apply_page(cache, f.puts(*(f.person(f"P{i}") for i in range(30))), "c")
        assert optimize_search(cache, min_writes=1000) is False
        assert optimize_search(cache, min_writes=10) is True
        assert optimize_search(cache, min_writes=10) is False  # counter was reset
        assert optimize_search(cache, min_writes=0) is True  # forced
        assert len(_found(cache, "P1")) == 11

    def test_apply_merges_by_itself_after_many_writes(
        self, cache: Cache, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(cache_apply, "AUTO_OPTIMIZE_AFTER", 25)
        apply_page(cache, f.puts(*(f.person(f"A{i}") for i in range(20))), "c1")
        assert _search_writes(cache) == 20
        apply_page(cache, f.puts(*(f.person(f"B{i}") for i in range(20))), "c2")
        assert _search_writes(cache) == 0  # merged
        assert len(_found(cache, "B1")) == 11

    def test_merge_thresholds_count_exactly(self, cache: Cache) -> None:
        assert optimize_search(cache, min_writes=1) is False  # nothing written yet
        _set_search_writes(cache, 19_999)
        assert optimize_search(cache) is False
        _set_search_writes(cache, 20_000)
        assert optimize_search(cache) is True
        assert _search_writes(cache) == 0

    def test_apply_merges_by_itself_at_exactly_100k_writes(self, cache: Cache) -> None:
        _set_search_writes(cache, 99_998)
        apply_page(cache, f.puts(f.person("Eine")), "c1")
        assert _search_writes(cache) == 99_999
        apply_page(cache, f.puts(f.person("Noch", "Eine")), "c2")
        assert _search_writes(cache) == 0  # merged

    def test_forget_records_leaves_no_record_and_no_search_entry(self, cache: Cache) -> None:
        space = f.space("Kantine")
        apply_page(cache, f.puts(f.person("Anna", "Vergessen"), space,
                                 f.post(space.id, f.new_id(), "Vergessen")), "c1")
        forget_records(cache)
        assert get_cursor(cache) is None
        assert (_count(cache, "person"), _count(cache, "post"), _count(cache, "space")) == (0, 0, 0)
        assert _index_size(cache, "person_fts") == 0 and _index_size(cache, "post_fts") == 0
        assert _found(cache, "Vergessen") == set()

    def test_wipe_is_available_where_pages_are_applied(self) -> None:
        from sync.cache.db import wipe

        assert cache_apply.wipe is wipe


def _index_snapshot(cache: Cache) -> dict[str, list[tuple[object, ...]]]:
    """Every (term, rowid, column, offset) of every index, via fts5vocab."""
    snapshot = {}
    for table in fts.FTS_TABLES.values():
        cache.conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_v "
            f"USING fts5vocab('main', '{table}', 'instance')"
        )
        snapshot[table] = cache.conn.execute(
            f"SELECT term, doc, col, offset FROM temp.{table}_v ORDER BY 1, 2, 3, 4"
        ).fetchall()
    return snapshot


def _rebuilt_snapshot(cache: Cache) -> dict[str, list[tuple[object, ...]]]:
    cache.conn.execute("BEGIN IMMEDIATE")
    try:
        fts.rebuild_all(cache.conn)
        return _index_snapshot(cache)
    finally:
        cache.conn.execute("ROLLBACK")


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["person", "unit", "position", "post", "delete", "purge", "optimize"]),
        st.integers(0, 3),
        st.sampled_from(["Müller", "Weiß", "Straße", "Einkauf", "Vertrieb", "Köln"]),
    ),
    min_size=1,
    max_size=25,
)


class TestIndexInvariant:
    """Contentless deletes need the exact old text: the index must always equal a rebuild."""

    @settings(max_examples=40, deadline=None)
    @given(_OPS, st.integers(1, 4))
    def test_index_always_equals_a_fresh_build(
        self, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, str]], page: int
    ) -> None:
        path = tmp_path_factory.mktemp("inv") / "cache.db"
        with Cache.open(path, b"k" * 32) as cache:
            units = [f.org_unit(f"Abteilung {i}") for i in range(4)]
            people = [f.person(f"Vor{i}", f"Nach{i}") for i in range(4)]
            positions = [f.position(f"Stelle {i}", units[i].id) for i in range(4)]
            space = f.space()
            posts = [f.post(space.id, people[i].id, f"Text {i}") for i in range(4)]
            apply_page(cache, f.puts(*units, *people, *positions, space, *posts), "c0")
            current: dict[str, object] = {
                r.id: r for r in [*units, *people, *positions, space, *posts]
            }
            pending: list[DecodedChange] = []
            for op, i, word in ops:
                if op == "person":
                    rec = f.bump(current[people[i].id], family_name=word, about=word)
                elif op == "unit":
                    rec = f.bump(current[units[i].id], name=word)
                elif op == "position":
                    holder = people[(i + len(word)) % 4].id
                    rec = f.bump(
                        current[positions[i].id],
                        title=word,
                        holder_id=holder,
                        org_unit_id=units[len(word) % 4].id,
                    )
                elif op == "post":
                    rec = f.bump(current[posts[i].id], text=word)
                if op in ("person", "unit", "position", "post"):
                    current[rec.id] = rec
                    pending.append(f.put(rec))
                elif op == "delete":
                    by_kind: list[tuple[str, Sequence[Record]]] = [
                        ("person", people),
                        ("position", positions),
                        ("org_unit", units),
                        ("post", posts),
                    ]
                    kind, record = by_kind[i]
                    pending.append(f.delete(kind, record[len(word) % 4].id))
                elif op == "purge":
                    pending.append(f.lose_space(space.id))
                if len(pending) >= page or op == "optimize":
                    apply_page(cache, pending, "c")
                    pending = []
                    if op == "optimize":
                        optimize_search(cache, min_writes=0)
                    assert _index_snapshot(cache) == _rebuilt_snapshot(cache)
            apply_page(cache, pending, "c")
            assert _index_snapshot(cache) == _rebuilt_snapshot(cache)
