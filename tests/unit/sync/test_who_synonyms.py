"""Who does what finds a responsibility by its synonyms, below a match in its title,
with umlauts folded like every search, in the answer and in the register's filter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from sync import protocol as p
from sync.cache import migrations
from sync.cache.db import Cache
from sync.cache.read.register import register_listing
from sync.cache.read.who import who_is_responsible
from sync.cache.write.apply import apply_page
from sync.writes import WriteError, queue_responsibility, tidy_synonyms
from tests.unit.sync import factories as f

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def desk(cache: Cache) -> dict[str, p.Responsibility]:
    unit = f.org_unit("IT")
    lina = f.person("Lina", "Koch")
    support = f.position("IT-Support", unit.id, holder_id=lina.id)
    laptop = f.responsibility("Laptop", support.id, keywords=["Hardware"],
                              synonyms=["Notebook", "Rechner", "Computer"])
    inventory = f.responsibility("Rechnerinventur", support.id)
    print_shop = f.responsibility("Druckerei", support.id,
                                  description="Druckt alles, was der Rechner schickt.")
    keys = f.responsibility("Zutritt", support.id, synonyms=["Schlüssel", "Straßenausweis"])
    apply_page(cache, f.puts(unit, lina, support, laptop, inventory, print_shop, keys), "c1")
    return {"laptop": laptop, "inventory": inventory, "print": print_shop, "keys": keys}


def titles(cache: Cache, topic: str) -> list[str]:
    return [a.responsibility.title for a in who_is_responsible(cache, topic, today=TODAY)]


def test_a_synonym_finds_the_responsibility_and_names_whom_to_ask(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    (answer,) = who_is_responsible(cache, "Notebook", today=TODAY)
    assert answer.responsibility.id == desk["laptop"].id
    assert answer.ask is not None and answer.ask.display_name == "Lina Koch"
    assert titles(cache, "Computer kaputt") == ["Laptop"]
    assert titles(cache, "notebo") == ["Laptop"]  # as one types


def test_a_title_match_ranks_above_a_synonym_match_above_a_description_match(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    assert titles(cache, "Rechner") == ["Rechnerinventur", "Laptop", "Druckerei"]


def test_umlauts_and_sharp_s_fold_in_synonyms(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    for spelling in ("Schlüssel", "Schluessel", "Schlussel", "SCHLÜSSEL", "Strassenausweis"):
        assert titles(cache, spelling) == ["Zutritt"], spelling


def test_an_edit_that_drops_a_synonym_is_no_longer_found_by_it(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    apply_page(cache, f.puts(f.bump(desk["laptop"], synonyms=["Notebook"])), "c2")
    assert titles(cache, "Computer") == []
    assert titles(cache, "Notebook") == ["Laptop"]


def test_the_register_filter_finds_stored_and_queued_synonyms(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    assert [e.title for e in register_listing(cache, None, "all", "Rechner").entries] == [
        "Druckerei", "Laptop", "Rechnerinventur"]
    laptop = desk["laptop"]
    write = p.ResponsibilityWrite(title=laptop.title, owner_position_id=laptop.owner_position_id,
                                  synonyms=["Klapprechner", "  ", "klapprechner", "Tablet "])
    item = queue_responsibility(cache, write, record_id=laptop.id, version=1)
    sent = msgspec.json.decode(item.body, type=p.ResponsibilityWrite)
    assert sent.synonyms == ["Klapprechner", "Tablet"]  # blanks and repeats left out
    assert [e.title for e in register_listing(cache, None, "all", "Tablet").entries] == [
        "Laptop"]


def test_tidy_synonyms_keeps_the_first_spelling_in_order() -> None:
    assert tidy_synonyms([" Rechner", "PC", "rechner", "", "Pc ", "Notebook"]) == [
        "Rechner", "PC", "Notebook"]


def test_too_many_synonyms_are_refused_before_anything_is_queued(
        cache: Cache, desk: dict[str, p.Responsibility]) -> None:
    laptop = desk["laptop"]
    write = p.ResponsibilityWrite(title="Laptop", owner_position_id=laptop.owner_position_id,
                                  synonyms=[f"Wort {n}" for n in range(p.MAX_SYNONYMS + 1)])
    with pytest.raises(WriteError, match=r"cannot be sent: .*length <= 30 - at `\$.synonyms`"):
        queue_responsibility(cache, write)


def test_a_step_4_cache_gains_the_synonyms_in_its_search(
        cache_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bodies stored before step 5 are indexed again, with and without synonyms."""
    unit = f.org_unit("IT")
    support = f.position("IT-Support", unit.id)
    laptop = f.responsibility("Laptop", support.id, synonyms=["Notebook"])
    older = f.responsibility("Drucker", support.id, keywords=["Toner"])
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        m.setattr(migrations, "CURRENT_VERSION", 4)
        old = Cache.open(cache_path, key)
        assert migrations.user_version(old.conn) == 4
        with old.transaction() as conn:
            for record in (laptop, older):
                body = msgspec.json.encode(record).decode()
                if record is older:  # stored by a Kontor that knew no synonyms
                    body = body.replace(',"synonyms":[]', "")
                conn.execute(
                    "INSERT INTO responsibility (id, origin, version, updated_at, title, "
                    "owner_position_id, body) VALUES (?, 'test', 1, 0, ?, ?, ?)",
                    (record.id, record.title, support.id, body))
            conn.execute(  # indexed as step 4 did: title, keywords, description
                "INSERT INTO responsibility_fts (rowid, title, keywords, description) "
                "SELECT n, kfold(title), kfold(json_extract(body, '$.keywords')), "
                "kfold(json_extract(body, '$.description')) FROM responsibility")
        old.close()
    cache = Cache.open(cache_path, key)
    try:
        assert migrations.user_version(cache.conn) == migrations.CURRENT_VERSION
        apply_page(cache, f.puts(unit, support), "c1")
        assert titles(cache, "Notebook") == ["Laptop"]
        assert titles(cache, "Toner") == ["Drucker"]
        assert titles(cache, "Laptop") == ["Laptop"]
        # The rebuilt entries are the ones later edits remove: no stale word stays.
        apply_page(cache, f.puts(f.bump(laptop, synonyms=["Klapprechner"])), "c2")
        assert titles(cache, "Notebook") == []
        assert titles(cache, "Klapprechner") == ["Laptop"]
    finally:
        cache.close()
