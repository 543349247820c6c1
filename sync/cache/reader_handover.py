"""Handovers and onboarding read from the cache: what a job carries and where to start.

A job's contacts, duties and spaces belong to the position, not to the person, so a
successor finds them all through the position: the digest gathers them with the notes
the previous holder left. The start-here summary answers a new holder's first
question ("who and what do I need to know?"); contact updates tell the other side that
their counterpart has changed. Leads see what they may hand over and which duties have
nobody left to answer for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from sync.cache.reader_org import lead_seat, unit_path
from sync.cache.reader_people import (
    decode_rows,
    get_org_unit,
    get_people,
    get_person,
    get_position,
    positions_of,
)
from sync.protocol import (
    ChecklistCheck,
    ChecklistItem,
    Connection,
    Handover,
    OrgUnit,
    Person,
    Position,
    Post,
    Responsibility,
    Space,
)

if TYPE_CHECKING:
    from sync.cache.db import Cache

MAX_TO_MEET = 10
MAX_HOWTOS = 20

_NEWEST = "ORDER BY date DESC, updated_at DESC, id DESC"

# The units a person leads (through a lead position they hold) and every unit below.
_LED_UNITS = """
WITH RECURSIVE led(id) AS (
  SELECT u.id FROM org_unit u JOIN position lp ON lp.id = u.lead_position_id
  WHERE lp.holder_id = :me
  UNION
  SELECT c.id FROM org_unit c JOIN led ON c.parent_id = led.id
)
"""


@dataclass(frozen=True, slots=True)
class KeyContact:
    """A job connection of the position, seen from it: who is at the other end."""

    connection: Connection
    position: Position  # the other end
    holder: Person | None
    note: str


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything that passes with a position, for its new (or next) holder."""

    position: Position
    handover: Handover | None
    predecessor: Person | None
    contacts: list[KeyContact]
    responsibilities: list[Responsibility]
    spaces: list[Space]
    howtos: list[Post]


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


@dataclass(frozen=True, slots=True)
class ContactUpdate:
    """A job contact of mine changed hands: who holds it now, and what we noted about it."""

    handover: Handover
    position: Position  # the counterpart's position
    successor: Person | None
    predecessor: Person | None
    my_position: Position
    note: str


@dataclass(frozen=True, slots=True)
class Unowned:
    responsibility: Responsibility
    position: Position
    unit: OrgUnit | None


def _rows(cache: Cache, sql: str, params: Any, record_type: type[Any]) -> list[Any]:
    return decode_rows(cache.conn.execute(sql, params).fetchall(), record_type)


def _in_force(r: Responsibility, today: dt.date) -> bool:
    return (r.valid_from is None or r.valid_from <= today) and (
        r.valid_to is None or r.valid_to >= today)


# -- handovers and digests ------------------------------------------------------------


def handovers_of_position(cache: Cache, position_id: str) -> list[Handover]:
    return _rows(cache, f"SELECT body FROM handover WHERE position_id = ? {_NEWEST}",
                 (position_id,), Handover)


def get_handover(cache: Cache, handover_id: str) -> Handover | None:
    found = _rows(cache, "SELECT body FROM handover WHERE id = ?", (handover_id,), Handover)
    return found[0] if found else None


def scheduled_handover(cache: Cache, position_id: str) -> Handover | None:
    """The handover waiting for its date; the server allows one per position."""
    found = _rows(cache, f"SELECT body FROM handover WHERE position_id = ? "
                  f"AND state = 'scheduled' {_NEWEST} LIMIT 1", (position_id,), Handover)
    return found[0] if found else None


def handovers_for(cache: Cache, person_id: str) -> list[Handover]:
    """Handovers to this person (done, scheduled, cancelled), newest first."""
    return _rows(cache, f"SELECT body FROM handover WHERE to_person_id = ? {_NEWEST}",
                 (person_id,), Handover)


def job_contacts(cache: Cache, position_id: str) -> list[KeyContact]:
    """The position's job connections in both directions, with the other end's holder."""
    connections = _rows(
        cache,
        "SELECT body FROM connection WHERE connection_kind = 'job' "
        "AND (from_id = :pos OR to_id = :pos) ORDER BY updated_at DESC, id",
        {"pos": position_id}, Connection)
    others = {c.id: c.to_id if c.from_id == position_id else c.from_id for c in connections}
    positions = {p.id: p for p in _rows(
        cache, "SELECT body FROM position WHERE id IN (SELECT value FROM json_each(?))",
        (_json(others.values()),), Position)}
    holders = get_people(cache, [p.holder_id for p in positions.values() if p.holder_id])
    out = []
    for connection in connections:
        other = positions.get(others[connection.id])
        if other is None or other.id == position_id:
            continue  # the other end is not (yet) in the cache
        holder = holders.get(other.holder_id) if other.holder_id else None
        out.append(KeyContact(connection, other, holder, connection.note))
    return out


def _json(values: Any) -> str:
    return msgspec.json.encode(list(values)).decode()


def _digest(cache: Cache, position: Position, handover: Handover | None,
            predecessor: Person | None) -> Digest:
    responsibilities = _rows(
        cache, "SELECT body FROM responsibility WHERE owner_position_id = ? ORDER BY title, id",
        (position.id,), Responsibility)
    spaces = _rows(cache, "SELECT body FROM space WHERE position_id = ? ORDER BY name, id",
                   (position.id,), Space)
    howtos = _rows(
        cache,
        """
        SELECT body FROM post
        WHERE post_kind = 'howto' AND (
              (pinned = 1 AND space_id IN (SELECT value FROM json_each(:spaces)))
           OR id IN (SELECT value FROM json_each(:linked)))
        ORDER BY created_at DESC, id
        """,
        {"spaces": _json(s.id for s in spaces),
         "linked": _json(r.howto_post_id for r in responsibilities if r.howto_post_id)},
        Post)
    return Digest(position, handover, predecessor, job_contacts(cache, position.id),
                  responsibilities, spaces, howtos)


