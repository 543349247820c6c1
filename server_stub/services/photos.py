"""Profile photos: set and remove one's own, read anyone's one may see.

The person record carries the photo's digest in `photo` (its version); the image
itself stays out of the feed, so an initial sync does not carry every face of the
company, and a client fetches a photo once per digest (GET /api/v1/people/{id}/photo,
with the digest as ETag).
"""

from __future__ import annotations

import msgspec

from server_stub.errors import ApiError
from server_stub.services.context import (
    ReadContext,
    WriteContext,
    WriteResult,
    encoder,
    require_local,
)
from server_stub.services.photo_image import NormalisedPhoto
from server_stub.services.profile import own_person
from server_stub.storage import photos, records
from server_stub.storage.photos import StoredPhoto
from server_stub.storage.records import EVERYONE
from sync import protocol as p


def set_person_photo(ctx: WriteContext, person: p.Person, photo: NormalisedPhoto) -> bool:
    """Store the photo and bump the record if its digest changed; False if unchanged."""
    stored = photos.get_photo(ctx.conn, person.id)
    if stored is not None and stored.digest == photo.digest and person.photo == photo.digest:
        return False
    photos.put_photo(ctx.conn, person.id, photo.digest, photo.image, photo.thumb, ctx.now)
    if person.photo != photo.digest:
        ctx.put("person", msgspec.structs.replace(
            person, photo=photo.digest, version=person.version + 1, updated_at=ctx.now),
            EVERYONE)
    return True


def put_own_photo(ctx: WriteContext, photo: NormalisedPhoto) -> WriteResult:
    person = own_person(ctx)
    require_local(ctx, person)
    set_person_photo(ctx, person, photo)
    return WriteResult(200, encoder.encode(own_person(ctx)))


def delete_own_photo(ctx: WriteContext) -> WriteResult:
    person = own_person(ctx)
    require_local(ctx, person)
    photos.delete_photo(ctx.conn, person.id)
    if person.photo is not None:
        person = msgspec.structs.replace(
            person, photo=None, version=person.version + 1, updated_at=ctx.now)
        ctx.put("person", person, EVERYONE)
    return WriteResult(200, encoder.encode(person))


def person_photo(ctx: ReadContext, person_id: str) -> StoredPhoto:
    """A person's photo for whoever may see the person; 404 alike for a person one may
    not see, one without a photo, and one whose photo lives on another site."""
    if not photos.visible_person(ctx.conn, person_id, ctx.caller.person_id):
        raise ApiError(404, "person_not_found", "There is no such person.")
    stored = photos.get_photo(ctx.conn, person_id)
    if stored is None:
        person = records.get_one(ctx.conn, "person", p.Person, person_id)
        if person is not None and person.photo is not None and person.origin != ctx.server_name:
            raise ApiError(404, "photo_elsewhere",
                           f"This person's photo is kept by {person.origin}.")
        raise ApiError(404, "no_photo", "This person has no photo.")
    return stored
