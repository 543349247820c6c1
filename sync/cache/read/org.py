"""Read queries for the org chart: the unit tree, who sits in which seat, chains of command.

A chart is drawn from seats, not people: a position stays on the chart when nobody holds
it (a vacancy is news) or when its holder is away (then the deputy is the one to ask).
So every query here answers with Seats (the position, its holder or None, and whether
the holder is absent today), and the holders of a whole list come from one query.

The feed delivers records in any order and across sites, so references may dangle for a
while: a unit whose parent has not arrived yet is treated as a root (else it would be
unreachable in the tree), and every walk up a chain stops at a missing record or at a
record it has already seen (a cycle in half-synced data must not hang the app): the
walks are the ones of sync/protocol/rules.py, which the server's rules take too.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from sync.cache.fold import fold, query_tokens
from sync.cache.read.people import decode_rows, get_org_unit, get_people, get_position
from sync.cache.read.search import prefix_expression
from sync.cache.read.who import is_absent
from sync.protocol import OrgUnit, Person, Position
from sync.protocol.rules import OrgLookup, reporting_chain, unit_chain

if TYPE_CHECKING:
    from sync.cache.db import Cache

@dataclass(frozen=True, slots=True)
class Seat:
    """A position as the chart shows it: vacant when holder is None."""

    position: Position
    holder: Person | None
    absent: bool  # the holder is away today (absent_from..absent_to)

    @property
    def vacant(self) -> bool:
        return self.holder is None


def _json(ids: Iterable[str]) -> str:
    return msgspec.json.encode(list(ids)).decode()


def _seats(cache: Cache, positions: Sequence[Position], today: dt.date | None) -> list[Seat]:
    """Seats for positions, in the given order, holders read in one query."""
    today = today or dt.date.today()
    people = get_people(cache, [p.holder_id for p in positions if p.holder_id])
    seats = []
    for position in positions:
        holder = people.get(position.holder_id) if position.holder_id else None
        seats.append(Seat(position, holder, holder is not None and is_absent(position, today)))
    return seats


def _by_title_then_name(seats: list[Seat]) -> list[Seat]:
    def key(seat: Seat) -> tuple[str, int, str, str, str]:
        holder = seat.holder
        name = "" if holder is None else f"{fold(holder.family_name)} {fold(holder.given_name)}"
        return (fold(seat.position.title), holder is None, name, seat.position.title,
                seat.position.id)

    return sorted(seats, key=key)


def seat_of(cache: Cache, position_id: str, today: dt.date | None = None) -> Seat | None:
    position = get_position(cache, position_id)
    return None if position is None else _seats(cache, [position], today)[0]


def deputy_seat(cache: Cache, seat: Seat, today: dt.date | None = None) -> Seat | None:
    """Who stands in for a seat (its deputy position), for absent holders and vacancies."""
    deputy_id = seat.position.deputy_position_id
    if deputy_id is None or deputy_id == seat.position.id:
        return None
    return seat_of(cache, deputy_id, today)


# -- the unit tree -------------------------------------------------------------------


def unit_children(cache: Cache, parent_id: str | None) -> list[OrgUnit]:
    """The units directly below parent_id, by name; None gives the roots (units without a
    parent, or whose parent is not in the cache yet)."""
    if parent_id is None:
        rows = cache.conn.execute(
            "SELECT body FROM org_unit WHERE parent_id IS NULL"
            " OR parent_id NOT IN (SELECT id FROM org_unit) ORDER BY name, id"
        ).fetchall()
    else:
        rows = cache.conn.execute(
            "SELECT body FROM org_unit WHERE parent_id = ? AND id != ? ORDER BY name, id",
            (parent_id, parent_id),
        ).fetchall()
    return decode_rows(rows, OrgUnit)


def units_with_children(cache: Cache, unit_ids: Sequence[str]) -> set[str]:
    """Which of these units have sub-units (so a tree shows an expander only there)."""
    if not unit_ids:
        return set()
    rows = cache.conn.execute(
        "SELECT DISTINCT parent_id FROM org_unit"
        " WHERE parent_id IN (SELECT value FROM json_each(?)) AND parent_id != id",
        (_json(unit_ids),),
    ).fetchall()
    return {str(r[0]) for r in rows}


def org_lookup(cache: Cache) -> OrgLookup:
    """The cache as sync/protocol/rules.py reads the organisation."""
    return OrgLookup(functools.partial(get_org_unit, cache), functools.partial(get_position, cache))


def unit_path(cache: Cache, unit_id: str) -> list[OrgUnit]:
    """The unit and every unit above it, root first; empty if the unit is unknown."""
    return unit_chain(org_lookup(cache), unit_id)[::-1]


def _unit_positions(cache: Cache, unit_id: str) -> list[Position]:
    rows = cache.conn.execute(
        "SELECT body FROM position WHERE org_unit_id = ?", (unit_id,)
    ).fetchall()
    return decode_rows(rows, Position)


def unit_seats(cache: Cache, unit_id: str, today: dt.date | None = None) -> list[Seat]:
    """Every seat of the unit: the lead first, then by title and holder name."""
    unit = get_org_unit(cache, unit_id)
    lead_id = unit.lead_position_id if unit is not None else None
    seats = _by_title_then_name(_seats(cache, _unit_positions(cache, unit_id), today))
    leads = [s for s in seats if s.position.id == lead_id]
    return leads + [s for s in seats if s.position.id != lead_id]


def lead_seat(cache: Cache, unit_id: str, today: dt.date | None = None) -> Seat | None:
    unit = get_org_unit(cache, unit_id)
    if unit is None or unit.lead_position_id is None:
        return None
    return seat_of(cache, unit.lead_position_id, today)


# -- chains of command ---------------------------------------------------------------


def chain_up(cache: Cache, position_id: str, today: dt.date | None = None) -> list[Seat]:
    """The position first, then whom it reports to, upwards to the top."""
    return _seats(cache, reporting_chain(org_lookup(cache), position_id), today)


def reports_down(cache: Cache, position_id: str, today: dt.date | None = None) -> list[Seat]:
    """The positions reporting directly to this one, by title and holder name."""
    rows = cache.conn.execute(
        "SELECT body FROM position WHERE reports_to_id = ? AND id != ?",
        (position_id, position_id),
    ).fetchall()
    return _by_title_then_name(_seats(cache, decode_rows(rows, Position), today))


def vacancies(cache: Cache, unit_id: str | None, today: dt.date | None = None) -> list[Seat]:
    """Vacant positions in the unit and every unit below it (None: the whole company)."""
    if unit_id is None:
        rows = cache.conn.execute(
            "SELECT body FROM position WHERE holder_id IS NULL"
        ).fetchall()
    else:
        # UNION (not UNION ALL) drops units seen twice, so a cycle ends the recursion.
        rows = cache.conn.execute(
            """
            WITH RECURSIVE below(id) AS (
              SELECT ? UNION SELECT u.id FROM org_unit u JOIN below b ON u.parent_id = b.id)
            SELECT p.body FROM position p
            WHERE p.holder_id IS NULL AND p.org_unit_id IN (SELECT id FROM below)
            """,
            (unit_id,),
        ).fetchall()
    return _by_title_then_name(_seats(cache, decode_rows(rows, Position), today))


# -- finding things ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _UnitName:
    id: str
    folded: str
    words: str  # " word word ...": a word start is a substring " " + start


# Unit names are not in the search index (a schema change), and folding thousands of
# names in SQL on every keystroke costs ~100 ms; so each Cache keeps its units' folded
# names in memory until org_units_stamp changes. Keyed weakly: a closed Cache lets go.
# Every Cache belongs to one thread, so two threads never share an entry.
_unit_names: weakref.WeakKeyDictionary[Cache, tuple[tuple[int, int, int], list[_UnitName]]]
_unit_names = weakref.WeakKeyDictionary()


def _folded_unit_names(cache: Cache) -> list[_UnitName]:
    stamp = org_units_stamp(cache)
    held = _unit_names.get(cache)
    if held is None or held[0] != stamp:
        names = []
        for unit_id, name in cache.conn.execute("SELECT id, name FROM org_unit"):
            folded = fold(name)
            names.append(_UnitName(str(unit_id), folded, " " + " ".join(query_tokens(folded))))
        names.sort(key=lambda u: (u.folded, u.id))
        held = (stamp, names)
        _unit_names[cache] = held
    return held[1]


def find_units(cache: Cache, text: str, limit: int = 20) -> list[OrgUnit]:
    """Units whose name has words starting with every word typed; names that begin with
    the text first, then alphabetically."""
    tokens = query_tokens(text)
    if not tokens or limit <= 0:
        return []
    wanted = " ".join(tokens)
    starts = [" " + t for t in tokens]
    first: list[_UnitName] = []  # names that begin with the text
    rest: list[_UnitName] = []
    for unit in _folded_unit_names(cache):  # in name order already
        if all(start in unit.words for start in starts):
            (first if unit.folded.startswith(wanted) else rest).append(unit)
            if len(first) >= limit:
                break
    found = first + rest
    ids = [u.id for u in found[:limit]]
    rows = cache.conn.execute(
        "SELECT body FROM org_unit WHERE id IN (SELECT value FROM json_each(?))", (_json(ids),)
    ).fetchall()
    by_id = {u.id: u for u in decode_rows(rows, OrgUnit)}
    return [by_id[i] for i in ids if i in by_id]


def _positions_matching(cache: Cache, sql: str, expression: str, limit: int) -> list[Position]:
    """sql's first ? is the MATCH, the second caps the index rows read, the third the
    answer. The cap (as in search.py) bounds a one-letter query in a company of 100k:
    it matches nearly everyone, too vague for the order among them to matter."""
    cap = max(4 * limit, 100)
    rows = cache.conn.execute(sql, (expression, cap, limit)).fetchall()
    return decode_rows(rows, Position)


def find_org(
    cache: Cache, text: str, limit: int = 20, today: dt.date | None = None
) -> list[OrgUnit | Seat]:
    """Units by name, then seats by holder name, then seats by title; umlauts and their
    ASCII spellings alike ("Schröder", "Schroeder" and "Schroder" find one person)."""
    tokens = query_tokens(text)
    if not tokens or limit <= 0:
        return []
    found: list[OrgUnit | Seat] = list(find_units(cache, text, limit))
    expression = prefix_expression(tokens)
    by_holder = _positions_matching(
        cache,
        "SELECT pos.body FROM position pos JOIN person x ON x.id = pos.holder_id"
        " WHERE x.n IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?)"
        " ORDER BY x.sort_key, pos.title, pos.id LIMIT ?",
        f"name : ({expression})",
        limit,
    )
    by_title = _positions_matching(
        cache,
        "SELECT body FROM position WHERE n IN"
        " (SELECT rowid FROM position_fts WHERE position_fts MATCH ? LIMIT ?)"
        " ORDER BY title, id LIMIT ?",
        f"title : ({expression})",
        limit,
    )
    seen: set[str] = set()
    positions = []
    for position in by_holder + by_title:
        if position.id not in seen:
            seen.add(position.id)
            positions.append(position)
    found += _seats(cache, positions[: max(0, limit - len(found))], today)
    return found[:limit]


def org_units_stamp(cache: Cache) -> tuple[int, int, int]:
    """Changes whenever a unit arrives, changes or goes: a tree rebuilds only then."""
    row = cache.conn.execute(
        "SELECT count(*), coalesce(max(updated_at), 0), coalesce(sum(version), 0)"
        " FROM org_unit"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
