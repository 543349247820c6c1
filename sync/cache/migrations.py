"""Numbered, append-only schema migrations of the cache; the version is PRAGMA user_version.

Why append-only: a user's cache may be at any earlier version, so each step must stay
exactly as it shipped. Never edit a released step; add the next one. A cache written by
a newer Kontor is refused (CacheTooNewError), never "repaired": its data may rely on
rules this version does not know.

Schema notes (step 1):
- Every synced table has `n INTEGER PRIMARY KEY` (a stable rowid, kept by VACUUM) that
  the FTS tables use as their rowid, the record id as a UNIQUE text key, the columns
  queries filter or sort on, and `body`: the msgspec JSON of the whole record, so
  readers decode protocol Structs without a column per field.
- No foreign keys between synced tables: the feed delivers records in any order and
  across sites, so references may dangle for a while.
- CHECKs on id length and version guard against a bug writing junk (and make a bad
  record abort its whole page).
- FTS5 tables are contentless with contentless_delete=1: they hold only the index of
  the folded text (see fold.py), not a second copy of it, and still allow DELETE.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sync.cache.errors import CacheError, CacheTooNewError

_FTS = "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'"
# Names and titles are searched as you type, from the first letter: a prefix index for
# one and two letters keeps that fast (it costs about 20 MB per 100k people). Posts and
# comments do without: search.py matches their short words whole.
_FTS_TYPED = f"{_FTS}, prefix='1 2'"


def _record_table(name: str, columns: str, *indexes: str) -> str:
    sql = (
        f"CREATE TABLE {name} (\n"
        "  n INTEGER PRIMARY KEY,\n"
        "  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),\n"
        "  origin TEXT NOT NULL,\n"
        "  version INTEGER NOT NULL CHECK (version >= 1),\n"
        "  updated_at INTEGER NOT NULL,\n"
        f"{columns},\n"
        "  body TEXT NOT NULL\n"
        ");\n"
    )
    for index in indexes:
        cols = index.replace(" ", "").replace(",", "_")
        sql += f"CREATE INDEX {name}_{cols} ON {name} ({index});\n"
    return sql


_STEP_1 = "\n".join(
    [
        _record_table(
            "person",
            "  given_name TEXT NOT NULL,\n  family_name TEXT NOT NULL,\n"
            "  email TEXT NOT NULL,\n  site TEXT NOT NULL,\n  manager_id TEXT,\n"
            "  status TEXT NOT NULL,\n  sort_key TEXT NOT NULL",
            "sort_key",
            "site, sort_key",
            "manager_id",
        ),
        _record_table(
            "org_unit",
            "  name TEXT NOT NULL,\n  unit_kind TEXT NOT NULL,\n  parent_id TEXT,\n"
            "  site TEXT NOT NULL,\n  lead_position_id TEXT",
            "parent_id",
        ),
        _record_table(
            "position",
            "  title TEXT NOT NULL,\n  org_unit_id TEXT NOT NULL,\n  holder_id TEXT,\n"
            "  deputy_position_id TEXT,\n  reports_to_id TEXT,\n"
            "  absent_from TEXT,\n  absent_to TEXT",
            "holder_id",
            "org_unit_id",
            "reports_to_id",
        ),
        _record_table(
            "responsibility",
            "  title TEXT NOT NULL,\n  owner_position_id TEXT NOT NULL,\n"
            "  deputy_position_id TEXT,\n  howto_post_id TEXT,\n"
            "  valid_from TEXT,\n  valid_to TEXT",
            "owner_position_id",
        ),
        _record_table(
            "connection",
            "  connection_kind TEXT NOT NULL,\n  from_id TEXT NOT NULL,\n  to_id TEXT NOT NULL",
            "from_id",
            "to_id",
        ),
        _record_table(
            "space",
            "  name TEXT NOT NULL,\n  space_kind TEXT NOT NULL,\n  visibility TEXT NOT NULL,\n"
            "  org_unit_id TEXT",
        ),
        _record_table(
            "membership",
            "  space_id TEXT NOT NULL,\n  person_id TEXT NOT NULL,\n  role TEXT NOT NULL",
            "space_id",
            "person_id",
        ),
        _record_table(
            "post",
            "  space_id TEXT NOT NULL,\n  author_id TEXT NOT NULL,\n  post_kind TEXT NOT NULL,\n"
            "  pinned INTEGER NOT NULL,\n  created_at INTEGER NOT NULL",
            "space_id, created_at",
            "created_at",
        ),
        _record_table(
            "comment",
            "  post_id TEXT NOT NULL,\n  space_id TEXT NOT NULL,\n  author_id TEXT NOT NULL,\n"
            "  created_at INTEGER NOT NULL",
            "post_id, created_at",
            "space_id",
        ),
        _record_table(
            "reaction",
            "  target_id TEXT NOT NULL,\n  space_id TEXT NOT NULL,\n  person_id TEXT NOT NULL,\n"
            "  emoji TEXT NOT NULL",
            "target_id",
            "space_id",
        ),
        _record_table(
            "handover",
            "  position_id TEXT NOT NULL,\n  from_person_id TEXT,\n  to_person_id TEXT NOT NULL,\n"
            "  date TEXT NOT NULL,\n  state TEXT NOT NULL",
            "position_id",
        ),
        "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;",
        """CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body BLOB NOT NULL,
  if_match INTEGER,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
  error TEXT,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);""",
        f"CREATE VIRTUAL TABLE person_fts USING fts5("
        f"name, email, skills, title, place, about, {_FTS_TYPED});",
        f"CREATE VIRTUAL TABLE position_fts USING fts5(title, unit, {_FTS_TYPED});",
        f"CREATE VIRTUAL TABLE responsibility_fts USING fts5("
        f"title, keywords, description, {_FTS_TYPED});",
        f"CREATE VIRTUAL TABLE post_fts USING fts5(text, {_FTS});",
        f"CREATE VIRTUAL TABLE comment_fts USING fts5(text, {_FTS});",
        # Re-indexing a record leaves a tombstone in its old segment. By default FTS5
        # merges a segment as soon as 10% of it is tombstones, which made re-applying
        # 100k changed people four times slower than the first sync; we merge in bulk
        # instead (fts.optimize, after a sync has caught up).
        *(
            f"INSERT INTO {t}({t}, rank) VALUES ('deletemerge', 0);"
            for t in ("person_fts", "position_fts", "responsibility_fts", "post_fts", "comment_fts")
        ),
    ]
)

# Index i holds the script that brings user_version from i to i + 1. Append only.
MIGRATIONS: Sequence[str] = (_STEP_1,)
CURRENT_VERSION = len(MIGRATIONS)


def _too_new(found: int) -> CacheTooNewError:
    return CacheTooNewError(
        f"The local cache was written by a newer version of Kontor (cache format {found}, "
        f"this version knows up to {CURRENT_VERSION}). Update Kontor, or use another "
        "profile; the cache was left untouched."
    )


def user_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: Any) -> None:
    """For read-only connections: the file must be exactly at the version we know."""
    found = user_version(conn)
    if found > CURRENT_VERSION:
        raise _too_new(found)
    if found < CURRENT_VERSION:
        raise CacheError(
            "The local cache is not prepared yet (it is being created or upgraded). "
            "Try again in a moment."
        )


def migrate(conn: Any) -> int:
    """Bring the file to CURRENT_VERSION, one transaction per step; returns the old version."""
    found = user_version(conn)
    if found > CURRENT_VERSION:
        raise _too_new(found)
    for version in range(found, CURRENT_VERSION):
        script = MIGRATIONS[version]
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found
