"""From interactions to hubs with reasons and a unit map (pure: Inputs in, Result out).

Who is published (docs/hubs.md): people whose combined score puts them in the top
`top_share` of everyone in contact with someone, at most `max_hubs`, and only with a
reason that can be said in plain words; plus the holders of a unit pair's only job
connection (up to twice max_hubs in all). Results carry no rank and no score: a list
of people with reasons.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import msgspec

from server_stub.hubs import scores as sc
from server_stub.hubs import units as un
from server_stub.hubs.community import Adoption
from server_stub.hubs.inputs import Inputs
from sync import protocol as p


@dataclass(frozen=True, slots=True)
class Settings:
    min_group: int = 5
    top_share: float = 0.01
    max_hubs: int = 200
    exact_limit: int = 10_000  # people in contact; above this betweenness is sampled
    sample_k: int = 256
    min_units: int = 3  # a hub answers or connects at least this many units


class FoundHub(msgspec.Struct, frozen=True, kw_only=True):
    person_id: str
    unit_id: str  # the reporting unit
    role: p.HubRole
    reasons: list[p.HubReason]


class UnitResult(msgspec.Struct, frozen=True, kw_only=True):
    unit_id: str
    size: int  # never published: kept to check min_group
    links: list[p.HubLink]
    cut_off_from: list[str]
    isolated: bool
    cut_off_count: int = 0


class Attention(msgspec.Struct, frozen=True, kw_only=True):
    kind: p.AttentionKind
    target_id: str
    space_id: str
    since: int


class Result(msgspec.Struct, frozen=True, kw_only=True):
    """The whole computation as the server keeps it (server_meta, never sent)."""

    computed_at: int
    window_days: int
    min_group: int
    hubs: list[FoundHub]
    units: list[UnitResult]
    unit_parent: dict[str, str | None]
    people: int
    contacts: int
    sampled_k: int | None
    volume: dict[str, int] = {}
    attention: list[Attention] = []
    adoption: list[Adoption] = []


def _distinct_units(pairs: list[tuple[str, str]], unit_of: dict[str, str]
                    ) -> dict[str, Counter[str]]:
    """Per first person, how often each other unit (not their own) appears as second."""
    found: dict[str, Counter[str]] = {}
    for a, b in pairs:
        ua, ub = unit_of.get(a), unit_of.get(b)
        if ua is None or ub is None or ua == ub:
            continue
        found.setdefault(a, Counter())[ub] += 1
    return found


def _top(counter: Counter[str], n: int = 3) -> list[str]:
    return [u for u, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def only_job_connections(job_pairs: list[tuple[str, str]], unit_of: dict[str, str]
                         ) -> dict[str, list[tuple[str, str]]]:
    """Person -> the unit pairs for which their job connection is the only one."""
    by_pair: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for a, b in job_pairs:
        ua, ub = unit_of.get(a), unit_of.get(b)
        if ua is None or ub is None or ua == ub:
            continue
        key = (ua, ub) if ua < ub else (ub, ua)
        by_pair.setdefault(key, []).append((a, b))
    found: dict[str, list[tuple[str, str]]] = {}
    for key, pairs in by_pair.items():
        if len(pairs) == 1:
            a, b = pairs[0]
            found.setdefault(a, []).append(key)
            found.setdefault(b, []).append(key)
    return found


def compute(inputs: Inputs, settings: Settings, now: int, window_days: int) -> Result:
    units = un.roll_up(inputs.person_unit, inputs.unit_parent, settings.min_group)
    unit_of = {person: r for person, u in inputs.person_unit.items()
               if (r := units.of(u)) is not None}
    weights = un.unit_weights(inputs.edges, inputs.person_unit, units)
    linked = set(weights)
    graph = sc.build_graph(inputs.edges)
    scores = sc.score(graph, unit_of, linked, settings.exact_limit, settings.sample_k)

    answered = _distinct_units(inputs.answers, unit_of)
    howto = _distinct_units(inputs.howto_use, unit_of)
    only_job = only_job_connections(inputs.job_pairs, unit_of)
    contact_units: dict[str, Counter[str]] = {}
    for (a, b), w in inputs.edges.items():
        ua, ub = unit_of.get(a), unit_of.get(b)
        if ua is None or ub is None or ua == ub:
            continue
        contact_units.setdefault(a, Counter())[ub] += int(w * 10)
        contact_units.setdefault(b, Counter())[ua] += int(w * 10)

    def norm(values: dict[str, float]) -> dict[str, float]:
        top = max(values.values(), default=0.0)
        return {k: v / top for k, v in values.items()} if top > 0 else {}

    nb, nk, ns = norm(scores.betweenness), norm(scores.brokerage), norm(scores.strength)
    combined = {v: 0.5 * nb.get(v, 0.0) + 0.3 * nk.get(v, 0.0) + 0.2 * ns.get(v, 0.0)
                for v in graph.nodes if v in unit_of}
    quota = min(settings.max_hubs, max(1, int(len(combined) * settings.top_share)))
    ranked = sorted(combined, key=lambda v: (-combined[v], v))
    top_bridge = set(sorted(nb, key=lambda v: (-nb[v], v))[:max(1, quota // 2)]) if nb else set()

    hubs: list[FoundHub] = []
    chosen: set[str] = set()

    def reasons_of(person: str) -> list[p.HubReason]:
        found: list[p.HubReason] = []
        if (c := answered.get(person)) and len(c) >= settings.min_units:
            found.append(p.HubReason(kind="answers_units", count=len(c), units=_top(c)))
        for pair in sorted(only_job.get(person, [])):
            found.append(p.HubReason(kind="only_job_connection", count=1, units=list(pair)))
        if (c := contact_units.get(person)) and len(c) >= settings.min_units:
            found.append(p.HubReason(kind="connects_units", count=len(c), units=_top(c)))
        if person in top_bridge and nb.get(person, 0.0) > 0 and (c := contact_units.get(person)):
            found.append(p.HubReason(kind="bridge", count=len(c), units=_top(c)))
        if (c := howto.get(person)) and len(c) >= settings.min_units:
            found.append(p.HubReason(kind="howto_units", count=len(c), units=_top(c)))
        return found[:10]

    def add(person: str) -> None:
        reasons = reasons_of(person)
        if person in chosen or not reasons:
            return
        chosen.add(person)
        bridging = any(r.kind in ("bridge", "only_job_connection") for r in reasons)
        hubs.append(FoundHub(person_id=person, unit_id=unit_of[person],
                             role="bridge" if bridging else "hub", reasons=reasons))

    for person in ranked[:quota]:
        add(person)
    for person in sorted(only_job):  # structural, not ranked; bounded all the same
        if person in unit_of and len(hubs) < 2 * settings.max_hubs:
            add(person)

    band = un.bands(weights)
    links: dict[str, list[p.HubLink]] = {u: [] for u in units.size}
    for (a, b), strength in band.items():
        links[a].append(p.HubLink(unit_id=b, strength=strength))
        links[b].append(p.HubLink(unit_id=a, strength=strength))
    gaps = un.gaps(units, linked)
    unit_results = [
        UnitResult(
            unit_id=u, size=units.size[u],
            links=sorted(links[u], key=lambda link: (-link.strength, link.unit_id))[:20],
            cut_off_from=gaps.get(u, [])[:20], cut_off_count=len(gaps.get(u, [])),
            isolated=not links[u] and len(units.size) > 1)
        for u in sorted(units.size)
    ]
    return Result(
        computed_at=now, window_days=window_days, min_group=settings.min_group,
        hubs=sorted(hubs, key=lambda h: h.person_id), units=unit_results,
        unit_parent=dict(units.parent), people=len(inputs.person_unit),
        contacts=graph.number_of_edges(), sampled_k=scores.sampled_k,
        volume=dict(inputs.volume),
    )
