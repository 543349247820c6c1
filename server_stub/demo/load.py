"""Puts a generated demo company into an empty, migrated database.

Records go in through records.bulk_put_records, so each one gets its feed entry with the
same scope rules as a live write would; a demo server therefore syncs exactly like a
real one. Every demo account shares one password hash: hashing 100,000 argon2 passwords
would take hours, and demo accounts protect nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

import msgspec
import sqlalchemy as sa

from server_stub.demo import photos as demo_photos
from server_stub.demo.generator import DEMO_USER, DemoCompany
from server_stub.storage import accounts, photos, records
from server_stub.storage import hubs as hub_store
from server_stub.storage.records import EVERYONE, Scope, space_scope
from sync import protocol as p

CHUNK = 5000
R = TypeVar("R", bound=p.Record)


def account_id(person_id: str) -> str:
    """Stable per person, so reloading the same company yields the same accounts."""
    return str(uuid.uuid5(uuid.UUID(person_id), "kontor-demo-account"))


def _put(conn: sa.Connection, kind: str, items: Sequence[R], scope: Callable[[R], Scope]) -> None:
    for chunk in records.iter_chunks(items, CHUNK):
        records.bulk_put_records(conn, kind, chunk, [scope(item) for item in chunk])


def _connection_scope(connection: p.Connection) -> Scope:
    """A personal contact list is private to its owner; job contacts belong to everyone."""
    if connection.connection_kind == "personal":
        return Scope("person", connection.from_id)
    return EVERYONE


def load_company(
    conn: sa.Connection, company: DemoCompany, password_hash: str, now_ms: int
) -> None:
    # A share of a split company (split.py) writes in spaces of other sites too.
    visibility = company.space_visibility or {s.id: s.visibility for s in company.spaces}

    def in_space(item: p.Membership | p.Post | p.Comment | p.Reaction) -> Scope:
        return space_scope(visibility[item.space_id], item.space_id)

    def everyone(_item: msgspec.Struct) -> Scope:
        return EVERYONE

    # Referenced records first, so a client applying the feed in order never meets a
    # dangling id on the first pass.
    _put(conn, "person", company.people, everyone)
    _put(conn, "org_unit", company.org_units, everyone)
    _put(conn, "position", company.positions, everyone)
    _put(conn, "space", company.spaces, lambda s: space_scope(s.visibility, s.id))
    _put(conn, "membership", company.memberships, in_space)
    _put(conn, "post", company.posts, in_space)
    _put(conn, "comment", company.comments, in_space)
    _put(conn, "reaction", company.reactions, in_space)
    _put(conn, "responsibility", company.responsibilities, everyone)
    _put(conn, "connection", company.connections, _connection_scope)
    _put(conn, "handover", company.handovers, everyone)
    _put(conn, "checklist_item", company.checklist_items, everyone)
    _put(conn, "checklist_check", company.checklist_checks,  # ticks are private
         lambda check: Scope("person", check.person_id))
    pictured = [x.id for x in company.people if x.photo]
    for ids in records.iter_chunks(pictured, CHUNK):
        photos.bulk_put_photos(conn, [(x, demo_photos.photo_for(x)) for x in ids], now_ms)
    demo_accounts = [
        accounts.Account(
            id=account_id(person_id), username=username, password_hash=password_hash,
            person_id=person_id, is_admin=person_id == company.admin_person_id,
            disabled=False, created_at=now_ms,
        )
        for person_id, username in company.usernames.items()
    ]
    for chunk in records.iter_chunks(demo_accounts, CHUNK):
        accounts.bulk_add_accounts(conn, chunk)
    # The demo user is also the company's community manager: the demo shows Community.
    for person_id, username in company.usernames.items():
        if username == DEMO_USER:
            hub_store.grant_role(conn, person_id, hub_store.COMMUNITY_MANAGER, now_ms)
