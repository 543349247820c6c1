"""The serving process's way to the database: whole transactions in a few threads.

Every unit of database work in the server is already a plain function of a SQLAlchemy
`Connection` (the `*_txn` functions, the services behind `write_as`/`read_as_caller`).
`Database` runs each such function, start to commit, in one of a few worker threads
over a synchronous engine: one hop between the event loop and a thread per
transaction. The asynchronous driver it replaces (aiosqlite under SQLAlchemy's asyncio
extension) made two to three hops for every statement, and a one-statement transaction
cost 1.4 ms of CPU against 0.4 ms here (docs/performance.md, "Hot paths").

A transaction that has started runs to its end even when the request that asked for it
is cancelled: the caller waits for it before the cancellation goes on, so a write lock
held around it is never released while the write is still in progress.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

import sqlalchemy as sa

P = ParamSpec("P")
T = TypeVar("T")

WORKER_THREADS = 4  # readers; with the writers below SQLAlchemy's pool of 5 + overflow
WRITER_THREADS = 2  # writes have threads of their own: see Database


class Database:
    """Reads and writes run in threads of their own: when every live client pulls after
    a post, a thousand reads are queued at once, and a write that waited behind them (one
    pool, first come first served) took seconds instead of milliseconds. Two writer
    threads, so a long background write (an import, a retention pass) does not hold up a
    post on PostgreSQL; on SQLite writes take turns at the file anyway."""

    def __init__(self, engine: sa.Engine, threads: int = WORKER_THREADS,
                 writer_threads: int = WRITER_THREADS) -> None:
        self.engine = engine
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="kontor-db")
        self._writers = concurrent.futures.ThreadPoolExecutor(
            max_workers=writer_threads, thread_name_prefix="kontor-db-write")

    async def write(self, work: Callable[Concatenate[sa.Connection, P], T],
                    *args: P.args, **kwargs: P.kwargs) -> T:
        """work(conn, ...) in one transaction, committed when it returns."""
        return await self._run(functools.partial(self._in_transaction, work, *args, **kwargs),
                               self._writers)

    async def read(self, work: Callable[Concatenate[sa.Connection, P], T],
                   *args: P.args, **kwargs: P.kwargs) -> T:
        """work(conn, ...) on a connection that is rolled back afterwards."""
        return await self._run(functools.partial(self._on_connection, work, *args, **kwargs),
                               self._pool)

    def _in_transaction(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        with self.engine.begin() as conn:
            return work(conn, *args, **kwargs)

    def _on_connection(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        with self.engine.connect() as conn:
            return work(conn, *args, **kwargs)

    async def _run(self, call: Callable[[], T],
                   pool: concurrent.futures.ThreadPoolExecutor) -> T:
        future = asyncio.get_running_loop().run_in_executor(pool, call)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            while not future.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait([future])
            raise

    async def close(self) -> None:
        """Wait for running transactions, then close the connections."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._pool.shutdown)
        await loop.run_in_executor(None, self._writers.shutdown)
        self.engine.dispose()
