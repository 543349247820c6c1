"""`kontor-server backup`: a consistent copy of the database while the server serves.

SQLite's online backup API copies every page inside one read transaction. In WAL mode
a reader never blocks the server's writes, and the copy is the database as it was at
one instant: nothing half-written, whatever the server does meanwhile. The copy is
written to a 0600 file beside the target and renamed into place only when complete,
so a FILE that exists is a whole backup.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from server_stub.admin import schema
from server_stub.config import ServerConfig

DB_FILE = "kontor.db"
BACKUP_DIR = "backups"  # in the data directory: the copies serve takes before a migration


class BackupError(Exception):
    """The backup (or restore) cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float


def database_file(config: ServerConfig) -> Path:
    if config.database_url and not config.database_url.startswith("sqlite:///"):
        raise BackupError("this server's database is not SQLite; back it up with the "
                          "database's own tools (pg_dump for PostgreSQL)")
    if config.database_url:
        return Path(config.database_url.removeprefix("sqlite:///"))
    return config.data_path / DB_FILE


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def new_private_file(directory: Path, stem: str) -> Path:
    """An empty file only the owner may read (0600 from the start, whatever the umask)."""
    path = directory / f".{stem}.{secrets.token_hex(4)}.part"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def copy_database(source: Path, target_dir: Path, stem: str) -> Path:
    """The source database copied into a new 0600 file in target_dir (online backup).

    The copy uses the rollback journal, not WAL: one self-contained file to store,
    move and restore.
    """
    part = new_private_file(target_dir, stem)
    try:
        src = connect(source)
        try:
            dst = sqlite3.connect(part, isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with open(part, "rb") as written:
            os.fsync(written.fileno())
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def backup(config: ServerConfig, target: Path) -> BackupResult:
    source = database_file(config)
    if not source.exists():
        raise BackupError(f"{source} does not exist; nothing to back up")
    if target.exists():
        raise BackupError(f"{target} exists already; give the backup a new name")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory")
    started = time.monotonic()
    try:
        part = copy_database(source, target.parent, target.name)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup failed: {exc}") from None
    except OSError as exc:
        raise BackupError(f"cannot write {target}: {exc.strerror}") from None
    os.replace(part, target)
    return BackupResult(target, target.stat().st_size, time.monotonic() - started)


def backup_before_migration(config: ServerConfig) -> BackupResult | None:
    """A backup in DATA_DIR/backups/ when the schema is older than this program's.

    A new database (no revision yet) or one at head needs none; PostgreSQL is the
    database administrator's to back up.
    """
    if config.database_url and not config.database_url.startswith("sqlite:///"):
        return None
    source = database_file(config)
    if not source.exists():
        return None
    current = schema.revision_of(config.db_url)
    head = schema.head_revision()
    if current is None or current == head:
        return None
    folder = config.data_path / BACKUP_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return backup(config, folder / f"kontor-{current}-before-{head}-{stamp}.db")
