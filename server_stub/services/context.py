"""What a service needs to know: who asks, when, on which server, and what a write woke.

A ReadContext is all a service that only reads gets (it runs in its own snapshot,
without the write lock); a WriteContext adds the writes and remembers the feed rows
they made, so the caller can wake whoever may see them after the commit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import msgspec
import sqlalchemy as sa

from server_stub.errors import ApiError
from server_stub.services.auth import Caller
from server_stub.storage import organisation, records
from server_stub.storage.records import Scope
from sync.protocol.rules import OrgLookup


@dataclass
class ReadContext:
    conn: sa.Connection
    caller: Caller
    now: int
    server_name: str

    @property
    def person_id(self) -> str:
        if self.caller.person_id is None:
            raise ApiError(403, "no_person", "This account has no person in the directory.")
        return self.caller.person_id

    @functools.cached_property
    def org(self) -> OrgLookup:
        """The organisation as sync/protocol/rules.py reads it: from this transaction."""
        return OrgLookup(functools.partial(organisation.get_unit, self.conn),
                         functools.partial(organisation.get_position, self.conn))


@dataclass
class WriteContext(ReadContext):
    woken: list[tuple[int, Scope]] = field(default_factory=list)

    def put(self, kind: str, record: msgspec.Struct, scope: Scope) -> None:
        self.woken.append((records.put_record(self.conn, kind, record, scope), scope))

    def delete(self, kind: str, record_id: str, scope: Scope) -> None:
        self.woken.append((records.delete_record(self.conn, kind, record_id, scope), scope))

    def note(self, seq: int, scope: Scope) -> None:
        if seq:
            self.woken.append((seq, scope))

    def members_to_wake(self) -> dict[str | None, set[str]]:
        """The members of every space this write woke, read inside the transaction,
        before anyone can change them."""
        spaces = {scope.scope_id for _, scope in self.woken if scope.name == "space"}
        return {sid: records.space_members(self.conn, sid or "") for sid in spaces}


@dataclass(frozen=True, slots=True)
class WriteResult:
    """A write's answer: its status and the encoded record (the stored one on a replay)."""

    status: int
    body: bytes


def require_local(ctx: ReadContext, record: msgspec.Struct) -> None:
    """Single writer: a record changes only on its home server (docs/federation.md)."""
    origin = getattr(record, "origin", ctx.server_name)
    if origin != ctx.server_name:
        raise ApiError(409, "foreign_record", f"This belongs to {origin}; change it there.")


encoder = msgspec.json.Encoder()
