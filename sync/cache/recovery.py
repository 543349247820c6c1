"""What to do with a file that does not open or is found damaged: keep it aside, go on.

Two files, two answers (db.py explains the split):
- the replica (cache.db) is moved aside and created afresh; the next sync fills it from
  the server. The store is untouched: unsent posts and the sign-in stay.
- the store (store.db) is moved aside too, but first everything of its outbox and
  account that can still be read is salvaged into a fresh store; what cannot be read is
  said plainly.
A damaged file is never deleted: it may be someone's only copy of an unsent post. A
wrong key and damage look alike to SQLCipher; either way the same happens (without
the key nothing can be salvaged, and the message says so).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sync.cache.db import SIDE_FILES, Cache, side_files, store_path_for
from sync.cache.errors import CacheCorruptError, CacheKeyError
from sync.cache.salvage import Salvaged, salvage
from sync.cache.write import outbox
from sync.cache.write import state as cache_state

log = logging.getLogger(__name__)

Part = Literal["replica", "store"]
_MAX_ROUNDS = 3  # each file at most once, and once more for a file made afresh


@dataclass(frozen=True, slots=True)
class Recovery:
    """One file moved aside, in words the user can be shown."""

    part: Part
    moved_to: Path
    reason: str
    outbox_carried: int
    signed_in_kept: bool = True
    unreadable: bool = False  # the store's outbox could not be read at all

    @property
    def message(self) -> str:
        kept = (f" {self.outbox_carried} unsent item(s) were kept and will be sent."
                if self.outbox_carried else "")
        if self.part == "replica":
            return (f"{self.reason} The old file was kept as {self.moved_to.name}. A fresh "
                    "local copy is downloaded again from the server; your unsent posts "
                    f"and your sign-in are not affected.{kept}")
        lost = (" None of the unsent items could be read from it; they are not lost "
                "from the kept file, but Kontor cannot send them." if self.unreadable
                else "")
        sign_in = ("" if self.signed_in_kept
                   else " Your sign-in could not be read from it: please sign in again.")
        return (f"{self.reason} This file holds your unsent posts and your sign-in; it "
                f"was kept as {self.moved_to.name}.{kept}{lost}{sign_in}")


@dataclass(slots=True)
class Recoveries:
    """What open_or_recover did: zero, one or two files moved aside."""

    done: list[Recovery] = field(default_factory=list)

    @property
    def message(self) -> str:
        return "\n\n".join(r.message for r in self.done)

    def __bool__(self) -> bool:
        return bool(self.done)


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
    """Unsent items of a damaged file, as far as they can be read; else none."""
    return salvage(path, key).items


def _restore(cache: Cache, found: Salvaged) -> None:
    if found.items:
        outbox.restore(cache, found.items)
    if found.account and not cache_state.get_sync_state(cache).device_token:
        with cache.transaction() as conn:
            cache_state.set_values_txn(conn, found.account)


def open_or_recover(
    path: Path, key: bytes, *, check: bool | None = None, store: Path | None = None,
) -> tuple[Cache, Recoveries]:
    """Open the writer; a damaged (or foreign-keyed) file is moved aside and made afresh.

    check=True reads every page of both files first (use it after damage was seen while
    running); None checks when the last run did not close cleanly. A file from a newer
    Kontor is refused, never moved.
    """
    path = Path(path)
    store_path = Path(store) if store is not None else store_path_for(path)
    done = Recoveries()
    pending: list[Salvaged] = []
    for _ in range(_MAX_ROUNDS):
        try:
            cache = Cache.open(path, key, store=store_path, check=check)
            break
        except (CacheKeyError, CacheCorruptError) as exc:
            if exc.path is None:
                raise
            part: Part = "store" if exc.path == store_path else "replica"
            moved = move_aside(exc.path)
            found = salvage(moved, key)
            pending.append(found)
            account_ok = part == "replica" or bool(found.account.get("device_token"))
            done.done.append(Recovery(
                part=part, moved_to=moved, reason=exc.user_message,
                outbox_carried=len(found.items), signed_in_kept=account_ok,
                unreadable=part == "store" and not found.readable))
            log.warning("%s moved aside to %s (%d outbox items kept)", part, moved.name,
                        len(found.items))
    else:
        raise CacheCorruptError("The local files cannot be created afresh.", path=path)
    for found in pending:
        _restore(cache, found)
    return cache, done
