"""What kontorctl shows of the directory: people, cards, who is responsible, search,
spaces and status, as plain structs for --json or as lines (positions.py: jobs).

Everything here reads the local cache only, so it answers the same with or without a
connection.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from typing import Any

import msgspec

from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.read.people import (
    count_people,
    get_org_unit,
    get_person,
    get_position_of,
    list_people,
    reports_of,
    responsibilities_of,
)
from sync.cache.read.photos import photo_count
from sync.cache.read.posts import list_spaces
from sync.cache.read.search import search
from sync.cache.read.who import who_is_responsible
from sync.cache.write import outbox
from sync.cache.write.state import SyncState
from sync.writes import WriteError


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
    site: str  # of the person to ask
    other_site: bool  # not the signed-in person's site: the line names it


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
    admin: bool  # as the server said at login: may edit every position
    last_sync: str
    people: int
    pending: int
    failed: int
    people_with_photo: int = 0
    photos_here: int = 0  # of those, whose photo the cache holds (shown offline)


def name_of(person: p.Person | None) -> str:
    return person.display_name if person else ""


def resolve_person(cache: Cache, text: str) -> str:
    """An id, a user name (jana.schroeder) or a name that finds one active person.

    A name that several people match is refused with the list of them (WriteError), so
    the user can pick by id: a command never guesses whom it means.
    """
    if p.is_uuid(text):
        return text
    people = list_people(cache, query=text, limit=20)
    wanted = " ".join(text.split()).casefold()
    exact = [x for x in people if wanted in (x.email.split("@", 1)[0].casefold(),
                                             x.display_name.casefold())]
    if len(exact) == 1 or len(people) == 1:
        return (exact or people)[0].id
    if not people:
        raise WriteError(f"Nobody matches {text!r}.")
    listed = "".join(f"\n  {x.display_name:<32} {x.site:<12} {x.id}" for x in people[:10])
    more = f"\n  ... and {len(people) - 10} more" if len(people) > 10 else ""
    raise WriteError(f"Several people match {text!r}:{listed}{more}\nName one by its id.")


class Readout:
    def __init__(self, cache: Cache, me: str | None = None) -> None:
        self.cache = cache
        me_person = get_person(cache, me) if me else None
        self.my_site = me_person.site if me_person else ""

    def _person_line(self, person: p.Person) -> PersonLine:
        position = get_position_of(self.cache, person.id)
        return PersonLine(person.id, person.display_name, position.title if position else "",
                          person.site, person.email)

    def people(self, args: argparse.Namespace) -> list[PersonLine]:
        people = list_people(self.cache, query=args.query or None, limit=50)
        return [self._person_line(person) for person in people]

    def person(self, args: argparse.Namespace) -> PersonCard | None:
        person = get_person(self.cache, resolve_person(self.cache, args.person))
        if person is None:
            return None
        position = get_position_of(self.cache, person.id)
        unit = get_org_unit(self.cache, position.org_unit_id) if position else None
        manager = get_person(self.cache, person.manager_id) if person.manager_id else None
        return PersonCard(
            person=person,
            position=position.title if position else "",
            unit=unit.name if unit else "",
            manager=name_of(manager),
            reports=[r.display_name for r in reports_of(self.cache, person.id)],
            responsibilities=[r.title for r in responsibilities_of(self.cache, person.id)],
        )

    def who(self, args: argparse.Namespace) -> list[WhoLine]:
        lines = []
        for a in who_is_responsible(self.cache, args.topic):
            asked = a.ask or a.holder
            site = asked.site if asked else ""
            lines.append(WhoLine(
                responsibility=a.responsibility.title,
                position=a.owner_position.title if a.owner_position else "",
                holder=name_of(a.holder) or "(vacant)",
                ask=name_of(a.ask),
                deputy=name_of(a.deputy_holder),
                holder_absent=a.holder_absent,
                howto=a.howto_post.text.split("\n", 1)[0] if a.howto_post else "",
                site=site,
                other_site=bool(site and self.my_site and site != self.my_site),
            ))
        return lines

    def search(self, args: argparse.Namespace) -> list[HitLine]:
        return [HitLine(h.kind, h.id, h.title, h.subtitle)
                for h in search(self.cache, args.query, limit=30)]

    def spaces(self, args: argparse.Namespace) -> list[SpaceLine]:
        return [SpaceLine(s.id, s.name, s.space_kind, s.visibility)
                for s in list_spaces(self.cache)]

    def status(self, state: SyncState) -> Status:
        counts = outbox.count_by_state(self.cache)
        with_photo, photos_here = photo_count(self.cache)
        last = "never"
        if state.last_sync_at:
            last = dt.datetime.fromtimestamp(state.last_sync_at / 1000).isoformat(
                sep=" ", timespec="seconds")
        return Status(
            server=state.server_url or "", username=state.username or "",
            signed_in=state.logged_in, admin=state.is_admin, last_sync=last,
            people=count_people(self.cache),
            pending=counts.get("pending", 0), failed=counts.get("failed", 0),
            people_with_photo=with_photo, photos_here=photos_here,
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
                site = f" ({row.site})" if row.other_site else ""
                yield (f"{row.responsibility}: {row.ask or row.holder}{site}{absent} "
                       f"[{row.position}]")
                if row.howto:
                    yield f"    how-to: {row.howto}"
            elif isinstance(row, HitLine):
                yield f"{row.kind:<15} {row.title:<40} {row.subtitle}"
            elif isinstance(row, SpaceLine):
                yield f"{row.name:<32} {row.kind:<14} {row.visibility:<8} {row.id}"
