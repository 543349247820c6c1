"""Job leases in the database (storage/leases.py): held by one process at a time, on
both backends, and on PostgreSQL exactly one of many processes racing for a free lease
gets it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from server_stub.storage import leases
from server_stub.storage.engine import make_sync_engine, migrate, sqlite_url
from tests.integration.conftest import BOTH_BACKENDS

BACKENDS = BOTH_BACKENDS
RACERS = 8


@pytest.fixture
def engine(new_database: Callable[[], str], tmp_path: Path) -> Iterator[sa.Engine]:
    made = make_sync_engine(new_database() or sqlite_url(tmp_path))
    migrate(made)
    yield made
    made.dispose()


def take(engine: sa.Engine, holder: str, lease_ms: int = 60_000, job: str = "hubs") -> bool:
    with engine.begin() as conn:
        return leases.take(conn, job, holder, lease_ms)


def holders(engine: sa.Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return leases.holders(conn)


class TestJobLeases:
    def test_a_held_lease_is_renewed_by_its_holder_and_refused_to_another(
            self, engine: sa.Engine) -> None:
        assert take(engine, "a")
        assert take(engine, "a")  # renewed
        assert not take(engine, "b")
        assert take(engine, "b", job="retention")  # another job's lease is another
        assert holders(engine) == {"hubs": "a", "retention": "b"}

    def test_a_lease_that_ran_out_goes_to_the_next_who_asks(self, engine: sa.Engine) -> None:
        assert take(engine, "a", lease_ms=1500)  # long enough for the next line on a busy
        assert not take(engine, "b")             # machine (200 ms was not at load 20)
        time.sleep(1.6)
        assert holders(engine) == {}
        assert take(engine, "b")
        assert not take(engine, "a")  # the old holder finds it gone

    def test_a_released_lease_is_free_at_once(self, engine: sa.Engine) -> None:
        assert take(engine, "a")
        with engine.begin() as conn:
            leases.release(conn, "hubs", "b")  # not b's: nothing happens
        assert not take(engine, "b")
        with engine.begin() as conn:
            leases.release(conn, "hubs", "a")
        assert take(engine, "b")


@pytest.fixture
def postgres_engine(postgres_database: str) -> Iterator[sa.Engine]:
    made = make_sync_engine(postgres_database)
    migrate(made)
    yield made
    made.dispose()


def test_of_many_racing_for_a_free_lease_exactly_one_gets_it(
        postgres_engine: sa.Engine) -> None:
    engine = postgres_engine
    for round_ in range(5):
        job = f"race-{round_}"
        start = threading.Barrier(RACERS)
        won: list[str] = []

        def race(holder: str, job: str = job, start: threading.Barrier = start,
                 won: list[str] = won) -> None:
            start.wait()
            if take(engine, holder, job=job):
                won.append(holder)

        threads = [threading.Thread(target=race, args=(f"p{n}",)) for n in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(won) == 1, won
        assert holders(engine)[job] == won[0]
