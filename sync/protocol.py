"""Wire types of the Kontor protocol: the one source of truth for server and client.

Every record crosses the wire as a msgspec Struct. The server encodes with these types
and the client decodes every payload with them before anything reaches its cache, so a
malformed page is rejected whole instead of half-applied.

Times are integer milliseconds since the epoch (UTC): unambiguous, portable across
SQLite and PostgreSQL and cheap to compare. Calendar dates are ISO dates.

The field types and caps (protocol_fields.py) and the request bodies
(protocol_writes.py) live in modules of their own and are re-exported here, so this
stays the one import point: callers write `p.HandoverWrite` wherever a type is defined.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec

from sync.protocol_fields import MAX_ABOUT as MAX_ABOUT
from sync.protocol_fields import MAX_MENTIONS as MAX_MENTIONS
from sync.protocol_fields import MAX_NOTE as MAX_NOTE
from sync.protocol_fields import MAX_SHORT as MAX_SHORT
from sync.protocol_fields import MAX_TAGS as MAX_TAGS
from sync.protocol_fields import MAX_TEXT as MAX_TEXT
from sync.protocol_fields import AboutText as AboutText
from sync.protocol_fields import LongText as LongText
from sync.protocol_fields import Millis as Millis
from sync.protocol_fields import NoteText as NoteText
from sync.protocol_fields import Phone as Phone
from sync.protocol_fields import RecordId as RecordId
from sync.protocol_fields import ShortText as ShortText
from sync.protocol_fields import Tags as Tags
from sync.protocol_writes import AbsenceWrite as AbsenceWrite
from sync.protocol_writes import ChecklistCheckWrite as ChecklistCheckWrite
from sync.protocol_writes import ChecklistItemWrite as ChecklistItemWrite
from sync.protocol_writes import CommentWrite as CommentWrite
from sync.protocol_writes import ConnectionWrite as ConnectionWrite
from sync.protocol_writes import HandoverWrite as HandoverWrite
from sync.protocol_writes import JobConnectionWrite as JobConnectionWrite
from sync.protocol_writes import LoginRequest as LoginRequest
from sync.protocol_writes import MemberWrite as MemberWrite
from sync.protocol_writes import PostWrite as PostWrite
from sync.protocol_writes import ProfileUpdate as ProfileUpdate
from sync.protocol_writes import ReactionWrite as ReactionWrite
from sync.protocol_writes import ResponsibilityWrite as ResponsibilityWrite
from sync.protocol_writes import Strict as Strict

PROTOCOL_VERSION = 1

Kind = Literal[
    "person",
    "org_unit",
    "position",
    "responsibility",
    "connection",
    "space",
    "membership",
    "post",
    "comment",
    "reaction",
    "handover",
    "checklist_item",
    "checklist_check",
    "space_access",
]
Op = Literal["put", "delete"]


def is_uuid7(value: str) -> bool:
    """True when value is a canonical UUIDv7 string (the ids clients mint offline)."""
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError):
        return False
    return parsed.version == 7 and str(parsed) == value


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, TypeError):
        return False


class Record(msgspec.Struct, frozen=True, kw_only=True):
    """Fields every record carries, wherever it was born."""

    id: RecordId
    origin: ShortText
    version: Annotated[int, msgspec.Meta(ge=1)]
    updated_at: Millis


class Person(Record, frozen=True, kw_only=True):
    given_name: ShortText
    family_name: ShortText
    email: ShortText = ""
    phones: list[Phone] = []
    site: ShortText = ""
    building: ShortText = ""
    room: ShortText = ""
    photo: str | None = None  # small image as a data: URI
    languages: Tags = []
    skills: Tags = []
    about: AboutText = ""
    manager_id: RecordId | None = None
    status: Literal["active", "left"] = "active"

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class OrgUnit(Record, frozen=True, kw_only=True):
    name: ShortText
    unit_kind: Literal["company", "site", "department", "team"]
    parent_id: RecordId | None = None
    site: ShortText = ""
    lead_position_id: RecordId | None = None


class HolderSpell(msgspec.Struct, frozen=True):
    person_id: RecordId
    start: dt.date
    end: dt.date | None = None


class Position(Record, frozen=True, kw_only=True):
    title: ShortText
    org_unit_id: RecordId
    holder_id: RecordId | None = None
    deputy_position_id: RecordId | None = None
    reports_to_id: RecordId | None = None
    absent_from: dt.date | None = None
    absent_to: dt.date | None = None
    history: list[HolderSpell] = []


class Responsibility(Record, frozen=True, kw_only=True):
    title: ShortText
    description: LongText = ""
    keywords: Tags = []
    owner_position_id: RecordId
    deputy_position_id: RecordId | None = None
    howto_post_id: RecordId | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class Connection(Record, frozen=True, kw_only=True):
    """personal: person to person, private to its owner; job: position to position."""

    connection_kind: Literal["personal", "job"]
    from_id: RecordId
    to_id: RecordId
    note: NoteText = ""


class Space(Record, frozen=True, kw_only=True):
    name: ShortText
    description: NoteText = ""
    space_kind: Literal["team", "topic", "site", "announcements"]
    visibility: Literal["company", "site", "members"]
    org_unit_id: RecordId | None = None
    position_id: RecordId | None = None


class Membership(Record, frozen=True, kw_only=True):
    space_id: RecordId
    person_id: RecordId
    role: Literal["member", "moderator"] = "member"


class Post(Record, frozen=True, kw_only=True):
    space_id: RecordId
    author_id: RecordId
    post_kind: Literal["post", "howto", "announcement"] = "post"
    text: LongText
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []
    pinned: bool = False
    created_at: Millis
    edited_at: Millis | None = None


class Comment(Record, frozen=True, kw_only=True):
    post_id: RecordId
    space_id: RecordId
    author_id: RecordId
    text: LongText
    mentions: Annotated[list[RecordId], msgspec.Meta(max_length=MAX_MENTIONS)] = []
    created_at: Millis


class Reaction(Record, frozen=True, kw_only=True):
    target_id: RecordId
    space_id: RecordId
    person_id: RecordId
    emoji: Annotated[str, msgspec.Meta(min_length=1, max_length=16)]


class Handover(Record, frozen=True, kw_only=True):
    position_id: RecordId
    from_person_id: RecordId | None = None
    to_person_id: RecordId
    date: dt.date
    note: LongText = ""
    state: Literal["scheduled", "done", "cancelled"] = "scheduled"
    transferred: list[RecordId] = []


class ChecklistItem(Record, frozen=True, kw_only=True):
    """One step of a unit's onboarding checklist, kept by the unit lead."""

    org_unit_id: RecordId
    title: ShortText
    description: NoteText = ""
    rank: int = 0  # order within the unit's list, smallest first


