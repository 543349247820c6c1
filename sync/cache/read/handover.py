"""Handovers read from the cache: what a job carries, and who had it before.

A job's contacts, duties and spaces belong to the position, not to the person, so a
successor finds them all through the position: the digest gathers them with the notes
the previous holder left. Contact updates tell the other side that their counterpart
has changed. The start page of a new holder builds on the digest (reader_start); what
leads may hand over is in reader_lead, on the led units defined here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from sync.cache.read.people import decode_rows, get_people, get_person, get_position, positions_of
from sync.protocol import (
    Connection,
    Handover,
    Person,
    Position,
    Post,
    Responsibility,
    Space,
)

if TYPE_CHECKING:
    from sync.cache.db import Cache

_NEWEST = "ORDER BY date DESC, updated_at DESC, id DESC"

# The units a person leads (through a lead position they hold) and every unit below.
# It starts from the person's few positions (indexed by holder, then by lead position)
# rather than from every unit: an ordinary employee leads nothing, and finds that out
# at once even in a company of 100k. UNION ALL skips checking every unit against those
# already found (a company lead's walk: 13 ms with UNION, 9 with UNION ALL); a unit
# below two units the person leads then comes twice, harmless under IN, and the depth
# cap ends the walk should a broken parent chain ever loop.
LED_UNITS = """
WITH RECURSIVE led(id, depth) AS (
  SELECT u.id, 0 FROM org_unit u
  WHERE u.lead_position_id IN (SELECT id FROM position WHERE holder_id = :me)
  UNION ALL
  SELECT c.id, led.depth + 1 FROM org_unit c JOIN led ON c.parent_id = led.id
  WHERE led.depth < 64
)
"""
# Positions in those units, the person's own left out (nobody hands over themself).
LED_POSITIONS = """
  p.org_unit_id IN (SELECT id FROM led) AND (p.holder_id IS NULL OR p.holder_id != :me)
"""
# How many of those positions there are (an expression).
LED_COUNT = """
  (SELECT count(*) FROM position WHERE org_unit_id IN (SELECT id FROM led))
  - (SELECT count(*) FROM position WHERE holder_id = :me AND org_unit_id IN (SELECT id FROM led))
"""
# The units the person holds a position in: "their own" units, listed first.
OWN_UNITS = "(SELECT org_unit_id FROM position WHERE holder_id = :me)"


@dataclass(frozen=True, slots=True)
class KeyContact:
    """A job connection of the position, seen from it: who is at the other end.

    note is what this position's side wrote (the holder's note on the contact); on an
    incoming connection it is empty, as the note there is the counterpart's own.
    """

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
class ContactUpdate:
    """A job contact of mine changed hands: who holds it now, and what we noted about it."""

    handover: Handover
    position: Position  # the counterpart's position
    successor: Person | None
    predecessor: Person | None
    my_position: Position
    note: str


def rows_of(cache: Cache, sql: str, params: Any, record_type: type[Any]) -> list[Any]:
    """The records of a `SELECT body ...`, decoded."""
    return decode_rows(cache.conn.execute(sql, params).fetchall(), record_type)


def in_force(r: Responsibility, today: dt.date) -> bool:
    return (r.valid_from is None or r.valid_from <= today) and (
        r.valid_to is None or r.valid_to >= today)


def json_list(values: Any) -> str:
    """A JSON array for `IN (SELECT value FROM json_each(?))`: one query for many ids."""
    return msgspec.json.encode(list(values)).decode()


# -- handovers and digests ------------------------------------------------------------


def handovers_of_position(cache: Cache, position_id: str) -> list[Handover]:
    return rows_of(cache, f"SELECT body FROM handover WHERE position_id = ? {_NEWEST}",
                   (position_id,), Handover)


def get_handover(cache: Cache, handover_id: str) -> Handover | None:
    found = rows_of(cache, "SELECT body FROM handover WHERE id = ?", (handover_id,), Handover)
    return found[0] if found else None


def scheduled_handover(cache: Cache, position_id: str) -> Handover | None:
    """The handover waiting for its date; the server allows one per position."""
    found = rows_of(cache, f"SELECT body FROM handover WHERE position_id = ? "
                    f"AND state = 'scheduled' {_NEWEST} LIMIT 1", (position_id,), Handover)
    return found[0] if found else None


def handovers_for(cache: Cache, person_id: str) -> list[Handover]:
    """Handovers to this person (done, scheduled, cancelled), newest first."""
    return rows_of(cache, f"SELECT body FROM handover WHERE to_person_id = ? {_NEWEST}",
                   (person_id,), Handover)


def job_contacts(cache: Cache, position_id: str) -> list[KeyContact]:
    """The position's job connections in both directions, with the other end's holder.

    Only an outgoing connection carries this position's note: an incoming one holds the
    other side's note about us, which must not read as if our predecessor wrote it.
    """
    connections = rows_of(
        cache,
        "SELECT body FROM connection WHERE connection_kind = 'job' "
        "AND (from_id = :pos OR to_id = :pos) ORDER BY updated_at DESC, id",
        {"pos": position_id}, Connection)
    others = {c.id: c.to_id if c.from_id == position_id else c.from_id for c in connections}
    positions = {p.id: p for p in rows_of(
        cache, "SELECT body FROM position WHERE id IN (SELECT value FROM json_each(?))",
        (json_list(others.values()),), Position)}
    holders = get_people(cache, [p.holder_id for p in positions.values() if p.holder_id])
    out = []
    for connection in connections:
        other = positions.get(others[connection.id])
        if other is None or other.id == position_id:
            continue  # the other end is not (yet) in the cache
        holder = holders.get(other.holder_id) if other.holder_id else None
        note = connection.note if connection.from_id == position_id else ""
        out.append(KeyContact(connection, other, holder, note))
    return out


def _digest(cache: Cache, position: Position, handover: Handover | None,
            predecessor: Person | None) -> Digest:
    responsibilities = rows_of(
        cache, "SELECT body FROM responsibility WHERE owner_position_id = ? ORDER BY title, id",
        (position.id,), Responsibility)
    spaces = rows_of(cache, "SELECT body FROM space WHERE position_id = ? ORDER BY name, id",
                     (position.id,), Space)
    howtos = rows_of(
        cache,
        """
        SELECT body FROM post
        WHERE post_kind = 'howto' AND (
              (pinned = 1 AND space_id IN (SELECT value FROM json_each(:spaces)))
           OR id IN (SELECT value FROM json_each(:linked)))
        ORDER BY created_at DESC, id
        """,
        {"spaces": json_list(s.id for s in spaces),
         "linked": json_list(r.howto_post_id for r in responsibilities if r.howto_post_id)},
        Post)
    return Digest(position, handover, predecessor, _one_per_position(
        job_contacts(cache, position.id)), responsibilities, spaces, howtos)


def _one_per_position(contacts: list[KeyContact]) -> list[KeyContact]:
    """A digest names each contact once: two positions linked both ways (each side
    keeps its own connection) are one contact, shown with this position's note."""
    chosen: dict[str, KeyContact] = {}
    for contact in contacts:
        held = chosen.get(contact.position.id)
        if held is None or (contact.note and not held.note):
            chosen[contact.position.id] = contact
    return [c for c in contacts if chosen[c.position.id] is c]


