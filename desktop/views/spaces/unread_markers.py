"""Unread markers per space: what is new since the user last opened it.

The marker is the newest post time the user has seen in a space, kept in QSettings
(not in the cache: it is a fact about this user's reading on this computer, and a
wiped or re-synced cache must not make everything unread). Settings are grouped per
profile, so two accounts on one computer do not share markers.

A space never opened counts from the moment the markers were first used on this
profile, so the first start does not greet the user with hundreds of "unread" posts
from before they joined. Counting is the cache's job (sync/cache/read/unread.py).
"""

from __future__ import annotations

import time

from desktop.qt import QSettings
from sync.cache.db import Cache
from sync.cache.read.unread import count_unread, newest_post_at


class UnreadMarkers:
    def __init__(self, settings: QSettings, profile_key: str) -> None:
        self.settings = settings
        self.group = f"unread/{profile_key}"
        baseline = self._read("baseline")
        if baseline is None:
            baseline = int(time.time() * 1000)
            self._write("baseline", baseline)
        self.baseline = baseline

    def _read(self, key: str) -> int | None:
        value = self.settings.value(f"{self.group}/{key}")
        try:
            return None if value is None else int(str(value))
        except (TypeError, ValueError):
            return None

    def _write(self, key: str, value: int) -> None:
        self.settings.setValue(f"{self.group}/{key}", value)
        self.settings.sync()

    def last_read(self, space_id: str) -> int:
        """Time (ms) of the newest post the user has seen in the space."""
        stored = self._read(f"space/{space_id}")
        return self.baseline if stored is None else stored

    def mark_read(self, cache: Cache, space_id: str) -> None:
        """Opening a space: everything up to its newest post counts as read."""
        newest = newest_post_at(cache, space_id)
        self._write(f"space/{space_id}", max(self.last_read(space_id), newest or 0))

    def unread_count(self, cache: Cache, space_id: str, me: str | None) -> int:
        """Posts by others newer than the marker (up to UNREAD_CAP)."""
        return count_unread(cache, space_id, me, self.last_read(space_id))
