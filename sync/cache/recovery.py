"""What to do with a cache file that does not open: move it aside and start afresh.

A wrong key and damage look alike to SQLCipher (db.py classifies what it can). Either
way the file is moved aside (never deleted: it may be someone's only copy of an unsent
post), the unsent outbox is salvaged when the old file can still be read, and a fresh
cache is created that the next sync fills from the server.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.db import SIDE_FILES, Cache, side_files
from sync.cache.errors import CacheCorruptError, CacheKeyError, CacheTooNewError
from sync.cache.write import outbox

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recovery:
    """What open_or_recover did, in words the user can be shown."""

    moved_to: Path
    reason: str
    outbox_carried: int

    @property
    def message(self) -> str:
        kept = (
            f" {self.outbox_carried} unsent item(s) were kept and will be sent."
            if self.outbox_carried
            else ""
        )
        return (
            f"{self.reason} The old file was kept as {self.moved_to.name}. A fresh local "
            f"cache was created and is filled again from the server.{kept}"
        )



def move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for side, suffix in zip(side_files(path), SIDE_FILES, strict=True):
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target


def salvage_outbox(path: Path, key: bytes) -> list[outbox.OutboxItem]:
    """Unsent items of a damaged file, if its outbox can still be read; else none."""
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None)
    except sqlcipher.Error:
        return []
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA query_only = ON")
        return outbox.read_all_txn(conn)
    except sqlcipher.Error as exc:
        log.info("outbox of the damaged cache is unreadable: %s", exc)
        return []
    finally:
        conn.close()


def open_or_recover(
    path: Path, key: bytes, *, check: bool = False
) -> tuple[Cache, Recovery | None]:
    """Open the writer; on a wrong key or damage, move the file aside and start afresh.

    check=True also reads every page (quick_check): use it after the cache reported
    damage while running. A cache from a newer Kontor is refused, never moved.
    """
    path = Path(path)
    try:
        cache = Cache.open(path, key)
        problems = cache.integrity_problems() if check else []
        if not problems:
            return cache, None
        cache.close()
        reason = f"The local cache file is damaged ({problems[0]})."
    except CacheTooNewError:
        raise
    except (CacheKeyError, CacheCorruptError) as exc:
        reason = exc.user_message
    moved = move_aside(path)
    carried = salvage_outbox(moved, key)
    log.warning("cache moved aside to %s: %s (%d outbox items kept)", moved, reason, len(carried))
    cache = Cache.open(path, key)
    if carried:
        outbox.restore(cache, carried)
    return cache, Recovery(moved_to=moved, reason=reason, outbox_carried=len(carried))
