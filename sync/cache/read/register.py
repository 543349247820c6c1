"""The responsibilities register: every duty of the company as one sorted, filterable list.

Search ("who handles X?") answers a topic; the register answers "what is on our plate,
and is everything covered?". It must open instantly for a large company, so it comes in
two steps: register_listing() reads only ids and titles of the matching duties (sorted
by title), and register_rows() turns one page of that listing into full rows with
owner, holder, deputy and unit, which a lazy model asks for while the user scrolls.

Changes the user made offline are part of the register at once: a queued create, edit
or delete (outbox items of the responsibilities endpoint) overlays the stored record,
marked pending, or failed with the server's reason until the user retries or discards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import msgspec

from sync import protocol as p
from sync.cache.fold import query_tokens
from sync.cache.read.people import decode_rows, get_org_unit, get_people, get_position
from sync.cache.read.search import prefix_expression
from sync.cache.read.who import is_absent
from sync.cache.write import outbox
from sync.protocol import paths

if TYPE_CHECKING:
    from sync.cache.db import Cache

Scope = Literal["mine", "units", "all"]
Validity = Literal["in_force", "not_yet", "expired"]
Action = Literal["create", "edit", "delete"]

_PATH = paths.prefix_of(paths.RESPONSIBILITY)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# How many ids a text filter reads from each search index; a vaguer query is narrowed
# by typing on, as in search.py.
_TEXT_CAP = 5000


@dataclass(frozen=True, slots=True)
class Queued:
    """The newest unsent change of one responsibility (an outbox item)."""

    item_id: str
    action: Action
    state: outbox.OutboxState
    error: str | None
    write: p.ResponsibilityWrite | None  # None for a delete
    pending_edits: int  # edits of this record waiting to be sent (refused ones not)


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Listing:
    """What the register shows for one filter: ids in order, and the queued changes."""

    entries: list[Entry]
    queued: dict[str, Queued] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    responsibility: p.Responsibility
    owner: p.Position | None
    holder: p.Person | None
    deputy: p.Position | None  # the duty's own deputy, else the owner position's
    deputy_holder: p.Person | None
    unit: p.OrgUnit | None
    validity: Validity
    holder_absent: bool
    queued: Queued | None = None

    @property
    def uncovered(self) -> bool:
        """Nobody to ask: the owner position is vacant and no deputy holds the seat."""
        return self.holder is None and self.deputy_holder is None

    @property
    def stored(self) -> bool:
        """The server has it already (else it is a creation still waiting)."""
        return self.queued is None or self.queued.action != "create"


def _nocase(text: str) -> str:
    """SQLite's NOCASE, so titles merged in Python sort as the query sorted them."""
    return text.translate(_ASCII_LOWER)


def _key(entry: Entry) -> tuple[str, str]:
    return (_nocase(entry.title), entry.id)


def validity(responsibility: p.Responsibility, today: dt.date) -> Validity:
    if responsibility.valid_from is not None and responsibility.valid_from > today:
        return "not_yet"
    if responsibility.valid_to is not None and responsibility.valid_to < today:
        return "expired"
    return "in_force"


# -- queued changes ------------------------------------------------------------------


def queued_changes(cache: Cache) -> dict[str, Queued]:
    """Per responsibility id, its newest queued change (creates, edits and deletes)."""
    found: dict[str, Queued] = {}
    edits: dict[str, int] = {}
    for item in outbox.all_items(cache):
        if not item.path.startswith(_PATH):
            continue
        rid = item.path[len(_PATH):]
        if item.method == "DELETE":
            found[rid] = Queued(item.id, "delete", item.state, item.error, None,
                                edits.get(rid, 0))
            continue
        try:
            write = msgspec.json.decode(item.body, type=p.ResponsibilityWrite)
        except msgspec.DecodeError:
            continue
        action: Action = "create" if item.id == rid else "edit"
        if action == "edit" and item.state == "pending":
            edits[rid] = edits.get(rid, 0) + 1
        previous = found.get(rid)
        if previous is not None and previous.action == "create" and action == "edit":
            action = "create"  # still unsent as a whole: shown as the creation it is
        found[rid] = Queued(item.id, action, item.state, item.error, write, edits.get(rid, 0))
    return found


def failed_changes(cache: Cache) -> list[outbox.OutboxItem]:
    """Refused changes of responsibilities, oldest first, for a status line to offer."""
    return [i for i in outbox.all_items(cache)
            if i.state == "failed" and i.path.startswith(_PATH)]


