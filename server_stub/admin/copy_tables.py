"""The rows of every table copied from the SQLite file into PostgreSQL with COPY.

Values go over as SQLite stores them, in COPY's text form, and PostgreSQL reads each
into its column's type: 0/1 into boolean, 'YYYY-MM-DD' into date, JSON text into json,
bytes into bytea. So one loop serves every table, with no conversion in Python.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg import sql

from server_stub.storage.tables import metadata

BATCH = 5000
OWN_TABLES = {"alembic_version"}  # written by the migrations themselves


class SchemaMismatch(Exception):
    """The SQLite file has tables or columns this version of Kontor does not know."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_source_tables(source: sqlite3.Connection) -> None:
    found = {str(r[0]) for r in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    unknown = sorted(found - OWN_TABLES - set(metadata.tables))
    if unknown:
        raise SchemaMismatch(f"the SQLite file has tables this version does not know: "
                             f"{', '.join(unknown)}")
    for table in metadata.sorted_tables:
        if table.name not in found:
            raise SchemaMismatch(f"the SQLite file has no table {table.name}")
        columns = {str(r[1]) for r in source.execute(f"PRAGMA table_info({_quoted(table.name)})")}
        if columns != {c.name for c in table.columns}:
            raise SchemaMismatch(f"the SQLite file's table {table.name} has other columns "
                                 "than this version's")


def copy_table(source: sqlite3.Connection, target: psycopg.Connection[Any],
               table: sa.Table) -> int:
    names = [c.name for c in table.columns]
    select = f"SELECT {', '.join(map(_quoted, names))} FROM {_quoted(table.name)}"
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)))
    rows = 0
    read = source.execute(select)
    with target.cursor() as cursor, cursor.copy(statement) as copy:
        while batch := read.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            rows += len(batch)
    return rows


def copy_tables(source: sqlite3.Connection, target: psycopg.Connection[Any]) -> dict[str, int]:
    """Every table in dependency order (referenced tables first); rows per table."""
    return {table.name: copy_table(source, target, table) for table in metadata.sorted_tables}


def _serial_column(table: sa.Table) -> sa.Column[Any] | None:
    key = list(table.primary_key.columns)
    if len(key) == 1 and isinstance(key[0].type, sa.Integer):
        return key[0]
    return None


def _highest_used(source: sqlite3.Connection, table: str, column: str) -> int:
    """The highest number the SQLite table has handed out, also of rows deleted since.

    AUTOINCREMENT keeps it in sqlite_sequence. A client's cursor may stand at a feed row
    deleted later (a removed peer's records, a purged space), so the copy's sequence
    must continue past that number too, not only past the largest one left.
    """
    highest = source.execute(f"SELECT max({_quoted(column)}) FROM {_quoted(table)}").fetchone()
    used = int(highest[0]) if highest and highest[0] is not None else 0
    has_sequence = source.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    if has_sequence:
        stored = source.execute("SELECT seq FROM sqlite_sequence WHERE name = ?",
                                (table,)).fetchone()
        if stored is not None and stored[0] is not None:
            used = max(used, int(stored[0]))
    return used


def continue_sequences(source: sqlite3.Connection,
                       target: psycopg.Connection[Any]) -> dict[str, int]:
    """Each PostgreSQL sequence set so its next number follows SQLite's highest used;
    returns the highest number per table whose sequence was set."""
    out = {}
    for table in metadata.sorted_tables:
        column = _serial_column(table)
        if column is None:
            continue
        found = target.execute("SELECT pg_get_serial_sequence(%s, %s)",
                               (sql.Identifier(table.name).as_string(target),
                                column.name)).fetchone()
        if found is None or found[0] is None:
            continue
        used = _highest_used(source, table.name, column.name)
        if used > 0:
            target.execute("SELECT setval(%s, %s, true)", (found[0], used))
            out[table.name] = used
    return out
