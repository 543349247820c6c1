"""`kontor-server migrate-db DIR postgresql://...`: a site's SQLite file moved to PostgreSQL.

The target must be an empty database. In one PostgreSQL transaction the schema is
created by the same Alembic revisions the SQLite file is at, every table is copied with
COPY, the sequences (feed numbers, audit events) are set past the highest number SQLite
ever handed out, and each table's row count and content checksum are compared with the
SQLite file's (admin/table_digest.py). Only when all match is the transaction committed;
on any mismatch or error nothing stays in the target. The SQLite file is only read:
the serve lock keeps a server from starting meanwhile, and SQLite's write lock, held
throughout, keeps other admin commands from writing into it while it is copied.

The feed epoch is copied with the rest (server_meta): the feed holds the same rows at
the same numbers, so every cursor a client or peer holds stays valid and nobody syncs
again from the start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from server_stub.admin import lock, schema
from server_stub.admin.backup import BackupError, database_file
from server_stub.admin.table_digest import differences, digests
from server_stub.config import CONFIG_FILE, ConfigError, ServerConfig, load_config
from server_stub.data_dir import write_private_text
from server_stub.storage.engine import admin_write, make_sync_engine, upgrade


class MigrateError(BackupError):
    """The move cannot be made or did not check out; the SQLite site is unchanged."""


@dataclass(frozen=True)
class MigrateResult:
    source: Path
    target: str  # the URL with its password hidden
    rows: dict[str, int]
    sequences: dict[str, int]
    epoch: str
    copy_seconds: float
    verify_seconds: float
    config_line: str  # the database_url line for kontor.toml, password hidden
    config_kept: Path | None  # with --switch: the kontor.toml from before


def target_url(url: str) -> sa.URL:
    """The parsed target URL; refuses anything but a PostgreSQL database."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise MigrateError(f"{url!r} is not a database URL; give one like "
                           "postgresql://kontor@db.example.com/kontor") from None
    if parsed.drivername not in ("postgresql", "postgresql+psycopg"):
        raise MigrateError(f"the target must be a PostgreSQL database (postgresql://...), "
                           f"not {parsed.drivername}")
    if not parsed.database:
        raise MigrateError("the target URL names no database; add it at the end, "
                           "e.g. postgresql://kontor@db.example.com/kontor")
    return parsed


