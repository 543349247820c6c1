"""`kontor-server restore`: put a backup in place of the database, with a new feed epoch.

Every cursor a client or a peer holds names the feed's epoch. The restored database
gets a new one, so each client's next pull is refused with `unknown_cursor` and it
syncs everything again from the start (sync/engine.py), and each peer pulls this
site's export again. Without it a client would keep records newer than the backup and
wait for feed numbers the restored server hands out a second time.

The current database is not deleted: it is renamed kontor.db.before-restore-<time>
(with its -wal and -shm files), so a restore can be undone.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from server_stub.admin import lock, schema
from server_stub.admin.backup import BackupError, connect, copy_database, database_file
from server_stub.config import ServerConfig


@dataclass(frozen=True)
class RestoreResult:
    moved_aside: Path | None
    epoch: str
    seconds: float


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM server_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def check_backup(path: Path, server_name: str) -> None:
    """Refuse a file that is not a whole Kontor backup of this server."""
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise BackupError(f"{path} is damaged: {'; '.join(problems)}")
            revision_row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            stored_name = _meta(conn, "server_name")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a Kontor backup ({exc})") from None
    if revision_row is None or str(revision_row[0]) not in schema.known_revisions():
        raise BackupError(f"{path} comes from a newer Kontor than this one; "
                          "restore it with that version")
    if stored_name != server_name:
        raise BackupError(f"{path} is a backup of {stored_name!r}, not of {server_name!r}")


def _aside(db: Path, stamp: str) -> Path | None:
    """The database and its -wal/-shm renamed together, so they stay a valid pair."""
    if not db.exists():
        return None
    moved = db.with_name(f"{db.name}.before-restore-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        side = db.with_name(db.name + suffix)
        if side.exists():
            target = moved.with_name(moved.name + suffix)
            os.replace(side, target)
            os.chmod(target, 0o600)  # it holds the same secrets as the live database
    return moved


def restore(config: ServerConfig, source: Path) -> RestoreResult:
    db = database_file(config)
    check_backup(source, config.server_name)
    started = time.monotonic()
    try:
        with lock.hold(config.data_path):
            part = copy_database(source, db.parent, db.name)
            try:
                epoch = secrets.token_hex(8)
                conn = connect(part)
                try:
                    conn.execute("INSERT INTO server_meta (key, value) VALUES ('feed_epoch', ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 (epoch,))
                finally:
                    conn.close()
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                moved = _aside(db, stamp)
                os.replace(part, db)
            except BaseException:
                part.unlink(missing_ok=True)
                raise
            directory = os.open(db.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
    except lock.DataDirBusy as exc:
        raise BackupError(str(exc)) from None
    except sqlite3.Error as exc:
        raise BackupError(f"the restore failed, the database is unchanged: {exc}") from None
    return RestoreResult(moved, epoch, time.monotonic() - started)
