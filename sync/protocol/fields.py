"""Field types and caps shared by the records and the request bodies of the protocol.

The caps are the same on both sides: the server rejects longer input, and the client's
composer counts down to them, so a limit is changed in one place. Ids and times are
checked here too, so a record and a request body agree on what an id or a time is.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated

import msgspec

# Field caps shared by both sides: the server rejects longer input, the client's
# composer counts down to them.
MAX_TEXT = 20_000
MAX_SHORT = 200
MAX_NOTE = 2_000
MAX_ABOUT = 4_000
MAX_TAGS = 50
MAX_MENTIONS = 50
# Synonyms of a responsibility: other words people search with (docs/organisation.md).
MAX_SYNONYMS = 30
MAX_SYNONYM = 80

ShortText = Annotated[str, msgspec.Meta(max_length=MAX_SHORT)]
LongText = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
NoteText = Annotated[str, msgspec.Meta(max_length=MAX_NOTE)]
AboutText = Annotated[str, msgspec.Meta(max_length=MAX_ABOUT)]
RecordId = Annotated[str, msgspec.Meta(min_length=36, max_length=36)]
Tags = Annotated[list[ShortText], msgspec.Meta(max_length=MAX_TAGS)]
# A synonym of blanks only would match nothing: the server refuses it (blank_synonym).
Synonym = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SYNONYM)]
Synonyms = Annotated[list[Synonym], msgspec.Meta(max_length=MAX_SYNONYMS)]
Millis = Annotated[int, msgspec.Meta(ge=0)]
# A profile photo's version: 32 lowercase hex digits of the SHA-256 of its image.
PhotoDigest = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{32}$")]


class Phone(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    label: ShortText
    number: Annotated[str, msgspec.Meta(max_length=40)]


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


def now_ms() -> int:
    """Milliseconds since the epoch (UTC), as every timestamp on the wire."""
    return time.time_ns() // 1_000_000
