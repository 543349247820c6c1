"""Opening the SQLCipher cache: key, verification, pragmas, migrations.

Two files per profile, one key. cache.db is the replica: a copy of what the server
shows, large and busy, rebuilt by a resync when it is damaged. store.db holds what
cannot be downloaded again: the outbox, the device's sign-in and the account
(migrations/store.py). Every connection opens the replica and attaches the store as
`store`, so queries name `outbox` and `account` as before and SQLite finds them there.
The sync worker holds the only writer connection; the GUI thread (and kontorctl) open
readers on the same files. WAL lets them run side by side. Every connection belongs to
the thread that opened it (sqlite's check_same_thread), so each thread opens its own
Cache.

A file that does not open is either the wrong key or damage. SQLCipher cannot tell the
two apart from page 1 alone (both fail its HMAC), so we classify by what we can see:
a plain SQLite header or a size that is no multiple of the page size is damage; the
rest is reported as "wrong key or damaged"; recovery.py decides what to do about it.
Every such error names the file at fault (CacheError.path).

Damage past page 1 shows when a page is read (its HMAC fails: SQLITE_CORRUPT). A writer
process leaves a marker file (cache.db.in-use.PID) while it runs; finding one of a
process that is gone means that run did not close cleanly (a crash, a power cut, damage
seen), and then every page of both files is checked (PRAGMA cipher_integrity_check;
docs/performance.md has the cost) before anything is trusted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from sync.cache import migrations
from sync.cache.errors import (
    CacheBusyError,
    CacheCorruptError,
    CacheDiskFullError,
    CacheError,
    CacheIOError,
    CacheKeyError,
    CacheMissingError,
    CacheTooNewError,
)
from sync.cache.fold import fold
from sync.cache.migrations import store as store_schema

DatabaseError = sqlcipher.DatabaseError  # what sqlite raises where no cache code maps it
KEY_BYTES = 32
PAGE_SIZE = 4096  # SQLCipher 4 default; every intact file is a multiple of it
SIDE_FILES = ("-wal", "-shm", "-journal")
STORE_FILE = "store.db"
MARKER_SUFFIX = ".in-use"
_SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 10.0
_WRITER_CACHE_KIB = 32000
_READER_CACHE_KIB = 16000
_WAL_LIMIT_BYTES = 16 << 20

__all__ = [
    "Cache",
    "CacheBusyError",
    "CacheCorruptError",
    "CacheDiskFullError",
    "CacheError",
    "CacheIOError",
    "CacheKeyError",
    "CacheMissingError",
    "CacheTooNewError",
    "marker_path",
    "stale_markers",
    "store_path_for",
    "wipe",
    "wipe_replica",
]


# Less free space than this beside the files turns an I/O error into "the disk is full":
# SQLite reports a write that found no room in its shared-memory or journal file as a
# plain SQLITE_IOERR, not SQLITE_FULL.
_NEARLY_FULL_BYTES = 1 << 20


def _nearly_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def map_db_error(exc: Exception, path: Path | None = None) -> CacheError | None:
    """The environment failure behind a sqlite error, or None when it is our bug.

    path: the file the error met, where known; an I/O error on a disk with next to no
    room left is told as the full disk it is.
    """
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc)
    io_error = name.startswith("SQLITE_IOERR") or text == "disk I/O error"
    if name == "SQLITE_FULL" or "disk is full" in text or (io_error and _nearly_full(path)):
        return CacheDiskFullError(
            "The disk is full, so Kontor's local files could not be written. Free some "
            "space; nothing saved before was lost, and syncing goes on when there is room."
        )
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text:
        return CacheCorruptError(f"The local cache file is damaged ({text}).")
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return CacheBusyError(
            "The local cache is busy: another Kontor program is writing to it. "
            "Try again in a moment."
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_PERM")):
        return CacheIOError(f"The local cache file cannot be used ({text}).")
    return None


class Cache:
    """One connection to cache.db; use from the thread that opened it."""

    def __init__(self, conn: Any, path: Path, readonly: bool, store_path: Path | None = None,
                 ) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.store_path = store_path if store_path is not None else store_path_for(path)
        # Set when damage was seen while running: the marker then stays for the next
        # open to check every page.
        self.damage_seen = False

    @classmethod
    def open(cls, path: Path, key: bytes, *, readonly: bool = False,
             store: Path | None = None, check: bool | None = None) -> Cache:
        """Open (and for the writer: create and migrate) the replica at path and its store.

        Readers never create or migrate; they refuse a file at another version.
        check: read every page of both files first; None (the writer's default) checks
        when the last writer did not close cleanly.
        """
        if len(key) != KEY_BYTES:
            raise ValueError("the cache key must be 32 bytes")
        path = Path(path)
        store_path = Path(store) if store is not None else store_path_for(path)
        if readonly and not (path.exists() and store_path.exists()):
            raise CacheMissingError(f"There is no local cache at {path} yet.")
        stale = [] if readonly else stale_markers(path)
        if check is None:
            check = bool(stale)
        mode = "rw" if readonly else "rwc"
        try:
            conn = sqlcipher.connect(
                f"{path.resolve().as_uri()}?mode={mode}",
                uri=True,
                isolation_level=None,
                timeout=_BUSY_TIMEOUT_S,
                check_same_thread=True,
            )
        except sqlcipher.Error as exc:
            raise CacheIOError(f"The local cache {path} cannot be opened ({exc}).") from exc
        try:
            _unlock(conn, path, key)
            _attach_store(conn, store_path, key, readonly=readonly)
            if check:
                _check_pages(conn, path, store_path)
            _configure(conn, readonly=readonly)
            if readonly:
                migrations.check_version(conn)
                store_schema.check_store_version(conn)
            else:
                store_schema.migrate_store(conn)
                migrations.migrate(conn)
                _restrict_permissions(path)
                _restrict_permissions(store_path)
                for marker in stale:  # checked now: that crash is dealt with
                    with contextlib.suppress(FileNotFoundError):
                        marker.unlink()
                marker_path(path).touch(mode=0o600)
        except sqlcipher.DatabaseError as exc:
            conn.close()
            mapped = map_db_error(exc, path)
            if mapped is None:
                raise
            raise mapped from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, readonly, store_path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception.

        IMMEDIATE takes the write lock up front, so a transaction never fails half-way
        because a reader upgraded first. Disk-full and damage become CacheErrors.
        """
        if self.conn.in_transaction:
            raise RuntimeError("cache transactions do not nest")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlcipher.DatabaseError):
                mapped = map_db_error(exc, self.path)
                if isinstance(mapped, CacheCorruptError):
                    self.damage_seen = True
                if mapped is not None:
                    raise mapped from exc
            raise

    def integrity_problems(self, max_errors: int = 10) -> list[str]:
        """PRAGMA quick_check; reads every page, so only on demand (seconds on big files)."""
        try:
            rows = self.conn.execute(f"PRAGMA quick_check({int(max_errors)})").fetchall()
        except sqlcipher.DatabaseError as exc:
            return [str(exc)]
        found = [str(r[0]) for r in rows]
        return [] if found == ["ok"] else found

    def close(self) -> None:
        """Close; a writer that saw no damage removes its marker (a clean exit)."""
        self.conn.close()
        if not self.readonly and not self.damage_seen:
            with contextlib.suppress(FileNotFoundError):
                marker_path(self.path).unlink()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _unlock(conn: Any, path: Path, key: bytes) -> None:
    # SQLCipher logs decryption failures to stderr itself; we report them instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        # A file cut short at a page boundary lands here too: SQLite compares the size
        # the header records with the real one and reports corruption.
        raise _classify_open_failure(path, exc) from exc


