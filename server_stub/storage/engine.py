"""Engine set-up: the only place that knows which database is behind the tables.

SQLite gets WAL, a busy timeout and foreign keys; everything else goes through
SQLAlchemy Core and stays portable, so PostgreSQL needs only a different URL.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig

from server_stub.storage.feed_lock import notify_on_commit

MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE_FILE = "kontor.db"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / DATABASE_FILE).resolve()}"


BUSY_TIMEOUT_MS = 10_000


def _sqlite_setup(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect



def _driver_url(url: str) -> str:
    """postgresql:// in kontor.toml means psycopg 3 (the `postgres` extra)."""
    if url.startswith("postgresql://"):
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return url


def make_sync_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sa.Engine:
    engine = sa.create_engine(_driver_url(url))
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_setup(busy_timeout_ms))
    elif engine.dialect.name == "postgresql":
        notify_on_commit(engine)
    return engine


class DatabaseBusy(Exception):
    """The write lock stayed taken through every try; nothing was done."""


ADMIN_ATTEMPTS = 4  # each waits the busy timeout; between them 1 s, 2 s, 4 s


@contextlib.contextmanager
def admin_write(engine: sa.Engine, attempts: int = ADMIN_ATTEMPTS,
                first_pause: float = 1.0) -> Iterator[sa.Connection]:
    """One write transaction of an admin command beside a running server.

    On SQLite the write lock is taken first (BEGIN IMMEDIATE), which waits the busy
    timeout for a busy server; a transaction that read first and wrote later could not
    wait, and failed at once with "database is locked" when the server committed in
    between. A lock still taken after the timeout is tried again after a pause that
    doubles; after the last try DatabaseBusy, and nothing was written.
    """
    pause = first_pause
    for attempt in range(1, attempts + 1):
        with engine.connect() as conn:
            transaction = conn.begin()
            if engine.dialect.name == "sqlite":
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                except sa.exc.OperationalError as exc:
                    transaction.rollback()
                    if attempt == attempts:
                        raise DatabaseBusy(str(exc.orig)) from None
                    time.sleep(pause)
                    pause *= 2
                    continue
            try:
                yield conn
            except BaseException:
                transaction.rollback()
                raise
            transaction.commit()
            return


# "kontor-s" in ASCII: the key of the start-up lock, another than the feed lock's.
STARTUP_LOCK_KEY = 0x6B6F6E746F722D73


@contextlib.contextmanager
def startup_lock(engine: sa.Engine) -> Iterator[None]:
    """One process at a time migrates and prepares the database on PostgreSQL: serve
    processes started together would otherwise run the same migration twice at once.
    A session-level advisory lock on a connection of its own; SQLite needs nothing
    (one process serves it)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                         {"key": STARTUP_LOCK_KEY})
            conn.commit()


def ping(conn: sa.Connection) -> None:
    """A round trip to the database; raises SQLAlchemyError if it is not there."""
    conn.execute(sa.text("SELECT 1"))


def refresh_statistics(engine: sa.Engine) -> None:
    """Let the query planner see the real table sizes (after a bulk load, at start).

    Plain ANALYZE: both SQLite and PostgreSQL know it, and on SQLite it reads only the
    indexes (0.2 s for the 100k-person demo company).

    On SQLite the write lock is taken first (BEGIN IMMEDIATE): ANALYZE reads, then
    writes its statistics, and a statement that starts reading while a running server
    commits cannot wait for the lock any more; it failed at once with "database is
    locked" when an admin command ran beside a busy server. Asking for the lock first
    lets the busy timeout do its job.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision (append-only Alembic revisions)."""
    with engine.begin() as conn:
        upgrade(conn, "head")


def upgrade(conn: sa.Connection, revision: str) -> None:
    """Run the revisions up to `revision` inside conn's transaction (which commits them)."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)
