"""Job leases in the database: one statement takes or renews a lease, atomically.

A lease is (job, holder, expires_at). The holder renews it before it runs out; any
process takes it once it has run out. Taking and renewing are the same upsert: insert
the row, or on conflict overwrite it only where the holder is the caller or the lease
has run out. It returns the row only when it wrote it, so the caller knows whether it
holds the lease. On PostgreSQL the conflicting row is locked and the condition checked
against its newest version: of processes racing for an expired lease, exactly one wins.

Time is the database's clock on PostgreSQL, so the hosts' clocks need not agree.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from server_stub.storage import tables as t
from sync.protocol import now_ms

_DB_NOW = sa.text("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")


def clock_ms(conn: sa.Connection) -> int:
    if conn.dialect.name == "postgresql":
        return int(conn.execute(_DB_NOW).scalar_one())
    return now_ms()


def take(conn: sa.Connection, job: str, holder: str, lease_ms: int) -> bool:
    """Take or renew job's lease for lease_ms; whether holder holds it now."""
    now = clock_ms(conn)
    lease = t.job_lease
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(lease)
    values = insert.values(job=job, holder=holder, expires_at=now + lease_ms)
    statement = values.on_conflict_do_update(
        index_elements=[lease.c.job],
        set_={"holder": values.excluded.holder, "expires_at": values.excluded.expires_at},
        where=(lease.c.holder == holder) | (lease.c.expires_at <= now),
    ).returning(lease.c.holder)
    return conn.execute(statement).first() is not None


def release(conn: sa.Connection, job: str, holder: str) -> None:
    """Let the lease go at once (a clean stop), if holder still has it."""
    conn.execute(sa.update(t.job_lease).where(
        t.job_lease.c.job == job, t.job_lease.c.holder == holder).values(expires_at=0))


def holders(conn: sa.Connection) -> dict[str, str]:
    """job -> holder of every lease that has not run out."""
    now = clock_ms(conn)
    rows = conn.execute(sa.select(t.job_lease.c.job, t.job_lease.c.holder).where(
        t.job_lease.c.expires_at > now))
    return {job: holder for job, holder in rows}
