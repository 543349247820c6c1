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
- person (status, sort_key): the directory lists active people by name; this index
  serves that order and counts them without reading the records.
- CHECKs on id length and version guard against a bug writing junk (and make a bad
  record abort its whole page).
- FTS5 tables are contentless: they hold only the index of the folded text (see
  fold.py), not a second copy of it; fts.py explains how entries are deleted.
- Names and titles are searched as you type from the first letter, so their indexes
  carry a prefix index for one and two letters (about 20 MB per 100k people; a first
  letter then costs ~2 ms instead of ~30). Posts and comments do without: search.py
  matches their short words whole.

Schema notes (step 2, the organisation):
- checklist_item (org_unit_id, rank): a unit's onboarding list in its order.
- checklist_check (person_id, item_id): the ticks of one person; only their own reach
  the cache, so a person's list is read through that index.
- space.position_id becomes a column (filled from the stored bodies): a handover moves
  the spaces tied to a position, and the digest looks them up by it.
- handover (to_person_id): "handovers to me" for the start page of a new holder.
- connection (connection_kind, from_id/to_id) is already indexed by its ends; job
  contacts of a position are found through those.
- handover (state, position_id): a lead's scheduled handovers without reading the done ones.
- org_unit (lead_position_id): the units a person leads, found from the positions they
  hold instead of from every unit.
- org_stamp: one counter that triggers raise on every insert, update or delete of a
  person, unit, position, duty, connection, handover, checklist, space or membership
  row, and of a post that is or was a how-to or pinned (Start here shows those; the
  everyday posts leave it alone, else every new post would rebuild the page). Screens
  about the organisation compare it to skip rebuilding: one row read, where
  max(updated_at) would need an index per table and still miss deletes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sync.cache.errors import CacheError, CacheTooNewError

# Step 1, exactly as shipped. Literal SQL on purpose: generating it from Python
# would let a later edit of the generator change a released step.
_STEP_1 = """
CREATE TABLE person (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email TEXT NOT NULL,
  site TEXT NOT NULL,
  manager_id TEXT,
  status TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX person_status_sort_key ON person (status, sort_key);
CREATE INDEX person_site_sort_key ON person (site, sort_key);
CREATE INDEX person_manager_id ON person (manager_id);

CREATE TABLE org_unit (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit_kind TEXT NOT NULL,
  parent_id TEXT,
  site TEXT NOT NULL,
  lead_position_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX org_unit_parent_id ON org_unit (parent_id);

CREATE TABLE position (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  org_unit_id TEXT NOT NULL,
  holder_id TEXT,
  deputy_position_id TEXT,
  reports_to_id TEXT,
  absent_from TEXT,
  absent_to TEXT,
  body TEXT NOT NULL
);
CREATE INDEX position_holder_id ON position (holder_id);
CREATE INDEX position_org_unit_id ON position (org_unit_id);
CREATE INDEX position_reports_to_id ON position (reports_to_id);

CREATE TABLE responsibility (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  owner_position_id TEXT NOT NULL,
  deputy_position_id TEXT,
  howto_post_id TEXT,
  valid_from TEXT,
  valid_to TEXT,
  body TEXT NOT NULL
);
CREATE INDEX responsibility_owner_position_id ON responsibility (owner_position_id);

CREATE TABLE connection (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  connection_kind TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX connection_from_id ON connection (from_id);
CREATE INDEX connection_to_id ON connection (to_id);

CREATE TABLE space (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  name TEXT NOT NULL,
  space_kind TEXT NOT NULL,
  visibility TEXT NOT NULL,
  org_unit_id TEXT,
  body TEXT NOT NULL
);

CREATE TABLE membership (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  space_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  role TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX membership_space_id ON membership (space_id);
CREATE INDEX membership_person_id ON membership (person_id);

CREATE TABLE post (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  space_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  post_kind TEXT NOT NULL,
  pinned INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX post_space_id_created_at ON post (space_id, created_at);
CREATE INDEX post_created_at ON post (created_at);

CREATE TABLE comment (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  post_id TEXT NOT NULL,
  space_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX comment_post_id_created_at ON comment (post_id, created_at);
CREATE INDEX comment_space_id ON comment (space_id);

CREATE TABLE reaction (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  target_id TEXT NOT NULL,
  space_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  emoji TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX reaction_target_id ON reaction (target_id);
CREATE INDEX reaction_space_id ON reaction (space_id);

CREATE TABLE handover (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  position_id TEXT NOT NULL,
  from_person_id TEXT,
  to_person_id TEXT NOT NULL,
  date TEXT NOT NULL,
  state TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX handover_position_id ON handover (position_id);

CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE outbox (
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
);
CREATE VIRTUAL TABLE person_fts USING fts5(
  name, email, skills, title, place, about,
  content='',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2'
);
CREATE VIRTUAL TABLE position_fts USING fts5(
  title, unit,
  content='',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2'
);
CREATE VIRTUAL TABLE responsibility_fts USING fts5(
  title, keywords, description,
  content='',
  tokenize='unicode61 remove_diacritics 2',
  prefix='1 2'
);
CREATE VIRTUAL TABLE post_fts USING fts5(
  text,
  content='',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE comment_fts USING fts5(
  text,
  content='',
  tokenize='unicode61 remove_diacritics 2'
);
"""

