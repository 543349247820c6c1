"""What the sign-in slow-down's rows cost a sign-in, against the Argon2id check it does anyway.

    .venv/bin/python bench/sign_in_throttle.py               # 5 rounds, SQLite and PostgreSQL
    .venv/bin/python bench/sign_in_throttle.py --rounds 3    # quicker

The slow-down keeps its counts in the database (services/shared_throttle.py): each
sign-in reads its rows before the password check and writes them after it. Per round,
on a fresh SQLite file and a fresh PostgreSQL database, with the failure table empty
and with 90,000 rows in it (near the bound of 100,000, where a new key's check of the
bound scans the table): the median of 40 calls of each step, and in the same round the
median of 10 Argon2id checks of a wrong password (the baseline: what every sign-in
costs already). Prints the median over the rounds, the spread of the round medians,
the ratio to the baseline, and the 1-minute load before and after.

--database-url is a PostgreSQL server without a database name (default: the local one
with trust authentication, as the tests use); a database is made and dropped.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import sqlalchemy as sa
from psycopg import sql

from server_stub.services import auth, shared_throttle
from server_stub.services.login_throttle import LoginThrottle
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine, migrate
from server_stub.storage.leases import clock_ms

POLICY = LoginThrottle()
CALLS = 40
STEPS = ("read before the check", "failure, new key", "failure, known key",
         "success (own transaction)")


def median_ms(work: Callable[[int], object], calls: int = CALLS) -> float:
    times = []
    for call in range(calls):
        started = time.perf_counter()
        work(call)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def fill(engine: sa.Engine, rows: int) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(t.sign_in_failure))
        now = clock_ms(conn)
        if rows:
            conn.execute(sa.insert(t.sign_in_failure), [
                {"key": f"addr:198.18.{n // 256}.{n % 256}.{n}", "failures": 1,
                 "blocked_until": 0, "expires_at": now + 86_400_000} for n in range(rows)])
    if engine.dialect.name == "postgresql":  # as autovacuum would after such a spray
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE sign_in_failure"))


def one_round(engine: sa.Engine, rows: int, tag: str) -> dict[str, float]:
    fill(engine, rows)

    def read(_: int) -> None:
        with engine.connect() as conn:
            shared_throttle.retry_after_txn(conn, POLICY, "bob", "192.0.2.1")

    def fail(name: str) -> None:
        with engine.begin() as conn:
            shared_throttle.failed_txn(conn, POLICY, name, "192.0.2.1")

    def succeed(call: int) -> None:
        with engine.begin() as conn:
            shared_throttle.succeeded(conn, POLICY, f"ok{tag}{call}", "192.0.2.9")

    return {
        STEPS[0]: median_ms(read),
        STEPS[1]: median_ms(lambda call: fail(f"new{tag}{call}")),
        STEPS[2]: median_ms(lambda call: fail("same")),
        STEPS[3]: median_ms(succeed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    base = args.database_url.rstrip("/")
    name = "kontor_bench_" + secrets.token_hex(4)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    load_before = os.getloadavg()[0]
    password_hash = auth.hash_password(secrets.token_urlsafe(12))
    results: dict[tuple[str, int, str], list[float]] = {}
    baseline: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engines = [make_sync_engine(f"sqlite:///{Path(tmp) / 'kontor.db'}"),
                       make_sync_engine(f"{base.replace('postgresql://', 'postgresql+psycopg://')}/{name}")]
            for engine in engines:
                migrate(engine)
            for round_ in range(args.rounds):
                baseline.append(median_ms(
                    lambda _: auth.verify_password(password_hash, "wrong"), 10))
                for engine in engines:
                    for rows in (0, 90_000):
                        measured = one_round(engine, rows, f"r{round_}")
                        for step, value in measured.items():
                            results.setdefault((engine.dialect.name, rows, step),
                                               []).append(value)
            for engine in engines:
                engine.dispose()
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
    argon = statistics.median(baseline)
    print(f"baseline, Argon2id check of a wrong password: {argon:.0f} ms "
          f"({min(baseline):.0f}-{max(baseline):.0f}), {args.rounds} rounds")
    print(f"{'database':10} {'rows':>6}  {'step':38} {'median':>9} {'spread':>14} {'of Argon2':>9}")
    for (dialect, rows, step), values in results.items():
        middle = statistics.median(values)
        print(f"{dialect:10} {rows:6}  {step:38} {middle:7.2f} ms "
              f"({min(values):5.2f}-{max(values):5.2f}) {middle / argon * 100:8.1f}%")
    print(f"load (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
