"""Fetched profile photos into the cache (read/photos.py reads them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.cache.db import Cache


def store_photos(cache: Cache, fetched: list[tuple[str, str, bytes | None]], now: int) -> None:
    """(person id, digest, image or None: the server has none for it), in one transaction.

    A digest that is no longer the person's by now (a newer record arrived while the
    image was on its way) is stored all the same: readers join on the current digest,
    and the next round asks for the new one.
    """
    with cache.transaction() as conn:
        conn.executemany(
            "INSERT INTO person_photo (person_id, digest, image, fetched_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(person_id) DO UPDATE SET "
            "digest = excluded.digest, image = excluded.image, fetched_at = excluded.fetched_at",
            [(person_id, digest, image, now) for person_id, digest, image in fetched])
