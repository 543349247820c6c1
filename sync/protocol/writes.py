"""Request bodies of the protocol: what a client sends to create or change something.

Every body is Strict: an unknown field is an error rather than silently dropped, so a
client built against another protocol version finds out at once. Each write's
docstring names its endpoint and rule; the server validates a body with these types
before any service runs, and the client's outbox stores the same encoding.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from sync.protocol.fields import (
    MAX_MENTIONS,
    MAX_SHORT,
    MAX_TEXT,
    AboutText,
    LongText,
    NoteText,
    Phone,
    RecordId,
    ShortText,
    Synonyms,
    Tags,
)
from sync.protocol.records import MemberRole, PostKind


class Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Request bodies: unknown fields are an error, not silently dropped."""


class LoginRequest(Strict, frozen=True, kw_only=True):
    username: ShortText
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    device_name: ShortText = "device"


class PostWrite(Strict, frozen=True, kw_only=True):
    space_id: RecordId
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT)]
    post_kind: PostKind = "post"
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []


class CommentWrite(Strict, frozen=True, kw_only=True):
    post_id: RecordId
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TEXT)]
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []


class ReactionWrite(Strict, frozen=True, kw_only=True):
    target_id: RecordId
    emoji: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]


class ProfileUpdate(Strict, frozen=True, kw_only=True):
    """Own profile: only the fields given change."""

    about: AboutText | None = None
    skills: Tags | None = None
    phones: Annotated[list[Phone], msgspec.Meta(max_length=10)] | None = None
    room: ShortText | None = None
    building: ShortText | None = None
    languages: Tags | None = None
    show_as_hub: bool | None = None  # consent to be named in the hub results (docs/hubs.md)


class ConnectionWrite(Strict, frozen=True, kw_only=True):
    to_person_id: RecordId
    note: NoteText = ""


class MemberWrite(Strict, frozen=True, kw_only=True):
    role: MemberRole = "member"


class ResponsibilityWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/responsibilities/{id}: create, or edit with If-Match: <version>."""

    title: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SHORT)]
    description: LongText = ""
    keywords: Tags = []
    synonyms: Synonyms = []
    owner_position_id: RecordId
    deputy_position_id: RecordId | None = None
    howto_post_id: RecordId | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AbsenceWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/positions/{id}/absence: both null clears the absence."""

    absent_from: dt.date | None = None
    absent_to: dt.date | None = None


class JobConnectionWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/job-connections/{id}: a contact that belongs to the job, not the person."""

    from_position_id: RecordId
    to_position_id: RecordId
    note: NoteText = ""


class HandoverWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/handovers/{id}: applied at once when date is today or earlier,
    otherwise scheduled and applied by the server on that date."""

    position_id: RecordId
    to_person_id: RecordId
    date: dt.date
    note: LongText = ""


class ChecklistItemWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/checklist-items/{id}: the unit lead (or an admin) keeps the list."""

    org_unit_id: RecordId
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SHORT)]
    description: NoteText = ""
    rank: Annotated[int, msgspec.Meta(ge=0, le=10_000)] = 0


class ChecklistCheckWrite(Strict, frozen=True, kw_only=True):
    """PUT /api/v1/checklist-checks/{id}: the caller ticks an item of their own list."""

    item_id: RecordId
