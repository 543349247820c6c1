"""The start page of someone new in a job: who and what they need to know first.

A new holder's first question is "who and what do I need to know?": the page gathers
the digest of each position they took over (contacts with the notes the predecessor
left, duties, spaces, how-tos), their lead and team, the people to meet first and the
onboarding checklist of their unit and the units above, with their own ticks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.cache.read.handover import Digest, handover_digest, in_force, json_list, rows_of
from sync.cache.read.org import lead_seat, unit_path
from sync.cache.read.people import decode_rows, get_org_unit, get_person, positions_of
from sync.protocol import (
    ChecklistCheck,
    ChecklistItem,
    OrgUnit,
    Person,
    Position,
    Post,
    Responsibility,
)

if TYPE_CHECKING:
    from sync.cache.db import Cache

MAX_TO_MEET = 10
MAX_HOWTOS = 20


@dataclass(frozen=True, slots=True)
class MeetItem:
    person: Person
    reason: str  # "job_contact" | "lead" | "team"
    detail: str  # the job connection's note, or the position title


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    item: ChecklistItem
    check: ChecklistCheck | None

    @property
    def done(self) -> bool:
        return self.check is not None


@dataclass(frozen=True, slots=True)
class StartHere:
    person: Person
    positions: list[Position]
    unit: OrgUnit | None
    lead: Person | None
    responsibilities: list[Responsibility]
    digests: list[Digest]
    team: list[Person]
    to_meet: list[MeetItem]
    howtos: list[Post]
    checklist: list[ChecklistEntry]

    @property
    def progress(self) -> tuple[int, int]:
        """(ticked, all) items of the checklist."""
        return sum(1 for e in self.checklist if e.done), len(self.checklist)




def _lead_of(cache: Cache, chain: list[OrgUnit], person_id: str) -> tuple[Person, str] | None:
    """The nearest lead above the person: their unit's, or the next one up if that is them."""
    for unit in chain:
        seat = lead_seat(cache, unit.id)
        if seat is not None and seat.holder is not None and seat.holder.id != person_id:
            return seat.holder, seat.position.title
    return None


def _team(cache: Cache, unit_id: str, person_id: str) -> list[tuple[Person, str]]:
    rows = cache.conn.execute(
        """
        SELECT p.body, pos.title FROM position pos JOIN person p ON p.id = pos.holder_id
        WHERE pos.org_unit_id = ? AND p.id != ? AND p.status = 'active'
        ORDER BY p.sort_key, p.n
        """,
        (unit_id, person_id)).fetchall()
    people = decode_rows(rows, Person)
    return [(person, str(row[1])) for person, row in zip(people, rows, strict=True)]


def _checklist(cache: Cache, chain: list[OrgUnit], person_id: str) -> list[ChecklistEntry]:
    """Items of the unit and every unit above, the company's first; with the person's ticks."""
    entries: list[ChecklistEntry] = []
    checks = {c.item_id: c for c in rows_of(
        cache, "SELECT body FROM checklist_check WHERE person_id = ?", (person_id,),
        ChecklistCheck)}
    for unit in reversed(chain):
        for item in rows_of(cache, "SELECT body FROM checklist_item WHERE org_unit_id = ? "
                          "ORDER BY rank, id", (unit.id,), ChecklistItem):
            entries.append(ChecklistEntry(item, checks.get(item.id)))
    return entries


def _pinned_howtos(cache: Cache, person_id: str, unit_ids: list[str]) -> list[Post]:
    """Pinned how-tos of the spaces of the person's units and of the spaces they are in."""
    return rows_of(
        cache,
        """
        SELECT body FROM post WHERE post_kind = 'howto' AND pinned = 1 AND space_id IN (
            SELECT id FROM space WHERE org_unit_id IN (SELECT value FROM json_each(:units))
            UNION SELECT space_id FROM membership WHERE person_id = :me)
        ORDER BY created_at DESC, id LIMIT :limit
        """,
        {"units": json_list(unit_ids), "me": person_id, "limit": MAX_HOWTOS}, Post)


def _to_meet(lead: tuple[Person, str] | None, digests: list[Digest],
             team: list[tuple[Person, str]], person_id: str) -> list[MeetItem]:
    """Lead first, then the people of the job's contacts, then the team; each once."""
    items: list[MeetItem] = []
    seen = {person_id}

    def add(person: Person | None, reason: str, detail: str) -> None:
        if person is not None and person.id not in seen and len(items) < MAX_TO_MEET:
            seen.add(person.id)
            items.append(MeetItem(person, reason, detail))

    if lead is not None:
        add(lead[0], "lead", lead[1])
    for digest in digests:
        for contact in digest.contacts:
            add(contact.holder, "job_contact", contact.note or contact.position.title)
    for person, title in team:
        add(person, "team", title)
    return items


def start_here(cache: Cache, person_id: str, today: dt.date | None = None) -> StartHere:
    """The start page of someone new in a job: people, duties, how-tos and the checklist."""
    today = today or dt.date.today()
    person = get_person(cache, person_id)
    if person is None:
        raise LookupError(f"person {person_id} is not in the local cache")
    positions = positions_of(cache, person_id)
    unit = get_org_unit(cache, positions[0].org_unit_id) if positions else None
    chain = list(reversed(unit_path(cache, unit.id))) if unit else []  # unit first
    lead = _lead_of(cache, chain, person_id)
    digests = [d for pos in positions if (d := handover_digest(cache, pos.id)) is not None]
    responsibilities = [r for d in digests for r in d.responsibilities if in_force(r, today)]
    team = _team(cache, unit.id, person_id) if unit else []
    howtos: dict[str, Post] = {h.id: h for d in digests for h in d.howtos}
    for post in _pinned_howtos(cache, person_id, [u.id for u in chain]):
        howtos.setdefault(post.id, post)
    return StartHere(
        person=person, positions=positions, unit=unit,
        lead=lead[0] if lead else None, responsibilities=responsibilities, digests=digests,
        team=[p for p, _ in team], to_meet=_to_meet(lead, digests, team, person_id),
        howtos=list(howtos.values())[:MAX_HOWTOS],
        checklist=_checklist(cache, chain, person_id),
    )


def _current_start(position: Position, person_id: str) -> dt.date | None:
    spells = [s for s in position.history if s.person_id == person_id and s.end is None]
    return max(s.start for s in spells) if spells else None


def is_new(cache: Cache, person_id: str, today: dt.date | None = None, days: int = 90) -> bool:
    """Holds a position whose current spell started within `days` (today counts)."""
    today = today or dt.date.today()
    since = today - dt.timedelta(days=days)
    return any((start := _current_start(pos, person_id)) is not None and since <= start <= today
               for pos in positions_of(cache, person_id))
