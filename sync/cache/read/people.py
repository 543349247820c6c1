"""Read queries about people and the organisation: directory, units, positions, reports.

Records come back as the protocol Structs, decoded from the stored body, so the app
and kontorctl see exactly what the server sent. Each function takes the Cache (writer
or read-only) of the calling thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

import msgspec

from sync.cache.read.search import match_expression
from sync.protocol import Connection, OrgUnit, Person, Position, Responsibility

if TYPE_CHECKING:
    from sync.cache.db import Cache

T = TypeVar("T", bound=msgspec.Struct)

_decoders: dict[type[Any], msgspec.json.Decoder[Any]] = {}


def decode_rows(rows: Sequence[Any], record_type: type[T]) -> list[T]:
    """Decode the first column (a stored body) of each row."""
    decoder = _decoders.get(record_type)
    if decoder is None:
        decoder = _decoders[record_type] = msgspec.json.Decoder(record_type)
    return [decoder.decode(row[0]) for row in rows]


def get_record(cache: Cache, table: str, record_type: type[T], record_id: str) -> T | None:
    row = cache.conn.execute(f"SELECT body FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return None if row is None else decode_rows([row], record_type)[0]


def get_person(cache: Cache, person_id: str) -> Person | None:
    return get_record(cache, "person", Person, person_id)


def get_people(cache: Cache, person_ids: Sequence[str]) -> dict[str, Person]:
    """Several people by id in one query (for lists of authors, reports, members)."""
    if not person_ids:
        return {}
    rows = cache.conn.execute(
        "SELECT body FROM person WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(list(person_ids)).decode(),),
    ).fetchall()
    return {p.id: p for p in decode_rows(rows, Person)}


# Which rows drive a directory query decides its speed, and without statistics SQLite
# guesses badly, so we choose: a unit's holders (always few), else the search matches
# when there are few of them (a name: under 1 ms), else the name index, skipping
# non-matches (a first letter matching all 100k people: 12 ms, where sorting the
# matches would take 250 ms). Unary + keeps SQLite from driving by the other terms.
_FEW_MATCHES = 2000


@dataclass(frozen=True, slots=True)
class _PeopleQuery:
    source: str  # FROM ... WHERE ...
    order: str
    params: list[Any]


def _people_filter(
    cache: Cache,
    query: str | None,
    site: str | None,
    org_unit_id: str | None,
    include_left: bool,
    names_only: bool = False,
) -> _PeopleQuery | None:
    """The directory query; None when the search text has no words (nothing matches).
    names_only: the words must begin words of the name (not of a skill or an office)."""
    expression = None
    if query is not None and query.strip():
        expression = match_expression(query)
        if expression is None:
            return None
        if names_only:
            expression = f"name : ({expression})"
    if org_unit_id:
        drive = "unit"
    elif expression is not None and _count_matches(cache, expression) <= _FEW_MATCHES:
        drive = "matches"
    else:
        drive = "index"
    clauses: list[str] = []
    params: list[Any] = []
    if expression is not None:
        plus = "" if drive == "matches" else "+"
        clauses.append(f"{plus}p.n IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ?)")
        params.append(expression)
    if org_unit_id:
        clauses.append("p.id IN (SELECT holder_id FROM position WHERE org_unit_id = ?)")
        params.append(org_unit_id)
    if site:
        clauses.append("p.site = ?" if drive == "index" else "+p.site = ?")
        params.append(site)
    if not include_left:
        clauses.append("p.status = 'active'" if drive == "index" else "+p.status = 'active'")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    order = "p.sort_key, p.n" if drive == "index" else "+p.sort_key, p.n"
    return _PeopleQuery(f"FROM person p {where}", order, params)


def _count_matches(cache: Cache, expression: str) -> int:
    row = cache.conn.execute(
        "SELECT count(*) FROM (SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?)",
        (expression, _FEW_MATCHES + 1),
    ).fetchone()
    return int(row[0])


def list_people(
    cache: Cache,
    query: str | None = None,
    site: str | None = None,
    org_unit_id: str | None = None,
    offset: int = 0,
    limit: int = 100,
    *,
    include_left: bool = False,
) -> list[Person]:
    """The directory, by family then given name; query uses the search index.

    People who left are hidden unless include_left (which sorts in memory: slower, for
    admin views), since a directory is for reaching people.
    """
    found = _people_filter(cache, query, site, org_unit_id, include_left)
    if found is None:
        return []
    rows = cache.conn.execute(
        f"SELECT p.body {found.source} ORDER BY {found.order} LIMIT ? OFFSET ?",
        [*found.params, limit, offset],
    ).fetchall()
    return decode_rows(rows, Person)


def count_people(
    cache: Cache,
    query: str | None = None,
    site: str | None = None,
    org_unit_id: str | None = None,
    *,
    include_left: bool = False,
) -> int:
    found = _people_filter(cache, query, site, org_unit_id, include_left)
    if found is None:
        return 0
    if found.params and not site and not org_unit_id:
        # Only a search: count the matches in the index alone and take away the few
        # who left, instead of checking every match's status (3 ms, not 40 ms).
        expression = found.params[0]
        matches = cache.conn.execute(
            "SELECT count(*) FROM person_fts WHERE person_fts MATCH ?", (expression,)
        ).fetchone()[0]
        if include_left:
            return int(matches)
        left = cache.conn.execute(
            "SELECT count(*) FROM person p WHERE p.status = 'left' AND "
            "+p.n IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ?)",
            (expression,),
        ).fetchone()[0]
        return int(matches) - int(left)
    row = cache.conn.execute(f"SELECT count(*) {found.source}", found.params).fetchone()
    return int(row[0])


def list_sites(cache: Cache) -> list[str]:
    """Every site named by a person or a unit, alphabetically."""
    rows = cache.conn.execute(
        "SELECT site FROM person WHERE site != '' UNION SELECT site FROM org_unit WHERE site != ''"
        " ORDER BY 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def list_org_units(cache: Cache) -> list[OrgUnit]:
    rows = cache.conn.execute("SELECT body FROM org_unit ORDER BY name, id").fetchall()
    return decode_rows(rows, OrgUnit)


def get_org_unit(cache: Cache, unit_id: str) -> OrgUnit | None:
    return get_record(cache, "org_unit", OrgUnit, unit_id)


def get_position(cache: Cache, position_id: str) -> Position | None:
    return get_record(cache, "position", Position, position_id)


def positions_of(cache: Cache, person_id: str) -> list[Position]:
    """Every position a person holds (usually one)."""
    rows = cache.conn.execute(
        "SELECT body FROM position WHERE holder_id = ? ORDER BY title, id", (person_id,)
    ).fetchall()
    return decode_rows(rows, Position)


def get_position_of(cache: Cache, person_id: str) -> Position | None:
    """The person's position; the first by title if they hold several."""
    held = positions_of(cache, person_id)
    return held[0] if held else None


