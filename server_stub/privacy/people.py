"""Finding the person an admin names: by record id, e-mail, HR key or user name."""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.storage import records
from server_stub.storage import tables as t
from sync import protocol as p


class PersonNotFound(Exception):
    pass


def find_person(conn: sa.Connection, name: str) -> p.Person:
    """The one person `name` names; raises PersonNotFound if none or several."""
    text = name.strip()
    ids: set[str] = set()
    by_id = records.get_one(conn, "person", p.Person, text)
    if by_id is not None:
        return by_id
    ids |= set(conn.execute(sa.select(t.person.c.id).where(
        sa.func.lower(t.person.c.email) == text.lower(), t.person.c.email != "")).scalars())
    if not ids:
        ids |= set(conn.execute(sa.select(t.import_key.c.record_id).where(
            t.import_key.c.kind == "person", t.import_key.c.key == text)).scalars())
    if not ids:
        ids |= {pid for pid in conn.execute(sa.select(t.account.c.person_id).where(
            t.account.c.username == text)).scalars() if pid}
    if len(ids) != 1:
        several = "several people match" if ids else "no person matches"
        raise PersonNotFound(f"{several} {text!r} (give the id, e-mail, HR key or user name)")
    found = records.get_one(conn, "person", p.Person, ids.pop())
    if found is None:
        raise PersonNotFound(f"no person matches {text!r}")
    return found
