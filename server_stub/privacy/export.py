"""One person's own data as one JSON document (docs/privacy.md, "The export file").

Records appear as the wire carries them (docs/protocol.md). Personal connections that
others keep about the person are theirs and stay out; the audit entries are those
whose target is the person or one of their accounts, or whose actor is one of their
accounts. Password hashes and device token hashes never appear.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import sqlalchemy as sa

from server_stub.storage import records
from server_stub.storage import tables as t
from sync import protocol as p

FORMAT = "kontor-person-export"
FORMAT_VERSION = 1


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def _records(conn: sa.Connection, kind: str, where: sa.ColumnElement[bool]) -> list[Any]:
    return [msgspec.to_builtins(r) for r in records.get_records(conn, kind, where)]


def _positions_held(conn: sa.Connection, person_id: str) -> list[dict[str, Any]]:
    held = []
    named = sa.or_(t.position.c.holder_id == person_id,
                   sa.cast(t.position.c.history, sa.Text).contains(person_id))
    for position in records.get_typed(conn, "position", p.Position, named):
        spells = [s for s in position.history if s.person_id == person_id]
        if position.holder_id == person_id and not any(s.end is None for s in spells):
            spells.append(p.HolderSpell(person_id=person_id, start=dt.date.min))
        unit = records.get_one(conn, "org_unit", p.OrgUnit, position.org_unit_id)
        for spell in spells:
            held.append({"position_id": position.id, "title": position.title,
                         "org_unit": unit.name if unit else None,
                         "start": None if spell.start == dt.date.min else spell.start.isoformat(),
                         "end": spell.end.isoformat() if spell.end else None,
                         "holds_now": position.holder_id == person_id and spell.end is None})
    return held


def export_person(conn: sa.Connection, person: p.Person, server_name: str,
                  now: int) -> dict[str, Any]:
    pid = person.id
    accounts = conn.execute(sa.select(t.account).where(t.account.c.person_id == pid)).all()
    account_ids = [a.id for a in accounts]
    usernames = [a.username for a in accounts]
    devices = conn.execute(sa.select(t.device).where(
        t.device.c.account_id.in_(account_ids)).order_by(t.device.c.created_at)).all()
    held = _positions_held(conn, pid)
    position_ids = sorted({h["position_id"] for h in held if h["holds_now"]})
    leaving = conn.execute(sa.select(t.person_leaving).where(
        t.person_leaving.c.person_id == pid)).first()
    audit_rows = conn.execute(sa.select(t.audit_event).where(sa.or_(
        t.audit_event.c.target_id.in_([pid, *account_ids]),
        t.audit_event.c.actor.in_(usernames))).order_by(t.audit_event.c.id)).all()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "server_name": server_name,
        "exported_at": _iso(now),
        "person": msgspec.to_builtins(person),
        "consents": {"show_as_hub": person.show_as_hub},
        "roles": sorted(conn.execute(sa.select(t.person_role.c.role).where(
            t.person_role.c.person_id == pid)).scalars()),
        "leaving": None if leaving is None else {
            "left_at": _iso(leaving.left_at), "anonymised_at": _iso(leaving.anonymised_at)},
        "accounts": [{"username": a.username, "is_admin": a.is_admin, "disabled": a.disabled,
                      "created_at": _iso(a.created_at)} for a in accounts],
        "devices": [{"name": d.name, "signed_in_at": _iso(d.created_at),
                     "last_seen_at": _iso(d.last_seen_at), "revoked_at": _iso(d.revoked_at)}
                    for d in devices],
        "positions_held": held,
        "memberships": _records(conn, "membership", t.membership.c.person_id == pid),
        "posts": _records(conn, "post", t.post.c.author_id == pid),
        "comments": _records(conn, "comment", t.comment.c.author_id == pid),
        "reactions": _records(conn, "reaction", t.reaction.c.person_id == pid),
        "personal_connections": _records(conn, "connection", sa.and_(
            t.connection.c.connection_kind == "personal", t.connection.c.from_id == pid)),
        "job_connections": _records(conn, "connection", sa.and_(
            t.connection.c.connection_kind == "job",
            sa.or_(t.connection.c.from_id.in_(position_ids),
                   t.connection.c.to_id.in_(position_ids)))),
        "handovers": _records(conn, "handover", sa.or_(
            t.handover.c.from_person_id == pid, t.handover.c.to_person_id == pid)),
        "checklist_checks": _records(conn, "checklist_check",
                                     t.checklist_check.c.person_id == pid),
        "audit": [{"at": _iso(r.at), "actor": r.actor, "action": r.action,
                   "target_kind": r.target_kind, "target_id": r.target_id,
                   "detail": r.detail} for r in audit_rows],
    }
