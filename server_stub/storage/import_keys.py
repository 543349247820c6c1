"""Which record each HR key became, and linking accounts to imported people.

The HR system's keys are its own (strings); records keep the UUIDv7 ids minted on the
first import. This mapping is what makes a nightly re-import update the same records.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.storage import tables as t


def get_import_keys(conn: sa.Connection) -> dict[tuple[str, str], str]:
    """(kind, key) -> record id for every entry imported so far."""
    rows = conn.execute(sa.select(t.import_key.c.kind, t.import_key.c.key,
                                  t.import_key.c.record_id))
    return {(kind, key): record_id for kind, key, record_id in rows}


def add_import_keys(conn: sa.Connection, keys: dict[tuple[str, str], str], now: int) -> None:
    if keys:
        conn.execute(sa.insert(t.import_key), [
            {"kind": kind, "key": key, "record_id": record_id, "created_at": now}
            for (kind, key), record_id in keys.items()])


def account_people(conn: sa.Connection, usernames: set[str]) -> dict[str, str | None]:
    """username -> the person its account is linked to, for the accounts that exist."""
    if not usernames:
        return {}
    rows = conn.execute(sa.select(t.account.c.username, t.account.c.person_id)
                        .where(t.account.c.username.in_(sorted(usernames))))
    return {username: person_id for username, person_id in rows}


def link_account(conn: sa.Connection, username: str, person_id: str) -> None:
    conn.execute(sa.update(t.account).where(t.account.c.username == username)
                 .values(person_id=person_id))
