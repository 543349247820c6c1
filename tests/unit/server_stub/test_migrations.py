"""The Alembic revisions build exactly the schema the code declares.

Tables, columns and indexes are declared once in storage/tables.py and created by
hand-written revisions; a revision that forgets an index (or adds one the code does
not know) would pass every other test on a fresh database and still leave upgraded
servers slow or different. alembic's own comparison catches both directions.
"""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server_stub.storage.engine import make_sync_engine, migrate, sqlite_url
from server_stub.storage.tables import metadata


def test_the_revisions_build_the_declared_schema(tmp_path: Path) -> None:
    engine = make_sync_engine(sqlite_url(tmp_path))
    migrate(engine)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_the_handover_lookups_are_indexed(tmp_path: Path) -> None:
    engine = make_sync_engine(sqlite_url(tmp_path))
    migrate(engine)
    with engine.connect() as conn:
        indexed = {(row[2], row[1]) for row in conn.exec_driver_sql(
            "SELECT m.name, ii.name, m.tbl_name FROM sqlite_master m, "
            "pragma_index_info(m.name) ii WHERE m.type = 'index'")}
    engine.dispose()
    for table, column in (("org_unit", "lead_position_id"), ("position", "reports_to_id"),
                          ("connection", "to_id"), ("space", "position_id")):
        assert (table, column) in indexed
