"""`kontor-server import`: load the company directory from an HR export, again and again.

A real installation gets its people, units and positions from HR, not from the demo
generator. The HR system's keys map to the records minted on the first import
(storage/import_keys.py), so a nightly re-import updates those records: what did not
change is not written (no version bump, no feed entry), what changed gets version + 1
and moves to the end of the feed like any other write. All of it is one transaction.

A changed holder here is an HR correction, not a handover: the old spell ends today and
a new one starts, nothing else moves (spaces, duties and job contacts stay with the
position anyway). Real successions go through handovers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

import msgspec
import sqlalchemy as sa
import uuid6

from server_stub.directory_import_format import (
    DirectoryFile,
    DirectoryFileError,
    PersonEntry,
    PositionEntry,
    UnitEntry,
)
from server_stub.services import org_rules
from server_stub.services.auth import Caller
from server_stub.services.context import WriteContext
from server_stub.storage import accounts, import_keys, records
from server_stub.storage import tables as t
from server_stub.storage.records import EVERYONE
from sync import protocol as p

ACTOR = "cli"
IMPORT_CALLER = Caller(account_id="", username=ACTOR, person_id=None, device_id="",
                       is_admin=True)
R = TypeVar("R", p.OrgUnit, p.Position, p.Person)


class KindSummary(msgspec.Struct, kw_only=True):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Imported earlier, not in this file: never deleted. With --prune people are marked
    # left and positions vacated; units are only reported.
    missing: list[str] = []
    left: int = 0
    vacated: int = 0


class ImportSummary(msgspec.Struct, kw_only=True):
    dry_run: bool
    prune: bool
    units: KindSummary
    positions: KindSummary
    people: KindSummary
    accounts_linked: int = 0

    def counts(self) -> dict[str, dict[str, int]]:
        """The numbers only (for the audit trail, which holds no names or keys)."""
        return {kind: {name: value for name, value in msgspec.structs.asdict(s).items()
                       if name != "missing"} | {"missing": len(s.missing)}
                for kind, s in (("units", self.units), ("positions", self.positions),
                                ("people", self.people))}


class _Importer:
    def __init__(self, conn: sa.Connection, server_name: str, now: int, today: dt.date,
                 prune: bool) -> None:
        self.ctx = WriteContext(conn, IMPORT_CALLER, now, server_name)
        self.conn, self.today, self.prune = conn, today, prune
        self.keys = import_keys.get_import_keys(conn)
        self.new: list[msgspec.Struct] = []
        self.summary = ImportSummary(dry_run=False, prune=prune, units=KindSummary(),
                                     positions=KindSummary(), people=KindSummary())

    # -- ids and stored records -----------------------------------------------------------

    def assign_ids(self, directory: DirectoryFile) -> None:
        """Ids for every key: the mapped one, or a new UUIDv7 remembered for next time."""
        new: dict[tuple[str, str], str] = {}
        for kind, entries in (("org_unit", directory.units),
                              ("position", directory.positions),
                              ("person", directory.people)):
            for entry in entries:
                if (kind, entry.key) not in self.keys:
                    new[(kind, entry.key)] = self.keys[(kind, entry.key)] = str(uuid6.uuid7())
        import_keys.add_import_keys(self.conn, new, self.ctx.now)

    def id_of(self, kind: str, key: str | None) -> str | None:
        return None if key is None else self.keys[(kind, key)]

    def stored(self, kind: str, record_type: type[R], ids: Iterable[str]) -> dict[str, R]:
        table = t.RECORD_TABLES[kind]
        found: dict[str, R] = {}
        for chunk in records.iter_chunks(ids, 500):
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

    def base(self, record_id: str) -> dict[str, object]:
        return {"id": record_id, "origin": self.ctx.server_name, "version": 1,
                "updated_at": self.ctx.now}

    # -- the three kinds --------------------------------------------------------------------

    def import_units(self, units: list[UnitEntry]) -> None:
        ids = [self.keys[("org_unit", u.key)] for u in units]
        existing = self.stored("org_unit", p.OrgUnit, ids)
        for entry, unit_id in zip(units, ids, strict=True):
            desired = p.OrgUnit(
                **self.base(unit_id), name=entry.name,  # type: ignore[arg-type]
                unit_kind=entry.kind, parent_id=self.id_of("org_unit", entry.parent),
                site=entry.site, lead_position_id=self.id_of("position", entry.lead))
            self.save("org_unit", desired, existing.get(unit_id), self.summary.units)
        self.created("org_unit")

    def import_positions(self, positions: list[PositionEntry]) -> dict[str, p.Position]:
        ids = [self.keys[("position", x.key)] for x in positions]
        existing = self.stored("position", p.Position, ids)
        written: dict[str, p.Position] = {}
        for entry, position_id in zip(positions, ids, strict=True):
            before = existing.get(position_id)
            desired = self._seat(p.Position(
                **self.base(position_id), title=entry.title,  # type: ignore[arg-type]
                org_unit_id=self.keys[("org_unit", entry.unit)],
                deputy_position_id=self.id_of("position", entry.deputy),
                reports_to_id=self.id_of("position", entry.reports_to),
                holder_id=before.holder_id if before else None,
                absent_from=before.absent_from if before else None,
                absent_to=before.absent_to if before else None,
                history=list(before.history) if before else []),
                self.id_of("person", entry.holder), entry.holder_since)
            self.save("position", desired, before, self.summary.positions)
            written[entry.key] = desired
        self.created("position")
        return written

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

    def import_people(self, people: list[PersonEntry],
                      seats: dict[str, list[p.Position]]) -> None:
        ids = [self.keys[("person", x.key)] for x in people]
        existing = self.stored("person", p.Person, ids)
        for entry, person_id in zip(people, ids, strict=True):
            before = existing.get(person_id)
            own = seats.get(person_id, [])
            # Someone holding two seats reports along the first one in the file.
            manager = org_rules.manager_for(self.ctx, own[0]) if own else None
            if manager == person_id:  # their first seat reports to their second one
                manager = None
            given = {name: getattr(entry, name) for name in (
                "email", "phones", "site", "building", "room", "languages", "skills")
                if getattr(entry, name) is not None}
            kept = {} if before is None else {name: getattr(before, name) for name in (
                "email", "phones", "site", "building", "room", "languages", "skills",
                "photo", "about") if name not in given}
            desired = p.Person(
                **self.base(person_id), given_name=entry.given_name,  # type: ignore[arg-type]
                family_name=entry.family_name, manager_id=manager, status="active",
                **kept, **given)
            self.save("person", desired, before, self.summary.people)
        self.created("person")

    # -- what the file no longer holds -------------------------------------------------------

    def _missing(self, kind: str, in_file: set[str]) -> dict[str, str]:
        return {key: record_id for (k, key), record_id in sorted(self.keys.items())
                if k == kind and key not in in_file}

    def handle_missing(self, directory: DirectoryFile) -> None:
        units = self._missing("org_unit", {u.key for u in directory.units})
        self.summary.units.missing = sorted(units)
        positions = self._missing("position", {x.key for x in directory.positions})
        self.summary.positions.missing = sorted(positions)
        stored_positions = self.stored("position", p.Position, positions.values())
        for position in stored_positions.values():
            if self.prune and position.holder_id is not None:
                vacant = self._seat(position, None, None)
                self.ctx.put("position", msgspec.structs.replace(
                    vacant, version=position.version + 1, updated_at=self.ctx.now), EVERYONE)
                self.summary.positions.vacated += 1
        people = self._missing("person", {x.key for x in directory.people})
        stored_people = self.stored("person", p.Person, people.values())
        active = {key for key, person_id in people.items()
                  if (person := stored_people.get(person_id)) and person.status == "active"}
        self.summary.people.missing = sorted(active)
        if self.prune:
            for key in sorted(active):
                person = stored_people[people[key]]
                self.ctx.put("person", msgspec.structs.replace(
                    person, status="left", version=person.version + 1,
                    updated_at=self.ctx.now), EVERYONE)
                self.summary.people.left += 1

    def check_accounts(self, people: list[PersonEntry]) -> dict[str, str | None]:
        """username -> its account's person now; raises naming entries without one."""
        linked = import_keys.account_people(
            self.conn, {x.username for x in people if x.username is not None})
        problems = [f"people[{i}] (key {x.key}): there is no account {x.username!r} "
                    "(create it with kontor-server user add)"
                    for i, x in enumerate(people)
                    if x.username is not None and x.username not in linked]
        if problems:
            raise DirectoryFileError(problems)
        return linked

    def link_accounts(self, people: list[PersonEntry], linked: dict[str, str | None]) -> None:
        for entry in people:
            person_id = self.keys.get(("person", entry.key))
            if entry.username is not None and person_id is not None and (
                    linked[entry.username] != person_id):
                import_keys.link_account(self.conn, entry.username, person_id)
                self.summary.accounts_linked += 1


def import_directory(conn: sa.Connection, directory: DirectoryFile, *, server_name: str,
                     now: int, today: dt.date, prune: bool) -> ImportSummary:
    """Apply a checked directory file in the caller's transaction; returns what changed.

    Raises DirectoryFileError (before any write) when a username names no account. Units
    and positions are written before people, because a person's manager is read from
    the stored reporting line (org_rules.manager_for, the rule handovers use).
    """
    importer = _Importer(conn, server_name, now, today, prune)
    linked = importer.check_accounts(directory.people)
    importer.assign_ids(directory)
    importer.import_units(directory.units)
    written = importer.import_positions(directory.positions)
    importer.handle_missing(directory)
    seats: dict[str, list[p.Position]] = {}
    for entry in directory.positions:
        position = written[entry.key]
        if position.holder_id is not None:
            seats.setdefault(position.holder_id, []).append(position)
    importer.import_people(directory.people, seats)
    importer.link_accounts(directory.people, linked)
    summary = importer.summary
    accounts.audit(conn, now, ACTOR, "directory.import", "directory", "",
                   {**summary.counts(), "accounts_linked": summary.accounts_linked,
                    "prune": prune})
    return summary
