"""Building a page of the changes feed and its opaque cursor.

A cursor is base64url("<epoch>.<seq>"). The epoch is a random value made when the
database was created, so a cursor from another server or an older database is
recognised as unknown instead of silently skipping or repeating changes.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter

import msgspec
import sqlalchemy as sa

from server_stub.params import is_number
from server_stub.storage import accounts
from server_stub.storage import feed as store
from sync.protocol import NULL, Change, SyncPage

# Hub results whose delivery to a device is audited (docs/hubs.md: who sees what).
AUDITED_KINDS = frozenset({"hub", "hub_attention", "hub_adoption"})


def audit_delivery_txn(conn: sa.Connection, username: str, person_id: str | None, now: int,
                       delivered: Counter[str]) -> None:
    accounts.audit(conn, now, username, "hubs.delivered", "person", person_id or "",
                   dict(sorted(delivered.items())))


class CursorError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def feed_head_txn(conn: sa.Connection) -> int:
    """The newest seq of the feed: what a wake-up right after connecting says."""
    return store.max_seq(conn)


def encode_cursor(epoch: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{epoch}.{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, epoch: str) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        cursor_epoch, seq_text = raw.split(".")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise CursorError("bad_cursor", "The sync cursor is malformed.") from None
    if not is_number(seq_text):
        raise CursorError("bad_cursor", "The sync cursor is malformed.")
    seq = int(seq_text)
    if cursor_epoch != epoch:
        raise CursorError(
            "unknown_cursor", "The sync cursor belongs to another server or database."
        )
    return seq


def build_page_txn(
    conn: sa.Connection, person_id: str | None, epoch: str, since: int, limit: int,
    count: bool = False, delivered: Counter[str] | None = None,
) -> bytes:
    """One page; `delivered` (if given) counts the hub results on it, for the audit."""
    rows, more, head = store.read_feed(conn, person_id, since, limit)
    if delivered is not None:
        delivered.update(r.kind for r in rows if r.kind in AUDITED_KINDS and r.op == "put")
    if since > head:
        raise CursorError("unknown_cursor", "The sync cursor is ahead of this server's feed.")
    # With nothing more visible, the cursor jumps to the head: the invisible tail is
    # never scanned again by this client.
    last = rows[-1].seq if more else max(head, since)
    page = SyncPage(
        changes=[
            Change(
                r.seq, r.kind, r.record_id, r.op,
                msgspec.Raw(r.body) if r.body is not None else NULL,
            )
            for r in rows
        ],
        cursor=encode_cursor(epoch, last),
        more=more,
        remaining=store.count_visible(conn, person_id, last) if count and more else
        (0 if count else None),
    )
    return msgspec.json.encode(page)
