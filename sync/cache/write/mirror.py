"""A second copy of the outbox and the account, kept in the replica.

The store is the truth; this copy is what a damaged store is salvaged from where its
own pages cannot be read (its first page zeroed, the file cut to nothing). Two files
seldom break together, so between them nothing the user wrote is lost.

Refreshed after every change of the store, in a transaction of its own and best-effort:
the user's write has committed to the store by then, and a damaged replica must never
fail it (the damage is noted; the next open checks and rebuilds the replica, and the
copy with it).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.errors import CacheDiskFullError, CacheError
from sync.cache.migrations.store import OUTBOX_COLUMNS

if TYPE_CHECKING:
    from sync.cache.db import Cache

log = logging.getLogger(__name__)


def refresh(cache: Cache) -> None:
    """Make the replica's copy equal to the store's outbox and account."""
    try:
        with cache.transaction() as conn:
            conn.execute("DELETE FROM main.outbox_copy")
            conn.execute(f"INSERT INTO main.outbox_copy ({OUTBOX_COLUMNS}) "
                         f"SELECT {OUTBOX_COLUMNS} FROM store.outbox")
            conn.execute("DELETE FROM main.account_copy")
            conn.execute("INSERT INTO main.account_copy (key, value) "
                         "SELECT key, value FROM store.account WHERE key != 'store_id'")
    except (CacheError, sqlcipher.DatabaseError) as exc:
        if not isinstance(exc, CacheDiskFullError):  # a full disk damages nothing
            cache.damage_seen = True
        log.warning("the replica's copy of the outbox could not be refreshed: %s",
                    type(exc).__name__)


def refresh_if_stale(cache: Cache) -> None:
    """At open: refresh only when the copy differs in size (a new replica, a new store);
    an ordinary open takes no write lock for it."""
    try:
        row = cache.conn.execute(
            "SELECT (SELECT count(*) FROM main.outbox_copy), "
            "(SELECT count(*) FROM store.outbox), "
            "(SELECT count(*) FROM main.account_copy), "
            "(SELECT count(*) FROM store.account WHERE key != 'store_id')").fetchone()
    except sqlcipher.DatabaseError:
        row = None
    if row is None or row[0] != row[1] or row[2] != row[3]:
        refresh(cache)
