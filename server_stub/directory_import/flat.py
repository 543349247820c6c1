"""One row per person (a CSV export, a directory entry) made into the import's document.

HR's CSV and the company's LDAP directory list people, each with a department, a job
title and a manager; the import's document has units, positions and people. Here every
person gets one position (keyed like the person) in their unit that reports to their
manager's position, and a unit's lead is its one member whose manager sits elsewhere.
The document then goes through the same checks as a JSON file (file_format.py), so
there is one set of rules and one importer; problems name the row ("line 12 (key
'E-1')" or the entry's DN) instead of the document's list index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from server_stub.directory_import.file_format import (
    DirectoryFile,
    DirectoryFileError,
    check_document,
)


@dataclass(frozen=True)
class FlatUnit:
    key: str
    name: str
    parent: str | None = None
    kind: Literal["company", "site", "department", "team"] = "department"


@dataclass(frozen=True)
class FlatPerson:
    where: str  # "line 12", or the entry's DN: what a problem names
    key: str
    given_name: str
    family_name: str
    unit: str  # a FlatUnit key
    title: str = ""
    manager: str | None = None  # the manager's key
    # email, site, building, room, username, phones: only those the source gives.
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class FlatDocument:
    directory: DirectoryFile
    warnings: list[str]


_INDEX = re.compile(r"\b(people|positions|units)\[(\d+)\]")


def _relabel(problems: list[str], people: list[FlatPerson], units: list[FlatUnit]) -> list[str]:
    """"people[3]" -> where that person came from; "units[1]" -> the unit's name."""
    def label(match: re.Match[str]) -> str:
        index = int(match.group(2))
        if match.group(1) == "units":
            return f"unit {units[index].name!r}" if index < len(units) else match.group(0)
        return people[index].where if index < len(people) else match.group(0)
    return [_INDEX.sub(label, problem) for problem in problems]


def _leads(people: list[FlatPerson], units: list[FlatUnit]) -> dict[str, str]:
    """unit key -> the key of its lead position: the one member whose manager is not
    in the unit (or who has none); no lead where that is not exactly one person."""
    unit_of = {x.key: x.unit for x in people}
    heads: dict[str, list[str]] = {}
    for person in people:
        if person.manager is None or unit_of.get(person.manager) != person.unit:
            heads.setdefault(person.unit, []).append(person.key)
    return {unit.key: heads[unit.key][0] for unit in units
            if len(heads.get(unit.key, [])) == 1}


def build_document(people: list[FlatPerson], units: list[FlatUnit], *,
                   outside_manager: Literal["error", "drop"]) -> FlatDocument:
    """The checked document, or DirectoryFileError naming rows.

    outside_manager: a manager key that is no one in the rows is an error (an HR export
    lists everyone) or dropped with a warning (a directory search may leave out a
    manager's entry, e.g. a service account or an entry outside the base DN).
    """
    problems: list[str] = []
    warnings: list[str] = []
    keys = {x.key for x in people}
    managers: dict[str, str | None] = {}
    for person in people:
        manager = person.manager
        if manager is not None and manager not in keys:
            text = f"{person.where} (key {person.key!r}): manager {manager!r} is not "
            if outside_manager == "error":
                problems.append(text + "in the file")
            else:
                warnings.append(text + "among the people found; left without a manager")
            manager = None
        elif manager == person.key:
            problems.append(f"{person.where} (key {person.key!r}): is their own manager")
        managers[person.key] = manager
    if problems:
        raise DirectoryFileError(problems)
    leads = _leads([FlatPerson(x.where, x.key, x.given_name, x.family_name, x.unit,
                               manager=managers[x.key]) for x in people], units)
    raw = {
        "units": [{"key": u.key, "name": u.name, "kind": u.kind, "parent": u.parent,
                   "lead": leads.get(u.key)} for u in units],
        "positions": [{"key": x.key, "title": x.title, "unit": x.unit, "holder": x.key,
                       "reports_to": managers[x.key]} for x in people],
        "people": [{"key": x.key, "given_name": x.given_name,
                    "family_name": x.family_name, **x.fields} for x in people],
    }
    try:
        directory = check_document(raw)
    except DirectoryFileError as exc:
        relabelled = DirectoryFileError(_relabel(exc.problems, people, units))
        relabelled.total = exc.total
        raise relabelled from None
    return FlatDocument(directory, warnings)
