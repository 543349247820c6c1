"""Cache schema step 5, profile photos (docs/protocol.md, Photos).

person.photo is the digest the person record carries (a column, so the photos still to
fetch are one index range instead of a JSON scan of every person). person_photo holds
what the server answered for a digest: the 256 px JPEG, or NULL when it has none to
give (a person of another site: `photo_elsewhere`), so that digest is not asked for
again. A row whose digest is no longer the person's is stale: readers join on the
digest, and the triggers drop it when the person goes or their photo is removed.
"""

from __future__ import annotations

STEP_PHOTOS = """
ALTER TABLE person ADD COLUMN photo TEXT;
UPDATE person SET photo = json_extract(body, '$.photo');
CREATE INDEX person_photo_digest ON person (photo) WHERE photo IS NOT NULL;

CREATE TABLE person_photo (
  person_id TEXT PRIMARY KEY CHECK (length(person_id) = 36),
  digest TEXT NOT NULL,
  image BLOB,
  fetched_at INTEGER NOT NULL
);
CREATE TRIGGER person_photo_gone AFTER DELETE ON person
  BEGIN DELETE FROM person_photo WHERE person_id = OLD.id; END;
CREATE TRIGGER person_photo_removed AFTER UPDATE OF photo ON person
  WHEN NEW.photo IS NULL
  BEGIN DELETE FROM person_photo WHERE person_id = NEW.id; END;
"""
