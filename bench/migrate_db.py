"""Server benchmark: `kontor-server migrate-db` of the demo company into PostgreSQL.

    .venv/bin/python bench/migrate_db.py --data-dir DIR --runs 3   # an existing demo
    .venv/bin/python bench/migrate_db.py --people 2000             # quick check

Each run moves the same SQLite file into a new, empty database on the PostgreSQL server
at --postgres (default: the local one, trust authentication), as the admin runs it (a
subprocess, wall time), and reads from its output how long the copy and the check took;
the database is dropped afterwards. Baseline, same run: reading every row of every
table from the SQLite file with sqlite3 (the least any copy has to do).
"""

from __future__ import annotations

import argparse
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from common import (
    REPO,
    add_common_args,
    load_average,
    log,
    machine,
    prepare_demo,
    print_table,
    python_cmd,
    workdir,
)
from psycopg import sql


def read_everything(db: Path) -> tuple[float, int]:
    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = 0
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            while part := cursor.fetchmany(5000):
                rows += len(part)
    finally:
        conn.close()
    return time.perf_counter() - started, rows


def migrate_once(data_dir: Path, base: str) -> tuple[float, float, float, int]:
    """(wall, copy, check) seconds and the rows copied, into a new database."""
    name = "kontor_bench_" + secrets.token_hex(4)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        started = time.perf_counter()
        done = subprocess.run(python_cmd("-m", "server_stub.cli", "migrate-db", str(data_dir),
                                         f"{base}/{name}"),
                              check=True, cwd=REPO, capture_output=True, text=True)
        wall = time.perf_counter() - started
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
    found = re.search(r"copied \d+ tables, (\d+) rows .* in ([\d.]+) s; .*checked in "
                      r"([\d.]+) s", done.stdout)
    assert found is not None, done.stdout
    return wall, float(found.group(2)), float(found.group(3)), int(found.group(1))


def spread(values: list[float]) -> str:
    return (f"{statistics.median(values):.1f} s ({min(values):.1f}-{max(values):.1f}, "
            f"n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432",
                        help="the PostgreSQL server (a URL without a database name)")
    args = parser.parse_args()
    with workdir(args) as root:
        demo = prepare_demo(args, root)
        db = demo.data_dir / "kontor.db"
        walls, copies, checks, reads, loads = [], [], [], [], []
        rows = 0
        for run in range(1, args.runs + 1):
            loads.append(load_average())
            read_s, _ = read_everything(db)
            reads.append(read_s)
            log(f"run {run}: baseline read {read_s:.1f} s; migrate-db ...")
            wall, copy_s, check_s, rows = migrate_once(demo.data_dir, args.postgres)
            walls.append(wall)
            copies.append(copy_s)
            checks.append(check_s)
            loads.append(load_average())
            log(f"run {run}: {wall:.1f} s (copy {copy_s:.1f} s, check {check_s:.1f} s)")
        size = db.stat().st_size
        ratio = statistics.median(walls) / statistics.median(reads)
        print_table(f"migrate-db, {demo.people} people, {rows} rows, "
                    f"{size / 2**20:.0f} MiB ({machine()})", [
            ("migrate-db: the command", spread(walls)),
            ("of which the copy (schema, COPY, sequences)", spread(copies)),
            ("of which the check (counts, checksums)", spread(checks)),
            ("baseline: read every row from SQLite", spread(reads)),
            ("command / baseline", f"{ratio:.1f}x"),
            ("rows per second (command)", f"{rows / statistics.median(walls):,.0f}"),
            ("1-minute load, before and after each run", " ".join(loads)),
        ])


if __name__ == "__main__":
    sys.exit(main())
