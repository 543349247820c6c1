"""What kontorctl shows: cache reads shaped as plain structs for --json, or as lines.

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
from sync.cache.read.handover import (
    handover_digest,
    handovers_for,
    handovers_of_position,
    manageable_positions,
)
from sync.cache.read.org import Seat, find_org
from sync.cache.read.people import (
    count_people,
    get_org_unit,
    get_person,
    get_position,
    get_position_of,
    list_people,
    positions_of,
    reports_of,
    responsibilities_of,
)
from sync.cache.read.posts import list_spaces
from sync.cache.read.search import search
from sync.cache.read.start import start_here
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


def _name(person: p.Person | None) -> str:
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
            manager=_name(manager),
            reports=[r.display_name for r in reports_of(self.cache, person.id)],
            responsibilities=[r.title for r in responsibilities_of(self.cache, person.id)],
        )

    def who(self, args: argparse.Namespace) -> list[WhoLine]:
        lines = []
        for a in who_is_responsible(self.cache, args.topic):
            site = (a.ask or a.holder).site if (a.ask or a.holder) else ""
            lines.append(WhoLine(
                responsibility=a.responsibility.title,
                position=a.owner_position.title if a.owner_position else "",
                holder=_name(a.holder) or "(vacant)",
                ask=_name(a.ask),
                deputy=_name(a.deputy_holder),
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
        last = "never"
        if state.last_sync_at:
            last = dt.datetime.fromtimestamp(state.last_sync_at / 1000).isoformat(
                sep=" ", timespec="seconds")
        return Status(
            server=state.server_url or "", username=state.username or "",
            signed_in=state.logged_in, admin=state.is_admin, last_sync=last,
            people=count_people(self.cache),
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
                site = f" ({row.site})" if row.other_site else ""
                yield (f"{row.responsibility}: {row.ask or row.holder}{site}{absent} "
                       f"[{row.position}]")
                if row.howto:
                    yield f"    how-to: {row.howto}"
            elif isinstance(row, HitLine):
                yield f"{row.kind:<15} {row.title:<40} {row.subtitle}"
            elif isinstance(row, SpaceLine):
                yield f"{row.name:<32} {row.kind:<14} {row.visibility:<8} {row.id}"


# -- handovers and the start page ----------------------------------------------------------


class HandoverLine(msgspec.Struct, frozen=True):
    id: str
    position_id: str
    position: str
    date: str
    state: str
    from_person: str
    to_person: str
    note: str


class ContactLine(msgspec.Struct, frozen=True):
    position: str
    holder: str
    note: str


class DigestCard(msgspec.Struct, frozen=True):
    position_id: str
    position: str
    holder: str
    predecessor: str
    handover: HandoverLine | None
    contacts: list[ContactLine]
    responsibilities: list[str]
    spaces: list[str]
    howtos: list[str]


class MeetLine(msgspec.Struct, frozen=True):
    id: str
    name: str
    reason: str
    detail: str


class StepLine(msgspec.Struct, frozen=True):
    title: str
    done: bool


class StartCard(msgspec.Struct, frozen=True):
    name: str
    positions: list[str]
    unit: str
    lead: str
    team: list[str]
    to_meet: list[MeetLine]
    responsibilities: list[str]
    howtos: list[str]
    checklist: list[StepLine]
    done: int
    total: int


def _first_line(post: p.Post) -> str:
    return post.text.split("\n", 1)[0]


class OrgReadout:
    """The organisation commands of kontorctl, for the signed-in person `me`."""

    def __init__(self, cache: Cache, me: str) -> None:
        self.cache = cache
        self.me = me

    def _person_name(self, person_id: str | None) -> str:
        return _name(get_person(self.cache, person_id)) if person_id else ""

    def handover_line(self, h: p.Handover) -> HandoverLine:
        position = get_position(self.cache, h.position_id)
        return HandoverLine(h.id, h.position_id, position.title if position else "",
                            h.date.isoformat(), h.state, self._person_name(h.from_person_id),
                            self._person_name(h.to_person_id), h.note)

    def handovers(self, position_id: str | None) -> list[HandoverLine]:
        """Of one position; else those to me and of the positions I hold or lead."""
        if position_id:
            found = handovers_of_position(self.cache, position_id)
        else:
            positions = [*positions_of(self.cache, self.me),
                         *manageable_positions(self.cache, self.me)]
            by_id = {h.id: h for h in handovers_for(self.cache, self.me)}
            for position in positions:
                by_id.update((h.id, h) for h in
                             handovers_of_position(self.cache, position.id))
            found = sorted(by_id.values(), key=lambda h: (h.date, h.updated_at, h.id),
                           reverse=True)
        return [self.handover_line(h) for h in found]

    def digest(self, position_id: str | None) -> DigestCard | None:
        """Of one position; by default of the position of my newest handover (or my own)."""
        if position_id is None:
            mine = handovers_for(self.cache, self.me)
            held = positions_of(self.cache, self.me)
            position_id = mine[0].position_id if mine else held[0].id if held else None
        found = handover_digest(self.cache, position_id) if position_id else None
        if found is None:
            return None
        return DigestCard(
            position_id=found.position.id, position=found.position.title,
            holder=self._person_name(found.position.holder_id),
            predecessor=_name(found.predecessor),
            handover=self.handover_line(found.handover) if found.handover else None,
            contacts=[ContactLine(c.position.title, _name(c.holder) or "(vacant)", c.note)
                      for c in found.contacts],
            responsibilities=[r.title for r in found.responsibilities],
            spaces=[s.name for s in found.spaces],
            howtos=[_first_line(h) for h in found.howtos],
        )

    def start(self) -> StartCard:
        s = start_here(self.cache, self.me)
        done, total = s.progress
        return StartCard(
            name=s.person.display_name, positions=[x.title for x in s.positions],
            unit=s.unit.name if s.unit else "", lead=_name(s.lead),
            team=[x.display_name for x in s.team],
            to_meet=[MeetLine(m.person.id, m.person.display_name, m.reason, m.detail)
                     for m in s.to_meet],
            responsibilities=[r.title for r in s.responsibilities],
            howtos=[_first_line(h) for h in s.howtos],
            checklist=[StepLine(e.item.title, e.done) for e in s.checklist],
            done=done, total=total,
        )

    # -- naming things on the command line ------------------------------------------------

    def position_id(self, text: str) -> str:
        """An id, or a title or holder name that names one position (mine to lead first)."""
        if p.is_uuid(text):
            return text
        seats = [s for s in find_org(self.cache, text, limit=50)
                 if isinstance(s, Seat)]
        managed = {x.id for x in manageable_positions(self.cache, self.me)}
        candidates = [s for s in seats if s.position.id in managed] or seats
        if len(candidates) == 1:
            return candidates[0].position.id
        if not candidates:
            raise WriteError(f"No position matches {text!r}.")
        listed = "; ".join(f"{s.position.title} ({_name(s.holder) or 'vacant'}) {s.position.id}"
                           for s in candidates[:5])
        raise WriteError(f"Several positions match {text!r}: {listed}. Use the id.")

    def person_id(self, text: str) -> str:
        return resolve_person(self.cache, text)

    def lines(self, result: Any) -> Iterator[str]:
        if result is None or result == []:
            yield "nothing found"
        elif isinstance(result, list):
            for h in result:
                yield (f"{h.date}  {h.state:<9} {h.position:<36} {h.from_person or '-'} -> "
                       f"{h.to_person}  {h.id}")
        elif isinstance(result, DigestCard):
            yield from _digest_lines(result)
        elif isinstance(result, StartCard):
            yield from _start_lines(result)


def _digest_lines(card: DigestCard) -> Iterator[str]:
    yield f"{card.position} — {card.holder or '(vacant)'}"
    if card.handover:
        h = card.handover
        yield f"  handover       {h.date} {h.state}: {h.from_person or '-'} -> {h.to_person}"
        if h.note:
            yield f"  note           {h.note}"
    elif card.predecessor:
        yield f"  before         {card.predecessor}"
    for c in card.contacts:
        yield f"  contact        {c.holder} [{c.position}]" + (f": {c.note}" if c.note else "")
    for label, values in (("responsible for", card.responsibilities), ("space", card.spaces),
                          ("how-to", card.howtos)):
        for value in values:
            yield f"  {label:<14} {value}"


def _start_lines(card: StartCard) -> Iterator[str]:
    yield f"{card.name}: {', '.join(card.positions) or 'no position'} in {card.unit or '-'}"
    if card.lead:
        yield f"  lead           {card.lead}"
    yield f"  team           {len(card.team)} people"
    for m in card.to_meet:
        yield f"  meet           {m.name} ({m.reason}): {m.detail}"
    for title in card.responsibilities:
        yield f"  responsible    {title}"
    for title in card.howtos:
        yield f"  how-to         {title}"
    yield f"  checklist      {card.done}/{card.total} done"
    for step in card.checklist:
        yield f"    [{'x' if step.done else ' '}] {step.title}"