class ChecklistCheck(Record, frozen=True, kw_only=True):
    """One person ticked one checklist item; only that person sees it."""

    item_id: RecordId
    person_id: RecordId
    done_at: Millis


class SpaceAccess(msgspec.Struct, frozen=True, kw_only=True):
    """Body-less marker: op=delete means "you lost this space, purge what you hold of it"."""

    space_id: RecordId


RECORD_TYPES: dict[str, type[msgspec.Struct]] = {
    "person": Person,
    "org_unit": OrgUnit,
    "position": Position,
    "responsibility": Responsibility,
    "connection": Connection,
    "space": Space,
    "membership": Membership,
    "post": Post,
    "comment": Comment,
    "reaction": Reaction,
    "handover": Handover,
    "checklist_item": ChecklistItem,
    "checklist_check": ChecklistCheck,
    "space_access": SpaceAccess,
}


# --- the changes feed -------------------------------------------------------------


NULL = msgspec.Raw(b"null")


class Change(msgspec.Struct, frozen=True):
    """One entry of the feed; body is the whole record for put, null for delete."""

    seq: Annotated[int, msgspec.Meta(ge=1)]
    kind: Kind
    id: RecordId
    op: Op
    body: msgspec.Raw = NULL  # the record for put; null for delete


class SyncPage(msgspec.Struct, frozen=True, omit_defaults=True):
    changes: list[Change]
    cursor: str
    more: bool
    # Visible changes after this page; only when asked for (count=1), for progress bars.
    remaining: int | None = None


class DecodedChange(msgspec.Struct, frozen=True):
    seq: int
    kind: str
    id: str
    op: str
    record: msgspec.Struct | None


_page_decoder = msgspec.json.Decoder(SyncPage)
_body_decoders = {kind: msgspec.json.Decoder(t) for kind, t in RECORD_TYPES.items()}


class DecodedPage(msgspec.Struct, frozen=True):
    changes: list[DecodedChange]
    cursor: str
    more: bool
    remaining: int | None = None


def decode_sync_page(data: bytes) -> DecodedPage:
    """Decode and validate a whole page; raises msgspec.ValidationError/DecodeError.

    All or nothing: one bad change rejects the page, so the cache never half-applies.
    """
    page = _page_decoder.decode(data)
    out: list[DecodedChange] = []
    last_seq = 0
    for change in page.changes:
        if change.seq <= last_seq:
            raise msgspec.ValidationError("feed sequence numbers must increase")
        last_seq = change.seq
        record = None
        if change.op == "put" or change.kind == "space_access":
            if bytes(change.body).strip() in (b"", b"null"):
                raise msgspec.ValidationError(f"put of {change.kind} without a body")
            record = _body_decoders[change.kind].decode(change.body)
            if change.kind != "space_access" and getattr(record, "id", change.id) != change.id:
                raise msgspec.ValidationError("change id and body id differ")
        record_id = change.id
        if isinstance(record, SpaceAccess):
            # On the client an access marker is known by the space it is about.
            record_id = record.space_id
        out.append(DecodedChange(change.seq, change.kind, record_id, change.op, record))
    return DecodedPage(out, page.cursor, page.more, page.remaining)


# --- answers (the request bodies are in protocol_writes.py) ------------------------


class LoginResponse(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    device_id: str
    person_id: str | None
    username: str
    server_name: str
    is_admin: bool = False


class Info(msgspec.Struct, frozen=True, kw_only=True):
    server_name: str
    protocol_version: int
    product: str = "kontor"


class SiteStatus(msgspec.Struct, frozen=True, kw_only=True):
    """One peer site as its users need to know it: no URL, key or error text."""

    name: str
    state: Literal["ok", "stale", "never"]
    last_success_at: int | None  # ms of the last successful pull; None: never pulled


class SitesAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """GET /api/v1/sites: this server's name and how current each peer's data is."""

    server_name: str
    peers: list[SiteStatus]


class ErrorBody(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    error: str
    message: str
    current: msgspec.Raw | None = None


class WakeUp(msgspec.Struct, frozen=True):
    seq: int


def now_ms() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() * 1000)
