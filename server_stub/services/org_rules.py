"""Who may change what in the organisation, enforced: the rules of
sync/protocol/rules.py (the holder, the lead chain above, an admin) read from this
transaction, turned into 404 and 403 answers with stable codes.
"""

from __future__ import annotations

from server_stub.errors import ApiError
from server_stub.services.context import ReadContext
from server_stub.storage import organisation
from sync import protocol as p
from sync.protocol import rules

NOT_ALLOWED = "not_allowed"


def get_position(ctx: ReadContext, position_id: str) -> p.Position:
    position = organisation.get_position(ctx.conn, position_id)
    if position is None:
        raise ApiError(404, "position_not_found", "There is no such position.")
    return position


def get_unit(ctx: ReadContext, unit_id: str) -> p.OrgUnit:
    unit = organisation.get_unit(ctx.conn, unit_id)
    if unit is None:
        raise ApiError(404, "unit_not_found", "There is no such org unit.")
    return unit


def require_position_editor(ctx: ReadContext, position: p.Position) -> None:
    """The holder, a lead above the position, or an admin."""
    if not rules.may_edit_position(ctx.org, ctx.caller.person_id, position,
                                   is_admin=ctx.caller.is_admin):
        raise ApiError(403, NOT_ALLOWED,
                       "Only the holder of this position, a lead above it or an admin may.")


def require_editor_of(ctx: ReadContext, position_id: str) -> None:
    """Removing what hangs on a position: its editors, or an admin once it is gone."""
    position = organisation.get_position(ctx.conn, position_id)
    if position is not None:
        require_position_editor(ctx, position)
    elif not ctx.caller.is_admin:
        raise ApiError(403, NOT_ALLOWED, "Only an admin may remove this.")


def require_position_lead(ctx: ReadContext, position: p.Position) -> None:
    """A lead above the position or an admin, but never the holder for their own seat."""
    me = ctx.caller.person_id
    if rules.may_hand_over(ctx.org, me, position, is_admin=ctx.caller.is_admin):
        return
    if me is not None and position.holder_id == me:
        raise ApiError(403, NOT_ALLOWED, "A position is handed over by its lead, not its holder.")
    raise ApiError(403, NOT_ALLOWED, "Only a lead above this position or an admin may.")


def require_lead_above(ctx: ReadContext, position: p.Position) -> None:
    """A lead above the position or an admin, the holder rule aside (a lead who handed a
    seat to themself still gets the answer to their own request)."""
    if not (ctx.caller.is_admin or rules.is_lead_above(ctx.org, ctx.caller.person_id, position)):
        raise ApiError(403, NOT_ALLOWED, "Only a lead above this position or an admin may.")


def require_unit_lead(ctx: ReadContext, unit_id: str) -> None:
    """The lead of the unit (or of a unit above it), or an admin."""
    if not rules.may_lead_unit(ctx.org, ctx.caller.person_id, unit_id,
                               is_admin=ctx.caller.is_admin):
        raise ApiError(403, NOT_ALLOWED, "Only the lead of this unit or an admin may.")


def manager_for(ctx: ReadContext, position: p.Position) -> str | None:
    """Whom the holder of a position reports to (rules.manager_of over this transaction)."""
    return rules.manager_of(ctx.org, position)
