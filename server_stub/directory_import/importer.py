"""`kontor-server import`: load the company directory from an HR export, again and again.

A real installation gets its people, units and positions from HR, not from the demo
generator. The HR system's keys map to the records minted on the first import
(storage/import_keys.py), so a nightly re-import updates those records: what did not
change is not written (no version bump, no feed entry), what changed gets version + 1
and moves to the end of the feed like any other write. All of it is one transaction.

A holder the file changed is an HR correction, not a handover: the old spell ends
today and a new one starts, nothing else moves (spaces, duties and job contacts stay
with the position anyway). Real successions go through handovers in Kontor, and HR's
file catches up later: until it names a different holder than it did last time, the
import leaves the holder Kontor's handover set.

The import plans everything (one read of the stored records, the rest computed from
the file in memory) before it takes the database's write lock, and plans again under
the lock if anything was written meanwhile; so what it writes rests on what it read,
and the server's own writes wait only for the import's writes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import TypedDict, TypeVar

import msgspec
import sqlalchemy as sa
import uuid6

from server_stub.directory_import.accounts import (
    AccountChanges,
    AccountPlan,
    disable_accounts_of,
)
from server_stub.directory_import.file_format import (
    DirectoryFile,
    DirectoryFileError,
    PersonEntry,
    PositionEntry,
    UnitEntry,
)
from server_stub.directory_import.managers import managers
from server_stub.directory_import.summary import ImportSummary, KindSummary
from server_stub.services.auth import Caller
from server_stub.services.context import WriteContext
from server_stub.storage import accounts, import_keys, records
from server_stub.storage import feed as feed_store
from server_stub.storage import tables as t
from server_stub.storage.import_keys import VACANT
from server_stub.storage.records import EVERYONE
from sync import protocol as p

ACTOR = "cli"
IMPORT_CALLER = Caller(account_id="", username=ACTOR, person_id=None, device_id="",
                       is_admin=True)
R = TypeVar("R", p.OrgUnit, p.Position, p.Person)


class _Base(TypedDict):
    """The fields every record carries, as a new one at version 1 has them."""

    id: str
    origin: str
    version: int
    updated_at: int


class _Importer:
    def __init__(self, conn: sa.Connection, server_name: str, now: int, today: dt.date,
                 prune: bool) -> None:
        self.ctx = WriteContext(conn, IMPORT_CALLER, now, server_name)
        self.conn, self.today, self.prune = conn, today, prune
        self.keys = import_keys.get_import_keys(conn)
        self.keys_read = dict(self.keys)
        self.last_holders = import_keys.imported_holders(conn)
        self.read: set[tuple[str, str]] = set()  # (kind, id) of every record looked up
        self.units: list[tuple[p.OrgUnit, p.OrgUnit | None]] = []
        self.positions: list[tuple[p.Position, p.Position | None]] = []
        self.people: list[tuple[p.Person, p.Person | None]] = []
        self.holders_seen: dict[str, str] = {}  # position key -> holder key, to remember
        self.new: list[p.Record] = []
        self.summary = ImportSummary(dry_run=False, prune=prune, units=KindSummary(),
                                     positions=KindSummary(), people=KindSummary())

    # -- ids and stored records -----------------------------------------------------------

    def assign_ids(self, directory: DirectoryFile) -> None:
        """Ids for every key: the mapped one, or a new UUIDv7 remembered for next time."""
        self.new_keys: dict[tuple[str, str], str] = {}
        for kind, entries in (("org_unit", directory.units),
                              ("position", directory.positions),
                              ("person", directory.people)):
            for entry in entries:
                if (kind, entry.key) not in self.keys:
                    self.new_keys[(kind, entry.key)] = self.keys[(kind, entry.key)] = str(
                        uuid6.uuid7())

    def remember(self) -> None:
        """The new keys, and the holder each position had in this file."""
        import_keys.add_import_keys(self.conn, self.new_keys, self.ctx.now, self.holders_seen)
        import_keys.set_imported_holders(self.conn, {
            key: holder for key, holder in self.holders_seen.items()
            if ("position", key) not in self.new_keys and self.last_holders.get(key) != holder})

    def keys_unchanged(self) -> bool:
        """Whether another import changed the keys or holders this one planned with (an
        import that made no record change leaves the feed as it was)."""
        return (import_keys.get_import_keys(self.conn) == self.keys_read
                and import_keys.imported_holders(self.conn) == self.last_holders)

    def id_of(self, kind: str, key: str | None) -> str | None:
        return None if key is None else self.keys[(kind, key)]

    def stored(self, kind: str, record_type: type[R], ids: Iterable[str]) -> dict[str, R]:
        table = t.RECORD_TABLES[kind]
        found: dict[str, R] = {}
        for chunk in records.iter_chunks(ids, 500):
            self.read.update((kind, record_id) for record_id in chunk)
            for record in records.get_records(self.conn, kind, table.c.id.in_(chunk)):
                if isinstance(record, record_type):
                    found[record.id] = record
        return found

    def save(self, kind: str, desired: R, existing: R | None, summary: KindSummary) -> None:
        """Write only what changed: a new record at version 1, a changed one at + 1.

        New records wait for created() to insert them in bulk: a first import of a big
        company would otherwise spend minutes building one statement per record.
        """
        if existing is None:
            self.new.append(desired)
            summary.created += 1
            return
        if msgspec.structs.replace(desired, version=existing.version, origin=existing.origin,
                                   updated_at=existing.updated_at) == existing:
            summary.unchanged += 1
            return
        self.ctx.put(kind, msgspec.structs.replace(desired, version=existing.version + 1),
                     EVERYONE)
        summary.updated += 1

    def created(self, kind: str) -> None:
        """Insert the new records of a kind, with their feed entries (everyone, exported)."""
        for chunk in records.iter_chunks(self.new, 1000):
            records.bulk_put_records(self.conn, kind, chunk, [EVERYONE] * len(chunk))
        self.new = []

    def base(self, record_id: str) -> _Base:
        return {"id": record_id, "origin": self.ctx.server_name, "version": 1,
                "updated_at": self.ctx.now}

    # -- the three kinds: what the file wants, from one read of what is stored ---------------

    def plan_units(self, units: list[UnitEntry]) -> list[tuple[p.OrgUnit, p.OrgUnit | None]]:
        ids = [self.keys[("org_unit", u.key)] for u in units]
        existing = self.stored("org_unit", p.OrgUnit, ids)
        return [(p.OrgUnit(
            **self.base(unit_id), name=entry.name,
            unit_kind=entry.kind, parent_id=self.id_of("org_unit", entry.parent),
            site=entry.site, lead_position_id=self.id_of("position", entry.lead)),
            existing.get(unit_id)) for entry, unit_id in zip(units, ids, strict=True)]

    def plan_positions(self, positions: list[PositionEntry]) -> list[
            tuple[p.Position, p.Position | None]]:
        ids = [self.keys[("position", x.key)] for x in positions]
        existing = self.stored("position", p.Position, ids)
        planned = []
        for entry, position_id in zip(positions, ids, strict=True):
            before = existing.get(position_id)
            holder, since = self._holder(entry, before)
            planned.append((self._seat(p.Position(
                **self.base(position_id), title=entry.title,
                org_unit_id=self.keys[("org_unit", entry.unit)],
                deputy_position_id=self.id_of("position", entry.deputy),
                reports_to_id=self.id_of("position", entry.reports_to),
                holder_id=before.holder_id if before else None,
                absent_from=before.absent_from if before else None,
                absent_to=before.absent_to if before else None,
                history=list(before.history) if before else []), holder, since), before))
        return planned

    def _holder(self, entry: PositionEntry, before: p.Position | None) -> tuple[
            str | None, dt.date | None]:
        """Who holds the seat after this import, and since when if the file says.

        The file's holder when the file changed it since the last import (or the seat
        is new, or the last file's holder was not recorded); otherwise whoever holds it
        now, so a handover made in Kontor stands until HR names someone else.
        """
        named = entry.holder or VACANT
        self.holders_seen[entry.key] = named
        last = self.last_holders.get(entry.key)
        file_holder = self.id_of("person", entry.holder)
        if before is None or last is None or last != named:
            return file_holder, entry.holder_since
        return before.holder_id, entry.holder_since if before.holder_id == file_holder else None

    def _seat(self, position: p.Position, holder: str | None,
              since: dt.date | None) -> p.Position:
        """The holder history after this import: a new holder closes the open spell today
        and opens theirs (absence belonged to the one before); the same holder keeps
        their spell, its start corrected when the file says when it began."""
        if holder == position.holder_id:
            if holder is None or since is None:
                return position
            history = [msgspec.structs.replace(s, start=since)
                       if s.person_id == holder and s.end is None else s
                       for s in position.history]
            return msgspec.structs.replace(position, history=history)
        history = [msgspec.structs.replace(s, end=max(self.today, s.start))
                   if s.end is None else s for s in position.history]
        if holder is not None:
            history.append(p.HolderSpell(person_id=holder, start=since or self.today))
        return msgspec.structs.replace(position, holder_id=holder, history=history,
                                       absent_from=None, absent_to=None)

    def plan_people(self, people: list[PersonEntry], units: list[p.OrgUnit],
                    positions: list[p.Position]) -> list[tuple[p.Person, p.Person | None]]:
        """Each person's manager follows their first seat in the file (someone may hold
        two); the rule is sync/protocol/rules.manager_of, applied to the file in memory."""
        boss_of = managers({u.id: u for u in units}, {x.id: x for x in positions})
        first_seat: dict[str, str] = {}
        for position in positions:
            if position.holder_id is not None:
                first_seat.setdefault(position.holder_id, position.id)
        ids = [self.keys[("person", x.key)] for x in people]
        existing = self.stored("person", p.Person, ids)
        planned = []
        for entry, person_id in zip(people, ids, strict=True):
            before = existing.get(person_id)
            seat = first_seat.get(person_id)
            manager = boss_of[seat] if seat is not None else None
            if manager == person_id:  # their first seat reports to their second one
                manager = None
            given = {name: getattr(entry, name) for name in (
                "email", "phones", "site", "building", "room", "languages", "skills")
                if getattr(entry, name) is not None}
            kept = {} if before is None else {name: getattr(before, name) for name in (
                "email", "phones", "site", "building", "room", "languages", "skills",
                "photo", "about", "show_as_hub") if name not in given}
            planned.append((p.Person(
                **self.base(person_id), given_name=entry.given_name,
                family_name=entry.family_name, manager_id=manager, status="active",
                **kept, **given), before))
        return planned

    def write(self, kind: str, planned: list[tuple[R, R | None]],
              summary: KindSummary) -> None:
        for desired, before in planned:
            self.save(kind, desired, before, summary)
        self.created(kind)

    # -- what the file no longer holds -------------------------------------------------------

    def _missing(self, kind: str, in_file: set[str]) -> dict[str, str]:
        return {key: record_id for (k, key), record_id in sorted(self.keys.items())
                if k == kind and key not in in_file}

    def plan_missing(self, directory: DirectoryFile) -> None:
        """Entries imported before and not in this file: reported; with --prune the
        people leave and the positions are vacated (read now, written by prune())."""
        units = self._missing("org_unit", {u.key for u in directory.units})
        self.summary.units.missing = sorted(units)
        positions = self._missing("position", {x.key for x in directory.positions})
        self.summary.positions.missing = sorted(positions)
        self.vacate = [x for x in self.stored("position", p.Position,
                                              positions.values()).values()
                       if x.holder_id is not None] if self.prune else []
        people = self._missing("person", {x.key for x in directory.people})
        stored_people = self.stored("person", p.Person, people.values())
        active = {key for key, person_id in people.items()
                  if (person := stored_people.get(person_id)) and person.status == "active"}
        self.summary.people.missing = sorted(active)
        self.leave = [stored_people[people[key]] for key in sorted(active)] if (
            self.prune) else []

    def prune_missing(self) -> None:
        for position in self.vacate:
            vacant = self._seat(position, None, None)
            self.ctx.put("position", msgspec.structs.replace(
                vacant, version=position.version + 1, updated_at=self.ctx.now), EVERYONE)
            self.summary.positions.vacated += 1
        for person in self.leave:
            self.ctx.put("person", msgspec.structs.replace(
                person, status="left", version=person.version + 1,
                updated_at=self.ctx.now), EVERYONE)
            self.summary.people.left += 1


def _planned(conn: sa.Connection, directory: DirectoryFile, server_name: str, now: int,
             today: dt.date, prune: bool) -> _Importer:
    """Every read and every decision of an import; nothing written yet."""
    importer = _Importer(conn, server_name, now, today, prune)
    importer.assign_ids(directory)
    importer.units = importer.plan_units(directory.units)
    importer.positions = importer.plan_positions(directory.positions)
    importer.plan_missing(directory)
    importer.people = importer.plan_people(
        directory.people, [u for u, _ in importer.units], [x for x, _ in importer.positions])
    return importer


class TooManyLeaving(DirectoryFileError):
    """A prune would mark more people left than the caller allows; nothing was written."""

    def __str__(self) -> str:
        return "; ".join(self.problems)


def import_directory(conn: sa.Connection, directory: DirectoryFile, *, server_name: str,
                     now: int, today: dt.date, prune: bool, relink: bool = False,
                     disable_accounts: bool = False,
                     disabled_keys: frozenset[str] = frozenset(),
                     missing_accounts_ok: bool = False,
                     max_leaving_share: float | None = None) -> ImportSummary:
    """Apply a checked directory file in the caller's transaction; returns what changed.

    The caller's connection must not have written yet. The import plans first, without
    holding the write lock (reading and comparing a big company takes seconds, and the
    server's writes would wait that long); then it takes the lock and looks whether a
    record it read was written meanwhile (the feed tells) or another import changed the
    keys. If so it plans again under the lock, so what it writes always rests on what it
    read; everyday writes (posts, sign-ins) do not make it plan again.

    Raises DirectoryFileError (before any write) when a username names no account
    (unless missing_accounts_ok), an account of someone else (without relink) or a
    second account for one person; TooManyLeaving when a prune would mark more than
    max_leaving_share of the people left (a wrong filter, an empty export).

    disabled_keys: people the source lists as disabled (the directory's account state);
    they stay in the directory, and their accounts are disabled and their devices
    signed out, as `kontor-server user disable` does.
    """
    head = feed_store.max_seq(conn)
    importer = _planned(conn, directory, server_name, now, today, prune)
    import_keys.lock_for_import(conn)
    locked = time.perf_counter()
    if importer.read & import_keys.records_changed_since(conn, head) or (
            not importer.keys_unchanged()):
        importer = _planned(conn, directory, server_name, now, today, prune)
    leaving = len(importer.leave)
    if max_leaving_share is not None and leaving > max_leaving_share * (
            leaving + len(directory.people)):
        raise TooManyLeaving([
            f"{leaving} of {leaving + len(directory.people)} people would leave, more "
            f"than the {max_leaving_share:.0%} allowed at once (sync_max_leaving_share); "
            "check the source (filter, base DN, export) or import with --prune by hand"])
    plan = AccountPlan(conn, directory.people,
                       {x.key: importer.keys[("person", x.key)] for x in directory.people},
                       relink, missing_accounts_ok)
    # Everything is known: the writes follow one another without a read in between.
    summary = importer.summary
    importer.write("org_unit", importer.units, summary.units)
    importer.write("position", importer.positions, summary.positions)
    importer.prune_missing()
    importer.write("person", importer.people, summary.people)
    importer.remember()
    changes: AccountChanges = plan.apply(now)
    if disable_accounts:
        disable_accounts_of(conn, {x.id for x in importer.leave}, now, changes)
    if disabled_keys:
        disable_accounts_of(conn, {importer.keys[("person", key)] for key in disabled_keys
                                   if ("person", key) in importer.keys}, now, changes)
    summary.linked, summary.relinked = changes.linked, changes.relinked
    summary.disabled = changes.disabled
    summary.accounts_linked = len(changes.linked) + len(changes.relinked)
    accounts.audit(conn, now, ACTOR, "directory.import", "directory", "",
                   {**summary.counts(), "accounts_linked": changes.linked_ids,
                    "accounts_relinked": changes.relinked_ids,
                    "accounts_disabled": changes.disabled_ids,
                    "devices_revoked": changes.devices_revoked, "prune": prune})
    summary.lock_seconds = time.perf_counter() - locked  # the caller adds its commit
    return summary
