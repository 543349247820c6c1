"""What a service needs to know: who asks, when, on which server, and what a write woke.

A ReadContext is all a service that only reads gets (it runs in its own snapshot,
without the write lock); a WriteContext adds the writes and remembers the feed rows
they made, so the caller can wake whoever may see them after the commit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import cast

import msgspec
import sqlalchemy as sa

from server_stub.errors import ApiError
from server_stub.services.auth import Caller
from server_stub.storage import feed, organisation, records
from server_stub.storage.feed_lock import lock_feed
from server_stub.storage.records import Scope
from sync.protocol import NULL, Change, Kind
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
    # The feed entries this write made, as its wake-ups may carry them: None once one
    # was only noted (its body is not at hand). And the feed head before the first.
    made: list[Change] | None = field(default_factory=list)
    head_before: int | None = None

    def put(self, kind: str, record: msgspec.Struct, scope: Scope) -> None:
        self._before_change()
        seq, record_id, body = records.put_record_change(self.conn, kind, record, scope)
        self.woken.append((seq, scope))
        if self.made is not None:
            self.made.append(Change(seq, cast(Kind, kind), record_id, "put", msgspec.Raw(body)))

    def delete(self, kind: str, record_id: str, scope: Scope) -> None:
        self._before_change()
        seq = records.delete_record(self.conn, kind, record_id, scope)
        self.woken.append((seq, scope))
        if self.made is not None:
            self.made.append(Change(seq, cast(Kind, kind), record_id, "delete", NULL))

    def note(self, seq: int, scope: Scope) -> None:
        if seq:
            self.woken.append((seq, scope))
            self.made = None

    def _before_change(self) -> None:
        if self.head_before is None:
            lock_feed(self.conn)  # on PostgreSQL: no other writer's entry after this head
            self.head_before = feed.max_seq(self.conn)

    def made_changes(self) -> list[Change] | None:
        """The entries this write left in the feed, the same a pull from head_before
        would get now; None if the feed holds any other after head_before (an entry
        written without put or delete), read inside the transaction."""
        if not self.made or self.head_before is None:
            return None
        latest = {(c.kind, c.id): c for c in self.made}  # a record put twice: its last
        changes = sorted(latest.values(), key=lambda c: c.seq)
        if feed.count_after(self.conn, self.head_before) != len(changes):
            return None
        return changes

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
