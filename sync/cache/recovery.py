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
import secrets
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache.db import SIDE_FILES, Cache, side_files, store_path_for
from sync.cache.errors import CacheCorruptError, CacheError, CacheKeyError
from sync.cache.migrations.store import OUTBOX_COLUMNS
from sync.cache.salvage import Salvaged, salvage
from sync.cache.write import mirror, outbox
from sync.cache.write import state as cache_state

log = logging.getLogger(__name__)

Part = Literal["replica", "store"]
_COPY_COLUMNS = "id, seq" + OUTBOX_COLUMNS.removeprefix("seq, id")
_MAX_ROUNDS = 3  # each file at most once, and once more for a file made afresh


@dataclass(frozen=True, slots=True)
class Recovery:
    """One file moved aside, in words the user can be shown."""

    part: Part
    moved_to: Path | None  # None: the file was missing or empty, nothing to keep
    reason: str
    outbox_carried: int
    signed_in_kept: bool = True
    unreadable: bool = False  # the store's outbox could not be read at all

    @property
    def message(self) -> str:
        kept = (f" {self.outbox_carried} unsent item(s) were kept and will be sent."
                if self.outbox_carried else "")
        kept_as = ("" if self.moved_to is None
                   else f" The old file was kept as {self.moved_to.name}.")
        if self.part == "replica":
            return (f"{self.reason}{kept_as} A fresh "
                    "local copy is downloaded again from the server; your unsent posts "
                    f"and your sign-in are not affected.{kept}")
        lost = (" None of the unsent items could be read from it; they are not lost "
                "from the kept file, but Kontor cannot send them." if self.unreadable
                else "")
        sign_in = ("" if self.signed_in_kept
                   else " Your sign-in could not be read from it: please sign in again.")
        return (f"{self.reason} This file holds your unsent posts and your sign-in.{kept_as}"
                f"{kept}{lost}{sign_in}")


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


def _restore(cache: Cache, found: list[Salvaged]) -> tuple[int, bool]:
    """Put salvaged items (in their old order, the store's version first) and the first
    readable sign-in back; returns how many items and whether a sign-in was restored."""
    by_id: dict[str, outbox.OutboxItem] = {}
    account: dict[str, str | None] = {}
    for source in found:
        for item in source.items:
            by_id.setdefault(item.id, item)
        if not account.get("device_token") and source.account.get("device_token"):
            account = source.account
    items = sorted(by_id.values(), key=lambda i: i.seq)
    if items:
        outbox.restore(cache, items)
    restored = False
    if account and not cache_state.get_sync_state(cache).device_token:
        with cache.transaction() as conn:
            cache_state.set_values_txn(conn, account)
        restored = True
    return len(items), restored


def _copy_in_replica(cache: Cache) -> Salvaged:
    """The replica's copy of outbox and account (write/mirror.py), when it can be read."""
    copy = Salvaged()
    try:
        rows = cache.conn.execute(
            f"SELECT {_COPY_COLUMNS} FROM main.outbox_copy ORDER BY seq").fetchall()
        copy.items = [outbox.OutboxItem(
            id=r[0], seq=r[1], kind=r[2], method=r[3], path=r[4], body=bytes(r[5]),
            if_match=r[6], state=r[7], error=r[8], created_at=r[9], attempts=r[10])
            for r in rows]
        copy.account = {str(k): v for k, v in cache.conn.execute(
            "SELECT key, value FROM main.account_copy").fetchall()}
        copy.readable = True
    except (CacheError, sqlcipher.DatabaseError) as exc:
        log.info("the replica's copy of the outbox is unreadable: %s", type(exc).__name__)
    return copy


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
    store_lost = any(r.part == "store" for r in done.done)
    if not _linked(cache, relink=store_lost):
        done.done.append(Recovery(
            part="store", moved_to=None, outbox_carried=0, unreadable=True,
            signed_in_kept=False,
            reason=f"The local file {store_path.name} is missing or was emptied."))
        log.warning("the store was missing or emptied")
        store_lost = True
    if store_lost:  # what the store lost, its copy in the replica may still hold
        pending.append(_copy_in_replica(cache))
    carried, signed_in = _restore(cache, pending)
    if store_lost:
        done.done = [
            r if r.part == "replica" else replace(
                r, outbox_carried=carried, unreadable=r.unreadable and carried == 0,
                signed_in_kept=r.signed_in_kept or signed_in)
            for r in done.done]
    mirror.refresh_if_stale(cache)
    return cache, done


def _linked(cache: Cache, *, relink: bool) -> bool:
    """Does the store belong with this replica? Each store gets a random id, which the
    replica remembers: a store that vanished (deleted, cut to nothing) comes back empty
    with a new id, and that must be said, not passed over in silence."""
    conn = cache.conn
    row = conn.execute("SELECT value FROM store.account WHERE key = 'store_id'").fetchone()
    store_id = None if row is None else str(row[0])
    row = conn.execute("SELECT value FROM main.sync_state WHERE key = 'store_id'").fetchone()
    known = None if row is None else str(row[0])
    if store_id is None or known != store_id:  # else: no write lock at an ordinary open
        with cache.transaction() as txn:
            if store_id is None:
                store_id = secrets.token_hex(16)
                txn.execute("INSERT INTO store.account (key, value) VALUES ('store_id', ?)",
                            (store_id,))
            txn.execute("INSERT INTO main.sync_state (key, value) VALUES ('store_id', ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (store_id,))
    return known is None or known == store_id or relink
