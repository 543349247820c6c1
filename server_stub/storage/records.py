"""Reading and writing records together with their entry in the changes feed.

Every function here does one job inside the caller's transaction (a sync Connection;
the server runs them through storage/database.py), Synapse-style. A record write and its
feed entry always commit together.

The statements of the write path are built once per table with bound parameters, so a
write only binds values: building `update(...).values(**row)` anew for every write cost
more CPU than SQLite took to run it.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.feed_lock import lock_feed
from sync import protocol as p

S = TypeVar("S", bound=msgspec.Struct)
T = TypeVar("T")

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class Scope:
    """Who may see a feed entry: everyone, the members of a space, or one person.

    export: whether an "all" entry may also leave this site for its peers
    (docs/federation.md). Site-only spaces and records pulled from a peer are seen by
    everyone here but never exported; "space" and "person" entries never are.
    """

    name: str
    scope_id: str | None = None
    export: bool = True

    @property
    def exported(self) -> bool:
        return self.name == "all" and self.export


EVERYONE = Scope("all")
# Everyone on this site, but not to be exported: site-only spaces, records of peers.
THIS_SITE = Scope("all", export=False)


def space_scope(visibility: str, space_id: str) -> Scope:
    if visibility == "members":
        return Scope("space", space_id)
    return THIS_SITE if visibility == "site" else EVERYONE


def to_row(record: msgspec.Struct) -> dict[str, Any]:
    """Column values of a record: dates stay dates, lists and dicts become JSON-ready."""
    row: dict[str, Any] = msgspec.to_builtins(record, builtin_types=(dt.date,))
    for key, value in row.items():
        if isinstance(value, list | dict):
            row[key] = msgspec.to_builtins(value)
    return row


def from_row(row: sa.Row[Any] | dict[str, Any], record_type: type[S]) -> S:
    # Column names may be str subclasses (quoted_name), which msgspec does not take as keys.
    values = row._mapping.items() if isinstance(row, sa.Row) else row.items()
    return msgspec.convert({str(k): v for k, v in values}, record_type)


@functools.cache
def _select_by_id(table: sa.Table) -> sa.Select[Any]:
    return sa.select(table).where(table.c.id == sa.bindparam("b_id"))


def get_record(conn: sa.Connection, kind: str, record_id: str) -> msgspec.Struct | None:
    row = conn.execute(_select_by_id(t.RECORD_TABLES[kind]), {"b_id": record_id}).first()
    return None if row is None else from_row(row, p.RECORD_TYPES[kind])


def get_records(
    conn: sa.Connection, kind: str, where: sa.ColumnElement[bool] | None = None
) -> list[msgspec.Struct]:
    table = t.RECORD_TABLES[kind]
    query = sa.select(table)
    if where is not None:
        query = query.where(where)
    record_type = p.RECORD_TYPES[kind]
    return [from_row(row, record_type) for row in conn.execute(query.order_by(table.c.id))]


def get_one(conn: sa.Connection, kind: str, record_type: type[S], record_id: str) -> S | None:
    """get_record typed for the caller: None also if the row is not of that type."""
    found = get_record(conn, kind, record_id)
    return found if isinstance(found, record_type) else None


def get_typed(conn: sa.Connection, kind: str, record_type: type[S],
              where: sa.ColumnElement[bool] | None = None) -> list[S]:
    """get_records typed for the caller, by id."""
    return [r for r in get_records(conn, kind, where) if isinstance(r, record_type)]


_CHANGE_OP = sa.select(t.change.c.op).where(
    t.change.c.kind == sa.bindparam("b_kind"), t.change.c.record_id == sa.bindparam("b_id"))


def is_tombstone(conn: sa.Connection, kind: str, record_id: str) -> bool:
    """True if the record existed here and was deleted."""
    op = conn.execute(_CHANGE_OP, {"b_kind": kind, "b_id": record_id}).scalar()
    return op == "delete"


_DELETE_CHANGE = sa.delete(t.change).where(
    t.change.c.kind == sa.bindparam("b_kind"), t.change.c.record_id == sa.bindparam("b_id"))
_INSERT_CHANGE = sa.insert(t.change)


def _append_change(
    conn: sa.Connection, kind: str, record_id: str, op: str, scope: Scope, body: bytes | None
) -> int:
    lock_feed(conn)
    conn.execute(_DELETE_CHANGE, {"b_kind": kind, "b_id": record_id})
    result = conn.execute(_INSERT_CHANGE, {
        "kind": kind, "record_id": record_id, "op": op, "scope": scope.name,
        "scope_id": scope.scope_id, "body": body, "export": scope.exported,
    })
    seq = result.inserted_primary_key
    assert seq is not None
    return int(seq[0])


@functools.cache
def _update_by_id(table: sa.Table) -> sa.Update:
    return sa.update(table).where(table.c.id == sa.bindparam("b_id"))


def put_record(conn: sa.Connection, kind: str, record: msgspec.Struct, scope: Scope) -> int:
    """Insert or replace a record and move its feed entry to the end. Returns the seq."""
    return put_record_change(conn, kind, record, scope)[0]


def put_record_change(conn: sa.Connection, kind: str, record: msgspec.Struct, scope: Scope,
                      ) -> tuple[int, str, bytes]:
    """put_record(), also returning the record's id and the body its feed entry holds."""
    table = t.RECORD_TABLES[kind]
    row = to_row(record)
    updated = conn.execute(_update_by_id(table), {**row, "b_id": row["id"]})
    if updated.rowcount == 0:
        conn.execute(table.insert(), row)
    body = _encoder.encode(record)
    return _append_change(conn, kind, row["id"], "put", scope, body), row["id"], body


