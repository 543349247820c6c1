"""Reading what can still be read of a damaged file: the outbox and the account.

A damaged page fails its HMAC and takes down any query that touches it, so a query
over the whole outbox can fail where most rows are intact. Salvage reads the table
whole first, then (if that fails) row by row along its key, each row touching only the
pages on its own path. A file cut short is refused at open because its header records
more pages than the file has; writable_schema lets SQLite read the pages that are
there (query_only is on; the file was moved aside first, so the copy Kontor keeps is
the only one this touches).

Handles both layouts: a store (outbox, account) and a one-file cache of earlier
versions (outbox, account keys in sync_state).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.migrations.store import ACCOUNT_KEYS
from sync.cache.write import outbox

log = logging.getLogger(__name__)

_COLUMNS = "id, seq, kind, method, path, body, if_match, state, error, created_at, attempts"
_MAX_SEQ_PROBED = 200_000


@dataclass(slots=True)
class Salvaged:
    items: list[outbox.OutboxItem] = field(default_factory=list)
    account: dict[str, str | None] = field(default_factory=dict)
    readable: bool = False  # the outbox table itself could be reached


def salvage(path: Path, key: bytes) -> Salvaged:
    """What of the outbox and account of the file at path can be read; never raises."""
    found = Salvaged()
    try:
        conn = sqlcipher.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True,
                                 isolation_level=None)
    except sqlcipher.Error:
        return found
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("PRAGMA query_only = ON")
        tables = {str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "outbox" in tables:
            found.items, found.readable = _outbox(conn)
        found.account = _account(conn, "account" if "account" in tables else "sync_state")
    except sqlcipher.Error as exc:
        log.info("the damaged file's outbox is unreadable: %s", type(exc).__name__)
    finally:
        conn.close()
    return found


def _item(row: Any) -> outbox.OutboxItem:
    return outbox.OutboxItem(id=row[0], seq=row[1], kind=row[2], method=row[3], path=row[4],
                             body=bytes(row[5]), if_match=row[6], state=row[7], error=row[8],
                             created_at=row[9], attempts=row[10])


def _outbox(conn: Any) -> tuple[list[outbox.OutboxItem], bool]:
    try:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY seq").fetchall()
        return [_item(r) for r in rows], True
    except sqlcipher.Error:
        pass
    top = 0
    with contextlib.suppress(sqlcipher.Error):
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
        top = int(row[0]) if row else 0
    if top == 0:
        with contextlib.suppress(sqlcipher.Error):
            row = conn.execute("SELECT max(seq) FROM outbox").fetchone()
            top = int(row[0] or 0)
    items: list[outbox.OutboxItem] = []
    reached = False
    for seq in range(max(1, top - _MAX_SEQ_PROBED), top + 1):
        try:
            row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE seq = ?", (seq,)).fetchone()
        except sqlcipher.Error:
            continue
        reached = True
        if row is not None:
            items.append(_item(row))
    return items, reached


def _account(conn: Any, table: str) -> dict[str, str | None]:
    account: dict[str, str | None] = {}
    for name in ACCOUNT_KEYS:
        with contextlib.suppress(sqlcipher.Error):
            row = conn.execute(f"SELECT value FROM {table} WHERE key = ?", (name,)).fetchone()
            if row is not None:
                account[name] = None if row[0] is None else str(row[0])
    return account
