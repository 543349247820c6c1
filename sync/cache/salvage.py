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


def _connect(path: Path, key: bytes) -> Any:
    conn = sqlcipher.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True,
                             isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("PRAGMA query_only = ON")
    return conn


class _Reader:
    """One connection, opened again after each failure: a page that fails its check
    leaves the connection's pager in an error state that fails every later read."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path, self.key = path, key
        self.conn: Any = None

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any] | None:
        try:
            if self.conn is None:
                self.conn = _connect(self.path, self.key)
            return list(self.conn.execute(sql, params).fetchall())
        except sqlcipher.Error:
            self.close()
            return None

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlcipher.Error):
                self.conn.close()
            self.conn = None


def salvage(path: Path, key: bytes) -> Salvaged:
    """What of the outbox and account of the file at path can be read; never raises."""
    found = Salvaged()
    reader = _Reader(path, key)
    try:
        rows = reader.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {str(r[0]) for r in rows or []}
        if "outbox" in tables:
            found.items, found.readable = _outbox(reader)
        found.account = _account(reader, "account" if "account" in tables else "sync_state")
    finally:
        reader.close()
    if not found.readable:
        log.info("the damaged file's outbox is unreadable")
    return found


def _item(row: Any) -> outbox.OutboxItem:
    return outbox.OutboxItem(id=row[0], seq=row[1], kind=row[2], method=row[3], path=row[4],
                             body=bytes(row[5]), if_match=row[6], state=row[7], error=row[8],
                             created_at=row[9], attempts=row[10])


def _outbox(reader: _Reader) -> tuple[list[outbox.OutboxItem], bool]:
    rows = reader.rows(f"SELECT {_COLUMNS} FROM outbox ORDER BY seq")
    if rows is not None:
        return [_item(r) for r in rows], True
    found = reader.rows("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
    top = int(found[0][0]) if found else 0
    if top == 0:
        found = reader.rows("SELECT max(seq) FROM outbox")
        top = int(found[0][0] or 0) if found else 0
    items: list[outbox.OutboxItem] = []
    reached = False
    for seq in range(max(1, top - _MAX_SEQ_PROBED), top + 1):
        row = reader.rows(f"SELECT {_COLUMNS} FROM outbox WHERE seq = ?", (seq,))
        if row is None:
            continue
        reached = True
        items.extend(_item(r) for r in row)
    return items, reached


def _account(reader: _Reader, table: str) -> dict[str, str | None]:
    account: dict[str, str | None] = {}
    for name in ACCOUNT_KEYS:
        row = reader.rows(f"SELECT value FROM {table} WHERE key = ?", (name,))
        if row:
            account[name] = None if row[0][0] is None else str(row[0][0])
    return account
