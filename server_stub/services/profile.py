"""The caller's own profile and personal connections."""

from __future__ import annotations

import msgspec

from server_stub.errors import ApiError
from server_stub.hubs import publish as hubs_publish
from server_stub.services import audit
from server_stub.services.context import (
    ReadContext,
    WriteContext,
    WriteResult,
    encoder,
    require_local,
)
from server_stub.storage import records
from server_stub.storage.records import EVERYONE, Scope
from sync import protocol as p


def own_person(ctx: ReadContext) -> p.Person:
    person = records.get_one(ctx.conn, "person", p.Person, ctx.person_id)
    if person is None:
        raise ApiError(404, "person_not_found", "Your directory entry is missing.")
    return person


def update_profile(ctx: WriteContext, update: p.ProfileUpdate) -> WriteResult:
    person = own_person(ctx)
    require_local(ctx, person)
    changes = {
        name: getattr(update, name)
        for name in update.__struct_fields__
        if getattr(update, name) is not None and getattr(update, name) != getattr(person, name)
    }
    if not changes:
        return WriteResult(200, encoder.encode(person))
    person = msgspec.structs.replace(
        person, **changes, version=person.version + 1, updated_at=ctx.now
    )
    ctx.put("person", person, EVERYONE)
    if "show_as_hub" in changes:
        # Consent given or taken back: the hub results are published again at once, so
        # the name appears or leaves every client at its next sync (docs/hubs.md).
        audit.record(ctx, "hubs.consent", "person", person.id, show_as_hub=person.show_as_hub)
        seq = hubs_publish.republish(ctx.conn, ctx.server_name, ctx.now, hubs_only=True)
        if seq is not None:
            ctx.note(seq, EVERYONE)
    return WriteResult(200, encoder.encode(person))


def _private_to_another(ctx: WriteContext, connection: p.Connection) -> bool:
    return connection.connection_kind == "personal" and connection.from_id != ctx.person_id


def put_connection(ctx: WriteContext, connection_id: str, body: p.ConnectionWrite) -> WriteResult:
    """A personal connection belongs to its owner alone: only they see it and its note."""
    if body.to_person_id == ctx.person_id:
        raise ApiError(400, "self_connection", "You cannot connect to yourself.")
    if not isinstance(records.get_record(ctx.conn, "person", body.to_person_id), p.Person):
        raise ApiError(404, "person_not_found", "There is no such person.")
    existing = records.get_record(ctx.conn, "connection", connection_id)
    if isinstance(existing, p.Connection) and _private_to_another(ctx, existing):
        # Only its owner sees a personal connection; to anyone else the id is taken
        # by nothing they can know about (services/posts.py: _hidden).
        raise ApiError(404, "not_found", "There is no such connection.")
    if isinstance(existing, p.Connection):
        if existing.from_id != ctx.person_id or existing.connection_kind != "personal":
            raise ApiError(403, "not_owner", "Only the owner can change this connection.")
        if existing.to_id != body.to_person_id:
            raise ApiError(400, "target_immutable", "A connection cannot change its person.")
        if existing.note == body.note:
            return WriteResult(200, encoder.encode(existing))
        connection = msgspec.structs.replace(
            existing, note=body.note, version=existing.version + 1, updated_at=ctx.now
        )
    else:
        connection = p.Connection(
            id=connection_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
            connection_kind="personal", from_id=ctx.person_id, to_id=body.to_person_id,
            note=body.note,
        )
    ctx.put("connection", connection, Scope("person", ctx.person_id))
    return WriteResult(200, encoder.encode(connection))


def delete_connection(ctx: WriteContext, connection_id: str) -> None:
    existing = records.get_record(ctx.conn, "connection", connection_id)
    if not isinstance(existing, p.Connection) or _private_to_another(ctx, existing):
        return  # as for an id never used: nothing to remove
    if existing.from_id != ctx.person_id or existing.connection_kind != "personal":
        raise ApiError(403, "not_owner", "Only the owner can remove this connection.")
    ctx.delete("connection", connection_id, Scope("person", ctx.person_id))
