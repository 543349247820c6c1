"""Queries of the organisation: units, positions, what hangs on a position, handovers,
checklists. Each answers with the wire types, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.records import get_one, get_typed
from sync import protocol as p


def get_unit(conn: sa.Connection, unit_id: str) -> p.OrgUnit | None:
    return get_one(conn, "org_unit", p.OrgUnit, unit_id)


def get_position(conn: sa.Connection, position_id: str) -> p.Position | None:
    return get_one(conn, "position", p.Position, position_id)


def units_led_by(conn: sa.Connection, position_id: str) -> list[p.OrgUnit]:
    """The units whose lead position this is."""
    return get_typed(conn, "org_unit", p.OrgUnit, t.org_unit.c.lead_position_id == position_id)


def units_below(conn: sa.Connection, unit_id: str) -> list[p.OrgUnit]:
    """The units directly below one."""
    return get_typed(conn, "org_unit", p.OrgUnit, t.org_unit.c.parent_id == unit_id)


def positions_reporting_to(conn: sa.Connection, position_id: str) -> list[p.Position]:
    return get_typed(conn, "position", p.Position, t.position.c.reports_to_id == position_id)


def unit_positions_without_boss(conn: sa.Connection, unit_id: str,
                                besides: str) -> list[p.Position]:
    """The unit's positions that report to no position (their holders' manager is the
    unit's lead), leaving out `besides`."""
    return get_typed(conn, "position", p.Position, sa.and_(
        t.position.c.org_unit_id == unit_id, t.position.c.reports_to_id.is_(None),
        t.position.c.id != besides))


def responsibilities_of(conn: sa.Connection, position_id: str) -> list[p.Responsibility]:
    """The duties a position owns."""
    return get_typed(conn, "responsibility", p.Responsibility,
                     t.responsibility.c.owner_position_id == position_id)


def job_connections_of(conn: sa.Connection, position_id: str) -> list[p.Connection]:
    """The job contacts with the position at either end."""
    return get_typed(conn, "connection", p.Connection, sa.and_(
        t.connection.c.connection_kind == "job",
        sa.or_(t.connection.c.from_id == position_id, t.connection.c.to_id == position_id)))


def scheduled_handover(conn: sa.Connection, position_id: str) -> p.Handover | None:
    """The handover of a position still waiting for its date (there is at most one)."""
    found = get_typed(conn, "handover", p.Handover, sa.and_(
        t.handover.c.position_id == position_id, t.handover.c.state == "scheduled"))
    return found[0] if found else None


def due_handover_ids(conn: sa.Connection, today: dt.date) -> list[str]:
    """Ids of scheduled handovers whose date has come, oldest date first."""
    due = get_typed(conn, "handover", p.Handover, sa.and_(
        t.handover.c.state == "scheduled", t.handover.c.date <= today))
    return [h.id for h in sorted(due, key=lambda h: (h.date, h.id))]


def checks_of_item(conn: sa.Connection, item_id: str) -> list[p.ChecklistCheck]:
    """Everyone's ticks on one checklist item."""
    return get_typed(conn, "checklist_check", p.ChecklistCheck,
                     t.checklist_check.c.item_id == item_id)


def check_of(conn: sa.Connection, item_id: str, person_id: str) -> p.ChecklistCheck | None:
    """One person's tick on one checklist item (there is at most one)."""
    found = get_typed(conn, "checklist_check", p.ChecklistCheck, sa.and_(
        t.checklist_check.c.item_id == item_id, t.checklist_check.c.person_id == person_id))
    return found[0] if found else None
