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

The same transactions tell every serve process that the feed grew: a transaction that
took the feed lock sends, just before it commits, a NOTIFY on FEED_CHANNEL whose payload
is the feed head it leaves behind and which process wrote it ("<seq> <origin>").
PostgreSQL delivers it only if the transaction commits, after its rows are visible, and
in commit order, which the feed lock makes the order of the seqs
(services/feed_notify.py listens).
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

# A fixed key of the feed lock: "kontor" in ASCII, as a bigint.
FEED_LOCK_KEY = 0x6B6F6E746F72

_TAKE = sa.text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=FEED_LOCK_KEY)
_HELD_IN = "kontor_feed_lock_held_in"
_NOTIFY = "kontor_feed_notify"

FEED_CHANNEL = "kontor_feed"
# Which process wrote: a notification from this one is not news to it (its writes wake
# their readers themselves). Every process, serve or admin command, draws its own.
ORIGIN = secrets.token_hex(8)
_SEND = ("SELECT pg_notify(%s, coalesce((SELECT max(seq) FROM change), 0)::text "
         "|| ' ' || %s)")


def lock_feed(conn: sa.Connection) -> None:
    """Take the feed lock for this transaction (once; later calls cost nothing)."""
    if conn.dialect.name != "postgresql":
        return
    transaction = conn.get_transaction()
    if transaction is not None and conn.info.get(_HELD_IN) is transaction:
        return
    conn.execute(_TAKE)
    conn.info[_HELD_IN] = transaction
    conn.info[_NOTIFY] = True


def _before_commit(conn: sa.Connection) -> None:
    """Send the feed notification inside the transaction about to commit (with the
    driver's own cursor: SQLAlchemy's transaction is already on its way out)."""
    if not conn.info.pop(_NOTIFY, False):
        return
    raw: Any = conn.connection.driver_connection
    raw.execute(_SEND, (FEED_CHANNEL, ORIGIN))


def _after_rollback(conn: sa.Connection) -> None:
    conn.info.pop(_NOTIFY, None)


def notify_on_commit(engine: sa.Engine) -> None:
    """Make every feed-writing transaction of this PostgreSQL engine notify."""
    sa.event.listen(engine, "commit", _before_commit)
    sa.event.listen(engine, "rollback", _after_rollback)


def parse_notification(payload: str) -> tuple[int, str] | None:
    """(seq, origin) of a notification's payload, or None for one not in that form."""
    seq, _, origin = payload.partition(" ")
    try:
        return int(seq), origin
    except ValueError:
        return None
