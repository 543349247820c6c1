"""The background jobs that must run in one serve process only.

Federation pulls, scheduled handovers, the hubs computation, the directory sync and the
retention pass each run in one process at a time, however many serve processes share a
PostgreSQL database. Each job has a lease in the database (storage/leases.py): the
process that holds it runs the job and renews the lease every renew_seconds; when the
holder stops renewing (killed, cut off from the database) another process takes the
lease once it has run out, within lease_seconds plus one renew interval, and starts the
job. A clean stop lets its leases go at once: the others take them at their next try.

A holder that cannot renew stops its job when the lease it last renewed runs out by its
own clock, before any other process could take the lease over. A job's single steps
(one write) finish even then: they are transactions, and every job is written to be
run again (a scheduled handover is applied once, a pull continues from its cursor).

On SQLite one process serves the database: every job runs there, without a lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Coroutine
from typing import Any

from server_stub.storage import leases
from server_stub.storage.database import Database

log = logging.getLogger("kontor.server")

FEDERATION = "federation"
HANDOVERS = "handovers"
HUBS = "hubs"
DIRECTORY_SYNC = "directory_sync"
RETENTION = "retention"


def new_holder_id() -> str:
    """This process among all that may serve the database: host, pid and a random part
    (a pid is used again after a restart)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Leadership:
    def __init__(self, database: Database, lease_seconds: float, renew_seconds: float,
                 *, always: bool, holder: str | None = None) -> None:
        self.database = database
        self.lease_seconds = lease_seconds
        self.renew_seconds = renew_seconds
        self.always = always  # SQLite: the only process, every job runs here
        self.holder = holder or new_holder_id()

    async def lead(self, job: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run work (a loop that runs until cancelled) while this process holds job's
        lease: started when the lease is taken, cancelled when it is lost."""
        if self.always:
            await work()
            return
        running: asyncio.Task[None] | None = None
        valid_until = 0.0  # by this process's monotonic clock
        try:
            while True:
                asked = time.monotonic()
                try:
                    held = await self.database.write(
                        leases.take, job, self.holder, int(self.lease_seconds * 1000))
                except Exception as exc:  # noqa: BLE001 - the database briefly away
                    log.warning("renewing the %s lease failed: %s", job, type(exc).__name__)
                    held = time.monotonic() < valid_until
                else:
                    if held:
                        valid_until = asked + self.lease_seconds
                if running is not None and running.done():
                    _report_end(job, running)
                    running = None
                if held and running is None:
                    log.info("this process runs the %s job (lease %s)", job, self.holder,
                             extra={"event": "lease_taken", "job": job,
                                    "holder": self.holder})
                    running = asyncio.create_task(work(), name=f"{job} (leader)")
                elif not held and running is not None:
                    log.warning("this process lost the %s lease; the job stops here",
                                job, extra={"event": "lease_lost", "job": job,
                                            "holder": self.holder})
                    await _cancel(running)
                    running = None
                pause = self.renew_seconds
                if running is not None:  # stop in time if the next renewals fail
                    pause = max(0.0, min(pause, valid_until - time.monotonic()))
                await asyncio.sleep(pause)
        finally:
            if running is not None:
                await _cancel(running)
                with contextlib.suppress(Exception):
                    await self.database.write(leases.release, job, self.holder)


def _report_end(job: str, task: asyncio.Task[None]) -> None:
    """A job's loop that ended by itself (an error it did not catch): started again."""
    if task.cancelled():
        return
    error = task.exception()
    log.error("the %s job stopped (%s); starting it again", job,
              type(error).__name__ if error else "returned")


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