def reports_of(cache: Cache, person_id: str) -> list[Person]:
    """Direct reports: holders of positions reporting to theirs, or with them as manager.

    The + signs keep SQLite from walking the whole directory in name order to find a
    handful of people.
    """
    rows = cache.conn.execute(
        """
        SELECT p.body FROM person p
        WHERE +p.status = 'active' AND p.id != :me AND (
              p.id IN (SELECT r.holder_id FROM position r
                       JOIN position mine ON r.reports_to_id = mine.id
                       WHERE mine.holder_id = :me)
           OR p.manager_id = :me)
        ORDER BY +p.sort_key, p.n
        """,
        {"me": person_id},
    ).fetchall()
    return decode_rows(rows, Person)


def responsibilities_of(cache: Cache, person_id: str) -> list[Responsibility]:
    """What a person is responsible for through the positions they hold."""
    rows = cache.conn.execute(
        """
        SELECT r.body FROM responsibility r
        JOIN position pos ON pos.id = r.owner_position_id
        WHERE pos.holder_id = ? ORDER BY r.title, r.id
        """,
        (person_id,),
    ).fetchall()
    return decode_rows(rows, Responsibility)


def get_responsibility(cache: Cache, responsibility_id: str) -> Responsibility | None:
    return get_record(cache, "responsibility", Responsibility, responsibility_id)


_PERSONAL = "(connection_kind = 'personal' AND (from_id = :me OR to_id = :me))"
_JOB = """(connection_kind = 'job' AND (
              from_id IN (SELECT id FROM position WHERE holder_id = :me)
           OR to_id IN (SELECT id FROM position WHERE holder_id = :me)))"""


