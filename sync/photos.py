"""Fetching the photos the feed announced: after a sync, in the background.

The feed carries a person's photo digest only (docs/protocol.md, Photos), so the first
sync of a big company is not slowed by thousands of images: once the records are in,
the engine asks for the photos it lacks, a few at a time, in the order people were
stored. What it has is kept per digest in the encrypted cache, shown offline, and never
asked for again until the person's photo changes.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from sync.cache.read.photos import photos_wanted
from sync.cache.write.photos import store_photos
from sync.protocol import now_ms

if TYPE_CHECKING:
    from sync.cache.db import Cache
    from sync.client import KontorClient

log = logging.getLogger("kontor.sync")

BATCH = 32  # photos asked for, then stored in one transaction
PARALLEL = 4  # requests in flight at once


async def fetch_photos(cache: Cache, client: KontorClient) -> list[str]:
    """Fetch every photo the cache lacks; returns the ids of the people whose photo
    arrived. Network failures propagate (the caller tries again at its next round)."""
    arrived: list[str] = []
    gate = asyncio.Semaphore(PARALLEL)

    async def one(person_id: str, digest: str) -> tuple[str, str, bytes | None]:
        async with gate:
            return person_id, digest, await client.fetch_photo(person_id, digest)

    while wanted := photos_wanted(cache, BATCH):
        fetched = await asyncio.gather(*(one(pid, digest) for pid, digest in wanted))
        store_photos(cache, list(fetched), now_ms())
        arrived.extend(pid for pid, _, image in fetched if image is not None)
    if arrived:
        log.info("fetched %d photos", len(arrived))
    return arrived
