"""The hub computation while serving: in a worker process, then published under the lock.

networkx is pure Python: in a thread it would hold the interpreter lock for minutes and
stall every request. A process of its own (spawned, not forked: the server runs
threads) reads the database and computes; only the short publication runs in the
server, as one write under its write lock.
"""

from __future__ import annotations

import asyncio
import sys

import msgspec
import sqlalchemy as sa

from server_stub.hubs.compute import Result, Settings
from server_stub.hubs.run import compute_result
from server_stub.storage import hubs as store
from server_stub.storage.engine import make_sync_engine


def compute_in_process(db_url: str, settings: Settings, window_days: int, now: int) -> bytes:
    """Runs in the worker process: the whole computation, its result encoded."""
    engine = make_sync_engine(db_url)
    try:
        result, _ = compute_result(engine, settings, window_days, now)
    finally:
        engine.dispose()
    return msgspec.json.encode(result)


class Job(msgspec.Struct, frozen=True):
    db_url: str
    settings: Settings
    window_days: int
    now: int


class WorkerFailed(Exception):
    pass


async def compute_in_worker(job: Job) -> Result:
    """Run `python -m server_stub.hubs.nightly` with the job on stdin; the result comes
    back on stdout. Cancelled (server shutting down), the worker is killed."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server_stub.hubs.nightly",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL)
    try:
        out, _ = await proc.communicate(msgspec.json.encode(job))
    except BaseException:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        raise
    if proc.returncode != 0:
        raise WorkerFailed(f"the hub worker ended with code {proc.returncode}")
    return decode(out)


def main() -> None:
    job = msgspec.json.decode(sys.stdin.buffer.read(), type=Job)
    sys.stdout.buffer.write(compute_in_process(job.db_url, job.settings, job.window_days,
                                               job.now))


if __name__ == "__main__":
    main()


def decode(encoded: bytes) -> Result:
    return msgspec.json.decode(encoded, type=Result)


def seconds_until_due(conn: sa.Connection, now: int, interval_s: float) -> float:
    """Time until the next run: interval after the last one. A server that never computed
    waits a whole interval too (kontor-server hubs compute runs one at once)."""
    run = store.current_run(conn)
    if run is None:
        return interval_s
    return max(0.0, (run.computed_at + interval_s * 1000 - now) / 1000)
