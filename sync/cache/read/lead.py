"""What a lead reads from the cache: the positions they may hand over, found by typing
rather than listed in full, the handovers waiting for a date, and the duties nobody
answers for any more.

A company lead leads every position there is, so nothing here lists all of them for a
screen: the nearest ones come first, a search reads the index with a cap, and
scheduled handovers come from one query. org_stamp lets a screen skip a rebuild when
nothing about the organisation changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.cache.fold import query_tokens
from sync.cache.read.handover import (
    LED_COUNT,
    LED_POSITIONS,
    LED_UNITS,
    OWN_UNITS,
    in_force,
    json_list,
    rows_of,
)
from sync.cache.read.people import decode_rows
from sync.cache.read.search import prefix_expression
from sync.protocol import Handover, OrgUnit, Position, Responsibility

if TYPE_CHECKING:
    from sync.cache.db import Cache

# Up to this many led units a search folds their positions in Python (a department:
# a few hundred positions, exact); beyond, it reads the search index instead.
_FEW_UNITS = 120
# Units per query when listing the nearest led positions: enough for a page of them.
_UNITS_PER_QUERY = 32


@dataclass(frozen=True, slots=True)
class Unowned:
    responsibility: Responsibility
    position: Position
    unit: OrgUnit | None


def own_unit_positions(cache: Cache, person_id: str) -> list[Position]:
    """Positions of the units whose lead this person is (not the units below), their own
    left out: the team a lead looks after day to day."""
    return rows_of(
        cache,
        """SELECT p.body FROM position p
        WHERE p.org_unit_id IN (SELECT u.id FROM org_unit u WHERE u.lead_position_id IN
                                (SELECT id FROM position WHERE holder_id = :me))
          AND (p.holder_id IS NULL OR p.holder_id != :me)
        ORDER BY p.title, p.id""",
        {"me": person_id}, Position)


def _led_unit_ids(cache: Cache, person_id: str) -> list[str]:
    rows = cache.conn.execute(f"{LED_UNITS} SELECT id FROM led", {"me": person_id})
    return [str(r[0]) for r in rows]


def _nearest_led(cache: Cache, person_id: str, limit: int) -> list[Position]:
    """Positions of the person's own units, then of the units right below, and so on
    down, unit by unit in name order, until `limit`: a few small queries instead of
    sorting every led position (a company lead leads all of them)."""
    found: list[Position] = []
    level = [str(r[0]) for r in cache.conn.execute(
        "SELECT u.id FROM org_unit u WHERE u.lead_position_id IN "
        "(SELECT id FROM position WHERE holder_id = ?) ORDER BY u.name, u.id", (person_id,))]
    seen = set(level)
    while level and len(found) < limit:
        for start in range(0, len(level), _UNITS_PER_QUERY):
            chunk = level[start:start + _UNITS_PER_QUERY]
            rank = {unit_id: n for n, unit_id in enumerate(chunk)}
            positions = rows_of(
                cache, "SELECT p.body FROM position p WHERE p.org_unit_id IN "
                "(SELECT value FROM json_each(?)) AND (p.holder_id IS NULL OR p.holder_id != ?)",
                (json_list(chunk), person_id), Position)
            positions.sort(key=lambda p: (rank[p.org_unit_id], p.title, p.id))
            found += positions[:limit - len(found)]
            if len(found) >= limit:
                return found
        below = cache.conn.execute(
            "SELECT id FROM org_unit WHERE parent_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY name, id", (json_list(level),)).fetchall()
        level = [str(r[0]) for r in below if r[0] not in seen]
        seen.update(level)
    return found


def _matching_few(cache: Cache, person_id: str, led: list[str],
                  tokens: list[str], limit: int) -> list[Position]:
    """A lead of a few units: their positions folded here, every word matched."""
    rows = cache.conn.execute(
        """SELECT p.body, o.name, x.given_name, x.family_name,
                  p.org_unit_id IN (SELECT org_unit_id FROM position WHERE holder_id = :me)
        FROM position p JOIN org_unit o ON o.id = p.org_unit_id
        LEFT JOIN person x ON x.id = p.holder_id
        WHERE p.org_unit_id IN (SELECT value FROM json_each(:led))
          AND (p.holder_id IS NULL OR p.holder_id != :me)""",
        {"me": person_id, "led": json_list(led)}).fetchall()
    positions = decode_rows(rows, Position)
    starts = [" " + t for t in tokens]
    found = []
    for position, row in zip(positions, rows, strict=True):
        words = " " + " ".join(query_tokens(" ".join(str(v or "") for v in (
            position.title, row[1], row[2], row[3]))))
        if all(start in words for start in starts):
            found.append((not row[4], position.title, position.id, position))
    found.sort(key=lambda f: f[:3])
    return [f[3] for f in found[:limit]]


def find_manageable_positions(cache: Cache, person_id: str, text: str,
                              limit: int = 50) -> list[Position]:
    """Positions this person may hand over whose title, unit name or holder's name has
    words starting with every word typed (umlauts and their ASCII spellings alike);
    those of their own unit first, then by title.

    Empty text: their own unit's positions, then those of the units below, nearest
    first, up to `limit`. A company lead leads every position there is, so screens
    search as they type instead of listing them all.
    """
    if limit <= 0:
        return []
    tokens = query_tokens(text)
    if not tokens:
        return _nearest_led(cache, person_id, limit)
    led = _led_unit_ids(cache, person_id)
    if len(led) <= _FEW_UNITS:
        return _matching_few(cache, person_id, led, tokens, limit) if led else []
    # A lead of a large part of the company: driven by the index hits (CROSS JOIN keeps
    # that order; left to itself the planner walks every led position), each checked
    # against the led units.
    return rows_of(
        cache,
        f"""{_INDEX_HITS}
        SELECT p.body FROM hits CROSS JOIN position p ON p.n = hits.n
        WHERE p.org_unit_id IN (SELECT value FROM json_each(:led))
          AND (p.holder_id IS NULL OR p.holder_id != :me)
        ORDER BY (p.org_unit_id IN {OWN_UNITS}) DESC, p.title, p.id LIMIT :limit""",
        {"me": person_id, "led": json_list(led), **_index_params(tokens, limit)},
        Position)


# Positions whose title or unit name, or whose holder's name, matches (the n of each).
# The hits read are capped as in find_org: a first letter matches nearly everyone, too
# vague for the order among them to matter.
_INDEX_HITS = """WITH hits(n) AS (
  SELECT * FROM (SELECT rowid FROM position_fts WHERE position_fts MATCH :positions
                 LIMIT :cap)
  UNION
  SELECT pos.n FROM person x JOIN position pos ON pos.holder_id = x.id
  WHERE x.n IN (SELECT rowid FROM person_fts WHERE person_fts MATCH :names LIMIT :cap)
)"""


def _index_params(tokens: list[str], limit: int) -> dict[str, object]:
    expression = prefix_expression(tokens)
    return {"limit": limit, "cap": max(40 * limit, 2000),
            "positions": f"{{title unit}} : ({expression})",
            "names": f"name : ({expression})"}


def find_positions(cache: Cache, person_id: str | None, text: str,
                   limit: int = 50) -> list[Position]:
    """Any position whose title, unit name or holder's name has words starting with every
    word typed, those of the person's own units first, then by title; nothing for no
    text. For an admin, who may edit every position: found by typing, never listed."""
    tokens = query_tokens(text)
    if not tokens or limit <= 0:
        return []
    return rows_of(
        cache,
        f"""{_INDEX_HITS}
        SELECT p.body FROM hits CROSS JOIN position p ON p.n = hits.n
        ORDER BY (p.org_unit_id IN {OWN_UNITS}) DESC, p.title, p.id LIMIT :limit""",
        {"me": person_id, **_index_params(tokens, limit)}, Position)


def leads_anything(cache: Cache, person_id: str) -> bool:
    """Whether this person leads any position but their own: the first one found nearest
    ends the walk, where manageable_positions would list a company lead's every one."""
    return bool(_nearest_led(cache, person_id, 1))


