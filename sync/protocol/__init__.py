"""The Kontor protocol: the one source of truth for what crosses the wire.

The server encodes with these types and the client decodes every payload with them, so
the two sides cannot disagree about a field. This package is the only part of sync/
that the server imports (an import-linter contract keeps it so).

- fields.py: field types and caps, ids and times
- records.py: the records of the company network, one Struct per kind
- feed.py: a page of the changes feed, its validation, the live wake-up
- writes.py: request bodies, one per write endpoint
- answers.py: sign-in, server info, peer sites, errors
- paths.py: every path of the HTTP API (server routes, OpenAPI document, client)

The wire vocabulary is re-exported here on purpose: callers write `p.Person` or
`p.HandoverWrite` (with `from sync import protocol as p`) and read the wire types as
one vocabulary, the way one reads a schema. Everything else (paths, rules) is imported
from its own module.
"""

from __future__ import annotations

from sync.protocol.answers import (
    PROTOCOL_VERSION as PROTOCOL_VERSION,
)
from sync.protocol.answers import (
    ErrorBody as ErrorBody,
)
from sync.protocol.answers import (
    Info as Info,
)
from sync.protocol.answers import (
    LoginResponse as LoginResponse,
)
from sync.protocol.answers import (
    SitesAnswer as SitesAnswer,
)
from sync.protocol.answers import (
    SiteStatus as SiteStatus,
)
from sync.protocol.feed import (
    NULL as NULL,
)
from sync.protocol.feed import (
    Change as Change,
)
from sync.protocol.feed import (
    DecodedChange as DecodedChange,
)
from sync.protocol.feed import (
    DecodedPage as DecodedPage,
)
from sync.protocol.feed import (
    DecodedWakeUp as DecodedWakeUp,
)
from sync.protocol.feed import (
    SyncPage as SyncPage,
)
from sync.protocol.feed import (
    WakeUp as WakeUp,
)
from sync.protocol.feed import (
    decode_sync_page as decode_sync_page,
)
from sync.protocol.feed import (
    decode_wake_up as decode_wake_up,
)
from sync.protocol.fields import (
    MAX_ABOUT as MAX_ABOUT,
)
from sync.protocol.fields import (
    MAX_MENTIONS as MAX_MENTIONS,
)
from sync.protocol.fields import (
    MAX_NOTE as MAX_NOTE,
)
from sync.protocol.fields import (
    MAX_SHORT as MAX_SHORT,
)
from sync.protocol.fields import (
    MAX_SYNONYM as MAX_SYNONYM,
)
from sync.protocol.fields import (
    MAX_SYNONYMS as MAX_SYNONYMS,
)
from sync.protocol.fields import (
    MAX_TAGS as MAX_TAGS,
)
from sync.protocol.fields import (
    MAX_TEXT as MAX_TEXT,
)
from sync.protocol.fields import (
    AboutText as AboutText,
)
from sync.protocol.fields import (
    LongText as LongText,
)
from sync.protocol.fields import (
    Millis as Millis,
)
from sync.protocol.fields import (
    NoteText as NoteText,
)
from sync.protocol.fields import (
    Phone as Phone,
)
from sync.protocol.fields import (
    RecordId as RecordId,
)
from sync.protocol.fields import (
    ShortText as ShortText,
)
from sync.protocol.fields import (
    Synonyms as Synonyms,
)
from sync.protocol.fields import (
    Tags as Tags,
)
from sync.protocol.fields import (
    is_uuid as is_uuid,
)
from sync.protocol.fields import (
    is_uuid7 as is_uuid7,
)
from sync.protocol.fields import (
    now_ms as now_ms,
)
from sync.protocol.records import (
    RECORD_TYPES as RECORD_TYPES,
)
from sync.protocol.records import (
    AdoptionGroup as AdoptionGroup,
)
from sync.protocol.records import (
    AdoptionWeek as AdoptionWeek,
)
from sync.protocol.records import (
    AttentionKind as AttentionKind,
)
from sync.protocol.records import (
    ChecklistCheck as ChecklistCheck,
)
from sync.protocol.records import (
    ChecklistItem as ChecklistItem,
)
from sync.protocol.records import (
    Comment as Comment,
)
from sync.protocol.records import (
    Connection as Connection,
)
from sync.protocol.records import (
    Handover as Handover,
)
from sync.protocol.records import (
    HandoverState as HandoverState,
)
from sync.protocol.records import (
    HolderSpell as HolderSpell,
)
from sync.protocol.records import (
    Hub as Hub,
)
from sync.protocol.records import (
    HubAdoption as HubAdoption,
)
from sync.protocol.records import (
    HubAttention as HubAttention,
)
from sync.protocol.records import (
    HubLink as HubLink,
)
from sync.protocol.records import (
    HubReason as HubReason,
)
from sync.protocol.records import (
    HubReasonKind as HubReasonKind,
)
from sync.protocol.records import (
    HubRole as HubRole,
)
from sync.protocol.records import (
    HubRun as HubRun,
)
from sync.protocol.records import (
    HubUnit as HubUnit,
)
from sync.protocol.records import (
    Kind as Kind,
)
from sync.protocol.records import (
    MemberRole as MemberRole,
)
from sync.protocol.records import (
    Membership as Membership,
)
from sync.protocol.records import (
    Op as Op,
)
from sync.protocol.records import (
    OrgUnit as OrgUnit,
)
from sync.protocol.records import (
    Person as Person,
)
from sync.protocol.records import (
    Position as Position,
)
from sync.protocol.records import (
    Post as Post,
)
from sync.protocol.records import (
    PostKind as PostKind,
)
from sync.protocol.records import (
    Reaction as Reaction,
)
from sync.protocol.records import (
    Record as Record,
)
from sync.protocol.records import (
    Responsibility as Responsibility,
)
from sync.protocol.records import (
    Space as Space,
)
from sync.protocol.records import (
    SpaceAccess as SpaceAccess,
)
from sync.protocol.records import (
    SpaceKind as SpaceKind,
)
from sync.protocol.records import (
    UnitKind as UnitKind,
)
from sync.protocol.records import (
    Visibility as Visibility,
)
from sync.protocol.writes import (
    AbsenceWrite as AbsenceWrite,
)
from sync.protocol.writes import (
    ChecklistCheckWrite as ChecklistCheckWrite,
)
from sync.protocol.writes import (
    ChecklistItemWrite as ChecklistItemWrite,
)
from sync.protocol.writes import (
    CommentWrite as CommentWrite,
)
from sync.protocol.writes import (
    ConnectionWrite as ConnectionWrite,
)
from sync.protocol.writes import (
    HandoverWrite as HandoverWrite,
)
from sync.protocol.writes import (
    JobConnectionWrite as JobConnectionWrite,
)
from sync.protocol.writes import (
    LoginRequest as LoginRequest,
)
from sync.protocol.writes import (
    MemberWrite as MemberWrite,
)
from sync.protocol.writes import (
    PostWrite as PostWrite,
)
from sync.protocol.writes import (
    ProfileUpdate as ProfileUpdate,
)
from sync.protocol.writes import (
    ReactionWrite as ReactionWrite,
)
from sync.protocol.writes import (
    ResponsibilityWrite as ResponsibilityWrite,
)
from sync.protocol.writes import (
    Strict as Strict,
)
