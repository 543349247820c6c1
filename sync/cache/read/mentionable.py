"""Who a mention being typed may mean: "@Ma" completed to the people it can name.

Only names count (a skill or an office that begins with "Ma" does not make someone
"@Ma…"), every typed word must begin a word of the name, and people who left are not
offered. The rows come in directory order, with what tells two namesakes apart: the
position and its unit. Read from the cache alone, so it works offline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import msgspec

from sync.cache.read.people import PersonRow, list_person_rows

if TYPE_CHECKING:
    from sync.cache.db import Cache

MAX_OFFERED = 8


class Mentionable(NamedTuple):
    person: PersonRow
    unit: str  # the unit of the position shown (person.title), or ""

    @property
    def detail(self) -> str:
        """"Sachbearbeiter/in · Vertrieb Nord": the line under the name."""
        return " · ".join(part for part in (self.person.title, self.unit) if part)


def mentionable(cache: Cache, typed: str, limit: int = MAX_OFFERED) -> list[Mentionable]:
    """The people whose name the typed words begin ("ma", "max mu"), at most limit."""
    rows = list_person_rows(cache, typed, limit=limit, names_only=True)
    if not rows:
        return []
    units: dict[str, str] = {}
    # The same position as the row's title: the first by title, then id.
    for holder, unit in cache.conn.execute(
            "SELECT pos.holder_id, u.name FROM position pos"
            " JOIN org_unit u ON u.id = pos.org_unit_id"
            " WHERE pos.holder_id IN (SELECT value FROM json_each(?))"
            " ORDER BY pos.title, pos.id",
            (msgspec.json.encode([row.id for row in rows]).decode(),)):
        units.setdefault(str(holder), str(unit))
    return [Mentionable(row, units.get(row.id, "")) for row in rows]