def handover_digest(cache: Cache, position_id: str) -> Digest | None:
    """What came with a position: its latest done handover, the person before, contacts
    with notes, duties, spaces and how-tos. None: unknown position.

    Only a done handover counts: a scheduled one has not happened yet (its "from" is
    the current holder, not the one before them); scheduled_handover() tells of it.
    """
    position = get_position(cache, position_id)
    if position is None:
        return None
    found = rows_of(cache, f"SELECT body FROM handover WHERE position_id = ? "
                    f"AND state = 'done' {_NEWEST} LIMIT 1", (position_id,), Handover)
    handover = found[0] if found else None
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


def contact_updates(cache: Cache, person_id: str, today: dt.date | None = None,
                    days: int = 30) -> list[ContactUpdate]:
    """Done handovers (within `days`) of positions my held positions have a job link with.

    The tray asks this after every sync: the handovers of all contacts come from one
    query, their people from another.
    """
    today = today or dt.date.today()
    since = (today - dt.timedelta(days=days)).isoformat()
    contacts = [(mine, c) for mine in positions_of(cache, person_id)
                for c in job_contacts(cache, mine.id)]
    if not contacts:
        return []
    handovers = rows_of(
        cache, "SELECT body FROM handover WHERE state = 'done' AND date >= ? AND position_id "
        f"IN (SELECT value FROM json_each(?)) {_NEWEST}",
        (since, json_list({c.position.id for _, c in contacts})), Handover)
    handovers = [h for h in handovers if h.to_person_id != person_id]  # my own job: no news
    people = get_people(cache, [i for h in handovers
                                for i in (h.to_person_id, h.from_person_id) if i])
    updates = [
        ContactUpdate(handover=h, position=contact.position,
                      successor=people.get(h.to_person_id),
                      predecessor=people.get(h.from_person_id or ""),
                      my_position=mine, note=contact.note)
        for h in handovers for mine, contact in contacts if contact.position.id == h.position_id]
    updates.sort(key=lambda u: (u.handover.date, u.handover.updated_at), reverse=True)
    return updates


# -- for leads --------------------------------------------------------------------------


def manageable_positions(cache: Cache, person_id: str) -> list[Position]:
    """Positions in the units this person leads and below, their own left out.

    For a company lead that is every position: screens list own_unit_positions() and
    search with find_manageable_positions() instead.
    """
    return rows_of(
        cache,
        f"""{LED_UNITS}
        SELECT p.body FROM position p WHERE {LED_POSITIONS}
        ORDER BY p.title, p.id""",
        {"me": person_id}, Position)


def count_manageable_positions(cache: Cache, person_id: str) -> int:
    """How many positions this person leads: Start here says how many, not which.

    Counted from the org_unit_id index alone, less their own seats: reading holder_id of
    every led position reads the whole table (a company lead: 0.9 s, this way 35 ms)."""
    row = cache.conn.execute(f"{LED_UNITS} SELECT {LED_COUNT}", {"me": person_id}).fetchone()
    return int(row[0])
