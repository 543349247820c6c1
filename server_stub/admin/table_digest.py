"""Row counts and content checksums of the server's tables, the same on SQLite and PostgreSQL.

`kontor-server migrate-db` compares them between the SQLite file and its copy. Each value
is turned into text by the database itself, in a form both databases produce alike:
integers and strings as they are, booleans as true/false, dates as YYYY-MM-DD, JSON as
its stored text, binary as lower-case hex, NULL as null. A row is the JSON list of those
texts; its SHA-256 is read as a number, and the table's checksum is the sum of its rows'
numbers modulo 2**256. The sum does not depend on the order the rows come in: SQLite
and PostgreSQL sort text differently (byte order against the database's collation), so
an ordered hash would need an order both agree on, and a sum needs none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgspec
import sqlalchemy as sa

from server_stub.storage.tables import metadata

MODULUS = 2**256
BATCH = 5000


@dataclass(frozen=True)
class TableDigest:
    rows: int
    checksum: int


def _as_text(column: sa.Column[Any], dialect: str) -> sa.ColumnElement[Any]:
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return sa.case((column.is_(None), sa.null()), (column, "true"), else_="false")
    if isinstance(kind, sa.LargeBinary):
        if dialect == "postgresql":
            return sa.func.encode(column, "hex")
        # hex(NULL) is '' in SQLite: NULL must stay apart from an empty value
        return sa.case((column.is_(None), sa.null()), else_=sa.func.lower(sa.func.hex(column)))
    if isinstance(kind, sa.Date) and dialect == "postgresql":
        return sa.func.to_char(column, "YYYY-MM-DD")
    return sa.cast(column, sa.Text)


def table_digest(conn: sa.Connection, table: sa.Table) -> TableDigest:
    """The row count and content checksum of one table, read through conn.

    The rows go through the driver's own cursor (on PostgreSQL a server-side one, so a
    large table is never held whole): every value is text already, and SQLAlchemy's
    row objects cost more than the hashing.
    """
    dialect = conn.dialect.name
    query = sa.select(*(_as_text(c, dialect).label(c.name) for c in table.columns))
    text = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    raw: Any = conn.connection.driver_connection
    cursor = raw.cursor(name="kontor_digest") if dialect == "postgresql" else raw.cursor()
    rows = 0
    total = 0
    encode = msgspec.json.encode
    sha256 = hashlib.sha256
    try:
        cursor.execute(text)
        while part := cursor.fetchmany(BATCH):
            for row in part:
                total += int.from_bytes(sha256(encode(row)).digest(), "big")
            rows += len(part)
    finally:
        cursor.close()
    return TableDigest(rows, total % MODULUS)


def digests(conn: sa.Connection) -> dict[str, TableDigest]:
    """Every table of the server's schema, by name."""
    return {table.name: table_digest(conn, table) for table in metadata.sorted_tables}


def differences(source: dict[str, TableDigest], target: dict[str, TableDigest]) -> list[str]:
    """One plain line per table whose rows or content differ between the two sides."""
    out = []
    for name, mine in source.items():
        theirs = target.get(name)
        if theirs is None:
            out.append(f"table {name} is missing in the copy")
        elif theirs.rows != mine.rows:
            out.append(f"table {name} has {mine.rows} rows in SQLite but {theirs.rows} "
                       "in the copy")
        elif theirs.checksum != mine.checksum:
            out.append(f"table {name} has the same {mine.rows} rows but different content "
                       "in the copy")
    return out