def delete_record(conn: sa.Connection, kind: str, record_id: str, scope: Scope) -> int:
    """Remove a record and leave a tombstone in the feed."""
    table = t.RECORD_TABLES[kind]
    conn.execute(sa.delete(table).where(table.c.id == record_id))
    return _append_change(conn, kind, record_id, "delete", scope, None)


def space_access_id(space_id: str, person_id: str) -> str:
    """Deterministic id of one person's access marker for one space."""
    return str(uuid.uuid5(uuid.UUID(space_id), person_id))


def revoke_space_access(conn: sa.Connection, space_id: str, person_id: str) -> int:
    """Tell one person's clients to purge everything they hold of a space."""
    marker = p.SpaceAccess(space_id=space_id)
    return _append_change(
        conn,
        "space_access",
        space_access_id(space_id, person_id),
        "delete",
        Scope("person", person_id),
        _encoder.encode(marker),
    )


def resequence_space(conn: sa.Connection, space_id: str) -> int:
    """Move a space's feed entries to the end, so a new member's client receives them.

    Existing members see the same versions again; applying a put twice is harmless.
    Returns the last seq written (0 if the space holds nothing).
    """
    rows = conn.execute(
        sa.select(t.change)
        .where(t.change.c.scope == "space", t.change.c.scope_id == space_id)
        .order_by(t.change.c.seq)
    ).all()
    last = 0
    for row in rows:
        last = _append_change(
            conn, row.kind, row.record_id, row.op, Scope("space", space_id), row.body
        )
    return last


def bulk_put_records(
    conn: sa.Connection, kind: str, records: Sequence[p.Record], scopes: Sequence[Scope]
) -> None:
    """Insert many new records at once (demo data, imports); no existing rows expected."""
    if not records:
        return
    table = t.RECORD_TABLES[kind]
    lock_feed(conn)
    conn.execute(sa.insert(table), [to_row(r) for r in records])
    conn.execute(
        sa.insert(t.change),
        [
            {
                "kind": kind,
                "record_id": r.id,
                "op": "put",
                "scope": s.name,
                "scope_id": s.scope_id,
                "body": _encoder.encode(r),
                "export": s.exported,
            }
            for r, s in zip(records, scopes, strict=True)
        ],
    )


def replace_records(
    conn: sa.Connection, kind: str, records: Sequence[p.Record], scope: Scope
) -> int:
    """put_record for many records of one kind at once, in order; returns the last seq.

    For pulled pages: a statement per chunk instead of six per record.
    """
    if not records:
        return 0
    table = t.RECORD_TABLES[kind]
    ids = [r.id for r in records]
    lock_feed(conn)
    for chunk in iter_chunks(ids, 500):
        conn.execute(sa.delete(table).where(table.c.id.in_(chunk)))
        conn.execute(sa.delete(t.change).where(t.change.c.kind == kind,
                                               t.change.c.record_id.in_(chunk)))
    conn.execute(sa.insert(table), [to_row(r) for r in records])
    conn.execute(sa.insert(t.change), [
        {"kind": kind, "record_id": record_id, "op": "put", "scope": scope.name,
         "scope_id": scope.scope_id, "body": _encoder.encode(r), "export": scope.exported}
        for record_id, r in zip(ids, records, strict=True)
    ])
    return int(conn.execute(sa.select(sa.func.max(t.change.c.seq))).scalar() or 0)


_SPACE_MEMBERS = sa.select(t.membership.c.person_id).where(
    t.membership.c.space_id == sa.bindparam("b_space"))


def space_members(conn: sa.Connection, space_id: str) -> set[str]:
    return {r[0] for r in conn.execute(_SPACE_MEMBERS, {"b_space": space_id})}


def member_space_ids(conn: sa.Connection, person_id: str) -> set[str]:
    rows = conn.execute(
        sa.select(t.membership.c.space_id).where(t.membership.c.person_id == person_id)
    )
    return {r[0] for r in rows}


def iter_chunks(items: Iterable[T], size: int) -> Iterable[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def group_changes(conn: sa.Connection, seqs: Iterable[int], grp: str) -> None:
    """Mark exactly these feed rows (the ones one write made) as one group.

    Naming the rows, rather than "everything after some seq", keeps a group to its own
    write even if another writer's rows ever landed in between. read_feed never ends a
    page inside a group; a later change of one of these records moves it to the end
    without the group. A seq whose row a later write in the group replaced is gone and
    marks nothing.
    """
    for chunk in iter_chunks(sorted(set(seqs)), 500):
        conn.execute(sa.update(t.change).where(t.change.c.seq.in_(chunk)).values(grp=grp))
