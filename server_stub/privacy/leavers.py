"""Leavers: the date each person was first seen as left, and anonymising them once the
configured period has passed (anonymise_leavers_after_days, docs/privacy.md).

The directory import, or an admin, marks a person "left"; the next retention pass (the
server runs one every retention_interval_seconds, `kontor-server retention run` at once)
records that day. A person marked active again before the period ends is forgotten
here; one already anonymised stays so.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.privacy.anonymise import anonymise_person, is_anonymised, mark_anonymised
from server_stub.services.context import WriteContext
from server_stub.storage import records
from server_stub.storage import tables as t
from sync import protocol as p

DAY_MS = 86_400_000


def note_leavers(conn: sa.Connection, now: int, server_name: str) -> int:
    """Record today for every own person newly seen as left; forget returners.
    Returns how many were newly recorded."""
    known = sa.select(t.person_leaving.c.person_id)
    new = conn.execute(sa.select(t.person.c.id).where(
        t.person.c.status == "left", t.person.c.origin == server_name,
        t.person.c.id.not_in(known))).scalars().all()
    if new:
        conn.execute(sa.insert(t.person_leaving),
                     [{"person_id": pid, "left_at": now} for pid in new])
    back = sa.select(t.person.c.id).where(t.person.c.status == "active")
    conn.execute(sa.delete(t.person_leaving).where(
        t.person_leaving.c.anonymised_at.is_(None), t.person_leaving.c.person_id.in_(back)))
    return len(new)


def pending(conn: sa.Connection, now: int, server_name: str, after_days: int | None) -> bool:
    """Whether anonymise_due has anything to write (read first, so an idle server's pass
    takes no write lock)."""
    known = sa.select(t.person_leaving.c.person_id)
    unseen = sa.select(t.person.c.id).where(
        t.person.c.status == "left", t.person.c.origin == server_name,
        t.person.c.id.not_in(known)).limit(1)
    back = sa.select(t.person_leaving.c.person_id).where(
        t.person_leaving.c.anonymised_at.is_(None), t.person_leaving.c.person_id.in_(
            sa.select(t.person.c.id).where(t.person.c.status == "active"))).limit(1)
    if conn.execute(unseen).first() is not None or conn.execute(back).first() is not None:
        return True
    return after_days is not None and bool(due_leavers(conn, now, after_days))


def set_left_at(conn: sa.Connection, person_id: str, left_at: int) -> None:
    """An admin's correction of the day a person left (people left --on)."""
    updated = conn.execute(sa.update(t.person_leaving)
                           .where(t.person_leaving.c.person_id == person_id)
                           .values(left_at=left_at))
    if updated.rowcount == 0:
        conn.execute(sa.insert(t.person_leaving).values(person_id=person_id, left_at=left_at))


def due_leavers(conn: sa.Connection, now: int, after_days: int) -> list[str]:
    cutoff = now - after_days * DAY_MS
    return list(conn.execute(
        sa.select(t.person_leaving.c.person_id).where(
            t.person_leaving.c.anonymised_at.is_(None), t.person_leaving.c.left_at <= cutoff)
        .order_by(t.person_leaving.c.person_id)).scalars())


def anonymise_due(ctx: WriteContext, after_days: int | None, limit: int | None = None
                  ) -> tuple[int, bool]:
    """Note new leavers and anonymise those whose period has passed; returns how many
    were anonymised and whether more are due (limit reached)."""
    note_leavers(ctx.conn, ctx.now, ctx.server_name)
    if after_days is None:
        return 0, False
    due = due_leavers(ctx.conn, ctx.now, after_days)
    done = 0
    for person_id in due[:limit] if limit is not None else due:
        person = records.get_one(ctx.conn, "person", p.Person, person_id)
        if person is None or person.status != "left" or person.origin != ctx.server_name:
            ctx.conn.execute(sa.delete(t.person_leaving)
                             .where(t.person_leaving.c.person_id == person_id))
            continue
        if is_anonymised(person):
            mark_anonymised(ctx.conn, person_id, ctx.now)
            continue
        anonymise_person(ctx, person, "person.anonymise")
        done += 1
    return done, limit is not None and len(due) > limit
