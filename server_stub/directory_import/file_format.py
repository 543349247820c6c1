"""The directory file of `kontor-server import`: its types and every check it must pass.

The whole file is checked before anything is written, and every problem is reported
with the entry it sits in ("positions[12] (key P-0815): ..."), so IT can fix an HR
export in one round instead of one error per run. Unknown fields are errors: a typo in
a field name must not silently drop the data it was meant to carry.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from sync import protocol as p

MAX_PROBLEMS = 50  # enough to fix a broken export; a wholly wrong file is not listed out
# A 100,000-person export is about 30 MB; anything far bigger is not a directory, and
# decoding it would only fill the memory of the machine the server runs on.
MAX_FILE_BYTES = 256 * 1024 * 1024
# Fields that hold an HR key (the entry's own or one it points at).
KEY_FIELDS = ("key", "parent", "lead", "unit", "holder", "deputy", "reports_to")

Key = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class _Entry(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class UnitEntry(_Entry, frozen=True, kw_only=True):
    key: Key
    name: p.ShortText
    kind: Literal["company", "site", "department", "team"]
    parent: Key | None = None
    site: p.ShortText = ""
    lead: Key | None = None


class PositionEntry(_Entry, frozen=True, kw_only=True):
    key: Key
    title: p.ShortText
    unit: Key
    holder: Key | None = None  # None: vacant
    deputy: Key | None = None
    reports_to: Key | None = None
    # When the holder took the seat; the import day when not given.
    holder_since: dt.date | None = None


class PersonEntry(_Entry, frozen=True, kw_only=True):
    """Fields left out (or null) are not managed by HR: people keep what they set."""

    key: Key
    given_name: p.ShortText
    family_name: p.ShortText
    email: p.ShortText | None = None
    phones: Annotated[list[p.Phone], msgspec.Meta(max_length=10)] | None = None
    site: p.ShortText | None = None
    building: p.ShortText | None = None
    room: p.ShortText | None = None
    languages: p.Tags | None = None
    skills: p.Tags | None = None
    username: p.ShortText | None = None  # links the existing account of that name


class DirectoryFile(msgspec.Struct, frozen=True):
    units: list[UnitEntry]
    positions: list[PositionEntry]
    people: list[PersonEntry]


class DirectoryFileError(Exception):
    """The file cannot be imported; problems name the entries. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the directory file")
        self.problems = problems[:MAX_PROBLEMS]
        self.total = len(problems)


E = TypeVar("E", UnitEntry, PositionEntry, PersonEntry)
SECTIONS = ("units", "positions", "people")


def _where(section: str, index: int, key: object) -> str:
    """Keys are printed quoted: a key with a stray space or look-alike shows as one."""
    return f"{section}[{index}] (key {key!r})" if isinstance(key, str) else f"{section}[{index}]"


def _clean_keys(item: Any, where: str, problems: list[str]) -> Any:
    """The entry with its keys stripped of surrounding whitespace.

    HR exports pad keys ("P-0815 " from a fixed-width column); stripped, the same key
    names the same record on every run. A control character in a key is an error: it
    cannot be typed or seen, so no one could find or fix that entry.
    """
    if not isinstance(item, dict):
        return item
    cleaned = dict(item)
    for field in KEY_FIELDS:
        value = item.get(field)
        if not isinstance(value, str):
            continue
        cleaned[field] = value.strip()
        if any(unicodedata.category(char) == "Cc" for char in cleaned[field]):
            problems.append(f"{where}: {field} {value!r} holds a control character")
    return cleaned


def _entries(raw: dict[str, Any], section: str, entry_type: type[E],
             problems: list[str]) -> list[E]:
    items = raw.get(section)
    if not isinstance(items, list):
        problems.append(f"{section}: a list is required")
        return []
    entries = []
    for index, item in enumerate(items):
        key = item.get("key") if isinstance(item, dict) else None
        item = _clean_keys(item, _where(section, index, key), problems)
        key = item.get("key") if isinstance(item, dict) else None
        try:
            entries.append(msgspec.convert(item, entry_type))
        except msgspec.ValidationError as exc:
            problems.append(f"{_where(section, index, key)}: {exc}")
    return entries


def parse_directory(data: bytes) -> DirectoryFile:
    """Decode and check the file; raises DirectoryFileError listing every problem."""
    if len(data) > MAX_FILE_BYTES:
        raise DirectoryFileError([too_big(len(data))])
    try:
        raw = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise DirectoryFileError([f"not valid JSON: {exc}"]) from None
    except RecursionError:  # lists in lists ten thousand deep: no HR export looks like that
        raise DirectoryFileError(["not a directory file: JSON nested too deeply"]) from None
    if not isinstance(raw, dict):
        raise DirectoryFileError(["the file must hold one JSON object"])
    return check_document(raw)


