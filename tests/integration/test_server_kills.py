"""Crash rounds on the server side: SIGKILL the server again and again while a client
syncs and another writes a burst of posts. Afterwards every acknowledged write is on
the server exactly once, the client's cache equals what the server shows it, and both
databases pass SQLite's integrity check.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa
import uuid6

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import tables as t
from sync.session import ProfileSession
from tests import processes
from tests.fakes import FakeKeyring
from tests.integration.federation_support import Site, make_site, serve_subprocess, wait_for
from tests.integration.sync_support import cache_records, visible_at

KILLS = 10
MARK = "Während eines Absturzes geschrieben"


async def up(site: Site) -> bool:
    with contextlib.suppress(aiohttp.ClientError, OSError):
        async with aiohttp.ClientSession() as http, http.get(f"{site.url}/api/v1/info") as r:
            return r.status == 200
    return False


async def start(site: Site) -> subprocess.Popen[bytes]:
    process = serve_subprocess(site)
    await wait_for(lambda: up(site), timeout=60, what="the server to listen")
    return process


async def sign_in(http: aiohttp.ClientSession, site: Site) -> dict[str, Any]:
    async with http.post(f"{site.url}/api/v1/login", json={
            "username": DEMO_USER, "password": DEMO_PASSWORD, "device_name": "writer"}) as r:
        assert r.status == 200
        return dict(await r.json())


async def write_burst(site: Site, space: str, stop: asyncio.Event,
                      acked: set[str], tried: set[str]) -> None:
    """Posts one after the other; a write whose answer was lost is tried again with the
    same id, as the client's outbox does, until the server answers. Like the client, it
    gives up on an answer after a while (a connection to a killed life of the server may
    never see its end on a busy machine) and tries again; the sync and reads after the
    burst prove that the last life of the server answers."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
        token = ""
        post_id = str(uuid6.uuid7())
        while not stop.is_set():
            try:
                if not token:
                    token = (await sign_in(http, site))["token"]
                tried.add(post_id)
                async with http.put(f"{site.url}/api/v1/posts/{post_id}", headers={
                        "Authorization": f"Bearer {token}"}, json={
                        "space_id": space, "text": f"{MARK}: {post_id}"}) as r:
                    assert r.status == 200, await r.text()
                acked.add(post_id)
                post_id = str(uuid6.uuid7())
            except (aiohttp.ClientError, OSError):  # a timeout is an OSError too
                await asyncio.sleep(0.05)


async def acknowledged_more(acked: set[str], than: int, timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while len(acked) <= than:
        assert asyncio.get_running_loop().time() < deadline, "the server took no write"
        await asyncio.sleep(0.02)


def server_posts(site: Site) -> tuple[list[str], str]:
    def read(conn: sa.Connection) -> tuple[list[str], str]:
        ids = conn.execute(sa.select(t.post.c.id).where(
            t.post.c.text.startswith(MARK))).scalars().all()
        return list(ids), str(conn.execute(sa.text("PRAGMA integrity_check")).scalar())
    return site.query(read)


class TestServerKilled:
    async def test_kill_9_during_sync_and_writes_loses_and_doubles_nothing(
        self, tmp_path: Path, fake_keyring: FakeKeyring
    ) -> None:
        site = make_site(tmp_path, "kills.test", 300, 3)
        space = next(s.id for s in site.company.spaces
                     if s.visibility == "company" and s.space_kind != "announcements")
        process = await start(site)
        async with aiohttp.ClientSession() as http:
            token = (await sign_in(http, site))["token"]
            async with http.post(f"{site.url}/api/v1/spaces/{space}/join",
                                 headers={"Authorization": f"Bearer {token}"}) as r:
                assert r.status == 200
        profile = ProfileSession.open(tmp_path / "profile")
        stop = asyncio.Event()
        acked: set[str] = set()
        tried: set[str] = set()
        try:
            await profile.login(site.url, DEMO_USER, DEMO_PASSWORD, "pytest")
            client = profile.client()
            engine = profile.engine(client)
            syncing = asyncio.ensure_future(engine.run(stop))
            writing = asyncio.ensure_future(write_burst(site, space, stop, acked, tried))
            rng = random.Random(9)
            for _ in range(KILLS):
                # Each life of the server acknowledges a write before it is killed, so
                # the kills land inside the burst however slowly a busy machine starts it.
                await acknowledged_more(acked, len(acked))
                await asyncio.sleep(rng.uniform(0.0, 0.5))
                process.send_signal(signal.SIGKILL)
                process.wait()
                process = await start(site)
            await asyncio.sleep(0.5)
            stop.set()
            await asyncio.wait_for(writing, 30)
            await asyncio.wait_for(syncing, 30)
            await engine.sync_once()  # the last word after the burst
            await client.close()
            expected = await visible_at(site.url)
            assert cache_records(profile.cache) == expected
            check = profile.cache.conn.execute("PRAGMA integrity_check").fetchone()
            assert check is not None and check[0] == "ok"
        finally:
            profile.close()
            processes.reap(process)
        stored, integrity = server_posts(site)
        assert integrity == "ok"
        assert len(acked) > KILLS  # the burst went on between the kills
        assert acked <= set(stored)  # every acknowledged write is there ...
        assert len(stored) == len(set(stored)) and set(stored) <= tried  # ... once
