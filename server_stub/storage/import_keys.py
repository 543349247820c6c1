"""Which record each HR key became, and linking accounts to imported people.

The HR system's keys are its own (strings); records keep the UUIDv7 ids minted on the
first import. This mapping is what makes a nightly re-import update the same records.
For positions it also remembers the holder the last imported file named, so that an
import applies a holder only when HR changed it, not every night over a handover
made in Kontor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.engine import DatabaseBusy
from server_stub.storage.feed_lock import lock_feed

VACANT = ""  # holder_key of a position the last file named no holder for (keys are never empty)




def lock_for_import(conn: sa.Connection) -> None:
    """Take SQLite's write lock now: from here on nothing else commits until the import does.

    pysqlite begins a transaction only at the first write, so without it a server edit
    committed between the import's reads and its first write would be overwritten (two
    bodies under one version). With the lock, whatever the import reads from here on is
    what it overwrites; the server's writes wait (busy timeout) until it commits.
    On PostgreSQL the feed lock (storage/feed_lock.py) is taken instead: every server
    write that changes records writes the feed too, so it waits until the import commits.
    """
    if conn.dialect.name != "sqlite":
        lock_feed(conn)
        return
    dbapi = conn.connection.dbapi_connection
    if dbapi is None or dbapi.in_transaction:
        raise RuntimeError("the import must start on a connection that has written nothing")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except sa.exc.OperationalError as exc:  # others kept it past the busy timeout
        raise DatabaseBusy(str(exc.orig)) from None


def records_changed_since(conn: sa.Connection, seq: int) -> set[tuple[str, str]]:
    """(kind, record id) of every change after seq: what an import planned without the
    lock must read again."""
    rows = conn.execute(sa.select(t.change.c.kind, t.change.c.record_id)
                        .where(t.change.c.seq > seq))
    return {(kind, record_id) for kind, record_id in rows}


def get_import_keys(conn: sa.Connection) -> dict[tuple[str, str], str]:
    """(kind, key) -> record id for every entry imported so far."""
    rows = conn.execute(sa.select(t.import_key.c.kind, t.import_key.c.key,
                                  t.import_key.c.record_id))
    return {(kind, key): record_id for kind, key, record_id in rows}


def imported_holders(conn: sa.Connection) -> dict[str, str | None]:
    """position key -> the holder key the last imported file gave it (VACANT: none);
    None for positions imported before this was recorded."""
    rows = conn.execute(sa.select(t.import_key.c.key, t.import_key.c.holder_key)
                        .where(t.import_key.c.kind == "position"))
    return {key: holder for key, holder in rows}


def add_import_keys(conn: sa.Connection, keys: dict[tuple[str, str], str], now: int,
                    holders: dict[str, str]) -> None:
    """New keys; holders: position key -> the holder key this file names (or VACANT)."""
    if keys:
        conn.execute(sa.insert(t.import_key), [
            {"kind": kind, "key": key, "record_id": record_id, "created_at": now,
             "holder_key": holders.get(key) if kind == "position" else None}
            for (kind, key), record_id in keys.items()])


def set_imported_holders(conn: sa.Connection, holders: dict[str, str]) -> None:
    if holders:
        conn.execute(sa.update(t.import_key).where(
            t.import_key.c.kind == "position", t.import_key.c.key == sa.bindparam("k"))
            .values(holder_key=sa.bindparam("h")),
            [{"k": key, "h": holder} for key, holder in holders.items()])


class AccountLink(NamedTuple):
    account_id: str
    username: str
    person_id: str | None


def accounts_by_username(conn: sa.Connection, usernames: set[str]) -> dict[str, AccountLink]:
    """The accounts of these names that exist, with the person each is linked to."""
    return _links(conn, t.account.c.username, usernames, lambda a: a.username)


def accounts_by_person(conn: sa.Connection, person_ids: set[str]) -> dict[str, AccountLink]:
    """person id -> the account linked to that person, for the people that have one."""
    return _links(conn, t.account.c.person_id, person_ids, lambda a: a.person_id or "")


def _links(conn: sa.Connection, column: sa.Column[str], values: set[str],
           key: Callable[[AccountLink], str]) -> dict[str, AccountLink]:
    found: dict[str, AccountLink] = {}
    chosen = sorted(values)
    for start in range(0, len(chosen), 500):
        rows = conn.execute(sa.select(t.account.c.id, t.account.c.username,
                                      t.account.c.person_id)
                            .where(column.in_(chosen[start:start + 500])))
        for row in rows:
            link = AccountLink(*row)
            found[key(link)] = link
    return found


def enabled_accounts_of(conn: sa.Connection, person_ids: set[str]) -> list[AccountLink]:
    """The accounts linked to these people that are not disabled yet."""
    return sorted(link for person_id, link in accounts_by_person(conn, person_ids).items()
                  if not conn.execute(sa.select(t.account.c.disabled).where(
                      t.account.c.id == link.account_id)).scalar_one())


def link_account(conn: sa.Connection, account_id: str, person_id: str) -> None:
    conn.execute(sa.update(t.account).where(t.account.c.id == account_id)
                 .values(person_id=person_id))


def revoke_account_devices(conn: sa.Connection, account_id: str, now: int) -> int:
    """Sign every device of the account out (the account now speaks for someone else)."""
    done = conn.execute(sa.update(t.device).where(
        t.device.c.account_id == account_id, t.device.c.revoked_at.is_(None))
        .values(revoked_at=now))
    return done.rowcount
