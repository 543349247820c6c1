"""The Community figures as a community manager received them (docs/hubs.md).

Only community managers receive hub_adoption records (weekly figures of the company,
its units and sites) and the attention list; for anyone else this is empty, and the
desktop shows no Community screen. Only the current run's records are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.cache.read.hubs import current_run
from sync.cache.read.people import decode_rows
from sync.protocol import HubAdoption, HubAttention, HubRun, OrgUnit

if TYPE_CHECKING:
    from sync.cache.db import Cache


@dataclass(frozen=True, slots=True)
class CommunityView:
    run: HubRun | None
    company: HubAdoption | None
    sites: list[HubAdoption]
    units: list[HubAdoption]
    attention: list[HubAttention]
    unit_names: dict[str, str]
    unit_parent: dict[str, str | None]

    def name_of(self, figures: HubAdoption) -> str:
        """The unit's name; with its parent's where another unit shown has the same name
        (each site has its Wareneingang)."""
        unit = figures.unit_id or ""
        name = self.unit_names.get(unit, "?")
        shown = [f.unit_id for f in (*self.units, *self.sites) if f.unit_id != unit]
        if any(self.unit_names.get(other or "") == name for other in shown):
            parent = self.unit_parent.get(unit)
            if parent is not None and parent in self.unit_names:
                return f"{name} ({self.unit_names[parent]})"
        return name


def has_community(cache: Cache) -> bool:
    """True when this reader holds Community figures of the current run."""
    row = cache.conn.execute(
        "SELECT 1 FROM hub_adoption WHERE run_id = "
        "(SELECT map_run_id FROM hub_run LIMIT 1) LIMIT 1").fetchone()
    return row is not None


def community_view(cache: Cache) -> CommunityView:
    run = current_run(cache)
    if run is None:
        return CommunityView(None, None, [], [], [], {}, {})
    map_rid = (run.map_run_id,)
    figures = decode_rows(cache.conn.execute(
        "SELECT body FROM hub_adoption WHERE run_id = ? ORDER BY n", map_rid).fetchall(),
        HubAdoption)
    attention = decode_rows(cache.conn.execute(
        "SELECT body FROM hub_attention WHERE run_id = ? ORDER BY n", map_rid).fetchall(),
        HubAttention)
    org = decode_rows(cache.conn.execute("SELECT body FROM org_unit").fetchall(), OrgUnit)
    names = {u.id: u.name for u in org}
    parents = {u.id: u.parent_id for u in org}
    company = next((f for f in figures if f.group_kind == "company"), None)

    def named(kind: str) -> list[HubAdoption]:
        found = [f for f in figures if f.group_kind == kind]
        return sorted(found, key=lambda f: names.get(f.unit_id or "", ""))

    return CommunityView(run, company, named("site"), named("unit"), attention, names,
                         parents)
