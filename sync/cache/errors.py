"""Environment failures of the cache, each with a message fit for the user.

Kept apart from db.py so migrations and the other cache modules can raise them without
import cycles. Anything not a CacheError escaping the cache is a bug in Kontor.
"""

from __future__ import annotations

from pathlib import Path


class CacheError(Exception):
    """The environment's fault (key, disk, file); user_message is shown as is."""

    def __init__(self, user_message: str, path: Path | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.path = path  # the file at fault, where known (the replica or the store)


class CacheKeyError(CacheError):
    """The file does not open with this key (or is damaged where we cannot tell)."""


class CacheCorruptError(CacheError):
    """The file is damaged: truncated, overwritten, or not a Kontor cache at all."""


class CacheTooNewError(CacheError):
    """Written by a newer Kontor; refused, never repaired."""


class CacheMissingError(CacheError):
    """A reader was asked to open a cache that does not exist yet."""


class CacheDiskFullError(CacheError):
    """The disk (or quota) is full; nothing of the failed transaction was kept."""


class CacheBusyError(CacheError):
    """Another connection held the write lock past the busy timeout."""


class CacheIOError(CacheError):
    """The file cannot be opened, read or written (permissions, read-only disk, I/O)."""
