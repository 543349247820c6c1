"""The rule that keeps the changes feed gap-free as clients see it, on PostgreSQL.

A feed row's seq is drawn from a sequence when it is inserted, but becomes visible only
when its transaction commits. On PostgreSQL two transactions can commit out of the order
of their numbers: a reader that paged past seq 11 (committed) while seq 10 was still
open would never see 10. So every transaction that writes feed rows first takes one
transaction-level advisory lock, before it draws a number, and holds it until it commits
or rolls back (`pg_advisory_xact_lock`): feed writers commit one at a time, in the order
of their numbers, whichever process or connection they run on. Transactions that write
no feed rows, and every reader, never wait for it.

SQLite needs nothing: it has one writer at a time (the database's write lock).
"""

from __future__ import annotations

import sqlalchemy as sa

# A fixed key of the feed lock: "kontor" in ASCII, as a bigint.
FEED_LOCK_KEY = 0x6B6F6E746F72

_TAKE = sa.text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=FEED_LOCK_KEY)
_HELD_IN = "kontor_feed_lock_held_in"


def lock_feed(conn: sa.Connection) -> None:
    """Take the feed lock for this transaction (once; later calls cost nothing)."""
    if conn.dialect.name != "postgresql":
        return
    transaction = conn.get_transaction()
    if transaction is not None and conn.info.get(_HELD_IN) is transaction:
        return
    conn.execute(_TAKE)
    conn.info[_HELD_IN] = transaction
