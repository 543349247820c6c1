"""Building a page of this site's export: what a peer may pull.

Only feed rows marked exportable at write time leave (storage.records.Scope.exported):
company-visible records born here. Members-only spaces (scope "space"), personal
connections (scope "person"), site-only spaces and records pulled from other peers
(export false) are not in the range at all, so no filter can forget them.
"""

from __future__ import annotations

import msgspec
import sqlalchemy as sa

from server_stub.services.feed import CursorError, encode_cursor
from server_stub.storage import peers
from sync.protocol import NULL, Change, SyncPage

PAGE_LIMIT = 500


def build_export_txn(conn: sa.Connection, epoch: str, since: int, limit: int) -> bytes:
    rows, more, head = peers.read_export(conn, since, limit)
    if since > head:
        raise CursorError("unknown_cursor", "The cursor is ahead of this server's feed.")
    last = rows[-1].seq if more else max(head, since)
    page = SyncPage(
        changes=[
            Change(r.seq, r.kind, r.record_id, r.op,
                   msgspec.Raw(r.body) if r.body is not None else NULL)
            for r in rows
        ],
        cursor=encode_cursor(epoch, last),
        more=more,
        remaining=peers.count_export(conn, last) if more else 0,
    )
    return msgspec.json.encode(page)
