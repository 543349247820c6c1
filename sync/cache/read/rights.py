"""Who may change what in the organisation, answered from the cache before asking the server.

The server decides (server_stub/services/org_rules.py); the client asks the same rules
(sync/protocol/rules.py: the holder, a lead above, an admin) of its cache, so it offers
an edit only where the server will accept it, and a refusal is the exception (a change
that has not synced yet), not the rule. What the cache does not hold is nobody's to
edit: an unknown position or unit gets no for an answer, even for an admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from sync.cache.fold import query_tokens
from sync.cache.read.handover import manageable_positions
from sync.cache.read.lead import find_manageable_positions, find_positions
from sync.cache.read.org import org_lookup
from sync.cache.read.people import (
    decode_rows,
    get_org_unit,
    get_person,
    get_position,
    get_record,
    get_responsibility,
    positions_of,
)
from sync.cache.write.state import get_sync_state
from sync.protocol import Connection, Position, Responsibility, rules

if TYPE_CHECKING:
    from sync.cache.db import Cache


def is_admin(cache: Cache) -> bool:
    """Whether the signed-in account is an admin, as the server said at login (False if unknown)."""
    return get_sync_state(cache).is_admin


def leads_of_position(cache: Cache, position: Position) -> list[str]:
    """Person ids of the leads above a position, nearest first; never via its own seat."""
    return rules.leads_of_position(org_lookup(cache), position)


def may_edit_position(
    cache: Cache, person_id: str | None, position_id: str, *, is_admin: bool = False
) -> bool:
    """The holder, a lead above, or an admin may change the position's duties, absence and
    job contacts. An unknown position is nobody's to edit."""
    position = get_position(cache, position_id)
    return position is not None and rules.may_edit_position(
        org_lookup(cache), person_id, position, is_admin=is_admin)


def may_lead_unit(
    cache: Cache, person_id: str | None, unit_id: str, *, is_admin: bool = False
) -> bool:
    """The lead of the unit or of a unit above it, or an admin (e.g. for its checklist)."""
    return get_org_unit(cache, unit_id) is not None and rules.may_lead_unit(
        org_lookup(cache), person_id, unit_id, is_admin=is_admin)


def editable_positions(
    cache: Cache, person_id: str | None, *, is_admin: bool = False
) -> list[Position]:
    """Positions this person may edit: their own first, then the ones they lead (for an
    admin: then every other position), each group by title."""
    own = positions_of(cache, person_id) if person_id is not None else []
    if is_admin:
        rows = cache.conn.execute("SELECT body FROM position ORDER BY title, id").fetchall()
        others = decode_rows(rows, Position)
    elif person_id is not None:
        others = manageable_positions(cache, person_id)
    else:
        others = []
    own_ids = {p.id for p in own}
    return own + [p for p in others if p.id not in own_ids]


def find_editable_positions(
    cache: Cache, person_id: str | None, text: str, limit: int = 50, *, is_admin: bool = False
) -> list[Position]:
    """Positions this person may edit that match what was typed, at most `limit`: their
    own first, then the ones they lead (nearest first when nothing is typed), for an
    admin then any position that matches. Never every position: an admin or a company
    lead may edit a hundred thousand, so a chooser searches as they type."""
    if limit <= 0:
        return []
    tokens = query_tokens(text)
    own = positions_of(cache, person_id) if person_id is not None else []
    if tokens:
        own = [position for position in own if _matches(cache, position, tokens)]
    found = list(own)
    if person_id is not None:
        found += find_manageable_positions(cache, person_id, text, limit)
    if is_admin and tokens:
        found += find_positions(cache, person_id, text, limit)
    unique: dict[str, Position] = {}
    for position in found:
        unique.setdefault(position.id, position)
    return list(unique.values())[:limit]


def _matches(cache: Cache, position: Position, tokens: list[str]) -> bool:
    """Every word typed starts a word of the title, the unit's name or the holder's name."""
    unit = get_org_unit(cache, position.org_unit_id)
    holder = get_person(cache, position.holder_id) if position.holder_id else None
    words = query_tokens(" ".join(part for part in (
        position.title, unit.name if unit else "",
        f"{holder.given_name} {holder.family_name}" if holder else "") if part))
    return all(any(word.startswith(token) for word in words) for token in tokens)


def may_edit_responsibility(
    cache: Cache, person_id: str | None, responsibility_id: str, *, is_admin: bool = False
) -> bool:
    """A duty is edited (or deleted) by whoever may edit its owner position. Moving it to
    another owner also needs may_edit_position on the new one."""
    duty = get_responsibility(cache, responsibility_id)
    return duty is not None and may_edit_position(
        cache, person_id, duty.owner_position_id, is_admin=is_admin)


def get_job_connection(cache: Cache, connection_id: str) -> Connection | None:
    """A job contact by id (None for a personal connection: that is its owner's alone)."""
    found = get_record(cache, "connection", Connection, connection_id)
    return found if found is not None and found.connection_kind == "job" else None


def may_edit_job_connection(
    cache: Cache, person_id: str | None, connection_id: str, *, is_admin: bool = False
) -> bool:
    """A job contact belongs to its from position: its holder, a lead above, an admin."""
    found = get_job_connection(cache, connection_id)
    return found is not None and may_edit_position(
        cache, person_id, found.from_id, is_admin=is_admin)


def responsibilities_of_positions(cache: Cache, position_ids: list[str]) -> list[Responsibility]:
    """The duties owned by these positions, by title (e.g. the ones a person may edit)."""
    if not position_ids:
        return []
    rows = cache.conn.execute(
        "SELECT body FROM responsibility WHERE owner_position_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY title COLLATE NOCASE, id",
        (msgspec.json.encode(position_ids).decode(),)).fetchall()
    return decode_rows(rows, Responsibility)
