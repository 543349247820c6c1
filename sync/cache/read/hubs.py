"""The information hubs as this reader received them: only the current run's records.

What reached this cache is already what this person may see (docs/hubs.md): named hubs
for everyone, "a colleague in <unit>" only for leads and community managers, the
attention list only for community managers. Readers here never widen that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.cache.read.people import decode_rows, get_people
from sync.protocol import Hub, HubAttention, HubRun, HubUnit, OrgUnit, Person

if TYPE_CHECKING:
    from sync.cache.db import Cache


@dataclass(frozen=True, slots=True)
class HubRow:
    hub: Hub
    person: Person | None  # None: not named (no consent) or not in this cache


@dataclass(frozen=True, slots=True)
class HubView:
    run: HubRun | None
    hubs: list[HubRow]
    units: list[HubUnit]
    attention: list[HubAttention]
    unit_names: dict[str, str]
    unit_parent: dict[str, str | None]

    @property
    def empty(self) -> bool:
        return self.run is None


def current_run(cache: Cache) -> HubRun | None:
    rows = cache.conn.execute("SELECT body FROM hub_run LIMIT 1").fetchall()
    found = decode_rows(rows, HubRun)
    return found[0] if found else None


def hub_view(cache: Cache) -> HubView:
    run = current_run(cache)
    if run is None:
        return HubView(None, [], [], [], {}, {})
    rid, map_rid = (run.run_id,), (run.map_run_id,)
    hubs = decode_rows(cache.conn.execute(
        "SELECT body FROM hub WHERE run_id = ? ORDER BY n", rid).fetchall(), Hub)
    units = decode_rows(cache.conn.execute(
        "SELECT body FROM hub_unit WHERE run_id = ? ORDER BY n", map_rid).fetchall(), HubUnit)
    attention = decode_rows(cache.conn.execute(
        "SELECT body FROM hub_attention WHERE run_id = ? ORDER BY n", map_rid).fetchall(),
        HubAttention)
    people = get_people(cache, [h.person_id for h in hubs if h.person_id])
    org = decode_rows(cache.conn.execute("SELECT body FROM org_unit").fetchall(), OrgUnit)
    names = {u.id: u.name for u in org}
    parents = {u.id: u.parent_id for u in org}
    rows = [HubRow(h, people.get(h.person_id) if h.person_id else None) for h in hubs]
    rows.sort(key=lambda r: (r.person is None, r.person.family_name if r.person else "",
                             names.get(r.hub.unit_id, "")))
    return HubView(run, rows, units, attention, names, parents)


def my_hub(cache: Cache, person_id: str) -> Hub | None:
    """This person's own hub record of the current run ("How I connect the company")."""
    run = current_run(cache)
    if run is None:
        return None
    rows = cache.conn.execute("SELECT body FROM hub WHERE run_id = ? AND person_id = ?",
                              (run.run_id, person_id)).fetchall()
    found = decode_rows(rows, Hub)
    return found[0] if found else None
