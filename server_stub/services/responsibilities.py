"""What belongs to a job rather than a person: its responsibilities, its holder's
absence, and its job contacts. All company-visible; all stay with the position when
its holder changes.

Rights (services/org_rules.py): the holder of the position, a lead above it, an admin.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from server_stub.errors import ApiError
from server_stub.services import audit, org_rules, spaces
from server_stub.services.context import WriteContext, WriteResult, encoder, require_local
from server_stub.storage import records
from server_stub.storage.records import EVERYONE
from sync import protocol as p

# Dates of responsibilities and absences lie in these years: a typo such as 0202 or
# 2206 would otherwise put a duty or an absence out of reach of every screen.
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    for day in (start, end):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ApiError(400, "invalid_dates",
                           f"Dates lie from {FIRST_DAY} to {LAST_DAY}.")
    if start is not None and end is not None and end < start:
        raise ApiError(400, "invalid_dates", "The end date lies before the start date.")


def _check_version(record: p.Record, if_match: int | None) -> None:
    """Edits name the version they change, like posts (docs/protocol.md)."""
    version = record.version
    if if_match is None:
        raise ApiError(428, "version_required",
                       "Editing needs the version you edit (If-Match header).",
                       current=encoder.encode(record))
    if if_match != version:
        raise ApiError(409, "version_conflict",
                       f"This was changed meanwhile (now version {version}).",
                       current=encoder.encode(record))


def _check_howto(ctx: WriteContext, post_id: str | None) -> None:
    """A responsibility is seen by the whole company, so its how-to may not be a post
    only some can read.

    A post the caller cannot see answers as one that does not exist; one they can see
    but that lives in a members-only space is refused by name, so a company-wide record
    never points at (and so reveals) a post most readers cannot open. A site's space is
    open to everyone at the site, where the duty is done.
    """
    if post_id is None:
        return
    post = records.get_record(ctx.conn, "post", post_id)
    if not isinstance(post, p.Post) or not spaces.may_see(ctx, post.space_id):
        raise ApiError(404, "howto_not_found", "There is no such how-to post.")
    if spaces.get_space(ctx, post.space_id).visibility == "members":
        raise ApiError(400, "howto_not_public",
                       "The how-to post is in a members-only space; link a post of a "
                       "space open to the company or the site.")


def _check_synonyms(synonyms: list[str]) -> None:
    """A synonym is found by its words; one of blanks only has none."""
    for index, synonym in enumerate(synonyms):
        if not synonym.strip():
            raise ApiError(400, "blank_synonym",
                           f"The synonym at `$.synonyms[{index}]` is blank; give a word "
                           "or leave it out.")


def put_responsibility(ctx: WriteContext, record_id: str, body: p.ResponsibilityWrite,
                       if_match: int | None) -> WriteResult:
    _check_dates(body.valid_from, body.valid_to)
    _check_synonyms(body.synonyms)
    owner = org_rules.get_position(ctx, body.owner_position_id)
    if body.deputy_position_id is not None:
        org_rules.get_position(ctx, body.deputy_position_id)
    existing = records.get_record(ctx.conn, "responsibility", record_id)
    fields = {name: getattr(body, name) for name in body.__struct_fields__}
    if isinstance(existing, p.Responsibility):
        require_local(ctx, existing)
        org_rules.require_position_editor(
            ctx, org_rules.get_position(ctx, existing.owner_position_id))
        if all(getattr(existing, k) == v for k, v in fields.items()):
            return WriteResult(200, encoder.encode(existing))
        _check_version(existing, if_match)
        if body.howto_post_id != existing.howto_post_id:
            _check_howto(ctx, body.howto_post_id)
        if existing.owner_position_id != owner.id:
            org_rules.require_position_editor(ctx, owner)  # the right on both ends
        responsibility = msgspec.structs.replace(
            existing, **fields, version=existing.version + 1, updated_at=ctx.now)
    else:
        if records.is_tombstone(ctx.conn, "responsibility", record_id):
            raise ApiError(410, "deleted", "This responsibility was deleted.")
        org_rules.require_position_editor(ctx, owner)
        _check_howto(ctx, body.howto_post_id)
        responsibility = p.Responsibility(
            id=record_id, origin=ctx.server_name, version=1, updated_at=ctx.now, **fields)
    ctx.put("responsibility", responsibility, EVERYONE)
    audit.record(ctx, "responsibility.put", "responsibility", record_id,
                 owner_position_id=owner.id, version=responsibility.version)
    return WriteResult(200, encoder.encode(responsibility))


def delete_responsibility(ctx: WriteContext, record_id: str) -> None:
    existing = records.get_record(ctx.conn, "responsibility", record_id)
    if not isinstance(existing, p.Responsibility):
        return  # deleting twice, or what never was, changes nothing
    require_local(ctx, existing)
    org_rules.require_editor_of(ctx, existing.owner_position_id)
    ctx.delete("responsibility", record_id, EVERYONE)
    audit.record(ctx, "responsibility.delete", "responsibility", record_id,
                 owner_position_id=existing.owner_position_id)


def put_absence(ctx: WriteContext, position_id: str, body: p.AbsenceWrite) -> WriteResult:
    """Mark the holder of a position away (both dates null: back again)."""
    _check_dates(body.absent_from, body.absent_to)
    position = org_rules.get_position(ctx, position_id)
    org_rules.require_position_editor(ctx, position)
    require_local(ctx, position)
    if (position.absent_from, position.absent_to) == (body.absent_from, body.absent_to):
        return WriteResult(200, encoder.encode(position))
    position = msgspec.structs.replace(
        position, absent_from=body.absent_from, absent_to=body.absent_to,
        version=position.version + 1, updated_at=ctx.now)
    ctx.put("position", position, EVERYONE)
    audit.record(ctx, "position.absence", "position", position_id,
                 absent_from=_iso(body.absent_from), absent_to=_iso(body.absent_to))
    return WriteResult(200, encoder.encode(position))


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _job_connection(ctx: WriteContext, record_id: str) -> p.Connection | None:
    existing = records.get_record(ctx.conn, "connection", record_id)
    if not isinstance(existing, p.Connection):
        return None
    if existing.connection_kind != "job":
        raise ApiError(403, org_rules.NOT_ALLOWED, "This is not a job connection.")
    require_local(ctx, existing)
    return existing


def put_job_connection(ctx: WriteContext, record_id: str, body: p.JobConnectionWrite) -> (
    WriteResult
):
    """A contact of the job: company-visible, its note is the holder's note on it."""
    if body.from_position_id == body.to_position_id:
        raise ApiError(400, "self_connection", "A position cannot be its own contact.")
    source = org_rules.get_position(ctx, body.from_position_id)
    org_rules.get_position(ctx, body.to_position_id)
    org_rules.require_position_editor(ctx, source)
    existing = _job_connection(ctx, record_id)
    if existing is not None:
        if (existing.from_id, existing.to_id) != (body.from_position_id, body.to_position_id):
            raise ApiError(400, "target_immutable", "A connection cannot change its ends.")
        if existing.note == body.note:
            return WriteResult(200, encoder.encode(existing))
        connection = msgspec.structs.replace(
            existing, note=body.note, version=existing.version + 1, updated_at=ctx.now)
    else:
        if records.is_tombstone(ctx.conn, "connection", record_id):
            raise ApiError(410, "deleted", "This connection was deleted.")
        connection = p.Connection(
            id=record_id, origin=ctx.server_name, version=1, updated_at=ctx.now,
            connection_kind="job", from_id=source.id, to_id=body.to_position_id,
            note=body.note)
    ctx.put("connection", connection, EVERYONE)
    audit.record(ctx, "job_connection.put", "connection", record_id,
                 from_position_id=connection.from_id, to_position_id=connection.to_id,
                 version=connection.version)
    return WriteResult(200, encoder.encode(connection))


def delete_job_connection(ctx: WriteContext, record_id: str) -> None:
    existing = _job_connection(ctx, record_id)
    if existing is None:
        return
    org_rules.require_editor_of(ctx, existing.from_id)
    ctx.delete("connection", record_id, EVERYONE)
    audit.record(ctx, "job_connection.delete", "connection", record_id,
                 from_position_id=existing.from_id, to_position_id=existing.to_id)