def edit_version(cache: Cache, responsibility_id: str) -> int:
    """The If-Match an edit made now must carry: the stored version plus the edits still
    waiting before it (each one the server accepts raises the version by one)."""
    row = cache.conn.execute(
        "SELECT version FROM responsibility WHERE id = ?", (responsibility_id,)).fetchone()
    base = int(row[0]) if row is not None else 1
    queued = queued_changes(cache).get(responsibility_id)
    return base + (queued.pending_edits if queued is not None else 0)


def _as_record(write: p.ResponsibilityWrite, rid: str,
               stored: p.Responsibility | None) -> p.Responsibility:
    fields = {name: getattr(write, name) for name in write.__struct_fields__}
    if stored is not None:
        return msgspec.structs.replace(stored, **fields)
    return p.Responsibility(id=rid, origin="", version=1, updated_at=0, **fields)


# -- the listing ---------------------------------------------------------------------


def _scope_sql(scope: Scope) -> str:
    """A condition on r.owner_position_id for a scope (uses the :me parameter)."""
    if scope == "mine":
        return "r.owner_position_id IN (SELECT id FROM position WHERE holder_id = :me)"
    if scope == "units":
        # UNION (not UNION ALL) drops units seen twice, so a cycle ends the recursion.
        return """r.owner_position_id IN (
            WITH RECURSIVE led(id) AS (
              SELECT u.id FROM org_unit u JOIN position lp ON lp.id = u.lead_position_id
              WHERE lp.holder_id = :me
              UNION SELECT u.id FROM org_unit u JOIN led l ON u.parent_id = l.id)
            SELECT id FROM position WHERE org_unit_id IN (SELECT id FROM led))"""
    return "1"


def _text_sql(tokens: Sequence[str]) -> tuple[str, dict[str, object]]:
    """Matches the duty's title, keywords, synonyms or description, or its owner position's title
    or holder's name; every word as a prefix, umlauts folded like the search index."""
    if not tokens:
        return "1", {}
    expression = prefix_expression(tokens)
    sql = """(
        r.n IN (SELECT rowid FROM responsibility_fts WHERE responsibility_fts MATCH :text
                LIMIT :cap)
        OR r.owner_position_id IN (
            SELECT id FROM position WHERE n IN (
                SELECT rowid FROM position_fts WHERE position_fts MATCH :title LIMIT :cap))
        OR r.owner_position_id IN (
            SELECT pos.id FROM position pos JOIN person x ON x.id = pos.holder_id
            WHERE x.n IN (SELECT rowid FROM person_fts WHERE person_fts MATCH :name
                          LIMIT :cap)))"""
    return sql, {"text": expression, "title": f"title : ({expression})",
                 "name": f"name : ({expression})", "cap": _TEXT_CAP}


def _text_matches(cache: Cache, record: p.Responsibility, tokens: Sequence[str]) -> bool:
    """The same test for a change not yet in the index (a queued create or edit)."""
    if not tokens:
        return True
    parts = [record.title, " ".join(record.keywords), " ".join(record.synonyms),
             record.description]
    owner = get_position(cache, record.owner_position_id)
    if owner is not None:
        parts.append(owner.title)
        holder = (get_people(cache, [owner.holder_id]).get(owner.holder_id)
                  if owner.holder_id is not None else None)
        if holder is not None:
            parts.append(f"{holder.given_name} {holder.family_name}")
    words = query_tokens(" ".join(parts))
    return all(any(w.startswith(t) for w in words) for t in tokens)


def _in_scope(cache: Cache, record: p.Responsibility, person_id: str | None,
              scope: Scope) -> bool:
    if scope == "all":
        return True
    row = cache.conn.execute(
        f"SELECT 1 FROM (SELECT :owner AS owner_position_id) r WHERE {_scope_sql(scope)}",
        {"owner": record.owner_position_id, "me": person_id}).fetchone()
    return row is not None


