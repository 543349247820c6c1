"""A small, fixed company for server tests: three people, an open and a closed space."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import uuid6

from server_stub.app import prepare_database
from server_stub.config import ServerConfig, load_config
from server_stub.services.auth import hash_password
from server_stub.storage import accounts as acc
from server_stub.storage import records
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.records import EVERYONE, Scope
from sync import protocol as p

PASSWORD = "correct horse battery"


def uid() -> str:
    return str(uuid6.uuid7())


@dataclass(frozen=True)
class World:
    config: ServerConfig
    alice: str
    bob: str
    carol: str
    open_space: str
    closed_space: str
    announcements: str


def _person(pid: str, given: str, family: str) -> p.Person:
    return p.Person(id=pid, origin="test.local", version=1, updated_at=p.now_ms(),
                    given_name=given, family_name=family, site="München",
                    skills=["SAP"], email=f"{given.lower()}@example.test")


def build_world(data_dir: Path, **overrides: object) -> World:
    settings = {"server_name": "test.local", "login_base_delay_seconds": 0.5}
    settings.update(overrides)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir, settings)
    prepare_database(config)
    alice, bob, carol = uid(), uid(), uid()
    open_space, closed_space, announcements = uid(), uid(), uid()
    now = p.now_ms()
    engine = make_sync_engine(config.db_url)
    password_hash = hash_password(PASSWORD)
    with engine.begin() as conn:
        for pid, given, family in ((alice, "Alice", "Müller"), (bob, "Bob", "Weiß"),
                                   (carol, "Carol", "Schröder")):
            records.put_record(conn, "person", _person(pid, given, family), EVERYONE)
            acc.add_account(conn, acc.Account(uid(), given.lower(), password_hash, pid,
                                              given == "Alice", False, now))
        for sid, name, vis, kind in ((open_space, "Vertrieb", "company", "team"),
                                     (closed_space, "Geheimprojekt", "members", "topic"),
                                     (announcements, "Ankündigungen", "company",
                                      "announcements")):
            space = p.Space(id=sid, origin="test.local", version=1, updated_at=now, name=name,
                            space_kind=kind, visibility=vis)  # type: ignore[arg-type]
            scope = Scope("space", sid) if vis == "members" else EVERYONE
            records.put_record(conn, "space", space, scope)
        for sid, pid, role in ((open_space, alice, "member"), (open_space, bob, "member"),
                               (open_space, carol, "member"),
                               (closed_space, alice, "moderator"), (closed_space, bob, "member"),
                               (announcements, alice, "moderator")):
            membership = p.Membership(id=uid(), origin="test.local", version=1, updated_at=now,
                                      space_id=sid, person_id=pid,
                                      role=role)  # type: ignore[arg-type]
            scope = Scope("space", sid) if sid == closed_space else EVERYONE
            records.put_record(conn, "membership", membership, scope)
    engine.dispose()
    return World(config, alice, bob, carol, open_space, closed_space, announcements)
