"""Whom each imported person reports to, computed from the directory in memory.

The rule is services/org_rules.manager_for, the one handovers use: the holder of the
position one's position reports to, else the nearest lead of the position's unit or a
unit above it (a unit's own lead starts one unit higher), never oneself. The import
has every unit and position of the company in hand (the file names no unit or
position outside itself), so it needs no query per person: at 20,000 people that was
145,000 reads while holding the database's write lock.
"""

from __future__ import annotations

from collections.abc import Mapping

from sync import protocol as p


class _Leads:
    """Per unit: the first two different holders of lead positions, nearest first.

    Two are enough: the first is someone's manager unless it is that person, and then
    the second is.
    """

    def __init__(self, units: Mapping[str, p.OrgUnit],
                 positions: Mapping[str, p.Position]) -> None:
        self.units, self.positions = units, positions
        self.known: dict[str, tuple[str, ...]] = {}

    def _own(self, unit: p.OrgUnit) -> str | None:
        lead = self.positions.get(unit.lead_position_id or "")
        return lead.holder_id if lead is not None and lead.holder_id else None

    def of(self, unit_id: str | None) -> tuple[str, ...]:
        """Walks up without recursion (a unit tree may be thousands deep); a circle or
        a unit that is not there ends the chain, as in org_rules._unit_chain."""
        walk: list[p.OrgUnit] = []
        seen: set[str] = set()
        while unit_id is not None and unit_id not in self.known and unit_id not in seen:
            unit = self.units.get(unit_id)
            if unit is None:
                break
            seen.add(unit_id)
            walk.append(unit)
            unit_id = unit.parent_id
        above = self.known.get(unit_id, ()) if unit_id is not None and unit_id not in seen else ()
        for unit in reversed(walk):
            own = self._own(unit)
            holders = (own, *(h for h in above if h != own)) if own else above
            above = self.known[unit.id] = holders[:2]
        return above


def managers(units: Mapping[str, p.OrgUnit],
             positions: Mapping[str, p.Position]) -> dict[str, str | None]:
    """position id -> the person its holder reports to (None: no one)."""
    leads = _Leads(units, positions)
    found: dict[str, str | None] = {}
    for position in positions.values():
        boss = positions.get(position.reports_to_id or "")
        if boss is not None and boss.holder_id:
            found[position.id] = boss.holder_id
            continue
        unit = units.get(position.org_unit_id)
        if unit is None:
            found[position.id] = None
            continue
        # A unit's own lead is led from the unit above.
        start = unit.parent_id if unit.lead_position_id == position.id else unit.id
        others = [h for h in leads.of(start) if h != position.holder_id]
        found[position.id] = others[0] if others else None
    return found
