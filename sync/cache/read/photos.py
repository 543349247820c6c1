"""Profile photos as this cache holds them (step6.py): only a photo whose digest
is the one the person record carries now is a person's photo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.cache.migrations.step6 import PHOTO

# The person's current digest, spelt as the index has it (step6.py).
_CURRENT = PHOTO.replace("(body", "(p.body")

if TYPE_CHECKING:
    from sync.cache.db import Cache


def photo_of(cache: Cache, person_id: str) -> bytes | None:
    """The person's current photo (a 256 px JPEG), or None: none, or not fetched yet."""
    row = cache.conn.execute(
        "SELECT f.image FROM person p JOIN person_photo f ON f.person_id = p.id "
        f"AND f.digest = {_CURRENT} WHERE p.id = ? AND f.image IS NOT NULL", (person_id,)
    ).fetchone()
    return None if row is None else bytes(row[0])


def photo_digest(cache: Cache, person_id: str) -> str | None:
    """The digest of the person's photo if this cache holds its image, else None: a key
    for drawn avatars that changes when the photo arrives or changes."""
    row = cache.conn.execute(
        f"SELECT f.digest FROM person p JOIN person_photo f ON f.person_id = p.id "
        f"AND f.digest = {_CURRENT} WHERE p.id = ? AND f.image IS NOT NULL", (person_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def photos_wanted(cache: Cache, limit: int) -> list[tuple[str, str]]:
    """(person id, digest) of people whose current photo this cache has not asked for."""
    rows = cache.conn.execute(
        f"SELECT p.id, {_CURRENT} FROM person p LEFT JOIN person_photo f "
        f"ON f.person_id = p.id WHERE {_CURRENT} IS NOT NULL "
        f"AND (f.digest IS NULL OR f.digest != {_CURRENT}) LIMIT ?", (limit,)
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def photo_count(cache: Cache) -> tuple[int, int]:
    """(people with a photo, of those whose photo this cache holds)."""
    row = cache.conn.execute(
        f"SELECT count(*), count(f.image) FROM person p LEFT JOIN person_photo f "
        f"ON f.person_id = p.id AND f.digest = {_CURRENT} WHERE {_CURRENT} IS NOT NULL"
    ).fetchone()
    return int(row[0]), int(row[1])
