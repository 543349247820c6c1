"""The retention pass while serving: at start and every retention_interval_seconds, in
batches, each its own write under the server's write lock (like a scheduled handover),
waking the clients that held what went."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from server_stub import appkeys as k
from server_stub.privacy.leavers import anonymise_due, pending
from server_stub.privacy.retention import BATCH, run_retention
from server_stub.routes.common import write_as
from server_stub.services import leader
from server_stub.services.context import WriteContext
from server_stub.services.handover import SYSTEM_CALLER
from sync.protocol import now_ms

log = logging.getLogger("kontor.server")
LEAVER_BATCH = 20


async def retention_pass(app: web.Application) -> tuple[int, int]:
    """One whole pass; returns the posts and comments removed and people anonymised."""
    config = app[k.CONFIG]
    removed = anonymised = 0
    more = await app[k.DATABASE].read(pending, now_ms(), config.server_name,
                                      config.anonymise_leavers_after_days)
    while more:
        def leavers(ctx: WriteContext) -> tuple[int, bool]:
            return anonymise_due(ctx, config.anonymise_leavers_after_days, LEAVER_BATCH)

        done, more = await write_as(app, SYSTEM_CALLER, leavers)
        anonymised += done
    more = bool(config.retention)
    while more:
        result = await write_as(app, SYSTEM_CALLER,
                                lambda ctx: run_retention(ctx, config.retention, BATCH))
        removed += result.removed.posts + result.removed.comments
        more = result.more
    if removed or anonymised:
        log.info("retention: %d posts and comments removed, %d people anonymised",
                 removed, anonymised)
    return removed, anonymised


async def retention_task(app: web.Application) -> AsyncIterator[None]:
    interval = app[k.CONFIG].retention_interval_seconds

    async def run() -> None:
        while True:
            try:
                await retention_pass(app)
            except Exception as exc:  # noqa: BLE001 - e.g. the database briefly locked
                log.error("the retention pass failed: %s", type(exc).__name__)
            await asyncio.sleep(interval)

    task = asyncio.create_task(app[k.LEADERSHIP].lead(leader.RETENTION, run),
                               name="retention")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
