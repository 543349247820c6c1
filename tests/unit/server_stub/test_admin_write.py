"""Admin writes beside a busy server wait their turn (storage/engine.py: admin_write)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from server_stub.storage.engine import DatabaseBusy, admin_write, make_sync_engine


def _database(tmp_path: Path, busy_ms: int) -> tuple[sa.Engine, sqlite3.Connection]:
    path = tmp_path / "kontor.db"
    engine = make_sync_engine(f"sqlite:///{path}", busy_ms)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (text TEXT)")
        conn.exec_driver_sql("INSERT INTO note VALUES ('before')")
    server = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    server.execute("BEGIN IMMEDIATE")  # a busy server holds the write lock
    server.execute("INSERT INTO note VALUES ('server')")
    return engine, server


def test_it_waits_for_the_lock_and_reads_what_was_committed_meanwhile(tmp_path: Path) -> None:
    engine, server = _database(tmp_path, busy_ms=5000)
    release = threading.Timer(0.3, lambda: server.execute("COMMIT"))
    release.start()
    with admin_write(engine) as conn:
        # Read under the lock: the server's row is there, so what is written next
        # rests on the current state (a read before the lock would see a stale one and
        # its write would fail with "database is locked").
        seen = conn.exec_driver_sql("SELECT count(*) FROM note").scalar()
        conn.exec_driver_sql("INSERT INTO note VALUES ('admin')")
    release.join()
    assert seen == 2
    assert [row[0] for row in server.execute("SELECT text FROM note ORDER BY rowid")] == [
        "before", "server", "admin"]
    engine.dispose()


def test_a_lock_held_through_every_try_is_database_busy_and_writes_nothing(
        tmp_path: Path) -> None:
    engine, server = _database(tmp_path, busy_ms=50)
    with pytest.raises(DatabaseBusy, match="database is locked"), \
            admin_write(engine, attempts=3, first_pause=0.01) as conn:
        conn.exec_driver_sql("INSERT INTO note VALUES ('admin')")
    server.execute("COMMIT")
    assert [row[0] for row in server.execute("SELECT text FROM note")] == ["before", "server"]
    engine.dispose()