def _hidden(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def _reason(exc: sa.exc.DBAPIError) -> str:
    """The driver's own first line (it never carries the password)."""
    text = str(exc.orig).strip().splitlines()
    return text[0] if text else type(exc.orig).__name__


def _driver_errors() -> type[Exception]:
    """psycopg's base error; the driver is the `postgres` extra, not always installed."""
    try:
        import psycopg
    except ModuleNotFoundError:
        raise MigrateError("PostgreSQL needs the driver: pip install 'kontor[postgres]'") from None
    return psycopg.Error


@contextlib.contextmanager
def _target(engine: sa.Engine, shown: str) -> Iterator[sa.Connection]:
    try:
        conn = engine.connect()
    except sa.exc.OperationalError as exc:
        raise MigrateError(f"cannot connect to {shown}: {_reason(exc)}") from None
    try:
        yield conn
    finally:
        conn.close()


def _refuse_non_empty(conn: sa.Connection, shown: str) -> None:
    found = sorted(sa.inspect(conn).get_table_names())
    conn.rollback()  # the look ends its own transaction; the copy starts a new one
    if found:
        listed = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise MigrateError(f"{shown} is not empty (it has {len(found)} table(s): {listed}); "
                           "migrate-db copies only into a new, empty database")


def _check_source(config: ServerConfig) -> tuple[Path, str]:
    if config.database_url and not config.database_url.startswith("sqlite:///"):
        raise MigrateError("this site's database is not SQLite (database_url in "
                           f"{CONFIG_FILE} or KONTOR_SERVER_DATABASE_URL names another); "
                           "there is nothing to move")
    source = database_file(config)
    if not source.exists():
        raise MigrateError(f"{source} does not exist; nothing to move")
    revision = schema.revision_of(config.db_url)
    head = schema.head_revision()
    if revision != head:
        raise MigrateError(f"{source} is at schema revision {revision}, this version of "
                           f"Kontor at {head}: start `kontor-server serve` on it once (it "
                           "backs the file up and brings the schema up to date), stop it, "
                           "then migrate")
    return source, head


def _copy_and_verify(source: sa.Connection, target: sa.Connection,
                     revision: str) -> tuple[dict[str, int], dict[str, int], float, float]:
    from server_stub.admin.copy_tables import (  # psycopg: only when there is a target
        SchemaMismatch,
        check_source_tables,
        continue_sequences,
        copy_tables,
    )

    started = time.monotonic()
    raw_source: sqlite3.Connection = source.connection.driver_connection  # type: ignore[assignment]
    raw_target: Any = target.connection.driver_connection
    try:
        check_source_tables(raw_source)
    except SchemaMismatch as exc:
        raise MigrateError(f"{exc}; nothing was copied") from None
    upgrade(target, revision)
    rows = copy_tables(raw_source, raw_target)
    sequences = continue_sequences(raw_source, raw_target)
    copied = time.monotonic()
    problems = differences(digests(source), digests(target))
    if problems:
        raise MigrateError("the copy does not match the SQLite file, so nothing was kept "
                           "in the target database and the site stays on SQLite: "
                           + "; ".join(problems))
    return rows, sequences, copied - started, time.monotonic() - copied


def migrate_db(config: ServerConfig, url: str, switch: bool = False) -> MigrateResult:
    parsed = target_url(url)
    shown = _hidden(parsed)
    source_path, revision = _check_source(config)
    driver_error = _driver_errors()
    try:
        with lock.hold(config.data_path):
            source_engine = make_sync_engine(config.db_url,
                                             round(config.busy_timeout_seconds * 1000))
            target_engine = make_sync_engine(parsed.render_as_string(hide_password=False))
            try:
                with _target(target_engine, shown) as target:
                    _refuse_non_empty(target, shown)
                    with admin_write(source_engine) as source, target.begin():
                        rows, sequences, copy_s, verify_s = _copy_and_verify(
                            source, target, revision)
                        epoch = target.execute(sa.text(
                            "SELECT value FROM server_meta WHERE key = 'feed_epoch'")).scalar()
            except sa.exc.DBAPIError as exc:
                raise MigrateError(f"the move stopped, nothing was kept in {shown} and the "
                                   f"site stays on SQLite: {_reason(exc)}") from None
            except driver_error as exc:  # from COPY, which runs on the driver itself
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise MigrateError(f"the move stopped, nothing was kept in {shown} and the "
                                   f"site stays on SQLite: {first}") from None
            finally:
                source_engine.dispose()
                target_engine.dispose()
            line = f'database_url = "{_toml_string(shown)}"'
            kept = switch_config(config.data_path, parsed) if switch else None
    except lock.DataDirBusy as exc:
        raise MigrateError(str(exc)) from None
    return MigrateResult(source_path, shown, rows, sequences, str(epoch or ""), copy_s,
                         verify_s, line, kept)


def _toml_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def switch_config(data_dir: Path, url: sa.URL) -> Path:
    """kontor.toml made to name the PostgreSQL database; the file before is kept beside
    it (kontor.toml.before-postgresql-<time>, 0600) and returned."""
    path = data_dir / CONFIG_FILE
    old = path.read_text("utf-8") if path.exists() else ""
    line = f'database_url = "{_toml_string(url.render_as_string(hide_password=False))}"'
    lines = [x for x in old.splitlines() if not x.strip().startswith("database_url")]
    if "[server]" in (x.strip() for x in lines):
        at = [x.strip() for x in lines].index("[server]") + 1
        lines.insert(at, line)
    else:
        lines[:0] = ["[server]", line]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{CONFIG_FILE}.before-postgresql-{stamp}")
    write_private_text(kept, old)
    part = path.with_name(f".{CONFIG_FILE}.part")
    part.unlink(missing_ok=True)
    write_private_text(part, "\n".join([*lines, ""]))
    os.replace(part, path)
    try:
        load_config(data_dir)
    except ConfigError:
        path.unlink()
        write_private_text(path, old)  # the file as it was; the copy stays in PostgreSQL
        raise
    return kept
