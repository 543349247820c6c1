"""The rules both sides apply: who leads whom, who may change what, who may post where.

The server enforces them (server_stub/services/org_rules.py and posts.py), the client
asks them of its cache to offer only what the server will accept
(sync/cache/read/rights.py, sync/cache/read/posts.py), and the directory import
computes managers with them. Nothing here reads a database: the caller hands in an
OrgLookup over its own store, so a rule cannot read differently on the two sides.
tests/unit/sync/protocol/test_rules.py tests the rules on a hand-made organisation;
tests/integration/test_reader_rights.py runs one table of questions through a real
server and a cache synced from it and checks that they answer alike.

The lead chain: "a lead above a position" is the holder of the lead position of the
position's unit or of any unit above it. For a unit's own lead position the chain
starts one unit higher, so a team lead is led by the department lead, never by
themself. Half-synced or hand-made data may hold dangling or circular references:
every walk stops at a record that is missing or already seen, and answers with what it
found (no right is ever invented).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

from sync.protocol.records import OrgUnit, Position, Space

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class OrgLookup:
    """How a rule reads the organisation: a unit and a position by id (None: unknown).

    The server passes reads of its database, the client reads of its cache, the import
    the dicts of the file it holds in memory (`OrgLookup(units.get, positions.get)`).
    """

    unit: Callable[[str], OrgUnit | None]
    position: Callable[[str], Position | None]


def walk_up(start_id: str | None, get: Callable[[str], T | None],
            parent_of: Callable[[T], str | None]) -> Iterator[T]:
    """The record with start_id, then its parent, and so on upwards, nearest first.

    Stops at a record that is missing or already seen, so a cycle ends the walk; lazy,
    so a question answered near the start does not walk a deep tree to its root.
    """
    seen: set[str] = set()
    next_id = start_id
    while next_id is not None and next_id not in seen:
        record = get(next_id)
        if record is None:
            return
        seen.add(next_id)
        yield record
        next_id = parent_of(record)


def unit_chain(org: OrgLookup, unit_id: str | None) -> list[OrgUnit]:
    """The unit and every unit above it, nearest first (empty for an unknown unit)."""
    return list(walk_up(unit_id, org.unit, lambda unit: unit.parent_id))


def reporting_chain(org: OrgLookup, position_id: str) -> list[Position]:
    """The position, then the one it reports to, and so on to the top."""
    return list(walk_up(position_id, org.position, lambda position: position.reports_to_id))


def _lead_holders(org: OrgLookup, units: Iterator[OrgUnit]) -> Iterator[str]:
    """Holders of the units' lead positions, nearest first, each once."""
    seen: set[str] = set()
    for unit in units:
        if unit.lead_position_id is None:
            continue
        lead = org.position(unit.lead_position_id)
        if lead is not None and lead.holder_id and lead.holder_id not in seen:
            seen.add(lead.holder_id)
            yield lead.holder_id


def _units_leading(org: OrgLookup, position: Position) -> Iterator[OrgUnit]:
    """The units whose leads lead the position: its unit and those above, except that
    a unit's own lead position starts one unit higher."""
    units = walk_up(position.org_unit_id, org.unit, lambda unit: unit.parent_id)
    first = next(units, None)
    if first is not None and first.lead_position_id != position.id:
        yield first
    yield from units


def leads_of_unit(org: OrgLookup, unit_id: str) -> list[str]:
    """Who leads a unit: the holders of its lead position and of every one above."""
    return list(_lead_holders(org, walk_up(unit_id, org.unit, lambda unit: unit.parent_id)))


def leads_of_position(org: OrgLookup, position: Position) -> list[str]:
    """Person ids of the leads above a position, nearest first; never via its own seat."""
    return list(_lead_holders(org, _units_leading(org, position)))


def is_lead_above(org: OrgLookup, person_id: str | None, position: Position) -> bool:
    if person_id is None:
        return False
    return any(lead == person_id for lead in _lead_holders(org, _units_leading(org, position)))


def may_edit_position(org: OrgLookup, person_id: str | None, position: Position, *,
                      is_admin: bool = False) -> bool:
    """The holder, a lead above, or an admin may change a position's duties, absence and
    job contacts."""
    if is_admin:
        return True
    return person_id is not None and (
        position.holder_id == person_id or is_lead_above(org, person_id, position))


def may_hand_over(org: OrgLookup, person_id: str | None, position: Position, *,
                  is_admin: bool = False) -> bool:
    """A lead above the position or an admin, but never its holder: a seat is handed on
    by the one who leads it, not by the one who sits in it (an admin included)."""
    if person_id is not None and position.holder_id == person_id:
        return False
    return is_admin or is_lead_above(org, person_id, position)


def may_lead_unit(org: OrgLookup, person_id: str | None, unit_id: str, *,
                  is_admin: bool = False) -> bool:
    """The lead of the unit or of a unit above it, or an admin (its checklist, say)."""
    if is_admin:
        return True
    return person_id is not None and person_id in leads_of_unit(org, unit_id)


def manager_of(org: OrgLookup, position: Position) -> str | None:
    """Whom the holder of a position reports to: the holder of the position it reports
    to, else the nearest lead above it who is not the holder themself."""
    if position.reports_to_id is not None:
        boss = org.position(position.reports_to_id)
        if boss is not None and boss.holder_id:
            return boss.holder_id
    leads = _lead_holders(org, _units_leading(org, position))
    return next((lead for lead in leads if lead != position.holder_id), None)


# -- spaces ---------------------------------------------------------------------------

PostRefusal = Literal["not_a_member", "moderators_only"]


def post_refusal(space: Space, role: str | None) -> PostRefusal | None:
    """Why a person with this membership role (None: no member) may not post in the
    space, or None if they may: members post; in announcement spaces only moderators.
    The reasons are the server's error codes."""
    if space.space_kind == "announcements" and role != "moderator":
        return "moderators_only"
    if role is None:
        return "not_a_member"
    return None


def may_post_in(space: Space, role: str | None) -> bool:
    return post_refusal(space, role) is None


def may_discuss_in(space: Space, role: str | None) -> bool:
    """Comments and reactions need membership, except on announcements that are open
    beyond their members, which everyone may discuss."""
    return role is not None or (
        space.space_kind == "announcements" and space.visibility != "members")
