"""Org chart queries over half-synced data (dangling parents, cycles) and the unit
stamp, on records applied to a real cache directly; the demo company's chart is
tests/integration/test_reader_org.py."""

from __future__ import annotations

from sync.cache.db import Cache
from sync.cache.read import org as reader_org
from sync.cache.write.apply import apply_page
from sync.protocol import OrgUnit
from tests.unit.sync import factories as f


def names(units: list[OrgUnit]) -> list[str]:
    return [u.name for u in units]


class TestHalfSyncedData:
    """References may dangle or loop while the feed is still arriving."""

    def test_a_unit_whose_parent_has_not_arrived_is_a_root(self, cache: Cache) -> None:
        orphan = f.org_unit("Werk Leipzig", parent_id=f.new_id())
        company = f.org_unit("Firma", unit_kind="company")
        apply_page(cache, f.puts(orphan, company), "c1")
        assert names(reader_org.unit_children(cache, None)) == ["Firma", "Werk Leipzig"]
        assert names(reader_org.unit_path(cache, orphan.id)) == ["Werk Leipzig"]

    def test_a_reporting_cycle_ends_the_chain(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        a = f.position("A", unit.id)
        b = f.position("B", unit.id, reports_to_id=a.id)
        a = f.bump(a, reports_to_id=b.id)
        apply_page(cache, f.puts(unit, a, b), "c1")
        assert [s.position.title for s in reader_org.chain_up(cache, a.id)] == ["A", "B"]
        assert [s.position.title for s in reader_org.vacancies(cache, unit.id)] == ["A", "B"]


class TestOrgUnitsStamp:
    def test_the_tree_stamp_changes_when_a_unit_arrives_or_changes(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        before = reader_org.org_units_stamp(cache)
        apply_page(cache, f.puts(unit), "c1")
        added = reader_org.org_units_stamp(cache)
        apply_page(cache, f.puts(f.bump(unit, name="Einkauf und Logistik")), "c2")
        renamed = reader_org.org_units_stamp(cache)
        assert len({before, added, renamed}) == 3
        assert reader_org.org_units_stamp(cache) == renamed

    def test_a_renamed_unit_is_found_by_its_new_name_at_once(self, cache: Cache) -> None:
        unit = f.org_unit("Einkauf")
        apply_page(cache, f.puts(unit), "c1")
        assert names(reader_org.find_units(cache, "einkauf")) == ["Einkauf"]
        apply_page(cache, f.puts(f.bump(unit, name="Beschaffung Süd")), "c2")
        assert reader_org.find_units(cache, "einkauf") == []
        assert names(reader_org.find_units(cache, "beschaffung sued")) == ["Beschaffung Süd"]
