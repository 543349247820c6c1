"""Server benchmark: kontor-server backup and restore of the demo company.

    .venv/bin/python bench/server_backup.py --data-dir DIR   # an existing 100k demo
    .venv/bin/python bench/server_backup.py --people 2000    # quick check

What it measures, each command as the admin runs it (a subprocess, wall time):
1. `backup` with the server stopped, RUNS times.
2. `backup` while `serve` runs and one client writes posts all the time: the backup's
   time and the writes/s the client kept up during it.
3. `restore` of the backup (server stopped), RUNS times.
Baseline, same run: copying the database file with shutil.copyfile (what the disk does
without SQLite), and the client's writes/s with no backup running.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import uuid6
from common import (
    DEMO_USER,
    REPO,
    add_common_args,
    client_session,
    kontor_server,
    load_average,
    log,
    login,
    machine,
    prepare_demo,
    print_table,
    python_cmd,
    workdir,
)


def cli(*args: str) -> tuple[float, float]:
    """(wall time of the command, the time it reports for the copy itself)."""
    started = time.perf_counter()
    done = subprocess.run(python_cmd("-m", "server_stub.cli", *args), check=True, cwd=REPO,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    inner = re.findall(r"([\d.]+) s\)", done.stdout)
    return wall, float(inner[-1])


def copy_with_fsync(source: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb") as f:
        os.fsync(f.fileno())
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})")


def member_space(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute(
            "SELECT m.space_id FROM membership m JOIN account a ON a.person_id = m.person_id"
            " WHERE a.username = ? LIMIT 1", (DEMO_USER,)).fetchone()[0])
    finally:
        conn.close()


async def writes_during(base: str, space: str,
                        seconds_or_task: float | asyncio.Future[tuple[float, float]]) -> float:
    """Posts written per second, for a fixed time or until the task is done."""
    async with client_session() as http:
        signed_in = await login(http, base)
        headers = {"Authorization": f"Bearer {signed_in.token}"}
        started = time.perf_counter()
        written = 0
        while True:
            if isinstance(seconds_or_task, float):
                if time.perf_counter() - started > seconds_or_task:
                    break
            elif seconds_or_task.done():
                break
            body = {"space_id": space, "text": f"bench {written}", "post_kind": "post"}
            async with http.put(f"{base}/api/v1/posts/{uuid6.uuid7()}", json=body,
                                headers=headers) as r:
                assert r.status in (200, 201), await r.text()
            written += 1
        return written / (time.perf_counter() - started)


async def backup_while_serving(data: Path, target: Path,
                               logs: Path) -> tuple[tuple[float, float], float, float]:
    space = member_space(data / "kontor.db")
    with kontor_server(data, logs) as server:
        idle = await writes_during(server.url, space, 5.0)
        task = asyncio.ensure_future(asyncio.to_thread(cli, "backup", str(data), str(target)))
        busy = await writes_during(server.url, space, task)
        return await task, busy, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_args(parser)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with workdir(args) as root:
        demo = prepare_demo(args, root)
        data = demo.data_dir
        db = data / "kontor.db"
        size = db.stat().st_size
        copies: list[float] = []
        backups: list[tuple[float, float]] = []
        restores: list[tuple[float, float]] = []
        loads: list[str] = []
        for run in range(args.runs):
            log(f"run {run + 1}/{args.runs}")
            copies.append(copy_with_fsync(db, root / "plain-copy.db"))
            target = root / f"backup-{run}.db"
            loads.append(load_average())
            backups.append(cli("backup", str(data), str(target)))
            restores.append(cli("restore", str(data), str(target)))
            for moved in data.glob("kontor.db.before-restore-*"):
                moved.unlink()
            target.unlink()
        log("backup while serving and writing")
        during, busy, idle = asyncio.run(
            backup_while_serving(data, root / "backup-live.db", root))
        print_table(f"backup and restore, {demo.people} people ({machine()})", [
            ("database file", f"{size / 2**20:.0f} MiB"),
            ("backup, server stopped: command", spread([w for w, _ in backups])),
            ("  of which the copy itself", spread([i for _, i in backups])),
            ("restore (new epoch): command", spread([w for w, _ in restores])),
            ("  of which the copy itself", spread([i for _, i in restores])),
            ("baseline: file copy + fsync", spread(copies)),
            ("backup while serving + writing", f"{during[0]:.2f} s (copy {during[1]:.2f} s)"),
            ("writes/s during that backup", f"{busy:.0f} (without: {idle:.0f})"),
            ("load average (1 min) per run", ", ".join(loads)),
        ])


if __name__ == "__main__":
    sys.exit(main())
