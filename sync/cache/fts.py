"""Upkeep of the FTS5 search index: which text of which record is indexed, kept current.

Each index row is rebuilt from the tables with one INSERT OR REPLACE ... SELECT per
index and page, folding the text in SQL through kfold() (fold.fold registered on every
connection). Building from the tables, not from the incoming record, means a record
whose text depends on another one (a person shows the title of the position they
hold; a position the name of its unit) is brought up to date by marking it dirty.

The FTS tables are contentless (content=''), so they hold no readable copy of the text
(see migrations), and use the record table's stable rowid `n` as their rowid.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

FTS_TABLES: dict[str, str] = {
    "person": "person_fts",
    "position": "position_fts",
    "responsibility": "responsibility_fts",
    "post": "post_fts",
    "comment": "comment_fts",
}

_encoder = msgspec.json.Encoder()
_IN_IDS = "IN (SELECT value FROM json_each(?))"

HOLDERS_OF_POSITIONS = f"SELECT holder_id FROM position WHERE id {_IN_IDS}"
POSITIONS_OF_UNITS = f"SELECT id FROM position WHERE org_unit_id {_IN_IDS}"

# The SELECT feeding each index; rows are chosen by appending a WHERE on alias x.
_SOURCE: dict[str, str] = {
    "person": """
        INSERT OR REPLACE INTO person_fts (rowid, name, email, skills, title, place, about)
        SELECT x.n,
               kfold(x.given_name || ' ' || x.family_name),
               kfold(x.email),
               kfold(concat_ws(' ', json_extract(x.body, '$.skills'),
                               json_extract(x.body, '$.languages'))),
               kfold((SELECT group_concat(title, ' ') FROM position WHERE holder_id = x.id)),
               kfold(concat_ws(' ', x.site, json_extract(x.body, '$.building'),
                               json_extract(x.body, '$.room'))),
               kfold(json_extract(x.body, '$.about'))
        FROM person x""",
    "position": """
        INSERT OR REPLACE INTO position_fts (rowid, title, unit)
        SELECT x.n, kfold(x.title),
               kfold((SELECT name FROM org_unit WHERE id = x.org_unit_id))
        FROM position x""",
    "responsibility": """
        INSERT OR REPLACE INTO responsibility_fts (rowid, title, keywords, description)
        SELECT x.n, kfold(x.title), kfold(json_extract(x.body, '$.keywords')),
               kfold(json_extract(x.body, '$.description'))
        FROM responsibility x""",
    "post": """
        INSERT OR REPLACE INTO post_fts (rowid, text)
        SELECT x.n, kfold(json_extract(x.body, '$.text')) FROM post x""",
    "comment": """
        INSERT OR REPLACE INTO comment_fts (rowid, text)
        SELECT x.n, kfold(json_extract(x.body, '$.text')) FROM comment x""",
}
_REBUILD = {kind: f"{sql} WHERE x.id {_IN_IDS}" for kind, sql in _SOURCE.items()}


class Dirty:
    """Ids per kind whose index entry must be rebuilt at the end of a page."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {kind: set() for kind in FTS_TABLES}

    def add(self, kind: str, ids: Iterable[str]) -> None:
        bucket = self.ids.get(kind)
        if bucket is not None:
            bucket.update(ids)


def _json_ids(ids: Iterable[str]) -> str:
    return _encoder.encode(list(ids)).decode()


def rebuild_entries(conn: Any, dirty: Dirty) -> int:
    """Index (or re-index) the current text of the dirty records; gone ones are skipped."""
    written = 0
    for kind, ids in dirty.ids.items():
        if ids:
            written += len(ids)
            conn.execute(_REBUILD[kind], (_json_ids(ids),))
    return written


def delete_entries(conn: Any, kind: str, ids: Iterable[str]) -> int:
    """Drop the index entries of records about to be deleted (needs their rowids)."""
    table = FTS_TABLES.get(kind)
    if table is None:
        return 0
    rows = conn.execute(f"SELECT n FROM {kind} WHERE id {_IN_IDS}", (_json_ids(ids),)).fetchall()
    conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", rows)
    return len(rows)


def delete_space_entries(conn: Any, space_id: str) -> int:
    """Drop the index entries of every post and comment of a space."""
    deleted = 0
    for kind in ("post", "comment"):
        rows = conn.execute(f"SELECT n FROM {kind} WHERE space_id = ?", (space_id,)).fetchall()
        conn.executemany(f"DELETE FROM {FTS_TABLES[kind]} WHERE rowid = ?", rows)
        deleted += len(rows)
    return deleted


def optimize_txn(conn: Any) -> None:
    """Merge every index into one segment, dropping tombstones (about 1 s per 100k people).

    Re-indexed and deleted records leave tombstones that slow queries down (p95 over
    100k people went from 9 to 23 ms after every person changed once); see
    migrations step 1 on why FTS5 does not merge them by itself.
    """
    for table in FTS_TABLES.values():
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def rebuild_all(conn: Any) -> None:
    """Re-index everything (for a migration that changes the fold rules)."""
    for kind, table in FTS_TABLES.items():
        conn.execute(f"DELETE FROM {table}")
        conn.execute(_SOURCE[kind])
