"""Reading the changes feed, filtered to what one person may see."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.fast_query import FastQuery
from sync import protocol as p


@dataclass(frozen=True, slots=True)
class FeedRow:
    seq: int
    kind: p.Kind  # the change table holds only kinds and ops written from these types
    record_id: str
    op: p.Op
    body: bytes | None


def _visible_branches(person_id: str | sa.BindParameter[str] | None,
                      ) -> list[sa.ColumnElement[bool]]:
    """The feed's visibility rule, one condition per scope: everyone, this person, and
    the members of a space. Each is an index range on (scope, scope_id, seq)."""
    branches = [sa.and_(t.change.c.scope == "all", t.change.c.scope_id.is_(None))]
    if person_id is not None:
        branches.append(sa.and_(t.change.c.scope == "person", t.change.c.scope_id == person_id))
        branches.append(sa.and_(
            t.change.c.scope == "space",
            t.change.c.scope_id.in_(sa.select(t.membership.c.space_id).where(
                t.membership.c.person_id == person_id)),
        ))
    return branches


def visible_to(person_id: str | None) -> sa.ColumnElement[bool]:
    """The same rule as one condition (for counting, where order does not matter)."""
    return sa.or_(*_visible_branches(person_id))


_MAX_SEQ = FastQuery(sa.select(sa.func.max(t.change.c.seq)))


def max_seq(conn: sa.Connection) -> int:
    return int(_MAX_SEQ.rows(conn, {})[0][0] or 0)


_COUNT_AFTER = FastQuery(sa.select(sa.func.count()).select_from(t.change).where(
    t.change.c.seq > sa.bindparam("b_after", type_=sa.Integer)))


def count_after(conn: sa.Connection, after: int) -> int:
    """How many entries the feed holds after a seq, whoever may see them."""
    return int(_COUNT_AFTER.rows(conn, {"b_after": after})[0][0] or 0)


@functools.cache
def _rows_query(with_person: bool) -> FastQuery:
    return FastQuery(_rows_statement(with_person))


def _rows_statement(with_person: bool) -> sa.Select[Any]:
    """The page query, built once per shape with bound values: building this union of
    subqueries took SQLAlchemy longer than SQLite took to run it."""
    columns = (t.change.c.seq, t.change.c.kind, t.change.c.record_id, t.change.c.op,
               t.change.c.body, t.change.c.grp)
    since: sa.BindParameter[int] = sa.bindparam("b_since", type_=sa.Integer)
    limit: sa.BindParameter[int] = sa.bindparam("b_limit", type_=sa.Integer)
    parts = []
    person = sa.bindparam("b_person", type_=sa.String) if with_person else None
    for branch in _visible_branches(person):
        part = (sa.select(*columns).where(branch, t.change.c.seq > since)
                .order_by(t.change.c.seq).limit(limit).subquery())
        parts.append(sa.select(*part.c))
    merged = sa.union_all(*parts).subquery()
    return sa.select(*merged.c).order_by(merged.c.seq).limit(limit)


def _read_rows(
    conn: sa.Connection, person_id: str | None, since: int, limit: int
) -> list[tuple[Any, ...]]:
    """Up to limit + 1 visible rows after since, with their group.

    Each scope is read as its own ordered, limited index range and the results merged:
    one query with an OR of the scopes made the database collect and sort every visible
    row after the cursor (110 ms a page on a 100k-person company instead of a few).
    """
    values: dict[str, Any] = {"b_since": since, "b_limit": limit + 1}
    if person_id is not None:
        values["b_person"] = person_id
    return _rows_query(person_id is not None).rows(conn, values)


def read_feed(
    conn: sa.Connection, person_id: str | None, since: int, limit: int
) -> tuple[list[FeedRow], bool, int]:
    """Up to limit visible rows after since, whether more exist, and the table's head.

    One extra row is read to answer "more" exactly. A page never ends inside a group (the
    rows of one multi-record write such as a handover, all of one transaction): a full
    page whose last row belongs to a group is completed with the group's remaining
    visible rows, so a client never applies half of a handover, whatever its limit.
    """
    head = max_seq(conn)
    rows = _read_rows(conn, person_id, since, limit)
    more = len(rows) > limit
    page = rows[:limit]
    if more and page[-1][5] is not None:  # the last row's group
        # The group's rows are found through its own index first and only then checked
        # for visibility: with nearly every row outside any group, the planner's guess for
        # one group id is useless, and a combined condition walked every visible row after
        # the cursor (66 ms a page at 100,000 people instead of under 1 ms).
        in_group = sa.select(t.change.c.seq).where(
            t.change.c.grp == page[-1][5], t.change.c.seq > page[-1][0])
        rest = conn.execute(
            sa.select(t.change.c.seq, t.change.c.kind, t.change.c.record_id, t.change.c.op,
                      t.change.c.body, t.change.c.grp)
            .where(t.change.c.seq.in_(in_group), visible_to(person_id))
            .order_by(t.change.c.seq)
        ).all()
        if rest:
            page.extend(tuple(r) for r in rest)
            more = bool(_read_rows(conn, person_id, page[-1][0], 0))
    # The head was read first, and a write may have committed before the rows were
    # (each statement sees what has committed by then, on PostgreSQL): the head
    # returned is never below the last row, or the cursor after a last page would go
    # back before rows the client has, and it would get them a second time.
    if page:
        head = max(head, page[-1][0])
    return [FeedRow(seq, kind, record_id, op, None if body is None else bytes(body))
            for seq, kind, record_id, op, body, _ in page], more, head


@dataclass(frozen=True, slots=True)
class ScopedRow:
    row: FeedRow
    everyone: bool  # whether scope "all": every signed-in person may see it


_BETWEEN = FastQuery(
    sa.select(t.change.c.seq, t.change.c.kind, t.change.c.record_id, t.change.c.op,
              t.change.c.body, t.change.c.scope, t.change.c.scope_id)
    .where(t.change.c.seq > sa.bindparam("b_after", type_=sa.Integer),
           t.change.c.seq <= sa.bindparam("b_upto", type_=sa.Integer))
    .order_by(t.change.c.seq).limit(sa.bindparam("b_limit", type_=sa.Integer)))


def entries_between(conn: sa.Connection, after: int, upto: int, limit: int) -> list[ScopedRow]:
    """Up to limit entries with after < seq <= upto, whoever may see them."""
    return [ScopedRow(FeedRow(seq, kind, record_id, op, None if body is None else bytes(body)),
                      scope == "all" and scope_id is None)
            for seq, kind, record_id, op, body, scope, scope_id in _BETWEEN.rows(
                conn, {"b_after": after, "b_upto": upto, "b_limit": limit})]


def count_visible(conn: sa.Connection, person_id: str | None, since: int) -> int:
    return int(conn.execute(
        sa.select(sa.func.count()).select_from(t.change)
        .where(t.change.c.seq > since, visible_to(person_id))
    ).scalar() or 0)


def get_meta(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(
        sa.select(t.server_meta.c.value).where(t.server_meta.c.key == key)
    ).scalar()


def set_meta(conn: sa.Connection, key: str, value: str) -> None:
    updated = conn.execute(
        sa.update(t.server_meta).where(t.server_meta.c.key == key).values(value=value)
    )
    if updated.rowcount == 0:
        conn.execute(sa.insert(t.server_meta).values(key=key, value=value))
