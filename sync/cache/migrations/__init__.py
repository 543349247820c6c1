"""Numbered, append-only schema migrations of the cache; the version is PRAGMA user_version.

Why append-only: a user's cache may be at any earlier version, so each step must stay
exactly as it shipped. Never edit a released step; add the next one. A cache written by
a newer Kontor is refused (CacheTooNewError), never "repaired": its data may rely on
rules this version does not know.

Schema notes (step 1): see migration_step1.py.

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

Schema notes (step 4, information hubs): see step4.py.

Schema notes (step 5, synonyms of responsibilities in the search index): see step5.py.
Schema notes (step 6, profile photos): see step6.py.
Schema notes (step 7, the Community figures): see step7.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sync.cache.errors import CacheError, CacheTooNewError
from sync.cache.migrations.step1 import STEP_1
from sync.cache.migrations.step4 import STEP_4
from sync.cache.migrations.step5 import STEP_5
from sync.cache.migrations.step6 import STEP_6
from sync.cache.migrations.step7 import STEP_7
from sync.cache.migrations.store import STEP_3, carry_into_store

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

# Step 3 (the store): the outbox and the account leave the replica for store.db
# (migrations/store.py); carry_into_store copies them there, in a transaction of its
# own, before the step drops them here.

# Index i holds the script that brings user_version from i to i + 1. Append only.
MIGRATIONS: Sequence[str] = (STEP_1, _STEP_2, STEP_3, STEP_4, STEP_5, STEP_6, STEP_7)
# Run (in their own transaction) before the step of that index.
_BEFORE: dict[int, Callable[[Any], None]] = {2: carry_into_store}
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
        if version in _BEFORE:
            _BEFORE[version](conn)
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version + 1};")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found
