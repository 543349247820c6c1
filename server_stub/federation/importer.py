"""Taking a peer's records into this site: applying a pulled page, and purging a peer.

Pulled records keep their own origin and enter the local feed visible to everyone here
but marked not exportable (THIS_SITE), so they never travel on to a third site. A page
and the peer's new cursor commit in one transaction: a crash re-pulls the page, and
re-applying it changes nothing (a version already held is skipped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import msgspec
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
        if change.op != "put":
            continue
        origin = getattr(change.record, "origin", None)
        if origin != peer:
            raise PullRefused(f"the page holds a {change.kind} of origin {origin!r}; "
                              f"{peer} may only send its own records")
        if isinstance(change.record, p.Connection) and change.record.connection_kind != "job":
            raise PullRefused("the page holds a personal connection, which never leaves a site")


def apply_page_txn(conn: sa.Connection, peer: str, page: p.DecodedPage, now: int) -> Applied:
    if peers.get_peer(conn, peer) is None:
        raise PeerGone(peer)
    _check_page(peer, page)
    applied = skipped = last = 0
    for change in page.changes:
        local_origin = peers.record_origin(conn, change.kind, change.id)
        if local_origin is not None and local_origin != peer:
            # Single writer: a peer never changes a record whose home is elsewhere.
            log.warning("skipped a %s from %s: its home is %s", change.kind, peer, local_origin)
            skipped += 1
            continue
        if change.op == "put":
            assert isinstance(change.record, msgspec.Struct)
            held = peers.record_version(conn, change.kind, change.id)
            if held is not None and held >= change.record.version:  # type: ignore[attr-defined]
                skipped += 1
                continue
            last = records.put_record(conn, change.kind, change.record, THIS_SITE)
        else:
            if local_origin is None:
                skipped += 1
                continue
            last = records.delete_record(conn, change.kind, change.id, THIS_SITE)
        applied += 1
    peers.record_success(conn, peer, page.cursor, now, page.remaining or 0, applied)
    return Applied(applied, skipped, last)


def purge_peer_txn(conn: sa.Connection, peer: str) -> int:
    """Delete every record whose home is peer, leaving tombstones so caches follow."""
    found = peers.record_ids_from(conn, peer)
    for kind, record_id in found:
        records.delete_record(conn, kind, record_id, THIS_SITE)
    return len(found)
