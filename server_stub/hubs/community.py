"""The Community figures: how the company, its units and its sites use the network, week
by week (pure: plain data in, figures out).

Only groups are counted, never a person: a group is the whole company, a reporting unit
(units.py: never fewer than min_group people) with the units below it, or a site with
at least min_group people. A unit figure covers the top levels of the unit tree, at
most `max_units` units, so a company of thousands of teams is shown by its departments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from server_stub.hubs import units as un
from sync import protocol as p

DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
WEEKS = 12
MAX_UNITS = 60


class Adoption(msgspec.Struct, frozen=True, kw_only=True):
    group_kind: p.AdoptionGroup
    unit_id: str | None
    weeks: list[p.AdoptionWeek]


@dataclass(slots=True)
class _Week:
    active: set[str]
    posts: int = 0
    answers: int = 0


def monday_ms(now: int) -> int:
    """Midnight (UTC) of the Monday that starts the week of `now`."""
    day = dt.datetime.fromtimestamp(now / 1000, dt.UTC).date()
    start = day - dt.timedelta(days=day.weekday())
    return int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp()) * 1000


def first_week_ms(now: int, weeks: int = WEEKS) -> int:
    """Start of the oldest week counted: the last `weeks` whole weeks before this one."""
    return monday_ms(now) - weeks * WEEK_MS


def shown_units(units: un.UnitMap, max_units: int) -> list[str]:
    """Reporting units by level from the top, whole levels while they fit in max_units
    (at least the top level)."""
    children: dict[str | None, list[str]] = {}
    for unit, parent in units.parent.items():
        children.setdefault(parent, []).append(unit)
    level = sorted(children.get(None, []))
    shown: list[str] = []
    while level and (not shown or len(shown) + len(level) <= max_units):
        shown.extend(level)
        level = sorted(c for u in level for c in children.get(u, []))
    return shown


def _groups_of_people(person_unit: dict[str, str], unit_parent: dict[str, str | None],
                      sites: Iterable[str], min_group: int, max_units: int
                      ) -> dict[tuple[p.AdoptionGroup, str | None], set[str]]:
    """Each group with its members (people of the directory, active ones)."""
    groups: dict[tuple[p.AdoptionGroup, str | None], set[str]] = {}
    if len(person_unit) >= min_group:
        groups[("company", None)] = set(person_unit)
    units = un.roll_up(person_unit, unit_parent, min_group)
    shown = set(shown_units(units, max_units))
    site_set = set(sites)
    for person, unit in person_unit.items():
        current = units.of(unit)
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in shown:
                groups.setdefault(("unit", current), set()).add(person)
            current = units.parent.get(current)
        current_org: str | None = unit
        seen.clear()
        while current_org is not None and current_org not in seen:
            seen.add(current_org)
            if current_org in site_set:
                groups.setdefault(("site", current_org), set()).add(person)
            current_org = unit_parent.get(current_org)
    return {key: members for key, members in groups.items() if len(members) >= min_group}


def adoption(person_unit: dict[str, str], unit_parent: dict[str, str | None],
             sites: Iterable[str], events: Iterable[tuple[str, int, str]], now: int,
             min_group: int, weeks: int = WEEKS, max_units: int = MAX_UNITS
             ) -> list[Adoption]:
    """Per group, per week of the last `weeks` whole weeks: people active, posts, comments.

    events: (person, time, "post"/"answer"/"reaction"); events of people outside the
    directory or outside the weeks are left out."""
    groups = _groups_of_people(person_unit, unit_parent, sites, min_group, max_units)
    member_of: dict[str, list[tuple[p.AdoptionGroup, str | None]]] = {}
    for key, members in groups.items():
        for person in members:
            member_of.setdefault(person, []).append(key)
    start = first_week_ms(now, weeks)
    end = start + weeks * WEEK_MS
    table = {key: [_Week(set()) for _ in range(weeks)] for key in groups}
    for person, at, kind in events:
        if not start <= at < end or person not in member_of:
            continue
        index = (at - start) // WEEK_MS
        for key in member_of[person]:
            week = table[key][index]
            week.active.add(person)
            if kind == "post":
                week.posts += 1
            elif kind == "answer":
                week.answers += 1
    first = dt.datetime.fromtimestamp(start / 1000, dt.UTC).date()
    found = [
        Adoption(group_kind=kind, unit_id=unit, weeks=[
            p.AdoptionWeek(week=first + dt.timedelta(weeks=n), active=len(w.active),
                           posts=w.posts, answers=w.answers)
            for n, w in enumerate(table[(kind, unit)])])
        for kind, unit in groups
    ]
    order = {"company": 0, "site": 1, "unit": 2}
    return sorted(found, key=lambda a: (order[a.group_kind], a.unit_id or ""))