def register_listing(cache: Cache, person_id: str | None, scope: Scope = "all",
                     text: str = "") -> Listing:
    """The duties in scope whose text matches, by title; queued changes included."""
    tokens = query_tokens(text)
    where, params = _text_sql(tokens)
    rows = cache.conn.execute(
        f"SELECT r.id, r.title FROM responsibility r WHERE {_scope_sql(scope)} AND {where}"
        " ORDER BY r.title COLLATE NOCASE, r.id",
        {"me": person_id, **params},
    ).fetchall()
    entries = [Entry(str(r[0]), str(r[1])) for r in rows]
    queued = queued_changes(cache)
    overlays = {rid: q for rid, q in queued.items() if q.write is not None}
    if not overlays:
        return Listing(entries, queued)
    stored = {r.id: r for r in decode_rows(cache.conn.execute(
        "SELECT body FROM responsibility WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(list(overlays)).decode(),)).fetchall(), p.Responsibility)}
    changed = [e for e in entries if e.id not in overlays]
    for rid, q in overlays.items():
        assert q.write is not None
        record = _as_record(q.write, rid, stored.get(rid))
        if _in_scope(cache, record, person_id, scope) and _text_matches(cache, record, tokens):
            changed.append(Entry(rid, record.title))
    changed.sort(key=_key)
    return Listing(changed, queued)


def register_rows(cache: Cache, listing: Listing, start: int, count: int,
                  today: dt.date | None = None) -> list[RegisterRow]:
    """Full rows for entries[start:start+count]; positions and people read per page."""
    today = today or dt.date.today()
    page = listing.entries[start:start + count]
    if not page:
        return []
    ids = [e.id for e in page]
    stored = {r.id: r for r in decode_rows(cache.conn.execute(
        "SELECT body FROM responsibility WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(ids).decode(),)).fetchall(), p.Responsibility)}
    records: list[tuple[p.Responsibility, Queued | None]] = []
    for rid in ids:
        q = listing.queued.get(rid)
        record = stored.get(rid)
        if q is not None and q.write is not None:
            record = _as_record(q.write, rid, record)
        if record is not None:
            records.append((record, q))
    positions = _positions(cache, {pid for r, _ in records
                                   for pid in (r.owner_position_id, r.deputy_position_id)
                                   if pid})
    deputies = _positions(cache, {pos.deputy_position_id for pos in positions.values()
                                  if pos.deputy_position_id} - set(positions))
    positions.update(deputies)
    people = get_people(cache, [pos.holder_id for pos in positions.values() if pos.holder_id])
    units: dict[str, p.OrgUnit | None] = {}
    rows = []
    for record, q in records:
        owner = positions.get(record.owner_position_id)
        deputy_id = record.deputy_position_id or (owner.deputy_position_id if owner else None)
        deputy = positions.get(deputy_id) if deputy_id and deputy_id != record.owner_position_id \
            else None
        unit = None
        if owner is not None:
            if owner.org_unit_id not in units:
                units[owner.org_unit_id] = get_org_unit(cache, owner.org_unit_id)
            unit = units[owner.org_unit_id]
        holder = people.get(owner.holder_id) if owner and owner.holder_id else None
        rows.append(RegisterRow(
            responsibility=record, owner=owner, holder=holder, deputy=deputy,
            deputy_holder=people.get(deputy.holder_id) if deputy and deputy.holder_id
            else None,
            unit=unit, validity=validity(record, today),
            holder_absent=owner is not None and holder is not None and is_absent(owner, today),
            queued=q))
    return rows


def register_row(cache: Cache, responsibility_id: str,
                 today: dt.date | None = None) -> RegisterRow | None:
    """One duty as the register shows it, queued changes included (None if unknown)."""
    queued = queued_changes(cache).get(responsibility_id)
    listing = Listing([Entry(responsibility_id, "")],
                      {responsibility_id: queued} if queued is not None else {})
    rows = register_rows(cache, listing, 0, 1, today)
    return rows[0] if rows else None


def _positions(cache: Cache, ids: set[str]) -> dict[str, p.Position]:
    if not ids:
        return {}
    rows = cache.conn.execute(
        "SELECT body FROM position WHERE id IN (SELECT value FROM json_each(?))",
        (msgspec.json.encode(sorted(ids)).decode(),)).fetchall()
    return {pos.id: pos for pos in decode_rows(rows, p.Position)}


def howto_posts(cache: Cache, text: str, limit: int = 20) -> list[p.Post]:
    """How-to posts to link from a duty: matching the text, or the newest ones."""
    tokens = query_tokens(text)
    if tokens:
        rows = cache.conn.execute(
            "SELECT body FROM post WHERE post_kind = 'howto' AND n IN"
            " (SELECT rowid FROM post_fts WHERE post_fts MATCH ? LIMIT ?)"
            " ORDER BY created_at DESC, id LIMIT ?",
            (prefix_expression(tokens), _TEXT_CAP, limit)).fetchall()
    else:
        rows = cache.conn.execute(
            "SELECT body FROM post WHERE post_kind = 'howto'"
            " ORDER BY created_at DESC, id LIMIT ?", (limit,)).fetchall()
    return decode_rows(rows, p.Post)
