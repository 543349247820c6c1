"""Taking a peer's records into this site: applying a pulled page, and purging a peer.

Pulled records keep their own origin and enter the local feed visible to everyone here
but marked not exportable (THIS_SITE), so they never travel on to a third site. A page
and the peer's new cursor commit in one transaction: a crash re-pulls the page, and
re-applying it changes nothing (a version already held is skipped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa

from server_stub.storage import peers, records
from server_stub.storage.records import THIS_SITE
from sync import protocol as p

log = logging.getLogger("kontor.federation")


class PullRefused(Exception):
    """The peer sent something it must not send; the page is refused whole."""


class PeerGone(Exception):
    """The peer was removed while its page was on the way."""


@dataclass(frozen=True, slots=True)
class Applied:
    applied: int
    skipped: int
    last_seq: int  # the local feed's seq of the last change written, 0 if none


def _check_page(peer: str, page: p.DecodedPage) -> None:
    for change in page.changes:
        if change.kind == "space_access":
            raise PullRefused("the page holds an access marker, which never leaves a site")
        if change.kind.startswith("hub"):
            raise PullRefused("the page holds hub results, which never leave a site")
        if change.op != "put":
            continue
        origin = getattr(change.record, "origin", None)
        if origin != peer:
            raise PullRefused(f"the page holds a {change.kind} of origin {origin!r}; "
                              f"{peer} may only send its own records")
        if isinstance(change.record, p.Connection) and change.record.connection_kind != "job":
            raise PullRefused("the page holds a personal connection, which never leaves a site")


def apply_page_txn(conn: sa.Connection, peer: str, page: p.DecodedPage, now: int) -> Applied:
    """Apply a pulled page in feed order; consecutive puts of one kind go in one batch."""
    if peers.get_peer(conn, peer) is None:
        raise PeerGone(peer)
    _check_page(peer, page)
    held = peers.held_records(conn, [(c.kind, c.id) for c in page.changes])
    applied = skipped = last = 0
    batch: list[p.Record] = []
    batch_kind = ""
    seen: set[tuple[str, str]] = set()  # a compacted feed names a record once per page

    def flush() -> None:
        nonlocal last
        if batch:
            last = records.replace_records(conn, batch_kind, batch, THIS_SITE)
            batch.clear()

    for change in page.changes:
        if (change.kind, change.id) in seen:
            raise PullRefused(f"the page names {change.kind} {change.id} twice")
        seen.add((change.kind, change.id))
        origin, version = held.get((change.kind, change.id), (None, None))
        if origin is not None and origin != peer:
            # Single writer: a peer never changes a record whose home is elsewhere.
            log.warning("skipped a %s from %s: its home is %s", change.kind, peer, origin)
            skipped += 1
            continue
        if change.op == "put":
            assert isinstance(change.record, p.Record)  # _check_page let only records pass
            if version is not None and version >= change.record.version:
                skipped += 1
                continue
            if change.kind != batch_kind:
                flush()
                batch_kind = change.kind
            batch.append(change.record)
        else:
            if origin is None:
                skipped += 1
                continue
            flush()
            last = records.delete_record(conn, change.kind, change.id, THIS_SITE)
        applied += 1
    flush()
    peers.record_success(conn, peer, page.cursor, now, page.remaining or 0, applied)
    return Applied(applied, skipped, last)


def purge_peer_txn(conn: sa.Connection, peer: str) -> int:
    """Delete every record whose home is peer, leaving tombstones so caches follow."""
    found = peers.record_ids_from(conn, peer)
    for kind, record_id in found:
        records.delete_record(conn, kind, record_id, THIS_SITE)
    return len(found)