_STEP_2 = """
CREATE TABLE checklist_item (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  org_unit_id TEXT NOT NULL,
  rank INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX checklist_item_org_unit_id_rank ON checklist_item (org_unit_id, rank);

CREATE TABLE checklist_check (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX checklist_check_person_id_item_id ON checklist_check (person_id, item_id);
CREATE INDEX checklist_check_item_id ON checklist_check (item_id);

ALTER TABLE space ADD COLUMN position_id TEXT;
UPDATE space SET position_id = json_extract(body, '$.position_id');
CREATE INDEX space_position_id ON space (position_id);

CREATE INDEX handover_to_person_id ON handover (to_person_id);
CREATE INDEX handover_state_position_id ON handover (state, position_id);
CREATE INDEX org_unit_lead_position_id ON org_unit (lead_position_id);

CREATE TABLE org_stamp (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO org_stamp (id, n) VALUES (1, 0);
CREATE TRIGGER person_stamp_i AFTER INSERT ON person
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER person_stamp_u AFTER UPDATE ON person
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER person_stamp_d AFTER DELETE ON person
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER org_unit_stamp_i AFTER INSERT ON org_unit
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER org_unit_stamp_u AFTER UPDATE ON org_unit
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER org_unit_stamp_d AFTER DELETE ON org_unit
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER position_stamp_i AFTER INSERT ON position
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER position_stamp_u AFTER UPDATE ON position
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER position_stamp_d AFTER DELETE ON position
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER responsibility_stamp_i AFTER INSERT ON responsibility
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER responsibility_stamp_u AFTER UPDATE ON responsibility
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER responsibility_stamp_d AFTER DELETE ON responsibility
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER connection_stamp_i AFTER INSERT ON connection
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER connection_stamp_u AFTER UPDATE ON connection
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER connection_stamp_d AFTER DELETE ON connection
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER handover_stamp_i AFTER INSERT ON handover
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER handover_stamp_u AFTER UPDATE ON handover
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER handover_stamp_d AFTER DELETE ON handover
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_item_stamp_i AFTER INSERT ON checklist_item
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_item_stamp_u AFTER UPDATE ON checklist_item
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_item_stamp_d AFTER DELETE ON checklist_item
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_check_stamp_i AFTER INSERT ON checklist_check
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_check_stamp_u AFTER UPDATE ON checklist_check
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER checklist_check_stamp_d AFTER DELETE ON checklist_check
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER space_stamp_i AFTER INSERT ON space
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER space_stamp_u AFTER UPDATE ON space
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER space_stamp_d AFTER DELETE ON space
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER membership_stamp_i AFTER INSERT ON membership
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER membership_stamp_u AFTER UPDATE ON membership
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER membership_stamp_d AFTER DELETE ON membership
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER post_stamp_i AFTER INSERT ON post
  WHEN NEW.post_kind = 'howto' OR NEW.pinned
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER post_stamp_u AFTER UPDATE ON post
  WHEN NEW.post_kind = 'howto' OR OLD.post_kind = 'howto' OR NEW.pinned OR OLD.pinned
  BEGIN UPDATE org_stamp SET n = n + 1; END;
CREATE TRIGGER post_stamp_d AFTER DELETE ON post
  WHEN OLD.post_kind = 'howto' OR OLD.pinned
  BEGIN UPDATE org_stamp SET n = n + 1; END;
"""

# Index i holds the script that brings user_version from i to i + 1. Append only.
MIGRATIONS: Sequence[str] = (_STEP_1, _STEP_2)
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
