"""Handing a position to its next holder: schedule, cancel, and apply all or nothing.

A handover is asked for by a lead above the position (or an admin), never by the
holder. Dated today or earlier it is applied at once; later, the server applies it on
that date (apply_due, run by a background task in app.py). Applying changes the seat,
the holder history, who reports to whom and the position's spaces in the caller's one
transaction, and marks its feed rows as one group, so a client paging the feed
receives the whole handover in one page or none of it.
"""

from __future__ import annotations

import datetime as dt

import msgspec
import sqlalchemy as sa

from server_stub.errors import ApiError
from server_stub.services import audit, org_rules
from server_stub.services.auth import Caller
from server_stub.services.context import WriteContext, WriteResult, encoder, require_local
from server_stub.services.spaces import membership_id
from server_stub.storage import organisation, records
from server_stub.storage import spaces as space_store
from server_stub.storage.records import EVERYONE, Scope, space_scope
from sync import protocol as p

SYSTEM_CALLER = Caller(account_id="", username=audit.SYSTEM_ACTOR, person_id=None,
                       device_id="", is_admin=True)


def _same_request(handover: p.Handover, body: p.HandoverWrite) -> bool:
    return (handover.position_id, handover.to_person_id, handover.date, handover.note) == (
        body.position_id, body.to_person_id, body.date, body.note)


def _successor(ctx: WriteContext, person_id: str) -> p.Person:
    person = records.get_one(ctx.conn, "person", p.Person, person_id)
    if person is None:
        raise ApiError(404, "person_not_found", "There is no such person.")
    if person.status != "active":
        raise ApiError(400, "inactive_person", "A position passes only to an active person.")
    return person


def put_handover(ctx: WriteContext, record_id: str, body: p.HandoverWrite,
                 today: dt.date) -> WriteResult:
    existing = records.get_one(ctx.conn, "handover", p.Handover, record_id)
    if existing is not None:
        # Rights first: only someone who may hand the position over learns of the record.
        _require_replay_right(ctx, existing)
        if _same_request(existing, body):
            return WriteResult(200, encoder.encode(existing))  # a replay: the same answer
        raise ApiError(409, "handover_immutable",
                       "A handover cannot change; cancel it and ask for a new one.",
                       current=encoder.encode(existing))
    position = org_rules.get_position(ctx, body.position_id)
    org_rules.require_position_lead(ctx, position)
    require_local(ctx, position)
    _successor(ctx, body.to_person_id)
    if body.to_person_id == position.holder_id:
        raise ApiError(400, "same_holder", "This person holds the position already.")
    check_date(position, body.date, today)
    pending = organisation.scheduled_handover(ctx.conn, position.id)
    if pending is not None:
        raise ApiError(409, "handover_pending",
                       "A handover of this position is scheduled already; cancel it first.",
                       current=encoder.encode(pending))
    handover = p.Handover(
        id=record_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
        position_id=position.id, from_person_id=position.holder_id,
        to_person_id=body.to_person_id, date=body.date, note=body.note, state="scheduled")
    audit.record(ctx, "handover.put", "handover", record_id, position_id=position.id,
                 to_person_id=body.to_person_id, date=body.date.isoformat())
    if body.date <= today:
        handover = apply(ctx, handover)
    else:
        ctx.put("handover", handover, EVERYONE)
    return WriteResult(200, encoder.encode(handover))


def _require_replay_right(ctx: WriteContext, existing: p.Handover) -> None:
    """A lead of the handover's position or an admin; a lead who handed a seat to
    themself still gets their replay answered, so the holder rule does not apply here."""
    position = organisation.get_position(ctx.conn, existing.position_id)
    if position is not None:
        org_rules.require_lead_above(ctx, position)
    elif not ctx.caller.is_admin:
        raise ApiError(403, org_rules.NOT_ALLOWED,
                       "Only a lead above this position or an admin may.")


DAYS_BACK = 366
YEARS_AHEAD = 5


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_date(position: p.Position, day: dt.date, today: dt.date) -> None:
    """A handover lies within a year back and five years ahead, and never before the
    position's holder history ends: a spell must not end before it started."""
    earliest, latest = today - dt.timedelta(days=DAYS_BACK), _years_after(today, YEARS_AHEAD)
    if not earliest <= day <= latest:
        raise ApiError(400, "invalid_dates",
                       f"A handover is dated from {earliest} to {latest}.")
    last = max((d for spell in position.history for d in (spell.start, spell.end)
                if d is not None), default=None)
    if last is not None and day < last:
        raise ApiError(400, "invalid_dates",
                       f"The position's holder history runs to {last}; date it from then on.")


