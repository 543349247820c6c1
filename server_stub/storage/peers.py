"""SQL for federation: the peer allow-list with each peer's cursor and status, the
nonces of accepted signed requests, and the export range of the changes feed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.feed import FeedRow


@dataclass(frozen=True, slots=True)
class Peer:
    name: str
    url: str
    public_key: str
    added_at: int
    cursor: str = ""
    last_success_at: int | None = None
    last_error: str | None = None
    last_error_at: int | None = None
    behind: int | None = None
    pulled: int = 0


def _peer(row: sa.Row[*tuple[Any, ...]]) -> Peer:
    return Peer(**{str(k): v for k, v in row._mapping.items()})


def list_peers(conn: sa.Connection) -> list[Peer]:
    return [_peer(r) for r in conn.execute(sa.select(t.peer).order_by(t.peer.c.name))]


def get_peer(conn: sa.Connection, name: str) -> Peer | None:
    row = conn.execute(sa.select(t.peer).where(t.peer.c.name == name)).first()
    return None if row is None else _peer(row)


STALE_AFTER_MS = 5 * 60 * 1000
SiteState = Literal["ok", "stale", "never"]


def site_state(peer: Peer, now: int, stale_after_ms: int = STALE_AFTER_MS) -> SiteState:
    """"never" (not pulled yet), "stale" (last success too old, or failing since), "ok"."""
    if peer.last_success_at is None:
        return "never"
    if peer.last_error_at is not None and peer.last_error_at > peer.last_success_at:
        return "stale"
    if now - peer.last_success_at > stale_after_ms:
        return "stale"
    return "ok"


def site_states(conn: sa.Connection, now: int,
                stale_after_ms: int = STALE_AFTER_MS) -> list[tuple[str, SiteState, int | None]]:
    """(name, state, last_success_at) of every peer, by name: what users may see."""
    return [(peer.name, site_state(peer, now, stale_after_ms), peer.last_success_at)
            for peer in list_peers(conn)]


def add_peer(conn: sa.Connection, name: str, url: str, public_key: str, now: int) -> None:
    conn.execute(sa.insert(t.peer).values(name=name, url=url, public_key=public_key,
                                          added_at=now, cursor=""))


def remove_peer(conn: sa.Connection, name: str) -> bool:
    return conn.execute(sa.delete(t.peer).where(t.peer.c.name == name)).rowcount > 0


def record_success(conn: sa.Connection, name: str, cursor: str, now: int, behind: int,
                   applied: int) -> None:
    """Store the cursor after a page; call in the transaction that applied the page."""
    conn.execute(sa.update(t.peer).where(t.peer.c.name == name).values(
        cursor=cursor, last_success_at=now, behind=behind, pulled=t.peer.c.pulled + applied))


def record_error(conn: sa.Connection, name: str, error: str, now: int) -> None:
    conn.execute(sa.update(t.peer).where(t.peer.c.name == name).values(
        last_error=error[:500], last_error_at=now))


def reset_cursor(conn: sa.Connection, name: str) -> None:
    conn.execute(sa.update(t.peer).where(t.peer.c.name == name).values(cursor=""))


def use_nonce(conn: sa.Connection, keyid: str, nonce: str, expires_at: int, now: int) -> bool:
    """Remember a nonce until it expires; False if it was seen before (a replay)."""
    conn.execute(sa.delete(t.federation_nonce).where(t.federation_nonce.c.expires_at < now))
    seen = conn.execute(sa.select(sa.literal(1)).where(
        t.federation_nonce.c.keyid == keyid, t.federation_nonce.c.nonce == nonce)).first()
    if seen is not None:
        return False
    conn.execute(sa.insert(t.federation_nonce).values(keyid=keyid, nonce=nonce,
                                                      expires_at=expires_at))
    return True


def read_export(conn: sa.Connection, since: int, limit: int) -> tuple[list[FeedRow], bool, int]:
    """Up to limit exportable rows after since, whether more exist, and the feed's head."""
    head = int(conn.execute(sa.select(sa.func.max(t.change.c.seq))).scalar() or 0)
    c = t.change.c
    rows = conn.execute(
        sa.select(c.seq, c.kind, c.record_id, c.op, c.body)
        .where(c.export.is_(True), c.seq > since).order_by(c.seq).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    return [FeedRow(*r) for r in rows[:limit]], more, head


def count_export(conn: sa.Connection, since: int) -> int:
    return int(conn.execute(
        sa.select(sa.func.count()).select_from(t.change)
        .where(t.change.c.export.is_(True), t.change.c.seq > since)
    ).scalar() or 0)


def record_ids_from(conn: sa.Connection, origin: str) -> list[tuple[str, str]]:
    """(kind, id) of every record here whose home is origin."""
    found: list[tuple[str, str]] = []
    for kind, table in t.RECORD_TABLES.items():
        ids = conn.execute(sa.select(table.c.id).where(table.c.origin == origin)
                           .order_by(table.c.id)).scalars()
        found.extend((kind, record_id) for record_id in ids)
    return found


def held_records(
    conn: sa.Connection, wanted: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, id) -> (origin, version) of the records held here, in one query per kind."""
    by_kind: dict[str, list[str]] = {}
    for kind, record_id in wanted:
        by_kind.setdefault(kind, []).append(record_id)
    held: dict[tuple[str, str], tuple[str, int]] = {}
    for kind, ids in by_kind.items():
        table = t.RECORD_TABLES[kind]
        for start in range(0, len(ids), 500):
            rows = conn.execute(sa.select(table.c.id, table.c.origin, table.c.version)
                                .where(table.c.id.in_(ids[start:start + 500])))
            for record_id, origin, version in rows:
                held[(kind, record_id)] = (origin, version)
    return held


def record_origin(conn: sa.Connection, kind: str, record_id: str) -> str | None:
    table = t.RECORD_TABLES[kind]
    return conn.execute(sa.select(table.c.origin).where(table.c.id == record_id)).scalar()


def record_version(conn: sa.Connection, kind: str, record_id: str) -> int | None:
    table = t.RECORD_TABLES[kind]
    return conn.execute(sa.select(table.c.version).where(table.c.id == record_id)).scalar()