def check_document(raw: dict[str, Any]) -> DirectoryFile:
    """Check a decoded document (from JSON, or built by the CSV and LDAP readers);
    raises DirectoryFileError listing every problem."""
    problems = [f"unknown top-level field {name!r} (expected units, positions, people)"
                for name in raw if name not in SECTIONS]
    directory = DirectoryFile(
        units=_entries(raw, "units", UnitEntry, problems),
        positions=_entries(raw, "positions", PositionEntry, problems),
        people=_entries(raw, "people", PersonEntry, problems),
    )
    if problems:
        raise DirectoryFileError(problems)
    problems.extend(cross_reference_problems(directory))
    if problems:
        raise DirectoryFileError(problems)
    return directory


def too_big(size: int) -> str:
    return (f"the file has {size:,} bytes; at most {MAX_FILE_BYTES:,} are accepted "
            "(a directory of 100,000 people is about 30 MB)")


def _duplicates(section: str, entries: Iterable[UnitEntry | PositionEntry | PersonEntry],
                problems: list[str]) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.key in seen:
            problems.append(f"{_where(section, index, entry.key)}: the key is used by "
                            f"{section}[{seen[entry.key]}] too")
        else:
            seen[entry.key] = index


def _cycles(section: str, keys: list[str], up: Callable[[str], str | None], what: str,
            problems: list[str]) -> None:
    """Report each circle in the chains upwards once, at its first entry in the file.

    Every key is walked at most once (three colours: unseen, on the walk, done), so a
    reporting line 100,000 positions deep is checked in linear time.
    """
    index_of = {key: index for index, key in reversed(list(enumerate(keys)))}
    done: set[str] = set()
    circles: list[tuple[int, list[str]]] = []
    for start in keys:
        walk: list[str] = []
        on_walk: dict[str, int] = {}
        step: str | None = start
        while step is not None and step not in done and step not in on_walk:
            on_walk[step] = len(walk)
            walk.append(step)
            step = up(step)
        if step is not None and step in on_walk:
            circle = walk[on_walk[step]:]
            first = min(range(len(circle)), key=lambda i: index_of.get(circle[i], len(keys)))
            circles.append((index_of.get(circle[first], len(keys)),
                            circle[first:] + circle[:first]))
        done.update(walk)
    for index, circle in sorted(circles):
        loop = " -> ".join([*circle, circle[0]])
        problems.append(f"{_where(section, index, circle[0])}: {what} runs in a circle ({loop})")


def cross_reference_problems(d: DirectoryFile) -> list[str]:
    """Keys that point nowhere, circles in the unit tree or the reporting line."""
    problems: list[str] = []
    _duplicates("units", d.units, problems)
    _duplicates("positions", d.positions, problems)
    _duplicates("people", d.people, problems)
    units = {u.key: u for u in d.units}
    positions = {x.key: x for x in d.positions}
    people = {x.key for x in d.people}
    for i, unit in enumerate(d.units):
        where = _where("units", i, unit.key)
        if unit.parent is not None and unit.parent not in units:
            problems.append(f"{where}: parent {unit.parent!r} is not in the file")
        if unit.lead is not None:
            lead = positions.get(unit.lead)
            if lead is None:
                problems.append(f"{where}: lead {unit.lead!r} is not in the file")
            elif lead.unit != unit.key:
                problems.append(f"{where}: lead {unit.lead!r} belongs to unit {lead.unit!r}; "
                                "a unit's lead position must be one of its own")
    for i, position in enumerate(d.positions):
        where = _where("positions", i, position.key)
        if position.unit not in units:
            problems.append(f"{where}: unit {position.unit!r} is not in the file")
        if position.holder is not None and position.holder not in people:
            problems.append(f"{where}: holder {position.holder!r} is not in the file")
        for field, target in (("deputy", position.deputy),
                              ("reports_to", position.reports_to)):
            if target is None:
                continue
            if target not in positions:
                problems.append(f"{where}: {field} {target!r} is not in the file")
            elif field == "deputy" and target == position.key:
                problems.append(f"{where}: deputy is the position itself")
    usernames: dict[str, int] = {}
    for i, person in enumerate(d.people):
        if person.username is None:
            continue
        if person.username in usernames:
            problems.append(f"{_where('people', i, person.key)}: username "
                            f"{person.username!r} is linked by people[{usernames[person.username]}]"
                            " too")
        else:
            usernames[person.username] = i
    _cycles("units", [u.key for u in d.units],
            lambda k: units[k].parent if k in units else None, "the parent chain", problems)
    _cycles("positions", [x.key for x in d.positions],
            lambda k: positions[k].reports_to if k in positions else None,
            "the reporting line", problems)
    return problems
