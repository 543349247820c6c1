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
    return DecodedPage(_validated(page.changes), page.cursor, page.more, page.remaining)


def _validated(changes: list[Change]) -> list[DecodedChange]:
    """Every body decoded against its record type, the seqs increasing."""
    out: list[DecodedChange] = []
    last_seq = 0
    for change in changes:
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
    return out


class WakeUp(msgspec.Struct, frozen=True, omit_defaults=True):
    """The feed reached seq. When the server could give every socket it woke the same
    changes (one write, all of one visibility), they come along: a client whose cursor
    is `after` applies them and takes `cursor`, the same as pulling that page would
    give it; any other client (behind, or a change it missed) pulls as before."""

    seq: int
    after: str | None = None
    cursor: str | None = None
    changes: list[Change] | None = None


class DecodedWakeUp(msgspec.Struct, frozen=True):
    seq: int
    page: DecodedPage | None  # the changes that follow `after`, validated, or None
    after: str | None


_wake_decoder = msgspec.json.Decoder(WakeUp)


def decode_wake_up(data: str | bytes) -> DecodedWakeUp:
    """Decode a wake-up and validate the changes it carries (all or nothing, as a
    page); raises msgspec.ValidationError/DecodeError."""
    wake = _wake_decoder.decode(data)
    if wake.changes is None or wake.after is None or wake.cursor is None:
        return DecodedWakeUp(wake.seq, None, None)
    return DecodedWakeUp(wake.seq, DecodedPage(_validated(wake.changes), wake.cursor, False),
                         wake.after)