def cancel_handover(ctx: WriteContext, record_id: str) -> None:
    """Cancel a scheduled handover; the record stays, as cancelled."""
    existing = records.get_one(ctx.conn, "handover", p.Handover, record_id)
    if existing is None:
        raise ApiError(404, "not_found", "There is no such handover.")
    position = organisation.get_position(ctx.conn, existing.position_id)
    if position is not None:
        org_rules.require_position_lead(ctx, position)
    elif not ctx.caller.is_admin:
        raise ApiError(403, org_rules.NOT_ALLOWED, "Only an admin may cancel this.")
    if existing.state == "cancelled":
        return
    if existing.state == "done":
        raise ApiError(409, "handover_done", "This handover has happened already.",
                       current=encoder.encode(existing))
    require_local(ctx, existing)
    ctx.put("handover", msgspec.structs.replace(
        existing, state="cancelled", version=existing.version + 1, updated_at=ctx.now),
        EVERYONE)
    audit.record(ctx, "handover.cancel", "handover", record_id,
                 position_id=existing.position_id)


def apply(ctx: WriteContext, handover: p.Handover) -> p.Handover:
    """Give the position to the successor; every change in this one transaction.

    Members-only spaces of the position are re-sent first (so the successor's client
    receives what they hold); everything after that is the handover's group.
    """
    position = org_rules.get_position(ctx, handover.position_id)
    spaces = space_store.spaces_of_position(ctx.conn, position.id)
    predecessor = position.holder_id
    successor = handover.to_person_id
    for space in spaces:
        if space.visibility == "members" and (
                space_store.get_membership(ctx.conn, space.id, successor) is None):
            ctx.note(records.resequence_space(ctx.conn, space.id), Scope("space", space.id))
    group_start = len(ctx.woken)
    history = [msgspec.structs.replace(spell, end=handover.date)
               if spell.person_id == predecessor and spell.end is None else spell
               for spell in position.history]
    history.append(p.HolderSpell(person_id=successor, start=handover.date))
    position = msgspec.structs.replace(
        position, holder_id=successor, absent_from=None, absent_to=None, history=history,
        version=position.version + 1, updated_at=ctx.now)
    ctx.put("position", position, EVERYONE)
    _set_manager(ctx, successor, org_rules.manager_for(ctx, position))
    for report in organisation.positions_reporting_to(ctx.conn, position.id):
        if report.holder_id is not None and report.holder_id != successor:
            _set_manager(ctx, report.holder_id, successor)
    for led in _led_without_boss(ctx, position):
        if led.holder_id is not None:
            _set_manager(ctx, led.holder_id, org_rules.manager_for(ctx, led))
    for space in spaces:
        transfer_membership(ctx, space, predecessor, successor)
    transferred = [
        *(r.id for r in organisation.responsibilities_of(ctx.conn, position.id)),
        *(c.id for c in organisation.job_connections_of(ctx.conn, position.id)),
        *(s.id for s in spaces),
    ]
    stored = records.get_record(ctx.conn, "handover", handover.id) is not None
    done = msgspec.structs.replace(
        handover, from_person_id=predecessor, state="done", transferred=transferred,
        version=handover.version + 1 if stored else handover.version, updated_at=ctx.now)
    ctx.put("handover", done, EVERYONE)
    audit.record(ctx, "handover.apply", "handover", handover.id, position_id=position.id,
                 from_person_id=predecessor, to_person_id=successor,
                 transferred=len(transferred))
    records.group_changes(ctx.conn, [seq for seq, _ in ctx.woken[group_start:]],
                          handover.id)
    return done


def _led_without_boss(ctx: WriteContext, position: p.Position) -> list[p.Position]:
    """Positions without reports_to whose holder's manager is this position's holder by
    way of the unit lead (org_rules.manager_for): when the position leads a unit, the
    unit's other positions, and those of units below whose lead seat is vacant, plus
    the held lead seats of the units right below."""
    found: list[p.Position] = []
    todo = [u.id for u in organisation.units_led_by(ctx.conn, position.id)]
    seen: set[str] = set()
    while todo:
        unit_id = todo.pop()
        if unit_id in seen:
            continue
        seen.add(unit_id)
        found.extend(organisation.unit_positions_without_boss(ctx.conn, unit_id, position.id))
        for child in organisation.units_below(ctx.conn, unit_id):
            lead = (organisation.get_position(ctx.conn, child.lead_position_id)
                    if child.lead_position_id else None)
            if lead is not None and lead.holder_id:
                if lead.reports_to_id is None:
                    found.append(lead)
            else:
                todo.append(child.id)
    return found


