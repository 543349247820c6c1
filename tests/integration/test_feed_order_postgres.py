"""The changes feed stays gap-free as a reader sees it while writers race on PostgreSQL.

Several writers, each on its own connection as several server processes would be, draw
feed numbers and then hold their transaction open a moment before committing; a reader
pages the feed all the while, as a client does, moving its cursor past the last row of
each page. Without the feed lock (server_stub/storage/feed_lock.py) a writer that drew
a lower number but committed later lands behind the reader's cursor and is never seen.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from server_stub.storage import records
from server_stub.storage.engine import make_sync_engine, migrate
from server_stub.storage.feed import read_feed
from sync import protocol as p

WRITERS = 4
WRITES_EACH = 25
RECORDS_PER_WRITE = 2
PAGE = 3


def _person(given: str) -> p.Person:
    return p.Person(id=str(uuid.uuid4()), origin="test.local", version=1,
                    updated_at=p.now_ms(), given_name=given, family_name="Parallel",
                    site="München")


@pytest.fixture
def engine(postgres_database: str) -> Iterator[sa.Engine]:
    made = make_sync_engine(postgres_database)
    migrate(made)
    yield made
    made.dispose()


def test_a_reader_paging_during_parallel_writes_misses_nothing(engine: sa.Engine) -> None:
    written: list[str] = []
    written_lock = threading.Lock()
    start = threading.Barrier(WRITERS + 1)
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        rng = random.Random(writer)
        try:
            start.wait()
            for n in range(WRITES_EACH):
                people = [_person(f"W{writer}N{n}R{r}") for r in range(RECORDS_PER_WRITE)]
                with engine.begin() as conn:
                    for person in people:
                        records.put_record(conn, "person", person, records.EVERYONE)
                    # the numbers are drawn; committing later is what could reorder them
                    conn.execute(sa.text("SELECT pg_sleep(:s)"), {"s": rng.uniform(0, 0.004)})
                with written_lock:
                    written.extend(person.id for person in people)
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    seen: list[str] = []
    seqs: list[int] = []

    def read_page(cursor: int) -> tuple[int, bool]:
        with engine.connect() as conn:
            rows, more, _head = read_feed(conn, None, cursor, PAGE)
        seen.extend(row.record_id for row in rows)
        seqs.extend(row.seq for row in rows)
        return (rows[-1].seq if rows else cursor), more

    writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in writers:
        thread.start()
    start.wait()
    cursor = 0
    pages_during_writes = 0
    while any(thread.is_alive() for thread in writers):
        cursor, _more = read_page(cursor)
        pages_during_writes += 1
    for thread in writers:
        thread.join()
    more = True
    while more:  # the reader catches up with what was committed last
        cursor, more = read_page(cursor)

    assert not failures, failures
    assert pages_during_writes > WRITERS * WRITES_EACH // PAGE  # it really read meanwhile
    assert len(written) == WRITERS * WRITES_EACH * RECORDS_PER_WRITE
    assert seqs == sorted(set(seqs))  # every row once, in order
    missed = set(written) - set(seen)
    assert not missed, f"the reader never saw {len(missed)} of {len(written)} changes"
    assert len(seen) == len(written)
