"""The tests' fallback when no PostgreSQL answers on 127.0.0.1:5432: a throwaway cluster
from Debian's postgresql package (tests/postgres_support.py), started, used, removed."""

from __future__ import annotations

import uuid

import psycopg

from server_stub.storage import records
from server_stub.storage.engine import make_sync_engine, migrate
from server_stub.storage.feed import read_feed
from sync import protocol as p
from tests.postgres_support import throwaway_cluster


def test_a_throwaway_cluster_holds_a_migrated_database_and_is_removed_afterwards() -> None:
    person = p.Person(id=str(uuid.uuid4()), origin="test.local", version=1,
                      updated_at=p.now_ms(), given_name="Ada", family_name="Cluster",
                      site="Hamburg")
    with throwaway_cluster() as server:
        assert not server.base.endswith(":5432")  # a port of its own
        with server.database() as url:
            engine = make_sync_engine(url)
            migrate(engine)
            with engine.begin() as conn:
                records.put_record(conn, "person", person, records.EVERYONE)
            with engine.connect() as conn:
                rows, more, head = read_feed(conn, None, 0, 10)
            engine.dispose()
        assert [(row.record_id, row.seq) for row in rows] == [(person.id, head)]
        assert not more
        with psycopg.connect(server.url("postgres")) as conn:
            names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
        assert url.rsplit("/", 1)[1] not in names  # the test's database was dropped
        base, directory = server.base, server.directory
    assert directory is not None and not directory.exists()
    try:
        psycopg.connect(f"{base}/postgres", connect_timeout=2).close()
    except psycopg.OperationalError:
        pass  # stopped
    else:
        raise AssertionError("the throwaway cluster still answers after the tests")