def _set_manager(ctx: WriteContext, person_id: str, manager_id: str | None) -> None:
    person = records.get_one(ctx.conn, "person", p.Person, person_id)
    if person is None or manager_id in (person.manager_id, person_id):
        return
    if person.origin != ctx.server_name:
        return  # another site's directory entry changes there
    ctx.put("person", msgspec.structs.replace(
        person, manager_id=manager_id, version=person.version + 1, updated_at=ctx.now),
        EVERYONE)


def transfer_membership(ctx: WriteContext, space: p.Space, predecessor: str | None,
                        successor: str) -> None:
    """The successor takes the predecessor's seat in a space of the position (role
    kept, member if there was none); the predecessor leaves it, and loses a members-only
    space from their clients."""
    scope = space_scope(space.visibility, space.id)
    before = space_store.get_membership(ctx.conn, space.id, predecessor) if predecessor else None
    current = space_store.get_membership(ctx.conn, space.id, successor)
    role = before.role if before is not None else "member"
    if current is None:
        ctx.put("membership", p.Membership(
            id=membership_id(space.id, successor), origin=ctx.server_name,
            version=1, updated_at=ctx.now, space_id=space.id, person_id=successor,
            role=role), scope)
    elif current.role != role and role == "moderator":
        ctx.put("membership", msgspec.structs.replace(
            current, role=role, version=current.version + 1, updated_at=ctx.now), scope)
    if before is not None and predecessor is not None:
        ctx.delete("membership", before.id, scope)
        if space.visibility == "members":
            seq = records.revoke_space_access(ctx.conn, space.id, predecessor)
            ctx.note(seq, Scope("person", predecessor))


def apply_scheduled(ctx: WriteContext, handover_id: str) -> p.Handover | None:
    """Apply one due handover as the server itself; None if it is no longer scheduled.

    A successor who left meanwhile cancels it; a successor who holds the position
    already makes it done without changes.
    """
    handover = records.get_one(ctx.conn, "handover", p.Handover, handover_id)
    if handover is None or handover.state != "scheduled":
        return None
    if handover.origin != ctx.server_name:
        return None  # another site applies its own handovers
    position = organisation.get_position(ctx.conn, handover.position_id)
    person = records.get_one(ctx.conn, "person", p.Person, handover.to_person_id)
    if position is None or person is None or person.status != "active":
        cancelled = msgspec.structs.replace(handover, state="cancelled",
                                            version=handover.version + 1, updated_at=ctx.now)
        ctx.put("handover", cancelled, EVERYONE)
        audit.record(ctx, "handover.cancel", "handover", handover.id, reason="unappliable")
        return cancelled
    if position.holder_id == handover.to_person_id:
        done = msgspec.structs.replace(handover, state="done", version=handover.version + 1,
                                       updated_at=ctx.now)
        ctx.put("handover", done, EVERYONE)
        audit.record(ctx, "handover.apply", "handover", handover.id, reason="holder_already")
        return done
    return apply(ctx, handover)


def apply_due(conn: sa.Connection, server_name: str, today: dt.date) -> list[p.Handover]:
    """Apply every due scheduled handover in this transaction (tests, tools)."""
    ctx = WriteContext(conn, SYSTEM_CALLER, p.now_ms(), server_name)
    applied = []
    for handover_id in organisation.due_handover_ids(conn, today):
        result = apply_scheduled(ctx, handover_id)
        if result is not None:
            applied.append(result)
    return applied


class FailedHandovers:
    """Scheduled handovers whose applying failed, and when to try each again.

    A failure that lasts (a bug, a broken record) would otherwise be retried and logged
    every check, forever. The wait doubles from the check interval up to an hour; the
    caller logs the first failure only.
    """

    MAX_WAIT = 3600.0

    def __init__(self, first_wait: float) -> None:
        self.first_wait = first_wait
        self._failed: dict[str, tuple[int, float]] = {}  # id -> (failures, next try)

    def due(self, handover_id: str, now: float) -> bool:
        failed = self._failed.get(handover_id)
        return failed is None or now >= failed[1]

    def failed(self, handover_id: str, now: float) -> int:
        """Count one more failure; returns how many there were in a row."""
        count = self._failed.get(handover_id, (0, now))[0] + 1
        wait = min(self.first_wait * 2 ** (count - 1), self.MAX_WAIT)
        self._failed[handover_id] = (count, now + wait)
        return count

    def succeeded(self, handover_id: str) -> int:
        """Forget a handover; returns how many failures it had before."""
        return self._failed.pop(handover_id, (0, 0.0))[0]

    def keep_only(self, due_ids: list[str]) -> None:
        """Forget handovers that are no longer due (cancelled, done, moved)."""
        for handover_id in set(self._failed) - set(due_ids):
            del self._failed[handover_id]
