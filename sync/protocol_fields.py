"""Field types and caps shared by the records and the request bodies of the protocol.

The caps are the same on both sides: the server rejects longer input, and the client's
composer counts down to them, so a limit is changed in one place. Part of sync.protocol
(which re-exports every name here); import them from there.
"""

from __future__ import annotations

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

ShortText = Annotated[str, msgspec.Meta(max_length=MAX_SHORT)]
LongText = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
NoteText = Annotated[str, msgspec.Meta(max_length=MAX_NOTE)]
AboutText = Annotated[str, msgspec.Meta(max_length=MAX_ABOUT)]
RecordId = Annotated[str, msgspec.Meta(min_length=36, max_length=36)]
Tags = Annotated[list[ShortText], msgspec.Meta(max_length=MAX_TAGS)]
Millis = Annotated[int, msgspec.Meta(ge=0)]


class Phone(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    label: ShortText
    number: Annotated[str, msgspec.Meta(max_length=40)]
