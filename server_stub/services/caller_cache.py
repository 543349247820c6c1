"""Who a device token belonged to when this process last looked: a hint, never a pass.

A request whose token is found here skips the separate token check before its handler
(a thread hop and a transaction of its own) and goes straight to the handler's own
transaction, where the token is checked again as its first statement (routes/common.py,
`checked_in_transaction`). So a device revoked, an account disabled or a password
changed by any process (the command line, another server) refuses the very next
request; the cache only saves the extra hop while the token stays good.

Bounded in size (least recently used goes first) and in age, so tokens nobody uses any
more do not stay in memory.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from server_stub.services.auth import Caller

MAX_ENTRIES = 10_000
MAX_AGE_SECONDS = 600.0


class CallerCache:
    def __init__(self, max_entries: int = MAX_ENTRIES,
                 max_age: float = MAX_AGE_SECONDS) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[str, tuple[Caller, float]] = OrderedDict()

    def get(self, hashed: str) -> Caller | None:
        entry = self._entries.get(hashed)
        if entry is None:
            return None
        caller, stored = entry
        if time.monotonic() - stored > self.max_age:
            del self._entries[hashed]
            return None
        self._entries.move_to_end(hashed)
        return caller

    def put(self, hashed: str, caller: Caller) -> None:
        """Remember the caller a check in the database just found (it starts the age)."""
        self._entries[hashed] = (caller, time.monotonic())
        self._entries.move_to_end(hashed)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def drop(self, hashed: str) -> None:
        self._entries.pop(hashed, None)

    def __len__(self) -> int:
        return len(self._entries)
