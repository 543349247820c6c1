"""Several `kontor-server serve` processes over one PostgreSQL database, as real
processes on their own ports (docs/admin.md, "Several serve processes")."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import uuid6

from tests.integration.multiproc_support import cluster, open_space, post, sign_in
from tests.postgres_support import Postgres

ROUNDS = 6


class TestWakeUpsAcrossProcesses:
    async def test_a_post_through_one_process_wakes_a_socket_on_another_at_once(
            self, tmp_path: Path, postgres: Postgres) -> None:
        # The feed watcher looks every 2 s; a wake-up that came from it would take up
        # to 2 s, and six of them in a row all under a second would be luck.
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
                a, b = group.url(0), group.url(1)
                space = open_space(group.site)
                reader = await sign_in(http, a)
                writer = await sign_in(http, b)
                async with http.post(f"{b}/api/v1/spaces/{space}/join",
                                     headers=writer) as r:
                    assert r.status == 200
                latencies = []
                async with http.ws_connect(f"{a}/api/v1/events", headers=reader) as ws:
                    seen = (await ws.receive_json(timeout=5))["seq"]
                    for round_ in range(ROUNDS):
                        post_id = str(uuid6.uuid7())
                        started = time.monotonic()
                        await post(http, b, writer, post_id, space, f"Runde {round_}")
                        # (a wake-up for the join may come after the greeting: skipped)
                        while (woke := await ws.receive_json(timeout=5))["seq"] <= seen:
                            pass
                        latencies.append(time.monotonic() - started)
                        seen = woke["seq"]
                        await asyncio.sleep(0.3)  # another moment of the watcher's cycle
                assert max(latencies) < 1.0, latencies
