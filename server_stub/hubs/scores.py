"""The person graph and its scores, computed with networkx.

Betweenness is exact up to `exact_limit` people and sampled above (k sources, a fixed
seed so a rerun on the same data gives the same result); bench/hubs.py measures how
well the sample keeps the top of the exact ranking. Betweenness ignores the weights
(every contact is one step): a weight says how much two people talk, not how far apart
they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import networkx as nx


@dataclass(frozen=True, slots=True)
class Scores:
    strength: dict[str, float]  # summed weight of a person's contacts
    degree: dict[str, int]  # number of people in contact
    betweenness: dict[str, float]  # normalised, 0..1
    brokerage: dict[str, float]  # unit pairs a person connects, see brokerage()
    sampled_k: int | None  # None: exact


def build_graph(edges: dict[tuple[str, str], float]) -> nx.Graph[str]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in edges.items())
    return graph


def betweenness(graph: nx.Graph[str], exact_limit: int, sample_k: int,
                seed: int = 7) -> tuple[dict[str, float], int | None]:
    n = graph.number_of_nodes()
    if n <= exact_limit:
        return dict(nx.betweenness_centrality(graph, normalized=True)), None
    k = min(sample_k, n)
    return dict(nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)), k


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
