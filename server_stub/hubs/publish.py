"""Results to records: consent decides the name, the viewer decides what reaches them.

- A hub who opted in (person.show_as_hub) is one record with their person_id, seen by
  everyone on this site.
- A hub who did not is "a colleague in <unit>" (no person_id), sent only to the leads
  of that unit and of the units above it, and to community managers: one copy per
  reader, each in that reader's own feed scope.
- The unit map (hub_unit) is seen by everyone; the attention list (unanswered
  questions, quiet spaces, outdated how-tos) and the weekly figures of the company, its
  units and sites (hub_adoption) only by community managers.

Every publication is a new run: the previous records leave every feed and clients drop
what is not of the current run, so opting out, losing a role or a lead position takes
the name or the view away at the next sync. Nothing here is exported to peer sites.
"""

from __future__ import annotations

import uuid
from typing import TypedDict

import msgspec
import sqlalchemy as sa
import uuid6

from server_stub.hubs.compute import Result
from server_stub.storage import hubs as store
from server_stub.storage.records import THIS_SITE, Scope
from server_stub.storage.tables import HUB_KINDS
from sync import protocol as p


class _Stamp(TypedDict):
    origin: str
    version: int
    updated_at: int
    run_id: str


def _ancestors(unit: str, parent: dict[str, str | None]) -> list[str]:
    chain = [unit]
    current = parent.get(unit)
    while current is not None and current not in chain:
        chain.append(current)
        current = parent.get(current)
    return chain


def records_for(result: Result, consenting: set[str], leads: dict[str, str],
                managers: list[str], run_id: str, origin: str, now: int,
                hubs_only: bool = False) -> list[tuple[str, p.Record, Scope]]:
    """The records of one publication; hubs_only: the hub records alone."""
    namespace = uuid.UUID(run_id)

    def rid(label: str) -> str:
        return str(uuid.uuid5(namespace, label))

    stamp = _Stamp(origin=origin, version=1, updated_at=now, run_id=run_id)
    rows: list[tuple[str, p.Record, Scope]] = []
    for n, hub in enumerate(result.hubs):
        if hub.person_id in consenting:
            rows.append(("hub", p.Hub(
                id=rid(f"hub:{n}"), person_id=hub.person_id, unit_id=hub.unit_id,
                role=hub.role, reasons=hub.reasons, **stamp), THIS_SITE))
            continue
        readers = {leads[u] for u in _ancestors(hub.unit_id, result.unit_parent) if u in leads}
        readers.update(managers)
        for reader in sorted(readers):
            rows.append(("hub", p.Hub(
                id=rid(f"hub:{n}:{reader}"), person_id=None, unit_id=hub.unit_id,
                role=hub.role, reasons=hub.reasons, **stamp), Scope("person", reader)))
    if hubs_only:
        return rows
    for n, unit in enumerate(result.units):
        rows.append(("hub_unit", p.HubUnit(
            id=rid(f"unit:{n}"), unit_id=unit.unit_id, links=unit.links,
            cut_off_from=unit.cut_off_from, cut_off_count=unit.cut_off_count,
            isolated=unit.isolated, **stamp), THIS_SITE))
    for n, item in enumerate(result.attention):
        for reader in managers:
            rows.append(("hub_attention", p.HubAttention(
                id=rid(f"attention:{n}:{reader}"), attention_kind=item.kind,
                target_id=item.target_id, space_id=item.space_id, since=item.since,
                **stamp), Scope("person", reader)))
    for n, figures in enumerate(result.adoption):
        for reader in managers:
            rows.append(("hub_adoption", p.HubAdoption(
                id=rid(f"adoption:{n}:{reader}"), group_kind=figures.group_kind,
                unit_id=figures.unit_id, weeks=figures.weeks, **stamp),
                Scope("person", reader)))
    return rows


def publish(conn: sa.Connection, result: Result, origin: str, now: int,
            hubs_only: bool = False) -> int:
    """Replace the published run with one made from `result`; returns the last seq.

    hubs_only (a change of consent): only the hub records are replaced, under a new
    run_id; the unit map and the attention list, which name nobody, stay as they are
    (at 100,000 people they are some 9,000 records the write lock need not wait for).
    """
    previous = store.current_run(conn)
    run_id = str(uuid6.uuid7())
    partial = hubs_only and previous is not None
    rows = records_for(
        result, store.consenting_people(conn), store.unit_leads(conn),
        store.people_with_role(conn, store.COMMUNITY_MANAGER), run_id, origin, now,
        hubs_only=partial)
    run = p.HubRun(id=store.HUB_RUN_ID, origin=origin,
                   version=1 if previous is None else previous.version + 1, updated_at=now,
                   run_id=run_id, map_run_id=previous.map_run_id if partial and previous
                   else run_id, computed_at=result.computed_at,
                   window_days=result.window_days, min_group=result.min_group)
    return store.replace_published(conn, rows, run, ("hub",) if partial else HUB_KINDS)


def republish(conn: sa.Connection, origin: str, now: int, hubs_only: bool = False
              ) -> int | None:
    """Publish the kept result again (consent or a role changed); None if there is none."""
    encoded = store.load_result(conn)
    if encoded is None:
        return None
    return publish(conn, msgspec.json.decode(encoded, type=Result), origin, now, hubs_only)
