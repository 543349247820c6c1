"""`kontor-server import --photos DIR`: HR's or IT's photos, one file per person.

A file is named by the person's HR key (`E-0004.jpg`; .jpeg, .png and .webp too) and
goes through the same checks as an upload (services/photo_image.py): byte and pixel
caps, a whole image, re-encoded without metadata. Decoding happens before any lock is
taken; photos are then written in small transactions (admin_write), so a running
server's writes never wait for a folder of thousands of photos. A photo whose
re-encoding equals the stored one writes nothing, so a nightly run over the same
folder leaves the feed alone. The directory's own photos (LDAP jpegPhoto) take the same
path (`import_photo_sources`), named by the entry's HR key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import sqlalchemy as sa

from server_stub.services.photo_image import NormalisedPhoto, PhotoRefused, normalise
from server_stub.storage import accounts, import_keys, photos, records
from server_stub.storage import tables as t
from server_stub.storage.engine import admin_write
from server_stub.storage.records import EVERYONE
from sync import protocol as p

SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
BATCH = 100  # photos decoded, then written in one short transaction
ACTOR = "cli"


class RefusedPhoto(msgspec.Struct, frozen=True):
    file: str
    error: str
    message: str


class PhotoSummary(msgspec.Struct, kw_only=True):
    loaded: int = 0
    unchanged: int = 0
    refused: list[RefusedPhoto] = []


@dataclass(frozen=True, slots=True)
class PhotoSource:
    """One photo to load: what the summary calls it (a file name, an entry), whose it is
    (the HR key), and how to get its size and bytes (a file is read only if it fits)."""

    name: str
    key: str
    size: Callable[[], int]
    read: Callable[[], bytes]


def photo_files(folder: Path) -> list[Path]:
    """The candidate files, sorted; other files (a README, Thumbs.db) are not photos."""
    return sorted(path for path in folder.iterdir()
                  if path.is_file() and path.suffix.lower() in SUFFIXES)


def _file(path: Path) -> PhotoSource:
    return PhotoSource(path.name, path.stem.strip(), lambda: path.stat().st_size,
                       path.read_bytes)


def _in_memory(key: str, data: bytes) -> PhotoSource:
    return PhotoSource(key, key, lambda: len(data), lambda: data)


def file_sources(folder: Path) -> list[PhotoSource]:
    return [_file(path) for path in photo_files(folder)]


def byte_sources(photos_by_key: dict[str, bytes]) -> list[PhotoSource]:
    """Photos already in memory (the directory's), named by HR key."""
    return [_in_memory(key, data) for key, data in sorted(photos_by_key.items())]


def _decoded(sources: Iterable[PhotoSource], person_of: dict[str, str], max_bytes: int,
             max_pixels: int, summary: PhotoSummary) -> Iterator[tuple[str, NormalisedPhoto]]:
    seen: dict[str, str] = {}
    for source in sources:
        key = source.key
        person_id = person_of.get(key)
        if person_id is None:
            summary.refused.append(RefusedPhoto(
                source.name, "unknown_key", f"no imported person has the key {key!r}"))
            continue
        if key in seen:
            summary.refused.append(RefusedPhoto(
                source.name, "duplicate_key", f"{seen[key]} is this person's photo already"))
            continue
        seen[key] = source.name
        try:
            if source.size() > max_bytes:  # never read a huge file into memory
                raise PhotoRefused("photo_too_large",
                                   f"A photo may have at most {max_bytes // 1024} KiB.")
            yield person_id, normalise(source.read(), max_bytes=max_bytes,
                                       max_pixels=max_pixels)
        except PhotoRefused as exc:
            summary.refused.append(RefusedPhoto(source.name, exc.code, exc.message))
        except OSError as exc:
            summary.refused.append(RefusedPhoto(source.name, "unreadable",
                                                exc.strerror or "cannot be read"))


def _write(conn: sa.Connection, batch: list[tuple[str, NormalisedPhoto]], now: int,
           summary: PhotoSummary, dry_run: bool, only_missing: bool = False) -> None:
    stored = photos.photo_digests(conn, [person_id for person_id, _ in batch])
    people = {person.id: person for person in records.get_typed(
        conn, "person", p.Person, t.person.c.id.in_([person_id for person_id, _ in batch]))}
    for person_id, photo in batch:
        person = people.get(person_id)
        if person is None:
            continue  # cannot happen: import keys name records
        if (stored.get(person_id) == photo.digest and person.photo == photo.digest) or (
                only_missing and person.photo is not None):
            summary.unchanged += 1
            continue
        summary.loaded += 1
        if dry_run:
            continue
        photos.put_photo(conn, person_id, photo.digest, photo.image, photo.thumb, now)
        if person.photo != photo.digest:
            records.put_record(conn, "person", msgspec.structs.replace(
                person, photo=photo.digest, version=person.version + 1, updated_at=now),
                EVERYONE)


def import_photos(engine: sa.Engine, folder: Path, *, now: int, max_bytes: int,
                  max_pixels: int, dry_run: bool) -> PhotoSummary:
    return import_photo_sources(engine, file_sources(folder), now=now, max_bytes=max_bytes,
                                max_pixels=max_pixels, dry_run=dry_run)


def import_photo_sources(engine: sa.Engine, sources: Iterable[PhotoSource], *, now: int,
                         max_bytes: int, max_pixels: int, dry_run: bool,
                         only_missing: bool = False) -> PhotoSummary:
    """only_missing: give a photo only to people who have none (the directory's photos
    never replace one a person chose)."""
    summary = PhotoSummary()
    with engine.connect() as conn:
        person_of = {key: record_id for (kind, key), record_id
                     in import_keys.get_import_keys(conn).items() if kind == "person"}
    decoded = _decoded(sources, person_of, max_bytes, max_pixels, summary)
    while batch := [item for _, item in zip(range(BATCH), decoded, strict=False)]:
        if dry_run:
            with engine.connect() as conn:
                _write(conn, batch, now, summary, True, only_missing)
            continue
        with admin_write(engine) as conn:
            _write(conn, batch, now, summary, False, only_missing)
    if not dry_run:
        with admin_write(engine) as conn:
            accounts.audit(conn, now, ACTOR, "directory.photos", "directory", "", {
                "loaded": summary.loaded, "unchanged": summary.unchanged,
                "refused": len(summary.refused)})
    return summary


def photo_summary_text(summary: PhotoSummary, dry_run: bool) -> str:
    verb = "would be loaded" if dry_run else "loaded"
    lines = [f"photos: {summary.loaded} {verb}, {summary.unchanged} unchanged, "
             f"{len(summary.refused)} refused"]
    lines.extend(f"  {r.file}: {r.error} ({r.message})" for r in summary.refused)
    return "\n".join(lines)