# Scheduled handovers of the led positions, and the duties there that need an owner:
# the owner position is vacant and the duty names no deputy position with a holder.
_SCHEDULED = f"""
  FROM handover h JOIN position p ON p.id = h.position_id
  WHERE h.state = 'scheduled' AND {LED_POSITIONS}"""
_UNOWNED = """
  FROM responsibility r JOIN position pos ON pos.id = r.owner_position_id
  WHERE pos.org_unit_id IN (SELECT id FROM led) AND pos.holder_id IS NULL
    AND NOT EXISTS (
        SELECT 1 FROM position d WHERE d.id = r.deputy_position_id AND d.holder_id IS NOT NULL)"""


def scheduled_handovers_led_by(cache: Cache, person_id: str) -> list[Handover]:
    """Scheduled handovers of the positions this person leads, soonest first (one query)."""
    return rows_of(
        cache,
        f"""{LED_UNITS} SELECT h.body {_SCHEDULED}
        ORDER BY h.date, h.updated_at, h.id""",
        {"me": person_id}, Handover)


def unowned_responsibilities(cache: Cache, person_id: str,
                             today: dt.date | None = None) -> list[Unowned]:
    """Duties in force, in units this person leads, that need an owner: the owner
    position is vacant and the duty names no deputy position with a holder.

    The owner position's own deputy may stand in for a while (reader_who asks them),
    but only a deputy named on the duty counts as covering it for good.
    """
    rows = cache.conn.execute(
        f"{LED_UNITS} SELECT r.body, pos.body {_UNOWNED} ORDER BY r.title, r.id",
        {"me": person_id}).fetchall()
    return _unowned_of(cache, rows, today or dt.date.today())


