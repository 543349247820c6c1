"""Units as the analysis shows them: never fewer people than the minimum group.

A unit with fewer than `min_group` people (its own plus those of small units rolled
into it) is rolled into its parent, bottom up; people then count in the nearest unit
that is big enough (their "reporting unit"). Every unit figure, every "a colleague in
<unit>" and every unit named in a reason is a reporting unit, so nothing published
describes a group smaller than min_group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UnitMap:
    reporting: dict[str, str]  # every unit -> its reporting unit (itself when big enough)
    size: dict[str, int]  # reporting unit -> people counted in it
    parent: dict[str, str | None]  # reporting unit -> its reporting parent

    def of(self, unit_id: str | None) -> str | None:
        return None if unit_id is None else self.reporting.get(unit_id)


def _depth(unit: str, parent: dict[str, str | None], memo: dict[str, int]) -> int:
    chain: list[str] = []
    current: str | None = unit
    while current is not None and current not in memo and len(chain) <= len(parent):
        chain.append(current)
        current = parent.get(current)
    base = memo.get(current, -1) if current is not None else -1
    for u in reversed(chain):
        base += 1
        memo[u] = base
    return memo[unit]


def roll_up(person_unit: dict[str, str], unit_parent: dict[str, str | None],
            min_group: int) -> UnitMap:
    own = Counter(person_unit.values())
    total = {u: own.get(u, 0) for u in unit_parent}
    memo: dict[str, int] = {}
    merged: set[str] = set()
    for unit in sorted(unit_parent, key=lambda u: -_depth(u, unit_parent, memo)):
        parent = unit_parent.get(unit)
        if total[unit] < min_group and parent is not None and parent in total:
            total[parent] += total[unit]
            merged.add(unit)
    reporting: dict[str, str] = {}

    def resolve(unit: str) -> str:
        path: list[str] = []
        current = unit
        while current in merged and current not in reporting:
            path.append(current)
            current = unit_parent[current] or current
        target = reporting.get(current, current)
        for u in path:
            reporting[u] = target
        return target

    for unit in unit_parent:
        reporting[unit] = resolve(unit)
    size = {u: total[u] for u in unit_parent if u not in merged and total[u] >= min_group}
    reporting = {u: r for u, r in reporting.items() if r in size}
    parents: dict[str, str | None] = {}
    for unit in size:
        up = unit_parent.get(unit)
        parents[unit] = reporting.get(up) if up is not None else None
    return UnitMap(reporting, size, parents)


def unit_weights(edges: dict[tuple[str, str], float], person_unit: dict[str, str],
                 units: UnitMap) -> dict[tuple[str, str], float]:
    """Summed person weights between two different reporting units (keys ordered)."""
    found: dict[tuple[str, str], float] = {}
    for (a, b), weight in edges.items():
        ua, ub = units.of(person_unit.get(a)), units.of(person_unit.get(b))
        if ua is None or ub is None or ua == ub:
            continue
        key = (ua, ub) if ua < ub else (ub, ua)
        found[key] = found.get(key, 0.0) + weight
    return found


def bands(weights: dict[tuple[str, str], float]) -> dict[tuple[str, str], int]:
    """Link strength as a band 1..5 by quintile of all links: a result, not a count."""
    if not weights:
        return {}
    ordered = sorted(weights.values())
    n = len(ordered)
    cuts = [ordered[min(n - 1, (n * q) // 5)] for q in (1, 2, 3, 4)]
    return {key: 1 + sum(w >= c for c in cuts) for key, w in weights.items()}


def gaps(units: UnitMap, linked: set[tuple[str, str]]) -> dict[str, list[str]]:
    """Per reporting unit, the neighbouring units (its parent, its siblings, its
    children) it has no link with at all in the window."""
    children: dict[str | None, list[str]] = {}
    for unit, up in units.parent.items():
        children.setdefault(up, []).append(unit)
    found: dict[str, list[str]] = {}
    for unit, up in units.parent.items():
        near = [*children.get(up, []), *children.get(unit, [])]
        if up is not None:
            near.append(up)
        found[unit] = sorted(
            other for other in set(near)
            if other != unit and ((unit, other) if unit < other else (other, unit)) not in linked)
    return found
