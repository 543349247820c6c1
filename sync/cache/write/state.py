"""The feed cursor (replica's sync_state) and the account this profile belongs to (store).

The device token lives in the store rather than in the keyring: the store is encrypted
with the key the keyring guards anyway. The cursor stays with the replica, so a rebuilt
replica reads the feed from its beginning while the device stays signed in; the
account lives in the store (migrations/store.py), so damage to the replica never signs
anyone out. A revoked device wipes both files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.cache.db import Cache

from sync.cache.migrations.store import ACCOUNT_KEYS
from sync.cache.write import mirror

_KEYS = (
    "cursor",
    "last_sync_at",
    "server_url",
    "server_name",
    "username",
    "person_id",
    "device_id",
    "device_token",
    "is_admin",
)


@dataclass(frozen=True, slots=True)
class SyncState:
    cursor: str | None = None
    last_sync_at: int | None = None
    server_url: str | None = None
    server_name: str | None = None
    username: str | None = None
    person_id: str | None = None
    device_id: str | None = None
    device_token: str | None = None
    is_admin: bool = False  # as the server said at login; only decides what the UI offers

    @property
    def logged_in(self) -> bool:
        return bool(self.server_url and self.device_token)


def set_values_txn(conn: Any, values: Mapping[str, str | None]) -> None:
    """Store (or with None: remove) entries inside the caller's transaction: account
    keys in the store's account table, the rest in the replica's sync_state."""
    unknown = set(values) - set(_KEYS)
    if unknown:
        raise ValueError(f"unknown sync_state keys: {sorted(unknown)}")
    for table, wanted in (("store.account", True), ("main.sync_state", False)):
        mine = {k: v for k, v in values.items() if (k in ACCOUNT_KEYS) == wanted}
        put = [(k, v) for k, v in mine.items() if v is not None]
        drop = [(k,) for k, v in mine.items() if v is None]
        if put:
            conn.executemany(
                f"INSERT INTO {table} (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                put,
            )
        if drop:
            conn.executemany(f"DELETE FROM {table} WHERE key = ?", drop)


def get_cursor(cache: Cache) -> str | None:
    row = cache.conn.execute(
        "SELECT value FROM main.sync_state WHERE key = 'cursor'").fetchone()
    return None if row is None else str(row[0])


def get_sync_state(cache: Cache) -> SyncState:
    rows = dict(cache.conn.execute(
        "SELECT key, value FROM main.sync_state UNION ALL "
        "SELECT key, value FROM store.account").fetchall())
    last = rows.get("last_sync_at")
    return SyncState(
        cursor=rows.get("cursor"),
        last_sync_at=int(last) if last is not None else None,
        server_url=rows.get("server_url"),
        server_name=rows.get("server_name"),
        username=rows.get("username"),
        person_id=rows.get("person_id"),
        device_id=rows.get("device_id"),
        device_token=rows.get("device_token"),
        is_admin=rows.get("is_admin") == "1",
    )


def store_account(
    cache: Cache,
    *,
    server_url: str,
    server_name: str,
    username: str,
    person_id: str | None,
    device_id: str,
    device_token: str,
    is_admin: bool = False,
) -> None:
    """After a login: who this cache belongs to and how to reach the server."""
    with cache.transaction() as conn:
        set_values_txn(
            conn,
            {
                "server_url": server_url,
                "server_name": server_name,
                "username": username,
                "person_id": person_id,
                "device_id": device_id,
                "device_token": device_token,
                "is_admin": "1" if is_admin else "0",
            },
        )
    mirror.refresh(cache)


def store_last_sync(cache: Cache, at_ms: int) -> None:
    """When the feed was last read to its end (shown as 'last sync' in the UI)."""
    with cache.transaction() as conn:
        set_values_txn(conn, {"last_sync_at": str(at_ms)})


def forget_account(cache: Cache) -> None:
    """Logout: drop the token and account, keep the data until the cache is wiped."""
    with cache.transaction() as conn:
        account = ("device_token", "device_id", "username", "person_id", "is_admin")
        set_values_txn(conn, {k: None for k in account})
    mirror.refresh(cache)