def _unowned_of(cache: Cache, rows: list[Any], today: dt.date) -> list[Unowned]:
    """(duty body, owner position body) rows as Unowned, those in force, with their units."""
    duties = decode_rows(rows, Responsibility)
    positions = decode_rows([(row[1],) for row in rows], Position)
    found = [(d, p) for d, p in zip(duties, positions, strict=True) if in_force(d, today)]
    units = {u.id: u for u in rows_of(
        cache, "SELECT body FROM org_unit WHERE id IN (SELECT value FROM json_each(?))",
        (json_list({p.org_unit_id for _, p in found}),), OrgUnit)}
    return [Unowned(d, p, units.get(p.org_unit_id)) for d, p in found]


@dataclass(frozen=True, slots=True)
class LeadOverview:
    """What the lead's part of Start here shows: their own units' positions, how many
    more they lead below, the scheduled handovers (soonest first) and the duties
    without an owner (by title)."""

    own_unit_positions: list[Position]
    more_count: int  # led positions outside own_unit_positions
    scheduled: list[Handover]
    unowned: list[Unowned]


def lead_overview(cache: Cache, person_id: str, today: dt.date | None = None) -> LeadOverview:
    """count_manageable_positions, scheduled_handovers_led_by and unowned_responsibilities
    in one statement: each of them walks the led units, a company lead's thousands of
    them, and here that walk is done once and read three times (a CTE used more than
    once is computed once)."""
    own = own_unit_positions(cache, person_id)
    rows = cache.conn.execute(
        f"""{LED_UNITS}
        SELECT 0, NULL, NULL, {LED_COUNT}
        UNION ALL SELECT 1, h.body, NULL, NULL {_SCHEDULED}
        UNION ALL SELECT 2, r.body, pos.body, NULL {_UNOWNED}""",
        {"me": person_id}).fetchall()
    count = next(int(row[3]) for row in rows if row[0] == 0)
    scheduled = decode_rows([(row[1],) for row in rows if row[0] == 1], Handover)
    scheduled.sort(key=lambda h: (h.date, h.updated_at, h.id))
    unowned = _unowned_of(cache, [row[1:3] for row in rows if row[0] == 2],
                          today or dt.date.today())
    unowned.sort(key=lambda u: (u.responsibility.title, u.responsibility.id))
    return LeadOverview(own, max(0, count - len(own)), scheduled, unowned)


def org_stamp(cache: Cache) -> tuple[int]:
    """Changes whenever a position, handover, responsibility, connection, checklist item
    or check, person, space or membership arrives, changes or goes, and when a how-to or
    a pinned post does (or a post is unpinned): a screen about the organisation, Start
    here with its pinned how-tos included, rebuilds only then. A counter the cache's
    triggers keep (migration step 2), so asking costs one row read however large the
    company."""
    row = cache.conn.execute("SELECT n FROM org_stamp WHERE id = 1").fetchone()
    return (int(row[0]) if row else 0,)
