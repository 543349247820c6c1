"""Offline search over people, positions, responsibilities, posts and comments.

The query is folded like the index (fold.py), split into words, and every word becomes
a quoted prefix term ("mul"*), all of which must match. Quoting every word means no
user input can reach FTS5 syntax: quotes, stars, brackets, minus signs and words like
AND or NOT are just separators or text.

Ranking comes in tiers, then bm25 with per-column weights within a tier (a name
counts far more than an about text):
  0. every word matches the name (title) exactly,
  1. every word is a prefix of a word of the name (title),
  2. every word is a prefix of a word anywhere in the record.
So typing "Müller" lists the Müllers before a Müllerschön, and both before someone whose
about text mentions Müller.

Why tiers and a cap instead of one ORDER BY bm25 over all matches: bm25 costs a few
microseconds per matching row, and a common word or a first letter matches tens of
thousands of people, far over the 10 ms we allow. Each tier reads at most `cap` rows
(FTS5 stops early without ORDER BY), and a lower tier is only read while the better ones
have not filled the page. Within a tier that matches more than `cap` records the order
is bm25 over the first `cap` found, an approximation we accept: such a query is too
vague for fine ranking to matter, and typing one more letter narrows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sync.cache.fold import query_tokens

KINDS = ("person", "position", "responsibility", "post", "comment")

# bm25 weights, in the column order of each FTS table (see migrations/step1.py, step5.py).
_WEIGHTS: dict[str, tuple[float, ...]] = {
    "person": (10.0, 2.0, 4.0, 4.0, 2.0, 1.0),  # name email skills title place about
    "position": (6.0, 2.0),  # title unit
    # A synonym is not in the name tiers: a title or keyword match ranks above it.
    "responsibility": (8.0, 6.0, 4.0, 1.0),  # title keywords synonyms description
    "post": (1.0,),
    "comment": (1.0,),
}
# Columns of the name-like tiers 0 and 1; kinds without one only have tier 2.
_NAME_COLUMNS = {"person": "name", "position": "title", "responsibility": "{title keywords}"}
_MIN_TEXT_PREFIX = 3
TIER_STEP = 1000.0  # far beyond any bm25 score, so tiers never mix

_LABELS: dict[str, str] = {
    "person": """
        SELECT x.n, x.id, x.given_name || ' ' || x.family_name,
               concat_ws(' · ', (SELECT min(title) FROM position WHERE holder_id = x.id),
                         nullif(x.site, ''))
        FROM person x""",
    "position": """
        SELECT x.n, x.id, x.title,
               concat_ws(' · ', u.name, h.given_name || ' ' || h.family_name)
        FROM position x LEFT JOIN org_unit u ON u.id = x.org_unit_id
                        LEFT JOIN person h ON h.id = x.holder_id""",
    "responsibility": """
        SELECT x.n, x.id, x.title,
               concat_ws(' · ', o.title, h.given_name || ' ' || h.family_name)
        FROM responsibility x LEFT JOIN position o ON o.id = x.owner_position_id
                              LEFT JOIN person h ON h.id = o.holder_id""",
    "post": """
        SELECT x.n, x.id, json_extract(x.body, '$.text'),
               concat_ws(' · ', s.name, a.given_name || ' ' || a.family_name)
        FROM post x LEFT JOIN space s ON s.id = x.space_id
                    LEFT JOIN person a ON a.id = x.author_id""",
    "comment": """
        SELECT x.n, x.id, json_extract(x.body, '$.text'),
               concat_ws(' · ', s.name, a.given_name || ' ' || a.family_name)
        FROM comment x LEFT JOIN space s ON s.id = x.space_id
                       LEFT JOIN person a ON a.id = x.author_id""",
}
_EXCERPT = 80


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str
    id: str
    title: str
    subtitle: str
    rank: float  # lower is better


def prefix_expression(tokens: Sequence[str]) -> str:
    """All words as quoted prefix terms; tokens are folded words without quotes."""
    return " ".join(f'"{t}"*' for t in tokens)


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH text for a user query, or None when it holds no words."""
    tokens = query_tokens(query)
    return prefix_expression(tokens) if tokens else None


