"""A small hand-made company for the hub tests, with one hub whose answer is known.

Firma (only its CEO: too small to be shown, min group 5) has four units of five people
each: Einkauf, Produktion, Vertrieb, Lager; Klein (three people) sits below Produktion
and is shown as part of it. Hanna (Einkauf) answers the questions of everyone in
Produktion, Klein, Vertrieb and Lager: the one clear hub. Jonas (Einkauf) and Luis
(Lager) hold the only job connection between Einkauf and Lager. Erika leads Einkauf,
Otto is an ordinary member of Vertrieb, Clara (Lager) becomes community manager. Lotte's
question has waited three days for an answer.

For the Community figures: Produktion is a site (eight people with Klein), Klein a site
too small to show. Four whole weeks before this one everyone in Vertrieb posts once and
Volker comments on Vera's post, Kai (Klein) posts once; three weeks before, Clara posts
twice. Luis's duty links a how-to nobody has edited for 400 days (outdated) and
another from ten days ago (current).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import uuid6

from server_stub.app import prepare_database
from server_stub.config import ServerConfig, load_config
from server_stub.hubs.community import WEEK_MS, first_week_ms
from server_stub.services.auth import hash_password
from server_stub.storage import accounts as acc
from server_stub.storage import records
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.records import EVERYONE
from sync import protocol as p
from tests.integration.world import PASSWORD

ORIGIN = "hubs.test"
NAMES = {
    "Einkauf": ["Erika", "Hanna", "Jonas", "Emma", "Egon"],
    "Produktion": ["Paul", "Petra", "Pia", "Peter", "Pauline"],
    "Vertrieb": ["Vera", "Volker", "Otto", "Viktor", "Valerie"],
    "Lager": ["Lena", "Luis", "Lars", "Clara", "Lotte"],
    "Klein": ["Kai", "Kim", "Karl"],
}


def uid() -> str:
    return str(uuid6.uuid7())


class _Base(TypedDict):
    origin: str
    version: int
    updated_at: int


@dataclass
class HubsWorld:
    config: ServerConfig
    units: dict[str, str] = field(default_factory=dict)  # name -> id
    people: dict[str, str] = field(default_factory=dict)  # given name -> id
    unanswered: str = ""  # a question post without an answer for three days
    outdated_howto: str = ""  # linked from a duty, last edited 400 days ago
    busy_week: int = 8  # index (of 12 whole weeks) of the week Vertrieb posts


def build_hubs_world(data_dir: Path) -> HubsWorld:
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir, {"server_name": ORIGIN, "login_base_delay_seconds": 0.5})
    prepare_database(config)
    world = HubsWorld(config)
    now = p.now_ms()
    base = _Base(origin=ORIGIN, version=1, updated_at=now)
    engine = make_sync_engine(config.db_url)
    password_hash = hash_password(PASSWORD)
    start = dt.date(2020, 1, 1)
    with engine.begin() as conn:
        def person(given: str, unit: str, lead: bool) -> str:
            pid = uid()
            world.people[given] = pid
            records.put_record(conn, "person", p.Person(
                id=pid, given_name=given, family_name=unit, **base), EVERYONE)
            acc.add_account(conn, acc.Account(uid(), given.lower(), password_hash, pid,
                                              False, False, now))
            position = uid()
            records.put_record(conn, "position", p.Position(
                id=position, title=f"{'Leitung' if lead else 'Fach'} {unit}",
                org_unit_id=world.units[unit], holder_id=pid,
                history=[p.HolderSpell(pid, start)], **base), EVERYONE)
            if lead:
                unit_record = records.get_one(conn, "org_unit", p.OrgUnit, world.units[unit])
                assert unit_record is not None
                records.put_record(conn, "org_unit", p.OrgUnit(
                    id=unit_record.id, name=unit_record.name, unit_kind=unit_record.unit_kind,
                    parent_id=unit_record.parent_id, lead_position_id=position,
                    origin=ORIGIN, version=2, updated_at=now), EVERYONE)
            return position

        def unit(name: str, parent: str | None) -> None:
            world.units[name] = uid()
            kind: p.UnitKind = ("company" if parent is None else "site"
                                if name in ("Produktion", "Klein") else "department")
            records.put_record(conn, "org_unit", p.OrgUnit(
                id=world.units[name], name=name, unit_kind=kind,
                parent_id=world.units.get(parent or ""), **base), EVERYONE)

        unit("Firma", None)
        for name in ("Einkauf", "Produktion", "Vertrieb", "Lager"):
            unit(name, "Firma")
        unit("Klein", "Produktion")
        person("Chefin", "Firma", True)
        positions: dict[str, str] = {}
        for name, given_names in NAMES.items():
            for n, given in enumerate(given_names):
                positions[given] = person(given, name, n == 0)
        space = uid()
        records.put_record(conn, "space", p.Space(
            id=space, name="Alle", space_kind="topic", visibility="company", **base), EVERYONE)
        for name in ("Produktion", "Klein", "Vertrieb", "Lager"):
            for given in NAMES[name]:
                post = uid()
                records.put_record(conn, "post", p.Post(
                    id=post, space_id=space, author_id=world.people[given],
                    text=f"Wer weiß, wie das bei {name} geht?", created_at=now, **base),
                    EVERYONE)
                records.put_record(conn, "comment", p.Comment(
                    id=uid(), post_id=post, space_id=space, author_id=world.people["Hanna"],
                    text="So geht das.", created_at=now, **base), EVERYONE)
        # Within each unit people talk to each other (a comment on a colleague's post).
        for given_names in NAMES.values():
            for a, b in zip(given_names, given_names[1:], strict=False):
                post = uid()
                records.put_record(conn, "post", p.Post(
                    id=post, space_id=space, author_id=world.people[a], text="Info.",
                    created_at=now, **base), EVERYONE)
                records.put_record(conn, "comment", p.Comment(
                    id=uid(), post_id=post, space_id=space, author_id=world.people[b],
                    text="Danke.", created_at=now, **base), EVERYONE)
        # A question nobody answered for three days: community managers are told.
        world.unanswered = uid()
        records.put_record(conn, "post", p.Post(
            id=world.unanswered, space_id=space, author_id=world.people["Lotte"],
            text="Hat jemand den Schlüssel zum Lager 3?", created_at=now - 3 * 86_400_000,
            **base), EVERYONE)
        records.put_record(conn, "connection", p.Connection(
            id=uid(), connection_kind="job", from_id=positions["Jonas"],
            to_id=positions["Luis"], **base), EVERYONE)

        def post_at(given: str, at: int, kind: p.PostKind = "post") -> str:
            post = uid()
            records.put_record(conn, "post", p.Post(
                id=post, space_id=space, author_id=world.people[given], post_kind=kind,
                text="Neu: die Liste für den Wareneingang.", created_at=at, **base),
                EVERYONE)
            return post

        busy = first_week_ms(now) + world.busy_week * WEEK_MS + 2 * 86_400_000
        posts = {given: post_at(given, busy + n * 3_600_000)
                 for n, given in enumerate(NAMES["Vertrieb"])}
        records.put_record(conn, "comment", p.Comment(
            id=uid(), post_id=posts["Vera"], space_id=space, author_id=world.people["Volker"],
            text="Danke.", created_at=busy + 86_400_000, **base), EVERYONE)
        post_at("Kai", busy)
        post_at("Clara", busy + WEEK_MS)
        post_at("Clara", busy + WEEK_MS + 3_600_000)
        world.outdated_howto = post_at("Luis", now - 400 * 86_400_000, "howto")
        fresh = post_at("Luis", now - 10 * 86_400_000, "howto")
        for title, howto in (("Wareneingang", world.outdated_howto), ("Inventur", fresh)):
            records.put_record(conn, "responsibility", p.Responsibility(
                id=uid(), title=title, owner_position_id=positions["Luis"],
                howto_post_id=howto, **base), EVERYONE)
    engine.dispose()
    return world
