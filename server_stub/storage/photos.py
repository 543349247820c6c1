"""Profile photos: one row per person with a photo (tables.person_photo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa

from server_stub.storage import tables as t
from server_stub.storage.feed import visible_to


class PhotoRow(Protocol):
    """What a stored photo consists of (services/photo_image.NormalisedPhoto is one)."""

    @property
    def digest(self) -> str: ...
    @property
    def image(self) -> bytes: ...
    @property
    def thumb(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    digest: str
    image: bytes
    thumb: bytes


def get_photo(conn: sa.Connection, person_id: str) -> StoredPhoto | None:
    row = conn.execute(
        sa.select(t.person_photo.c.digest, t.person_photo.c.image, t.person_photo.c.thumb)
        .where(t.person_photo.c.person_id == person_id)
    ).first()
    return None if row is None else StoredPhoto(row.digest, bytes(row.image), bytes(row.thumb))


def photo_digests(conn: sa.Connection, person_ids: list[str]) -> dict[str, str]:
    """The digest of each of these people's stored photos (for the bulk import)."""
    found: dict[str, str] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start:start + 500]
        found.update((person_id, digest) for person_id, digest in conn.execute(
            sa.select(t.person_photo.c.person_id, t.person_photo.c.digest)
            .where(t.person_photo.c.person_id.in_(chunk))))
    return found


def put_photo(conn: sa.Connection, person_id: str, digest: str, image: bytes, thumb: bytes,
              now: int) -> None:
    values = {"digest": digest, "image": image, "thumb": thumb, "updated_at": now}
    updated = conn.execute(
        sa.update(t.person_photo).where(t.person_photo.c.person_id == person_id).values(**values))
    if updated.rowcount == 0:
        conn.execute(sa.insert(t.person_photo).values(person_id=person_id, **values))


def bulk_put_photos(conn: sa.Connection, items: list[tuple[str, PhotoRow]], now: int) -> None:
    """New photos of people who have none yet (the demo loader)."""
    if items:
        conn.execute(sa.insert(t.person_photo), [
            {"person_id": person_id, "digest": photo.digest, "image": photo.image,
             "thumb": photo.thumb, "updated_at": now} for person_id, photo in items])


def delete_photo(conn: sa.Connection, person_id: str) -> bool:
    return conn.execute(
        sa.delete(t.person_photo).where(t.person_photo.c.person_id == person_id)
    ).rowcount > 0


def visible_person(conn: sa.Connection, person_id: str, viewer_id: str | None) -> bool:
    """Whether the person's record is in what viewer may read of the feed (feed.visible_to)."""
    return conn.execute(
        sa.select(sa.literal(1)).select_from(t.change).where(
            t.change.c.kind == "person", t.change.c.record_id == person_id,
            t.change.c.op == "put", visible_to(viewer_id))
    ).first() is not None