def _tier_expressions(kind: str, tokens: Sequence[str]) -> list[str]:
    """MATCH expressions of tiers 0, 1 and 2 (or of the single tier for texts)."""
    column = _NAME_COLUMNS.get(kind)
    if column is None:
        # Long texts have no prefix index: a one- or two-letter prefix would merge the
        # lists of thousands of words, so short words match whole there.
        return [" ".join(f'"{t}"' if len(t) < _MIN_TEXT_PREFIX else f'"{t}"*' for t in tokens)]
    exact = " ".join(f'"{t}"' for t in tokens)
    anywhere = prefix_expression(tokens)
    return [f"{column} : ({exact})", f"{column} : ({anywhere})", anywhere]


def _ranked(conn: Any, kind: str, tokens: Sequence[str], limit: int) -> list[tuple[int, float]]:
    table = f"{kind}_fts"
    weights = ", ".join(str(w) for w in _WEIGHTS[kind])
    sql = f"SELECT rowid, bm25({table}, {weights}) FROM {table} WHERE {table} MATCH ? LIMIT ?"
    cap = max(4 * limit, 100)

    def run(expression: str) -> list[tuple[int, float]]:
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, (expression, cap))]

    found: dict[int, float] = {}

    def take(tier: int, rows: list[tuple[int, float]]) -> None:
        for rowid, score in rows:
            found.setdefault(rowid, tier * TIER_STEP + score)  # best tier comes first

    expressions = _tier_expressions(kind, tokens)
    if len(expressions) == 1:
        take(2, run(expressions[0]))
    else:
        # Tier 0 is a subset of tier 1: when nothing matches the name by prefix, skip
        # the exact query (it would scan the same long lists for nothing).
        by_prefix = run(expressions[1])
        if by_prefix:
            take(0, run(expressions[0]))
            take(1, by_prefix)
        if len(found) < limit:
            take(2, run(expressions[2]))
    return sorted(found.items(), key=lambda item: item[1])[:limit]


def _excerpt(text: str | None) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line if len(line) <= _EXCERPT else line[: _EXCERPT - 1].rstrip() + "…"


def _labelled(conn: Any, kind: str, ranked: list[tuple[int, float]]) -> list[SearchHit]:
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = conn.execute(
        f"{_LABELS[kind]} WHERE x.n IN ({marks})", [n for n, _ in ranked]
    ).fetchall()
    by_n = {r[0]: r for r in rows}
    hits = []
    for n, rank in ranked:
        row = by_n.get(n)
        if row is None:
            continue  # index ahead of its table: cannot happen inside one connection
        title = _excerpt(row[2]) if kind in ("post", "comment") else str(row[2])
        hits.append(SearchHit(kind, str(row[1]), title, str(row[3] or ""), rank))
    return hits


def search(
    cache_or_conn: Any,
    query: str,
    *,
    kinds: set[str] | frozenset[str] | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """The best hits for query across kinds (all by default), best first.

    Empty or punctuation-only queries find nothing rather than everything.
    """
    conn = getattr(cache_or_conn, "conn", cache_or_conn)
    wanted = KINDS if kinds is None else tuple(k for k in KINDS if k in kinds)
    unknown = set(kinds or ()) - set(KINDS)
    if unknown:
        raise ValueError(f"not searchable: {sorted(unknown)}")
    tokens = query_tokens(query)
    if not tokens or limit <= 0:
        return []
    hits: list[SearchHit] = []
    for kind in wanted:
        hits += _labelled(conn, kind, _ranked(conn, kind, tokens, limit))
    hits.sort(key=lambda h: h.rank)
    return hits[:limit]
