"""Cache schema step 4: the information hubs (docs/hubs.md).

The four hub tables hold the results of one run of the server's analysis. run_id is a
column so that a new hub_run drops every record of another run in one statement
(apply.py): hub records against hub_run.run_id, unit map and attention records against
hub_run.map_run_id. The lists (reasons, links, gaps) stay in the body.
"""

from __future__ import annotations

STEP_4 = """
CREATE TABLE hub_run (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  map_run_id TEXT NOT NULL,
  body TEXT NOT NULL
);

CREATE TABLE hub (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  person_id TEXT,
  unit_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX hub_run_id ON hub (run_id);
CREATE INDEX hub_person_id ON hub (person_id);

CREATE TABLE hub_unit (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX hub_unit_run_id ON hub_unit (run_id);

CREATE TABLE hub_attention (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  attention_kind TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX hub_attention_run_id ON hub_attention (run_id);
"""
