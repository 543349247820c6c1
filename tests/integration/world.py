"""A small, fixed company for server tests: three people, an open and a closed space."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import msgspec
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
        spaces: tuple[tuple[str, str, p.Visibility, p.SpaceKind], ...] = (
            (open_space, "Vertrieb", "company", "team"),
            (closed_space, "Geheimprojekt", "members", "topic"),
            (announcements, "Ankündigungen", "company", "announcements"))
        for sid, name, vis, kind in spaces:
            space = p.Space(id=sid, origin="test.local", version=1, updated_at=now, name=name,
                            space_kind=kind, visibility=vis)
            scope = Scope("space", sid) if vis == "members" else EVERYONE
            records.put_record(conn, "space", space, scope)
        members: tuple[tuple[str, str, p.MemberRole], ...] = (
            (open_space, alice, "member"), (open_space, bob, "member"),
            (open_space, carol, "member"),
            (closed_space, alice, "moderator"), (closed_space, bob, "member"),
            (announcements, alice, "moderator"))
        for sid, pid, role in members:
            membership = p.Membership(id=uid(), origin="test.local", version=1, updated_at=now,
                                      space_id=sid, person_id=pid, role=role)
            scope = Scope("space", sid) if sid == closed_space else EVERYONE
            records.put_record(conn, "membership", membership, scope)
    engine.dispose()
    return World(config, alice, bob, carol, open_space, closed_space, announcements)


class _Common(TypedDict):
    """The fields every record carries, as a new one at version 1 has them."""

    id: str
    origin: str
    version: int
    updated_at: int


@dataclass(frozen=True)
class Org:
    """A small organisation on top of the World, for the organisation's writes.

    Firma (lead: Dirk) > Vertrieb (lead: Bob) > Team Nord (lead: Carol, with Gina as
    clerk reporting to her); Einkauf (lead seat vacant) with Frida as buyer. Emil holds
    no position yet. Carol's seat has a members-only space (with a post) and a company
    space, two responsibilities and a job contact to the buyer.
    """

    company: str
    sales: str
    team: str
    purchasing: str
    ceo: str  # positions
    sales_lead: str
    team_lead: str
    clerk: str
    buyer: str
    purchasing_lead: str
    dirk: str  # people
    emil: str
    frida: str
    gina: str
    lead_space: str  # members-only, tied to team_lead
    team_space: str  # company-visible, tied to team_lead
    lead_post: str
    duties: tuple[str, str]
    contact: str  # job connection team_lead -> buyer


def build_org(world: World) -> Org:
    """Write the Org into the World's database (before or while its server runs)."""
    ids = {name: uid() for name in Org.__dataclass_fields__ if name != "duties"}
    duties = (uid(), uid())
    now = p.now_ms()
    start = dt.date(2020, 1, 1)
    engine = make_sync_engine(world.config.db_url)
    password_hash = hash_password(PASSWORD)

    def base(record_id: str) -> _Common:
        return {"id": record_id, "origin": "test.local", "version": 1, "updated_at": now}

    with engine.begin() as conn:
        for key, given, family in (("dirk", "Dirk", "Bäcker"), ("emil", "Emil", "Groß"),
                                   ("frida", "Frida", "Köhler"), ("gina", "Gina", "Lang")):
            person = _person(ids[key], given, family)
            if key == "gina":
                person = msgspec.structs.replace(person, manager_id=world.carol)
            records.put_record(conn, "person", person, EVERYONE)
            acc.add_account(conn, acc.Account(uid(), given.lower(), password_hash, ids[key],
                                              False, False, now))
        units: tuple[tuple[str, str, p.UnitKind, str | None, str], ...] = (
            ("company", "Firma", "company", None, "ceo"),
            ("sales", "Vertrieb", "department", "company", "sales_lead"),
            ("team", "Team Nord", "team", "sales", "team_lead"),
            ("purchasing", "Einkauf", "department", "company", "purchasing_lead"))
        for key, name, kind, parent, lead in units:
            records.put_record(conn, "org_unit", p.OrgUnit(
                **base(ids[key]), name=name, unit_kind=kind,
                parent_id=ids[parent] if parent else None, site="München",
                lead_position_id=ids[lead]), EVERYONE)
        for key, title, unit, holder, boss in (
                ("ceo", "Geschäftsführung", "company", ids["dirk"], None),
                ("sales_lead", "Leitung Vertrieb", "sales", world.bob, "ceo"),
                ("team_lead", "Teamleitung Nord", "team", world.carol, "sales_lead"),
                ("clerk", "Sachbearbeitung", "team", ids["gina"], "team_lead"),
                ("purchasing_lead", "Leitung Einkauf", "purchasing", None, "ceo"),
                ("buyer", "Einkauf Rohstoffe", "purchasing", ids["frida"], "purchasing_lead")):
            history = [p.HolderSpell(person_id=holder, start=start)] if holder else []
            records.put_record(conn, "position", p.Position(
                **base(ids[key]), title=title, org_unit_id=ids[unit], holder_id=holder,
                reports_to_id=ids[boss] if boss else None, history=history), EVERYONE)
        team_spaces: tuple[tuple[str, str, p.Visibility], ...] = (
            ("lead_space", "Teamleitung intern", "members"), ("team_space", "Team Nord", "company"))
        for key, name, visibility in team_spaces:
            scope = Scope("space", ids[key]) if visibility == "members" else EVERYONE
            records.put_record(conn, "space", p.Space(
                **base(ids[key]), name=name, space_kind="team",
                visibility=visibility,
                org_unit_id=ids["team"], position_id=ids["team_lead"]), scope)
            records.put_record(conn, "membership", p.Membership(
                **base(uid()), space_id=ids[key], person_id=world.carol, role="moderator"),
                scope)
        records.put_record(conn, "post", p.Post(
            **base(ids["lead_post"]), space_id=ids["lead_space"], author_id=world.carol,
            text="Budgetplanung Q3: Zahlen liegen im Ordner", created_at=now),
            Scope("space", ids["lead_space"]))
        for duty, title in zip(duties, ("Urlaubsplanung", "Kundenbesuche Nord"), strict=True):
            records.put_record(conn, "responsibility", p.Responsibility(
                **base(duty), title=title, owner_position_id=ids["team_lead"]), EVERYONE)
        records.put_record(conn, "connection", p.Connection(
            **base(ids["contact"]), connection_kind="job", from_id=ids["team_lead"],
            to_id=ids["buyer"], note="Rohstoffpreise vor Quartalsende abstimmen"), EVERYONE)
    engine.dispose()
    return Org(**ids, duties=duties)
