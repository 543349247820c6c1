"""Cache schema step 1: the record tables, sync state, outbox and search index, as shipped.

Kept in a file of its own because a released step never changes (migrations.py runs
the steps in order and explains why they are append-only); the step under work and the
runner change, this does not.

Schema notes:
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
"""

from __future__ import annotations

# Step 1, exactly as shipped. Literal SQL on purpose: generating it from Python
# would let a later edit of the generator change a released step.
STEP_1 = """
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
