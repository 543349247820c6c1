"""Anonymising a person: who they were goes, what the company's records need stays.

The person record stays (posts, comments, handovers and the holder history of positions
point at it) with the marker of a former colleague: status "left" and both names empty,
which clients show as "Former colleague" in their own language (docs/protocol.md).
Contact fields, photo, languages, skills, "about me", the manager, hub consent and
roles are cleared; the positions they still hold become vacant (the holder history
keeps the spell, now showing the former colleague); personal connections from and to
them, their memberships and checklist ticks are removed; their accounts are disabled
and every device is signed out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa

from server_stub.hubs.publish import republish
from server_stub.services import audit
from server_stub.services.context import WriteContext
from server_stub.storage import records
from server_stub.storage import spaces as space_store
from server_stub.storage import tables as t
from server_stub.storage.import_keys import revoke_account_devices
from server_stub.storage.records import EVERYONE, Scope, space_scope
from sync import protocol as p


@dataclass
class Anonymised:
    positions_vacated: int = 0
    connections: int = 0
    memberships: int = 0
    checklist_ticks: int = 0
    accounts_disabled: int = 0
    devices_signed_out: int = 0

    def counts(self) -> dict[str, int]:
        return dict(self.__dict__)


def is_anonymised(person: p.Person) -> bool:
    return person.status == "left" and not person.given_name and not person.family_name


def anonymous(person: p.Person, now: int) -> p.Person:
    """The person record as it stays: the id and the marker of a former colleague."""
    return p.Person(id=person.id, origin=person.origin, version=person.version + 1,
                    updated_at=now, given_name="", family_name="", status="left")


def anonymise_person(ctx: WriteContext, person: p.Person, action: str) -> Anonymised:
    """Anonymise in this transaction and audit it with the counts (never content)."""
    done = Anonymised()
    had_consent = person.show_as_hub
    target = anonymous(person, ctx.now)
    if msgspec.structs.replace(target, version=person.version,
                               updated_at=person.updated_at) != person:
        ctx.put("person", target, EVERYONE)
    today = dt.datetime.fromtimestamp(ctx.now / 1000, dt.UTC).date()
    for position in records.get_typed(ctx.conn, "position", p.Position,
                                      t.position.c.holder_id == person.id):
        history = [msgspec.structs.replace(s, end=s.end or today)
                   if s.person_id == person.id else s for s in position.history]
        ctx.put("position", msgspec.structs.replace(
            position, holder_id=None, absent_from=None, absent_to=None, history=history,
            version=position.version + 1, updated_at=ctx.now), EVERYONE)
        done.positions_vacated += 1
    for connection in records.get_typed(ctx.conn, "connection", p.Connection, sa.and_(
            t.connection.c.connection_kind == "personal",
            sa.or_(t.connection.c.from_id == person.id, t.connection.c.to_id == person.id))):
        ctx.delete("connection", connection.id, Scope("person", connection.from_id))
        done.connections += 1
    for membership in records.get_typed(ctx.conn, "membership", p.Membership,
                                        t.membership.c.person_id == person.id):
        space = space_store.get_space(ctx.conn, membership.space_id)
        scope = EVERYONE if space is None else space_scope(space.visibility, space.id)
        ctx.delete("membership", membership.id, scope)
        done.memberships += 1
    for check in records.get_typed(ctx.conn, "checklist_check", p.ChecklistCheck,
                                   t.checklist_check.c.person_id == person.id):
        ctx.delete("checklist_check", check.id, Scope("person", person.id))
        done.checklist_ticks += 1
    ctx.conn.execute(sa.delete(t.person_role).where(t.person_role.c.person_id == person.id))
    for account_id, disabled in ctx.conn.execute(
            sa.select(t.account.c.id, t.account.c.disabled)
            .where(t.account.c.person_id == person.id)).all():
        if not disabled:
            ctx.conn.execute(sa.update(t.account).where(t.account.c.id == account_id)
                             .values(disabled=True))
            done.accounts_disabled += 1
        done.devices_signed_out += revoke_account_devices(ctx.conn, account_id, ctx.now)
    if had_consent:
        ctx.note(republish(ctx.conn, ctx.server_name, ctx.now, hubs_only=True) or 0, EVERYONE)
    mark_anonymised(ctx.conn, person.id, ctx.now)
    audit.record(ctx, action, "person", person.id, **done.counts())
    return done


def mark_anonymised(conn: sa.Connection, person_id: str, now: int) -> None:
    updated = conn.execute(sa.update(t.person_leaving)
                           .where(t.person_leaving.c.person_id == person_id)
                           .values(anonymised_at=now))
    if updated.rowcount == 0:
        conn.execute(sa.insert(t.person_leaving).values(
            person_id=person_id, left_at=now, anonymised_at=now))
