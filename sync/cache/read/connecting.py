"""Whether the signed-in person is connected to someone, as the person card shows it.

The stored connection (from the feed) with the outbox laid over it: a connect or
disconnect still waiting, or refused, for that person. An item stays in the outbox until
the feed has brought what it changed (sync/engine.py), so this never falls back to the
old state between the server's answer and the pull.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import msgspec

from sync.cache.read.people import connections_of
from sync.cache.write import outbox
from sync.protocol import Connection, ConnectionWrite

if TYPE_CHECKING:
    from sync.cache.db import Cache

Waiting = Literal["connect", "disconnect"]

_connection_write = msgspec.json.Decoder(ConnectionWrite)


@dataclass(frozen=True, slots=True)
class ConnectionState:
    connection: Connection | None  # the stored personal connection from me to them
    waiting: Waiting | None = None  # a change on its way (pending in the outbox)
    error: str = ""  # the reason the server gave for refusing the last change

    @property
    def connected(self) -> bool:
        """What the user sees once the waiting change is through."""
        if self.waiting is not None:
            return self.waiting == "connect"
        return self.connection is not None


def connection_to(cache: Cache, me: str, person_id: str) -> ConnectionState:
    stored = next((c for c in connections_of(cache, me, kind="personal")
                   if c.from_id == me and c.to_id == person_id), None)
    connection_id = stored.id if stored is not None else None
    for item in reversed(outbox.all_items(cache)):
        change: Waiting | None = None
        if item.kind == "connection":
            try:
                target = _connection_write.decode(item.body).to_person_id
            except msgspec.DecodeError:
                continue
            change = "connect" if target == person_id else None
        elif (item.kind == "delete_connection" and connection_id
              and item.path.endswith(f"/{connection_id}")):
            change = "disconnect"
        if change is None:
            continue
        if item.state == "failed":
            return ConnectionState(stored, None, item.error or "")
        return ConnectionState(stored, change)
    return ConnectionState(stored)
