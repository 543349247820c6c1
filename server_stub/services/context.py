"""What every write needs to know: who writes, when, on which server, and what it woke."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
import sqlalchemy as sa

from server_stub.errors import ApiError
from server_stub.services.auth import Caller
from server_stub.storage import records
from server_stub.storage.records import Scope


@dataclass
class WriteContext:
    conn: sa.Connection
    caller: Caller
    now: int
    server_name: str
    woken: list[tuple[int, Scope]] = field(default_factory=list)

    @property
    def person_id(self) -> str:
        if self.caller.person_id is None:
            raise ApiError(403, "no_person", "This account has no person in the directory.")
        return self.caller.person_id

    def put(self, kind: str, record: msgspec.Struct, scope: Scope) -> None:
        self.woken.append((records.put_record(self.conn, kind, record, scope), scope))

    def delete(self, kind: str, record_id: str, scope: Scope) -> None:
        self.woken.append((records.delete_record(self.conn, kind, record_id, scope), scope))

    def note(self, seq: int, scope: Scope) -> None:
        if seq:
            self.woken.append((seq, scope))


def require_local(ctx: WriteContext, record: msgspec.Struct) -> None:
    """Single writer: a record changes only on its home server (docs/federation.md)."""
    origin = getattr(record, "origin", ctx.server_name)
    if origin != ctx.server_name:
        raise ApiError(409, "foreign_record", f"This belongs to {origin}; change it there.")


encoder = msgspec.json.Encoder()
