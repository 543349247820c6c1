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

WORKER_THREADS = 4  # below SQLAlchemy's default pool of 5 connections


class Database:
    def __init__(self, engine: sa.Engine, threads: int = WORKER_THREADS) -> None:
        self.engine = engine
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="kontor-db")

    async def write(self, work: Callable[Concatenate[sa.Connection, P], T],
                    *args: P.args, **kwargs: P.kwargs) -> T:
        """work(conn, ...) in one transaction, committed when it returns."""
        return await self._run(functools.partial(self._in_transaction, work, *args, **kwargs))

    async def read(self, work: Callable[Concatenate[sa.Connection, P], T],
                   *args: P.args, **kwargs: P.kwargs) -> T:
        """work(conn, ...) on a connection that is rolled back afterwards."""
        return await self._run(functools.partial(self._on_connection, work, *args, **kwargs))

    def _in_transaction(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        with self.engine.begin() as conn:
            return work(conn, *args, **kwargs)

    def _on_connection(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        with self.engine.connect() as conn:
            return work(conn, *args, **kwargs)

    async def _run(self, call: Callable[[], T]) -> T:
        future = asyncio.get_running_loop().run_in_executor(self._pool, call)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            while not future.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait([future])
            raise

    async def close(self) -> None:
        """Wait for running transactions, then close the connections."""
        await asyncio.get_running_loop().run_in_executor(None, self._pool.shutdown)
        self.engine.dispose()