def connections_of(cache: Cache, person_id: str,
                   kind: Literal["personal", "job"] | None = None) -> list[Connection]:
    """Personal connections from or to the person, and job connections of their positions.

    `kind` keeps one of the two: a screen that lists job contacts on their own (with
    the outbox laid over them) asks the rest for the personal ones only, so no contact
    is listed twice.
    """
    where = {"personal": _PERSONAL, "job": _JOB, None: f"{_PERSONAL} OR {_JOB}"}[kind]
    rows = cache.conn.execute(
        f"SELECT body FROM connection WHERE {where} ORDER BY updated_at DESC, id",
        {"me": person_id},
    ).fetchall()
    return decode_rows(rows, Connection)


# -- light directory rows ------------------------------------------------------------
# A list of 100,000 people must not hold 100,000 decoded records: the directory list
# needs a name, a position title and a site per row, read from indexed columns without
# decoding the stored body (phones, about, skills...).


class PersonRow(NamedTuple):
    """What a directory row shows; the full record comes from get_person when opened."""

    n: int  # the cache's row number: stable for a person, the tie-breaker of the order
    id: str
    version: int
    given_name: str
    family_name: str
    site: str
    title: str  # the person's position title (the first by title), or ""
    sort_key: str
    photo: str | None  # the digest of the person's photo if this cache holds the image

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


_ROW_COLUMNS = """p.n, p.id, p.version, p.given_name, p.family_name, p.site,
  coalesce((SELECT pos.title FROM position pos WHERE pos.holder_id = p.id
            ORDER BY pos.title, pos.id LIMIT 1), ''),
  p.sort_key, (SELECT f.digest FROM person_photo f WHERE f.person_id = p.id
               AND f.digest = json_extract(p.body, '$.photo') AND f.image IS NOT NULL)"""


def _person_rows(rows: Sequence[Any]) -> list[PersonRow]:
    return [PersonRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
            for r in rows]


def _after_clause(found: _PeopleQuery, after: tuple[str, int] | None) -> tuple[str, list[Any]]:
    """Keyset paging: the rows after (sort_key, n), as cheap at the end as at the start."""
    if after is None:
        return found.source, list(found.params)
    # Only where the name index drives may SQLite use sort_key for the range.
    key = "p.sort_key" if found.order.startswith("p.") else "+p.sort_key"
    glue = " AND " if " WHERE " in found.source else " WHERE "
    return f"{found.source}{glue}({key}, p.n) > (?, ?)", [*found.params, *after]


def list_person_rows(
    cache: Cache,
    query: str | None = None,
    site: str | None = None,
    org_unit_id: str | None = None,
    limit: int = 100,
    *,
    after: tuple[str, int] | None = None,
    names_only: bool = False,
) -> list[PersonRow]:
    """list_people as light rows, in the same order; after=(sort_key, n) of the last
    row already shown continues from there; names_only: query finds names alone."""
    found = _people_filter(cache, query, site, org_unit_id, False, names_only)
    if found is None:
        return []
    source, params = _after_clause(found, after)
    # The page is chosen first and its columns read after: a position title for each
    # of a few thousand matches sorted by name would cost more than the query itself.
    rows = cache.conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM (SELECT p.n AS n {source} ORDER BY {found.order}"
        " LIMIT ?) page JOIN person p ON p.n = page.n ORDER BY p.sort_key, p.n",
        [*params, limit],
    ).fetchall()
    return _person_rows(rows)


def list_person_numbers(
    cache: Cache,
    query: str | None = None,
    site: str | None = None,
    org_unit_id: str | None = None,
    limit: int = 100,
    *,
    after: tuple[str, int] | None = None,
) -> list[int]:
    """Only the row numbers of list_person_rows (from the index alone where it drives):
    enough to keep a long list's places without its contents."""
    found = _people_filter(cache, query, site, org_unit_id, False)
    if found is None:
        return []
    source, params = _after_clause(found, after)
    rows = cache.conn.execute(
        f"SELECT p.n {source} ORDER BY {found.order} LIMIT ?", [*params, limit]
    ).fetchall()
    return [int(r[0]) for r in rows]


def get_person_rows(cache: Cache, numbers: Sequence[int]) -> dict[int, PersonRow]:
    """Light rows by row number (a page of a long list read again), gone ones left out."""
    if not numbers:
        return {}
    rows = cache.conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM person p WHERE p.n IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(list(numbers)).decode(),),
    ).fetchall()
    return {row.n: row for row in _person_rows(rows)}


def get_person_row(cache: Cache, person_id: str) -> PersonRow | None:
    row = cache.conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM person p WHERE p.id = ?", (person_id,)
    ).fetchone()
    return None if row is None else _person_rows([row])[0]
