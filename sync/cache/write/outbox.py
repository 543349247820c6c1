"""The outbox: writes made offline, kept in the cache until the server has answered.

Items carry the client-made id (UUIDv7 of the new record, or a fresh id for an
operation such as a profile update), so sending one twice is harmless: the server's
PUT is idempotent. They are sent in local order (seq) and removed only after the
server's answer; a refused item stays as "failed" with the reason, for the user to
edit, retry or discard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from sync.cache.write import mirror
from sync.protocol import now_ms

if TYPE_CHECKING:
    from sync.cache.db import Cache

OutboxState = Literal["pending", "failed"]

_COLUMNS = "id, seq, kind, method, path, body, if_match, state, error, created_at, attempts"


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: str
    seq: int
    kind: str
    method: str
    path: str
    body: bytes
    if_match: int | None = None
    state: OutboxState = "pending"
    error: str | None = None
    created_at: int = 0
    attempts: int = 0

    @classmethod
    def new(
        cls,
        *,
        id: str,
        kind: str,
        method: str,
        path: str,
        body: bytes,
        if_match: int | None = None,
    ) -> OutboxItem:
        """An item to enqueue; seq is given by the cache."""
        return cls(
            id=id,
            seq=0,
            kind=kind,
            method=method,
            path=path,
            body=body,
            if_match=if_match,
            created_at=now_ms(),
        )


class OutboxItemMissing(LookupError):
    """No outbox item with that id (already sent, or discarded meanwhile)."""


class OutboxConflict(ValueError):
    """Another item already waits under this id: every operation needs its own id.

    A second edit or a delete of the same record must not reuse the record's id:
    remove() after the first answer would drop the second item unsent.
    """


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        id=row[0],
        seq=row[1],
        kind=row[2],
        method=row[3],
        path=row[4],
        body=bytes(row[5]),
        if_match=row[6],
        state=row[7],
        error=row[8],
        created_at=row[9],
        attempts=row[10],
    )


def enqueue(cache: Cache, item: OutboxItem) -> OutboxItem:
    """Add item at the end and return it as stored (with its seq).

    The same item again (a double click, a retried call) changes nothing; a different
    item under an id that is already waiting raises OutboxConflict.
    """
    with cache.transaction() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item.id,)).fetchone()
        if row is not None:
            stored = _item(row)
            if (stored.kind, stored.method, stored.path, stored.body, stored.if_match) != (
                item.kind,
                item.method,
                item.path,
                item.body,
                item.if_match,
            ):
                raise OutboxConflict(f"outbox item {item.id} already waits as a {stored.kind}")
            return stored
        conn.execute(
            "INSERT INTO outbox (id, kind, method, path, body, if_match, state, error, "
            "created_at, attempts) VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL, ?, 0)",
            (
                item.id,
                item.kind,
                item.method,
                item.path,
                item.body,
                item.if_match,
                item.created_at or now_ms(),
            ),
        )
        row = conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item.id,)).fetchone()
    mirror.refresh(cache)
    return _item(row)


def pending(cache: Cache) -> list[OutboxItem]:
    """Items still to send, in the order they were made (acknowledged ones are sent)."""
    rows = cache.conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' AND acknowledged_at IS NULL "
        "ORDER BY seq"
    ).fetchall()
    return [_item(r) for r in rows]


def all_items(cache: Cache) -> list[OutboxItem]:
    return read_all_txn(cache.conn)


def get_item(cache: Cache, item_id: str) -> OutboxItem | None:
    row = cache.conn.execute(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
    return None if row is None else _item(row)


def count_by_state(cache: Cache) -> dict[str, int]:
    """For the status bar: how many items are pending (not yet answered) and failed."""
    rows = cache.conn.execute(
        "SELECT state, count(*) FROM outbox WHERE acknowledged_at IS NULL GROUP BY state"
    ).fetchall()
    counts = {"pending": 0, "failed": 0}
    counts.update({str(state): int(n) for state, n in rows})
    return counts


def _update(cache: Cache, item_id: str, sql: str, params: tuple[Any, ...]) -> None:
    with cache.transaction() as conn:
        cur = conn.execute(sql, (*params, item_id))
        if cur.rowcount == 0:
            raise OutboxItemMissing(item_id)
    mirror.refresh(cache)


def note_attempt(cache: Cache, item_id: str, error: str | None = None) -> None:
    """A try that did not reach an answer (offline, 5xx): stays pending, counted."""
    _update(
        cache,
        item_id,
        "UPDATE outbox SET attempts = attempts + 1, error = ? WHERE id = ?",
        (error,),
    )


def mark_failed(cache: Cache, item_id: str, reason: str) -> None:
    """The server refused it: keep it with the reason until the user decides."""
    _update(
        cache,
        item_id,
        "UPDATE outbox SET state = 'failed', error = ?, attempts = attempts + 1 WHERE id = ?",
        (reason,),
    )


def retry(cache: Cache, item_id: str) -> None:
    """Failed -> pending, so the next push sends it again."""
    _update(cache, item_id, "UPDATE outbox SET state = 'pending', error = NULL WHERE id = ?", ())


def update_body(cache: Cache, item_id: str, body: bytes) -> None:
    """The user edited a failed item; it stays failed until retried.

    Only failed items: a pending one may be on its way to the server right now.
    """
    with cache.transaction() as conn:
        row = conn.execute("SELECT state FROM outbox WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise OutboxItemMissing(item_id)
        if row[0] != "failed":
            raise ValueError("only failed outbox items can be edited")
        conn.execute("UPDATE outbox SET body = ? WHERE id = ?", (body, item_id))
    mirror.refresh(cache)


def remove(cache: Cache, item_id: str) -> None:
    """The server answered (accepted, or the record exists): the item is done."""
    with cache.transaction() as conn:
        conn.execute("DELETE FROM outbox WHERE id = ?", (item_id,))
    mirror.refresh(cache)


def acknowledge(cache: Cache, item_id: str) -> None:
    """The server accepted the item: never sent again, still shown until drop_acknowledged.

    An item discarded meanwhile is no error (the answer changes nothing then).
    """
    with cache.transaction() as conn:
        conn.execute("UPDATE outbox SET acknowledged_at = ? WHERE id = ?", (now_ms(), item_id))
    mirror.refresh(cache)


def is_acknowledged(cache: Cache, item_id: str) -> bool:
    """The server has taken this item (it stays only until the pull brings its record)."""
    row = cache.conn.execute("SELECT acknowledged_at FROM outbox WHERE id = ?",
                             (item_id,)).fetchone()
    return row is not None and row[0] is not None


def drop_acknowledged(cache: Cache) -> int:
    """After a pull to the end of the feed: what was acknowledged before it is stored now
    (or was taken from this user meanwhile); those items go. Returns how many went."""
    with cache.transaction() as conn:
        cur = conn.execute("DELETE FROM outbox WHERE acknowledged_at IS NOT NULL")
        dropped = int(cur.rowcount)  # a DELETE counts, never -1
    if dropped:
        mirror.refresh(cache)
    return dropped


def discard(cache: Cache, item_id: str) -> None:
    """The user gave up on an item; it is never sent."""
    with cache.transaction() as conn:
        cur = conn.execute("DELETE FROM outbox WHERE id = ?", (item_id,))
        if cur.rowcount == 0:
            raise OutboxItemMissing(item_id)
    mirror.refresh(cache)


def read_all_txn(conn: Any) -> list[OutboxItem]:
    """Every item in order; also used to salvage the outbox of a damaged cache."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY seq").fetchall()
    return [_item(r) for r in rows]


def restore(cache: Cache, items: Iterable[OutboxItem]) -> int:
    """Re-insert salvaged items in their old order, keeping state, reason and attempts."""
    rows = [
        (
            i.id,
            i.kind,
            i.method,
            i.path,
            i.body,
            i.if_match,
            i.state,
            i.error,
            i.created_at,
            i.attempts,
        )
        for i in items
    ]
    with cache.transaction() as conn:
        cur = conn.executemany(
            "INSERT INTO outbox (id, kind, method, path, body, if_match, state, error, "
            "created_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            rows,
        )
        count = int(cur.rowcount)
    mirror.refresh(cache)
    return count


__all__ = [
    "OutboxConflict",
    "OutboxItem",
    "OutboxItemMissing",
    "OutboxState",
    "acknowledge",
    "all_items",
    "count_by_state",
    "discard",
    "drop_acknowledged",
    "enqueue",
    "get_item",
    "is_acknowledged",
    "mark_failed",
    "note_attempt",
    "pending",
    "remove",
    "restore",
    "retry",
    "update_body",
]
