"""Cache schema step 7: the Community figures (docs/hubs.md).

hub_adoption holds the weekly figures of the company, its units and its sites that only
community managers receive; like the other hub results it belongs to one run (run_id,
the hub_run's map_run_id) and a new run drops the others (apply.py). The weeks stay in
the body.
"""

from __future__ import annotations

STEP_7 = """
CREATE TABLE hub_adoption (
  n INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
  origin TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  group_kind TEXT NOT NULL,
  unit_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX hub_adoption_run_id ON hub_adoption (run_id);
"""
