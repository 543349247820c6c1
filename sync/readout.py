"""What kontorctl shows: cache reads shaped as plain structs for --json, or as lines.

Everything here reads the local cache only, so it answers the same with or without a
connection.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

import msgspec

from sync import protocol as p
from sync.cache import outbox, reader
from sync.cache.db import Cache
from sync.cache.state import SyncState


class PersonLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    position: str
    site: str
    email: str


class PersonCard(msgspec.Struct, frozen=True):
    person: p.Person
    position: str
    unit: str
    manager: str
    reports: list[str]
    responsibilities: list[str]


class WhoLine(msgspec.Struct, frozen=True):
    responsibility: str
    position: str
    holder: str
    ask: str
    deputy: str
    holder_absent: bool
    howto: str


class HitLine(msgspec.Struct, frozen=True):
    kind: str
    id: str
    title: str
    subtitle: str


class SpaceLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str
    visibility: str


class Status(msgspec.Struct, frozen=True):
    server: str
    username: str
    signed_in: bool
    last_sync: str
    people: int
    pending: int
    failed: int


def _name(person: p.Person | None) -> str:
    return person.display_name if person else ""


class Readout:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _person_line(self, person: p.Person) -> PersonLine:
        position = reader.get_position_of(self.cache, person.id)
        return PersonLine(person.id, person.display_name, position.title if position else "",
                          person.site, person.email)

    def people(self, args: argparse.Namespace) -> list[PersonLine]:
        people = reader.list_people(self.cache, query=args.query or None, limit=50)
        return [self._person_line(person) for person in people]

    def person(self, args: argparse.Namespace) -> PersonCard | None:
        person = reader.get_person(self.cache, args.id)
        if person is None:
            return None
        position = reader.get_position_of(self.cache, person.id)
        unit = reader.get_org_unit(self.cache, position.org_unit_id) if position else None
        manager = reader.get_person(self.cache, person.manager_id) if person.manager_id else None
        return PersonCard(
            person=person,
            position=position.title if position else "",
            unit=unit.name if unit else "",
            manager=_name(manager),
            reports=[r.display_name for r in reader.reports_of(self.cache, person.id)],
            responsibilities=[r.title for r in reader.responsibilities_of(self.cache, person.id)],
        )

    def who(self, args: argparse.Namespace) -> list[WhoLine]:
        return [
            WhoLine(
                responsibility=a.responsibility.title,
                position=a.owner_position.title if a.owner_position else "",
                holder=_name(a.holder) or "(vacant)",
                ask=_name(a.ask),
                deputy=_name(a.deputy_holder),
                holder_absent=a.holder_absent,
                howto=a.howto_post.text.split("\n", 1)[0] if a.howto_post else "",
            )
            for a in reader.who_is_responsible(self.cache, args.topic)
        ]

    def search(self, args: argparse.Namespace) -> list[HitLine]:
        return [HitLine(h.kind, h.id, h.title, h.subtitle)
                for h in reader.search(self.cache, args.query, limit=30)]

    def spaces(self, args: argparse.Namespace) -> list[SpaceLine]:
        return [SpaceLine(s.id, s.name, s.space_kind, s.visibility)
                for s in reader.list_spaces(self.cache)]

    def status(self, state: SyncState) -> Status:
        counts = outbox.count_by_state(self.cache)
        last = "never"
        if state.last_sync_at:
            last = p.dt.datetime.fromtimestamp(state.last_sync_at / 1000).isoformat(
                sep=" ", timespec="seconds")
        return Status(
            server=state.server_url or "", username=state.username or "",
            signed_in=state.logged_in, last_sync=last,
            people=reader.count_people(self.cache),
            pending=counts.get("pending", 0), failed=counts.get("failed", 0),
        )

    def lines(self, method: str, result: Any) -> Iterator[str]:
        if method == "person":
            if result is None:
                yield "no such person in the local cache"
                return
            card: PersonCard = result
            person = card.person
            yield person.display_name
            for label, value in (("position", card.position), ("unit", card.unit),
                                 ("site", person.site), ("room", person.room),
                                 ("email", person.email), ("manager", card.manager),
                                 ("skills", ", ".join(person.skills)),
                                 ("languages", ", ".join(person.languages)),
                                 ("reports", ", ".join(card.reports)),
                                 ("responsible for", ", ".join(card.responsibilities))):
                if value:
                    yield f"  {label:<16} {value}"
            for phone in person.phones:
                yield f"  {phone.label:<16} {phone.number}"
            return
        if not result:
            yield "nothing found"
            return
        for row in result:
            if isinstance(row, PersonLine):
                yield f"{row.name:<32} {row.position:<32} {row.site:<12} {row.id}"
            elif isinstance(row, WhoLine):
                absent = " (absent: ask the deputy)" if row.holder_absent else ""
                yield f"{row.responsibility}: {row.ask or row.holder}{absent} [{row.position}]"
                if row.howto:
                    yield f"    how-to: {row.howto}"
            elif isinstance(row, HitLine):
                yield f"{row.kind:<15} {row.title:<40} {row.subtitle}"
            elif isinstance(row, SpaceLine):
                yield f"{row.name:<32} {row.kind:<14} {row.visibility:<8} {row.id}"
