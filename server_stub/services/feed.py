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
from sync.protocol import NULL, Change, SyncPage, WakeUp

# Hub results whose delivery to a device is audited (docs/hubs.md: who sees what).
AUDITED_KINDS = frozenset({"hub", "hub_attention", "hub_adoption"})
# A wake-up carries a write's changes up to this many bytes of bodies (a post is under
# 2 KiB); a larger write, such as an import, is pulled page by page as before.
CARRY_MAX_BYTES = 32 * 1024


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


def carrying_wake_up(epoch: str, head_before: int, changes: list[Change]) -> WakeUp | None:
    """A wake-up that carries one write's changes (all visible to every socket it goes
    to, and the only entries after head_before), or None when they must be pulled:
    too large, or hub results whose delivery is audited per device on a pull."""
    if not changes or any(c.kind in AUDITED_KINDS for c in changes):
        return None
    if sum(len(c.body) for c in changes) > CARRY_MAX_BYTES:
        return None
    last = changes[-1].seq
    return WakeUp(last, after=encode_cursor(epoch, head_before),
                  cursor=encode_cursor(epoch, last), changes=changes)


# Another process's write is carried to this process's sockets up to this many entries.
CARRY_MAX_CHANGES = 50


def carrying_between_txn(conn: sa.Connection, epoch: str, after: int, upto: int,
                         ) -> WakeUp | None:
    """The wake-up for another process's write, the feed's entries after..upto, which
    every socket here may be woken with when all of them are for everyone (the
    notification says only that the feed moved, not for whom)."""
    rows = store.entries_between(conn, after, upto, CARRY_MAX_CHANGES + 1)
    if not rows or len(rows) > CARRY_MAX_CHANGES or not all(r.everyone for r in rows):
        return None
    return carrying_wake_up(epoch, after, [_change(r.row) for r in rows])


def _change(r: store.FeedRow) -> Change:
    return Change(r.seq, r.kind, r.record_id, r.op,
                  msgspec.Raw(r.body) if r.body is not None else NULL)


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
        changes=[_change(r) for r in rows],
        cursor=encode_cursor(epoch, last),
        more=more,
        remaining=store.count_visible(conn, person_id, last) if count and more else
        (0 if count else None),
    )
    return msgspec.json.encode(page)
