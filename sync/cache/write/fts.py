"""Upkeep of the FTS5 search index: which text of which record is indexed, kept current.

Every index entry is a pure function of the tables: one SELECT per index folds the
text in SQL through kfold() (fold.fold, registered on every connection). A record whose
text depends on another one (a person shows the title of the position they hold; a
position the name of its unit) is kept current by marking it dirty as well.

The FTS tables are contentless (content=''): they hold no readable copy of the text,
and their rowid is the record table's stable rowid `n`. Removing an entry from such a
table takes the FTS5 'delete' command with exactly the values that were indexed, which
we recompute from the tables *before* they change. So a page is applied in three
steps (apply.py): drop the entries of every dirty record as the tables still describe
them, change the tables, index the dirty records again. The invariant behind it: each
entry equals what its SELECT yields for the current tables. Anything that changes that
function (fold rules, the SELECTs below) needs a migration that calls rebuild_all().

Why not contentless_delete=1, which needs no old values: its deletes leave tombstones
in the big merged segment, and with a few hundred of them every query slowed from 2 to
14-50 ms over 100k people. Classic deletes become delete markers in new segments,
which cost nothing measurable until the next merge.
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

# Per index: its columns, and the SELECT (alias x) that yields rowid and those columns.
_COLUMNS: dict[str, str] = {
    "person": "name, email, skills, title, place, about",
    "position": "title, unit",
    "responsibility": "title, keywords, synonyms, description",
    "post": "text",
    "comment": "text",
}
_SELECT: dict[str, str] = {
    "person": """
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
        SELECT x.n, kfold(x.title), kfold((SELECT name FROM org_unit WHERE id = x.org_unit_id))
        FROM position x""",
    "responsibility": """
        SELECT x.n, kfold(x.title), kfold(json_extract(x.body, '$.keywords')),
               kfold(json_extract(x.body, '$.synonyms')),
               kfold(json_extract(x.body, '$.description'))
        FROM responsibility x""",
    "post": "SELECT x.n, kfold(json_extract(x.body, '$.text')) FROM post x",
    "comment": "SELECT x.n, kfold(json_extract(x.body, '$.text')) FROM comment x",
}


def _insert_sql(kind: str, where: str) -> str:
    table = FTS_TABLES[kind]
    return f"INSERT INTO {table} (rowid, {_COLUMNS[kind]}) {_SELECT[kind]} {where}"


def _delete_sql(kind: str, where: str) -> str:
    table = FTS_TABLES[kind]
    select = _SELECT[kind].replace("SELECT x.n,", "SELECT 'delete', x.n,", 1)
    return f"INSERT INTO {table} ({table}, rowid, {_COLUMNS[kind]}) {select} {where}"


_BY_IDS = f"WHERE x.id {_IN_IDS}"
_BY_SPACE = "WHERE x.space_id = ?"


class Dirty:
    """Ids per kind whose index entry must be dropped and written again in this run."""

    def __init__(self) -> None:
        self.ids: dict[str, set[str]] = {kind: set() for kind in FTS_TABLES}

    def add(self, kind: str, ids: Iterable[str]) -> None:
        bucket = self.ids.get(kind)
        if bucket is not None:
            bucket.update(ids)

    def __len__(self) -> int:
        return sum(len(ids) for ids in self.ids.values())


def _json_ids(ids: Iterable[str]) -> str:
    return _encoder.encode(list(ids)).decode()


def drop_entries(conn: Any, dirty: Dirty) -> None:
    """Before the tables change: remove the entries as the current tables describe them."""
    for kind, ids in dirty.ids.items():
        if ids:
            conn.execute(_delete_sql(kind, _BY_IDS), (_json_ids(ids),))


def index_entries(conn: Any, dirty: Dirty) -> None:
    """After the tables changed: index the dirty records that still exist."""
    for kind, ids in dirty.ids.items():
        if ids:
            conn.execute(_insert_sql(kind, _BY_IDS), (_json_ids(ids),))


def drop_space_entries(conn: Any, space_id: str) -> int:
    """Before a space is purged: remove the entries of its posts and comments."""
    dropped = 0
    for kind in ("post", "comment"):
        dropped += conn.execute(_delete_sql(kind, _BY_SPACE), (space_id,)).rowcount
    return max(dropped, 0)


def optimize_txn(conn: Any) -> None:
    """Merge every index into one segment (about 1.5 s per 100k people).

    Each page adds small segments; FTS5 merges them step by step, but one segment
    answers prefix queries fastest, so a long sync ends with this.
    """
    for table in FTS_TABLES.values():
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def rebuild_all(conn: Any) -> None:
    """Index everything from scratch (bulk loads; migrations that change the rules)."""
    for kind, table in FTS_TABLES.items():
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        conn.execute(_insert_sql(kind, ""))
