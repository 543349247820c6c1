"""The person graph and its scores: networkx holds the graph, igraph (C) counts the
shortest paths.

Betweenness is exact up to `exact_limit` people and sampled above (k sources, a fixed
seed so a rerun on the same data gives the same result); bench/hubs.py measures how
well the sample keeps the top of the exact ranking. Betweenness ignores the weights
(every contact is one step): a weight says how much two people talk, not how far apart
they are.

The values are networkx's own definition (normalised, endpoints left out, networkx's
source sample and its scaling of sampled and other nodes), computed by igraph: the
same numbers, about 40 times faster (64 sources over 100,000 people: 1 s of CPU against
about 40 s). tests/unit/server_stub/test_hub_scores.py holds the two equal.

Both are imported where they are used: only the hub worker (nightly.py) and the CLI's
`hubs compute` compute, and a serve process, which imports this module for the types
of a result, is 16 MiB smaller without them (docs/performance.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class Scores:
    strength: dict[str, float]  # summed weight of a person's contacts
    degree: dict[str, int]  # number of people in contact
    betweenness: dict[str, float]  # normalised, 0..1
    brokerage: dict[str, float]  # unit pairs a person connects, see brokerage()
    sampled_k: int | None  # None: exact


def build_graph(edges: dict[tuple[str, str], float]) -> nx.Graph[str]:
    import networkx as nx  # here, not above: see the docstring

    graph: nx.Graph[str] = nx.Graph()
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in edges.items())
    return graph


def betweenness(graph: nx.Graph[str], exact_limit: int, sample_k: int,
                seed: int = 7) -> tuple[dict[str, float], int | None]:
    names = list(graph.nodes)
    n = len(names)
    if n < 3:
        return dict.fromkeys(names, 0.0), None
    index = {name: i for i, name in enumerate(names)}
    # Each contact both ways: igraph then counts every ordered (source, target) pair,
    # as networkx's accumulation does, so the scaling below is networkx's.
    forward = [(index[a], index[b]) for a, b in graph.edges()]
    import igraph  # here, not above: see the docstring

    paths = igraph.Graph(n=n, edges=forward + [(b, a) for a, b in forward], directed=True)
    if n <= exact_limit:
        raw = paths.betweenness(directed=True)
        return {name: raw[i] / ((n - 1) * (n - 2)) for i, name in enumerate(names)}, None
    k = max(2, min(sample_k, n))  # one source alone would leave itself no paths
    sources = set(random.Random(seed).sample(names, k))  # networkx's own sample
    raw = paths.betweenness(directed=True, sources=[index[x] for x in sources])
    # A source is not counted as its own path's start: it has k - 1 sources, not k.
    return {name: raw[i] / ((k - 1 if name in sources else k) * (n - 2))
            for i, name in enumerate(names)}, k


def brokerage(graph: nx.Graph[str], unit_of: dict[str, str],
              linked: set[tuple[str, str]]) -> dict[str, float]:
    """Unit pairs a person connects: the units of their contacts and their own, taken
    in pairs; a pair whose units have no other link counts 1, an otherwise linked
    pair 0.25 (the person is one of several ways between them)."""
    scores: dict[str, float] = {}
    for person in graph.nodes:
        units = {unit_of[o] for o in graph.adj[person] if o in unit_of}
        own = unit_of.get(person)
        if own is not None:
            units.add(own)
        if len(units) < 2:
            continue
        score = 0.0
        for a, b in combinations(sorted(units), 2):
            score += 0.25 if (a, b) in linked else 1.0
        scores[person] = score
    return scores


def score(graph: nx.Graph[str], unit_of: dict[str, str], linked: set[tuple[str, str]],
          exact_limit: int, sample_k: int) -> Scores:
    between, k = betweenness(graph, exact_limit, sample_k)
    return Scores(
        strength={v: float(s) for v, s in graph.degree(weight="weight")},
        degree={v: int(d) for v, d in graph.degree()},
        betweenness=between,
        brokerage=brokerage(graph, unit_of, linked),
        sampled_k=k,
    )