def _attach_store(conn: Any, store_path: Path, key: bytes, *, readonly: bool) -> None:
    """Attach store.db as `store` (the writer creates it) and prove the key opens it."""
    mode = "rw" if readonly else "rwc"
    try:
        conn.execute("ATTACH DATABASE ? AS store KEY ?",
                     (f"{store_path.resolve().as_uri()}?mode={mode}", f"x'{key.hex()}'"))
        conn.execute("SELECT count(*) FROM store.sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        raise _classify_open_failure(store_path, exc) from exc


def _check_pages(conn: Any, path: Path, store_path: Path) -> None:
    """Every page's HMAC in both files; the small store's structure too."""
    for schema, file in (("store", store_path), ("main", path)):
        try:
            found = [str(r[0]) for r in
                     conn.execute(f"PRAGMA {schema}.cipher_integrity_check").fetchall()]
            if schema == "store" and not found:
                rows = conn.execute("PRAGMA store.quick_check").fetchall()
                found = [str(r[0]) for r in rows if str(r[0]) != "ok"]
        except sqlcipher.DatabaseError as exc:
            found = [str(exc)]
        if found:
            raise CacheCorruptError(
                f"The local file {file.name} is damaged ({found[0]}).", path=file)


def _classify_open_failure(path: Path, exc: Exception) -> CacheError:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError:
        size, head = -1, b""
    if head == _SQLITE_HEADER:
        return CacheCorruptError(
            f"The local file {path.name} is a plain, unencrypted SQLite file, not a "
            "Kontor cache.", path=path)
    if size % PAGE_SIZE != 0:
        return CacheCorruptError(
            f"The local file {path.name} is damaged: it is cut short or was overwritten.",
            path=path)
    mapped = map_db_error(exc, path)
    if isinstance(mapped, CacheDiskFullError | CacheBusyError | CacheIOError):
        # The machine's fault, not the file's: a full disk or a busy file is never a
        # reason to set the file aside (and to sign the user out with it).
        mapped.path = path
        return mapped
    if mapped is not None and getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":
        return CacheCorruptError(
            f"The local file {path.name} is damaged: it is cut short or was overwritten "
            f"({exc}).", path=path)
    return CacheKeyError(
        f"The local file {path.name} cannot be opened with its key: the key changed "
        "(another keyring or passphrase) or the file is damaged.", path=path)


def _configure(conn: Any, *, readonly: bool) -> None:
    # temp_store=MEMORY: sorts and temp tables never reach disk as plaintext.
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
    # The writer, applying syncs, profits from a large page cache; a reader (the GUI)
    # reads a page of rows at a time and keeps less.
    conn.execute(f"PRAGMA cache_size = -{_READER_CACHE_KIB if readonly else _WRITER_CACHE_KIB}")
    # Wiping freed memory (cipher_memory_security) costs much of the apply speed and
    # buys little here: the same text lives in Python objects anyway.
    conn.execute("PRAGMA cipher_memory_security = OFF")
    conn.create_function("kfold", 1, fold, deterministic=True)
    if readonly:
        conn.execute("PRAGMA query_only = ON")
    else:
        for schema in ("main", "store"):
            conn.execute(f"PRAGMA {schema}.journal_mode = WAL").fetchone()
            conn.execute(f"PRAGMA {schema}.synchronous = FULL")
            # A big page or an index merge can grow the WAL to tens of MB; give the space
            # back after each checkpoint instead of keeping the high-water mark forever.
            conn.execute(f"PRAGMA {schema}.journal_size_limit = {_WAL_LIMIT_BYTES}").fetchone()


def _restrict_permissions(path: Path) -> None:
    """Owner-only; SQLite gives the -wal and -shm files the main file's mode."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            path.chmod(0o600)


def side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in SIDE_FILES]


def store_path_for(cache_path: Path) -> Path:
    """store.db beside cache.db (another replica name: NAME.store.db, for tests and tools)."""
    cache_path = Path(cache_path)
    if cache_path.name == "cache.db":
        return cache_path.with_name(STORE_FILE)
    return cache_path.with_name(f"{cache_path.stem}.store{cache_path.suffix}")


def marker_path(cache_path: Path, pid: int | None = None) -> Path:
    """Present while a writer process has the files open (one per process, named by its
    id, so kontorctl beside the running app is no crash); left behind by a run that
    crashed or saw damage."""
    return Path(f"{cache_path}{MARKER_SUFFIX}.{os.getpid() if pid is None else pid}")


def stale_markers(cache_path: Path) -> list[Path]:
    """Markers of processes that are gone: the runs that did not close cleanly."""
    cache_path = Path(cache_path)
    stale = []
    for marker in cache_path.parent.glob(f"{cache_path.name}{MARKER_SUFFIX}.*"):
        try:
            pid = int(marker.name.rsplit(".", 1)[1])
        except ValueError:
            stale.append(marker)
            continue
        if pid != os.getpid() and not _process_alive(pid):
            stale.append(marker)
    return stale


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def wipe_replica(cache_path: Path) -> None:
    """Delete the replica and its side files; the store (outbox, sign-in) stays."""
    for file in [Path(cache_path), *side_files(Path(cache_path))]:
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def wipe(cache_path: Path) -> None:
    """Delete replica, store and side files (device revoked: nothing may remain)."""
    store = store_path_for(cache_path)
    wipe_replica(cache_path)
    markers = list(Path(cache_path).parent.glob(f"{Path(cache_path).name}{MARKER_SUFFIX}.*"))
    for file in [store, *side_files(store), *markers]:
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
