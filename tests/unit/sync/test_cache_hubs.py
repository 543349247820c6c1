"""Hub results in the cache: migration steps 4 and 5, and a new run replacing the last
one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sync.cache import migrations
from sync.cache.db import Cache
from sync.cache.read.community import community_view, has_community
from sync.cache.read.hubs import hub_view, my_hub
from sync.cache.read.people import get_person
from sync.cache.write.apply import apply_page
from sync.protocol import AdoptionWeek, Hub, HubAdoption, HubReason, HubRun, HubUnit
from tests.unit.sync import factories as f

RUN_RECORD = "0190f0e0-0000-7000-8000-00000000b0b0"


def run(version: int) -> tuple[HubRun, str]:
    run_id = f.new_id()
    return HubRun(id=RUN_RECORD, origin="test", version=version, updated_at=f.T0,
                  run_id=run_id, map_run_id=run_id, computed_at=f.T0, window_days=90,
                  min_group=5), run_id


def hub(run_id: str, unit_id: str, person_id: str | None) -> Hub:
    return Hub(id=f.new_id(), origin="test", version=1, updated_at=f.T0, run_id=run_id,
               person_id=person_id, unit_id=unit_id,
               reasons=[HubReason(kind="answers_units", count=3, units=[unit_id])])


def test_a_step_2_cache_keeps_its_data_and_gains_the_hub_tables(
        cache_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    anna = f.person("Anna", "Schmidt")
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        m.setattr(migrations, "CURRENT_VERSION", 2)
        old = Cache.open(cache_path, key)
        apply_page(old, f.puts(anna), "c1")
        old.close()
    cache = Cache.open(cache_path, key)
    try:
        assert migrations.user_version(cache.conn) == migrations.CURRENT_VERSION
        assert get_person(cache, anna.id) == anna
        assert hub_view(cache).empty
    finally:
        cache.close()


def test_a_new_run_drops_every_record_of_the_previous_one(cache: Cache) -> None:
    unit = f.org_unit("Einkauf")
    anna = f.person("Anna", "Schmidt")
    first, first_id = run(1)
    named = hub(first_id, unit.id, anna.id)
    unnamed = hub(first_id, unit.id, None)
    unit_map = HubUnit(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                       run_id=first_id, unit_id=unit.id)
    apply_page(cache, f.puts(unit, anna, named, unnamed, unit_map, first), "c1")
    view = hub_view(cache)
    assert [r.person for r in view.hubs] == [anna, None]
    assert view.unit_names[unit.id] == "Einkauf"
    assert my_hub(cache, anna.id) == named

    second, second_id = run(2)  # Anna took her consent back: she is not in it
    apply_page(cache, f.puts(hub(second_id, unit.id, None), second), "c2")
    view = hub_view(cache)
    assert [r.person for r in view.hubs] == [None]
    assert view.units == []
    assert my_hub(cache, anna.id) is None
    left = cache.conn.execute("SELECT count(*) FROM hub WHERE run_id = ?", (first_id,))
    assert left.fetchone()[0] == 0


def adoption(run_id: str, unit_id: str | None) -> HubAdoption:
    return HubAdoption(id=f.new_id(), origin="test", version=1, updated_at=f.T0,
                       run_id=run_id, group_kind="unit" if unit_id else "company",
                       unit_id=unit_id, weeks=[AdoptionWeek(
                           week=dt.date(2026, 11, 23), active=5, posts=7, answers=2)])


def test_a_step_4_cache_gains_the_community_figures_and_a_new_run_replaces_them(
        cache_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = f.org_unit("Einkauf")
    with monkeypatch.context() as m:
        m.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        m.setattr(migrations, "CURRENT_VERSION", 4)
        old = Cache.open(cache_path, key)
        apply_page(old, f.puts(unit), "c1")
        old.close()
    cache = Cache.open(cache_path, key)
    try:
        assert not has_community(cache)
        first, first_id = run(1)
        apply_page(cache, f.puts(adoption(first_id, None), adoption(first_id, unit.id), first),
                   "c2")
        view = community_view(cache)
        assert has_community(cache) and view.company is not None
        assert [(view.name_of(u), u.weeks[0].active) for u in view.units] == [("Einkauf", 5)]
        second, _ = run(2)
        apply_page(cache, f.puts(second), "c3")  # the next run names no figures for me
        assert not has_community(cache)
        assert cache.conn.execute("SELECT count(*) FROM hub_adoption").fetchone()[0] == 0
    finally:
        cache.close()
