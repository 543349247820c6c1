"""The changes feed on the wire: a page of changes, its validation, and the live wake-up.

A page is decoded and validated whole (every body against its record type, increasing
sequence numbers) before anything is applied, so a malformed page is rejected whole
instead of half-applied.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from sync.protocol.fields import RecordId
from sync.protocol.records import RECORD_TYPES, Kind, Op, SpaceAccess

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


class WakeUp(msgspec.Struct, frozen=True):
    seq: int
