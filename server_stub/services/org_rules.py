"""Who may change what in the organisation: the holder, the lead chain above, an admin.

"Lead of a position" is the holder of the lead position of the position's unit or of
any unit above it. For a unit's own lead position the chain starts one unit higher:
a team lead is led by the department lead, never by themself.
"""

from __future__ import annotations

from server_stub.errors import ApiError
from server_stub.services.context import WriteContext
from server_stub.storage import records
from sync import protocol as p

NOT_ALLOWED = "not_allowed"


def get_position(ctx: WriteContext, position_id: str) -> p.Position:
    position = records.get_record(ctx.conn, "position", position_id)
    if not isinstance(position, p.Position):
        raise ApiError(404, "position_not_found", "There is no such position.")
    return position


def get_unit(ctx: WriteContext, unit_id: str) -> p.OrgUnit:
    unit = records.get_record(ctx.conn, "org_unit", unit_id)
    if not isinstance(unit, p.OrgUnit):
        raise ApiError(404, "unit_not_found", "There is no such org unit.")
    return unit


def _unit_chain(ctx: WriteContext, unit_id: str | None) -> list[p.OrgUnit]:
    """The unit and every unit above it, nearest first (a cycle ends the walk)."""
    chain: list[p.OrgUnit] = []
    seen: set[str] = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        unit = records.get_record(ctx.conn, "org_unit", unit_id)
        if not isinstance(unit, p.OrgUnit):
            break
        chain.append(unit)
        unit_id = unit.parent_id
    return chain


def _lead_holders(ctx: WriteContext, units: list[p.OrgUnit]) -> list[str]:
    """Holders of the units' lead positions, nearest first."""
    holders: list[str] = []
    for unit in units:
        if unit.lead_position_id is None:
            continue
        lead = records.get_record(ctx.conn, "position", unit.lead_position_id)
        if isinstance(lead, p.Position) and lead.holder_id and lead.holder_id not in holders:
            holders.append(lead.holder_id)
    return holders


def leads_of_unit(ctx: WriteContext, unit_id: str) -> list[str]:
    """Who leads a unit: the holders of its lead position and of every one above."""
    return _lead_holders(ctx, _unit_chain(ctx, unit_id))


def leads_of_position(ctx: WriteContext, position: p.Position) -> list[str]:
    """Who leads a position, nearest first; never its own holder by way of its own seat."""
    chain = _unit_chain(ctx, position.org_unit_id)
    if chain and chain[0].lead_position_id == position.id:
        chain = chain[1:]
    return _lead_holders(ctx, chain)


def _me(ctx: WriteContext) -> str | None:
    return ctx.caller.person_id


def require_position_editor(ctx: WriteContext, position: p.Position) -> None:
    """The holder, a lead above the position, or an admin."""
    me = _me(ctx)
    if ctx.caller.is_admin or (me is not None and (
            position.holder_id == me or me in leads_of_position(ctx, position))):
        return
    raise ApiError(403, NOT_ALLOWED,
                   "Only the holder of this position, a lead above it or an admin may.")


def require_editor_of(ctx: WriteContext, position_id: str) -> None:
    """Removing what hangs on a position: its editors, or an admin once it is gone."""
    position = records.get_record(ctx.conn, "position", position_id)
    if isinstance(position, p.Position):
        require_position_editor(ctx, position)
    elif not ctx.caller.is_admin:
        raise ApiError(403, NOT_ALLOWED, "Only an admin may remove this.")


def require_position_lead(ctx: WriteContext, position: p.Position) -> None:
    """A lead above the position or an admin, but never the holder for their own seat."""
    me = _me(ctx)
    if me is not None and position.holder_id == me:
        raise ApiError(403, NOT_ALLOWED, "A position is handed over by its lead, not its holder.")
    if ctx.caller.is_admin or (me is not None and me in leads_of_position(ctx, position)):
        return
    raise ApiError(403, NOT_ALLOWED, "Only a lead above this position or an admin may.")


def require_unit_lead(ctx: WriteContext, unit_id: str) -> None:
    """The lead of the unit (or of a unit above it), or an admin."""
    me = _me(ctx)
    if ctx.caller.is_admin or (me is not None and me in leads_of_unit(ctx, unit_id)):
        return
    raise ApiError(403, NOT_ALLOWED, "Only the lead of this unit or an admin may.")


def manager_for(ctx: WriteContext, position: p.Position) -> str | None:
    """Whom the holder of a position reports to: the holder of the position it reports
    to, else the nearest lead above it."""
    if position.reports_to_id is not None:
        boss = records.get_record(ctx.conn, "position", position.reports_to_id)
        if isinstance(boss, p.Position) and boss.holder_id:
            return boss.holder_id
    leads = [h for h in leads_of_position(ctx, position) if h != position.holder_id]
    return leads[0] if leads else None
