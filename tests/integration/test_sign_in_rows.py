"""The slow-down's rows in a real database (services/shared_throttle.py): counts that
concurrent processes add up, forgotten after a day, and a table that stays bounded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from server_stub.services import shared_throttle
from server_stub.services.login_throttle import LoginThrottle
from server_stub.services.shared_throttle import MAX_KEYS
from server_stub.storage import sign_in_attempts as rows
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine, migrate, sqlite_url
from server_stub.storage.leases import clock_ms
from tests.postgres_support import Postgres

POLICY = LoginThrottle()  # the defaults: 5 free, then 1 s doubling
DAY_MS = 24 * 3600 * 1000


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "sqlite":
        made = make_sync_engine(sqlite_url(tmp_path))
        migrate(made)
        yield made
        made.dispose()
        return
    postgres: Postgres = request.getfixturevalue("postgres")
    with postgres.database() as url:
        made = make_sync_engine(url)
        migrate(made)
        yield made
        made.dispose()


def fail(engine: sa.Engine, name: str, address: str) -> None:
    with engine.begin() as conn:
        shared_throttle.failed_txn(conn, POLICY, name, address)


def wait(engine: sa.Engine, name: str, address: str) -> float:
    with engine.connect() as conn:
        return shared_throttle.retry_after_txn(conn, POLICY, name, address)


def failure_rows(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(t.sign_in_failure.c.key,
                                           t.sign_in_failure.c.failures)).all())


def test_failures_at_once_from_many_connections_all_count(engine: sa.Engine) -> None:
    """As from several serve processes at the same moment: none is lost."""
    threads = 2 if engine.dialect.name == "sqlite" else 8
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda n: fail(engine, "bob", "192.0.2.1"), range(24)))
    assert failure_rows(engine) == {"pair:bob\n192.0.2.1": 24, "addr:192.0.2.1": 24,
                                    "user:bob": 24}
    assert wait(engine, "bob", "192.0.2.1") > 250  # 2**19 s, capped at 300 s


def test_a_count_is_forgotten_a_day_after_its_last_failure(engine: sa.Engine) -> None:
    for _ in range(6):
        fail(engine, "bob", "192.0.2.1")
    assert wait(engine, "bob", "192.0.2.1") > 0
    with engine.begin() as conn:  # a day and a moment pass
        conn.execute(sa.update(t.sign_in_failure).values(
            blocked_until=t.sign_in_failure.c.blocked_until - DAY_MS - 1000,
            expires_at=t.sign_in_failure.c.expires_at - DAY_MS - 1000))
    assert wait(engine, "bob", "192.0.2.1") == 0.0
    fail(engine, "ann", "198.51.100.7")  # any failure takes the old rows away
    assert set(failure_rows(engine)) == {"pair:ann\n198.51.100.7", "addr:198.51.100.7",
                                         "user:ann"}


def test_a_spray_past_the_bound_empties_the_table(engine: sa.Engine) -> None:
    for _ in range(5):
        fail(engine, "bob", "192.0.2.1")
    assert wait(engine, "bob", "192.0.2.1") == pytest.approx(1.0, abs=0.1)
    with engine.begin() as conn:
        now = clock_ms(conn)
        conn.execute(sa.insert(t.sign_in_failure), [
            {"key": f"addr:spray{n}", "failures": 1, "blocked_until": 0,
             "expires_at": now + DAY_MS} for n in range(MAX_KEYS)])
    started = time.perf_counter()
    fail(engine, "carol", "203.0.113.9")
    took = time.perf_counter() - started
    assert failure_rows(engine) == {}
    assert wait(engine, "bob", "192.0.2.1") == 0.0
    print(f"{engine.dialect.name}: the failure that emptied {MAX_KEYS} rows took "
          f"{took * 1000:.0f} ms")


def succeed(engine: sa.Engine, name: str, address: str) -> None:
    with engine.begin() as conn:
        shared_throttle.succeeded(conn, POLICY, name, address)


def days_pass(engine: sa.Engine, days: float) -> None:
    """Every stored time moves back, as if the days had passed."""
    ms = round(days * DAY_MS)
    with engine.begin() as conn:
        conn.execute(sa.update(t.sign_in_failure).values(
            blocked_until=t.sign_in_failure.c.blocked_until - ms,
            expires_at=t.sign_in_failure.c.expires_at - ms))
        conn.execute(sa.update(t.sign_in_trust).values(
            signed_in_at=t.sign_in_trust.c.signed_in_at - ms))


def test_a_success_between_does_not_make_the_other_counts_last_longer(
        engine: sa.Engine) -> None:
    """Bob's success forgives his name at his desk; the counts of the desk and of the
    name it leaves as they were, forgotten a day after their last failure still."""
    for _ in range(3):
        fail(engine, "bob", "192.0.2.1")
    days_pass(engine, 0.9)
    succeed(engine, "bob", "192.0.2.1")
    assert set(failure_rows(engine)) == {"addr:192.0.2.1", "user:bob"}
    days_pass(engine, 0.2)  # a day and more since the last failure, 0.2 since the success
    fail(engine, "ann", "198.51.100.7")  # any failure takes the old rows away
    assert set(failure_rows(engine)) == {"pair:ann\n198.51.100.7", "addr:198.51.100.7",
                                         "user:ann"}


def trusted_pairs(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(t.sign_in_trust.c.pair)).scalars())


def test_a_desks_trust_row_goes_thirty_days_after_the_last_success(
        engine: sa.Engine) -> None:
    """To the minute: a row a little younger than thirty days stays, a little older goes."""
    succeed(engine, "bob", "192.0.2.1")
    days_pass(engine, 1 / 24)
    succeed(engine, "carol", "192.0.2.2")
    days_pass(engine, 30 - 1 / 24 / 60)  # bob: thirty days and 59 minutes; carol: 29.99
    fail(engine, "ann", "198.51.100.7")  # any sign-in takes faded trust away
    assert trusted_pairs(engine) == {"pair:carol\n192.0.2.2"}
    days_pass(engine, 2 / 24 / 60)
    fail(engine, "ann", "198.51.100.7")
    assert trusted_pairs(engine) == set()


def test_a_count_is_remembered_for_a_whole_day_to_the_second(engine: sa.Engine) -> None:
    for _ in range(6):
        fail(engine, "bob", "192.0.2.1")
    days_pass(engine, 1 - 10 / 86_400)  # ten seconds short of a day
    fail(engine, "bob", "192.0.2.1")
    assert failure_rows(engine)["pair:bob\n192.0.2.1"] == 7  # counted on
    days_pass(engine, 1 + 10 / 86_400)
    fail(engine, "bob", "192.0.2.1")
    assert failure_rows(engine)["pair:bob\n192.0.2.1"] == 1  # forgotten, counted afresh


def test_a_count_forgotten_but_not_yet_pruned_starts_afresh(
        engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sign-in prunes at most a batch of old rows: with more waiting than that, an
    expired row of this very sign-in can still be there. It counts as forgotten."""
    for _ in range(6):
        fail(engine, "bob", "192.0.2.1")
    days_pass(engine, 1.1)
    monkeypatch.setattr(rows, "PRUNE_BATCH", 0)  # as if a thousand older rows went first
    fail(engine, "bob", "192.0.2.1")
    assert failure_rows(engine) == {"pair:bob\n192.0.2.1": 1, "addr:192.0.2.1": 1,
                                    "user:bob": 1}
    assert wait(engine, "bob", "192.0.2.1") == 0.0
