"""Cache schema step 6, profile photos (docs/protocol.md, Photos).

The digest a person record carries is indexed as the expression PHOTO (a partial index
over the people with a photo), so the photos still to fetch are one index range instead
of a JSON scan of every person; queries must spell it exactly so. person_photo holds
what the server answered for a digest: the 256 px JPEG, or NULL when it has none to
give (a person of another site: `photo_elsewhere`), so that digest is not asked for
again. A row whose digest is no longer the person's is stale: readers join on the
digest, and the triggers drop it when the person goes or their photo is removed.
"""

from __future__ import annotations

PHOTO = "json_extract(body, '$.photo')"

STEP_6 = f"""
CREATE INDEX person_photo_digest ON person ({PHOTO}) WHERE {PHOTO} IS NOT NULL;

CREATE TABLE person_photo (
  person_id TEXT PRIMARY KEY CHECK (length(person_id) = 36),
  digest TEXT NOT NULL,
  image BLOB,
  fetched_at INTEGER NOT NULL
);
CREATE TRIGGER person_photo_gone AFTER DELETE ON person
  BEGIN DELETE FROM person_photo WHERE person_id = OLD.id; END;
CREATE TRIGGER person_photo_removed AFTER UPDATE OF body ON person
  WHEN json_extract(NEW.body, '$.photo') IS NULL
  BEGIN DELETE FROM person_photo WHERE person_id = NEW.id; END;
"""
