"""The store's schema: what the user wrote and who this device is, apart from the replica.

The replica (cache.db) is a copy of what the server shows and can be downloaded again;
the outbox, the device's sign-in and the account are not. They live in a small file of
their own (store.db, same key, attached to every connection as `store`), so damage to
the large, busy replica never costs an unsent post or a sign-in, and a damaged store is
small enough to salvage row by row.

Numbered and append-only like the replica's steps (PRAGMA store.user_version). Every
name is qualified with `store.`: unqualified, CREATE would land in the replica.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sync.cache.errors import CacheTooNewError

# The account and the device's sign-in; cursor and last sync stay with the replica
# (a rebuilt replica starts its feed from the beginning).
ACCOUNT_KEYS = ("server_url", "server_name", "username", "person_id", "device_id",
                "device_token", "is_admin")

OUTBOX_COLUMNS = ("seq, id, kind, method, path, body, if_match, state, error, created_at, "
                  "attempts")

_STEP_1 = """
CREATE TABLE store.outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body BLOB NOT NULL,
  if_match INTEGER,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
  error TEXT,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE store.account (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
"""

# An item the server has answered stays until the pull that follows has brought what it
# changed (sync/engine.py): until then screens show it as they did before it was sent.
# The replica's copy leaves the column out: an item salvaged from there is sent again,
# which the server's idempotent writes make harmless.
_STEP_2 = """
ALTER TABLE store.outbox ADD COLUMN acknowledged_at INTEGER;
"""

STORE_MIGRATIONS: Sequence[str] = (_STEP_1, _STEP_2)
STORE_VERSION = len(STORE_MIGRATIONS)


def store_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA store.user_version").fetchone()[0])


def _too_new(found: int) -> CacheTooNewError:
    return CacheTooNewError(
        f"The file with your unsent posts and sign-in was written by a newer version of "
        f"Kontor (format {found}, this version knows up to {STORE_VERSION}). Update "
        "Kontor; the file was left untouched.")


def check_store_version(conn: Any) -> None:
    found = store_version(conn)
    if found > STORE_VERSION:
        raise _too_new(found)
    if found < STORE_VERSION:
        from sync.cache.errors import CacheError

        raise CacheError("The local store is not prepared yet. Try again in a moment.")


def migrate_store(conn: Any) -> None:
    found = store_version(conn)
    if found > STORE_VERSION:
        raise _too_new(found)
    for version in range(found, STORE_VERSION):
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{STORE_MIGRATIONS[version]}\n"
                               f"PRAGMA store.user_version = {version + 1};")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def carry_into_store(conn: Any) -> None:
    """Before replica step 3: copy a one-file profile's outbox and account into the store.

    Its own transaction, committed before step 3 drops them from the replica: with WAL a
    transaction over two files is atomic per file only, so the copy must be safe in the
    store before the original goes. Run twice (a crash in between), it adds nothing.
    """
    keys = ", ".join(f"'{k}'" for k in ACCOUNT_KEYS)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"INSERT INTO store.outbox ({OUTBOX_COLUMNS}) SELECT {OUTBOX_COLUMNS} "
                     "FROM main.outbox WHERE true ORDER BY seq ON CONFLICT DO NOTHING")
        conn.execute("INSERT INTO store.account (key, value) SELECT key, value FROM "
                     f"main.sync_state WHERE key IN ({keys}) ON CONFLICT DO NOTHING")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# The replica keeps a copy of both (write/mirror.py), to salvage a damaged store from.
STEP_3 = f"""
DROP TABLE main.outbox;
DELETE FROM main.sync_state WHERE key IN ({", ".join(f"'{k}'" for k in ACCOUNT_KEYS)});
CREATE TABLE main.outbox_copy (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body BLOB NOT NULL,
  if_match INTEGER,
  state TEXT NOT NULL,
  error TEXT,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE TABLE main.account_copy (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
INSERT INTO main.outbox_copy ({OUTBOX_COLUMNS}) SELECT {OUTBOX_COLUMNS} FROM store.outbox;
INSERT INTO main.account_copy (key, value)
  SELECT key, value FROM store.account WHERE key != 'store_id';
"""
