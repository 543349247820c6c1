"""Applying feed pages: all or nothing with the cursor, monotonic, deletes and purges."""

from __future__ import annotations

from collections.abc import Sequence

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
from sync.cache.write.apply import apply_page, get_cursor, optimize_search
from sync.protocol import DecodedChange, Record
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

    def test_an_unknown_kind_applies_nothing(self, cache: Cache) -> None:
        anna = f.person()
        page = [f.put(anna), DecodedChange(5, "gossip", f.new_id(), "put", None)]
        with pytest.raises(ValueError, match="gossip"):
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

    def test_deleting_a_post_drops_it_from_search(self, cache: Cache) -> None:
        space = f.space()
        post = f.post(space.id, f.new_id(), "Betriebsausflug nach Hamburg")
        apply_page(cache, f.puts(space, post), "c1")
        assert _found(cache, "Betriebsausflug") == {post.id}
        apply_page(cache, [f.delete("post", post.id)], "c2")
        assert _found(cache, "Betriebsausflug") == set()
        assert _index_size(cache, "post_fts") == 0


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