def handover_digest(cache: Cache, position_id: str) -> Digest | None:
    """What came with a position: its latest handover (not a cancelled one), the person
    before, contacts with notes, duties, spaces and how-tos. None: unknown position."""
    position = get_position(cache, position_id)
    if position is None:
        return None
    handover = next((h for h in handovers_of_position(cache, position_id)
                     if h.state != "cancelled"), None)
    predecessor_id = handover.from_person_id if handover else None
    if handover is None:  # the one whose spell ended last, if any
        ended = sorted((s for s in position.history if s.end is not None),
                       key=lambda s: s.end or dt.date.min)
        predecessor_id = ended[-1].person_id if ended else None
    predecessor = get_person(cache, predecessor_id) if predecessor_id else None
    return _digest(cache, position, handover, predecessor)


def handover_preview(cache: Cache, position_id: str) -> Digest:
    """What would pass if the position were handed over now; the holder is the one before."""
    position = get_position(cache, position_id)
    if position is None:
        raise LookupError(f"position {position_id} is not in the local cache")
    holder = get_person(cache, position.holder_id) if position.holder_id else None
    return _digest(cache, position, None, holder)


def manageable_positions(cache: Cache, person_id: str) -> list[Position]:
    """Positions in the units this person leads and below, their own left out."""
    return _rows(
        cache,
        f"""{_LED_UNITS}
        SELECT p.body FROM position p WHERE p.org_unit_id IN (SELECT id FROM led)
          AND (p.holder_id IS NULL OR p.holder_id != :me)
        ORDER BY p.title, p.id""",
        {"me": person_id}, Position)


# -- the start page of a new holder ------------------------------------------------------


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
    checks = {c.item_id: c for c in _rows(
        cache, "SELECT body FROM checklist_check WHERE person_id = ?", (person_id,),
        ChecklistCheck)}
    for unit in reversed(chain):
        for item in _rows(cache, "SELECT body FROM checklist_item WHERE org_unit_id = ? "
                          "ORDER BY rank, id", (unit.id,), ChecklistItem):
            entries.append(ChecklistEntry(item, checks.get(item.id)))
    return entries


def _pinned_howtos(cache: Cache, person_id: str, unit_ids: list[str]) -> list[Post]:
    """Pinned how-tos of the spaces of the person's units and of the spaces they are in."""
    return _rows(
        cache,
        """
        SELECT body FROM post WHERE post_kind = 'howto' AND pinned = 1 AND space_id IN (
            SELECT id FROM space WHERE org_unit_id IN (SELECT value FROM json_each(:units))
            UNION SELECT space_id FROM membership WHERE person_id = :me)
        ORDER BY created_at DESC, id LIMIT :limit
        """,
        {"units": _json(unit_ids), "me": person_id, "limit": MAX_HOWTOS}, Post)


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
    responsibilities = [r for d in digests for r in d.responsibilities if _in_force(r, today)]
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


# -- for the other side, and for leads --------------------------------------------------


def contact_updates(cache: Cache, person_id: str, today: dt.date | None = None,
                    days: int = 30) -> list[ContactUpdate]:
    """Done handovers (within `days`) of positions my held positions have a job link with."""
    today = today or dt.date.today()
    since = (today - dt.timedelta(days=days)).isoformat()
    updates: list[ContactUpdate] = []
    for mine in positions_of(cache, person_id):
        for contact in job_contacts(cache, mine.id):
            for handover in _rows(
                cache, f"SELECT body FROM handover WHERE position_id = ? AND state = 'done' "
                f"AND date >= ? {_NEWEST}", (contact.position.id, since), Handover):
                if handover.to_person_id == person_id:
                    continue  # my own new job is no news to me
                people = get_people(cache, [i for i in (handover.to_person_id,
                                                        handover.from_person_id) if i])
                updates.append(ContactUpdate(
                    handover=handover, position=contact.position,
                    successor=people.get(handover.to_person_id),
                    predecessor=people.get(handover.from_person_id or ""),
                    my_position=mine, note=contact.note))
    updates.sort(key=lambda u: (u.handover.date, u.handover.updated_at), reverse=True)
    return updates


def unowned_responsibilities(cache: Cache, person_id: str,
                             today: dt.date | None = None) -> list[Unowned]:
    """Duties in force, in units this person leads, that need an owner: the owner
    position is vacant and the duty names no deputy position with a holder.

    The owner position's own deputy may stand in for a while (reader_who asks them),
    but only a deputy named on the duty counts as covering it for good.
    """
    today = today or dt.date.today()
    rows = cache.conn.execute(
        f"""{_LED_UNITS}
        SELECT r.body, pos.body FROM responsibility r
        JOIN position pos ON pos.id = r.owner_position_id
        WHERE pos.org_unit_id IN (SELECT id FROM led) AND pos.holder_id IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM position d
              WHERE d.id = r.deputy_position_id AND d.holder_id IS NOT NULL)
        ORDER BY r.title, r.id""",
        {"me": person_id}).fetchall()
    duties = decode_rows(rows, Responsibility)
    positions = decode_rows([(row[1],) for row in rows], Position)
    out = []
    for duty, position in zip(duties, positions, strict=True):
        if _in_force(duty, today):
            out.append(Unowned(duty, position, get_org_unit(cache, position.org_unit_id)))
    return out
