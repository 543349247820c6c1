"""The rows of the sign-in slow-down: failures per key and trusted name-at-address pairs.

Times are ms: the database's clock on PostgreSQL (leases.clock_ms), so the hosts'
clocks need not agree. The rules live in services/login_throttle.py; this module only
reads and writes rows (services/shared_throttle.py puts the two together).

Concurrent sign-ins in several processes: a failure first makes sure its rows exist
(an insert that skips existing keys, in key order) and then reads them FOR UPDATE, so
two failures of one key count twice, never once. Pruning skips rows another
transaction holds (SKIP LOCKED), so it never waits and never deadlocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from server_stub.storage import tables as t

PRUNE_BATCH = 1000  # rows a prune deletes at most; each failure makes at most three
Row = tuple[int, int]  # failures, blocked_until (ms)

_failure = t.sign_in_failure
_trust = t.sign_in_trust


def _insert(conn: sa.Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def failures(conn: sa.Connection, keys: Sequence[str], now: int,
             lock: bool = False) -> dict[str, Row]:
    """key -> (failures, blocked_until) of those keys not yet forgotten."""
    query = sa.select(_failure.c.key, _failure.c.failures, _failure.c.blocked_until).where(
        _failure.c.key.in_(keys), _failure.c.expires_at > now).order_by(_failure.c.key)
    if lock:
        query = query.with_for_update()
    return {key: (count, blocked) for key, count, blocked in conn.execute(query)}


def trusted_at(conn: sa.Connection, pair: str) -> int | None:
    return conn.execute(sa.select(_trust.c.signed_in_at).where(
        _trust.c.pair == pair)).scalar_one_or_none()


def open_failures(conn: sa.Connection, keys: Iterable[str], now: int) -> None:
    """Make sure each key has a row (zero failures), without touching existing ones."""
    rows = [{"key": key, "failures": 0, "blocked_until": 0, "expires_at": now + 1}
            for key in sorted(keys)]
    conn.execute(_insert(conn, _failure).values(rows).on_conflict_do_nothing(
        index_elements=[_failure.c.key]))


def save_failures(conn: sa.Connection, changed: Mapping[str, Row], forget_ms: int,
                  now: int) -> None:
    """Write the counts; a row is forgotten forget_ms after its last change, never
    before its wait has run out."""
    for key, (count, blocked) in changed.items():
        conn.execute(sa.update(_failure).where(_failure.c.key == key).values(
            failures=count, blocked_until=blocked, expires_at=max(now + forget_ms, blocked)))


def drop_failures(conn: sa.Connection, keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        conn.execute(sa.delete(_failure).where(_failure.c.key.in_(keys)))


def trust(conn: sa.Connection, pairs: Mapping[str, int]) -> None:
    for pair, at in pairs.items():
        values = _insert(conn, _trust).values(pair=pair, signed_in_at=at)
        conn.execute(values.on_conflict_do_update(
            index_elements=[_trust.c.pair],
            set_={"signed_in_at": values.excluded.signed_in_at}))


def _delete_unlocked(conn: sa.Connection, table: sa.Table, key: sa.Column[str],
                     where: sa.ColumnElement[bool] | None, limit: int | None) -> None:
    chosen = sa.select(key)
    if where is not None:
        chosen = chosen.where(where)
    if limit is not None:
        chosen = chosen.limit(limit)
    conn.execute(sa.delete(table).where(key.in_(
        chosen.with_for_update(skip_locked=True).scalar_subquery())))


def prune_failures(conn: sa.Connection, now: int) -> None:
    _delete_unlocked(conn, _failure, _failure.c.key, _failure.c.expires_at <= now,
                     PRUNE_BATCH)


def prune_trust(conn: sa.Connection, faded_before: int) -> None:
    _delete_unlocked(conn, _trust, _trust.c.pair, _trust.c.signed_in_at <= faded_before,
                     PRUNE_BATCH)


def bound_failures(conn: sa.Connection, max_rows: int) -> bool:
    """Past max_rows rows, forget every failure (those of other sign-ins in progress
    excepted); whether it did."""
    over = conn.execute(sa.select(sa.literal(1)).select_from(_failure)
                        .offset(max_rows).limit(1)).first()
    if over is None:
        return False
    _delete_unlocked(conn, _failure, _failure.c.key, None, None)
    return True
