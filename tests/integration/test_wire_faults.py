"""Faults on the wire: cuts, stalls, refusals and delays between client and server and
between two sites; once the wire heals, the cache and the other site converge.

Every fault goes through tests/integration/fault_proxy.py, a real TCP proxy between
the real sync engine (or the real federation pull) and the real server.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import peers
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.write import outbox
from sync.client import ServerUnreachable
from sync.protocol import now_ms
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.fakes import FakeKeyring
from tests.integration.fault_proxy import FaultProxy
from tests.integration.federation_support import (
    Site,
    add_peer,
    exportable_versions,
    held_versions,
    make_site,
    wait_for,
)
from tests.integration.sync_support import cache_records, server_view

ROUNDS = 12  # fault rounds per test: delay, stall, refuse, cut, in turn


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


@pytest.fixture
async def proxy_to_live(config: ServerConfig, live: TestServer) -> AsyncIterator[FaultProxy]:
    proxy = await FaultProxy(config.port).start()
    yield proxy
    await proxy.close()


async def misbehave(proxy: FaultProxy, rounds: int, seed: int) -> None:
    """Rounds of a bad network, each ended by cutting whatever is open."""
    rng = random.Random(seed)
    for n in range(rounds):
        kind = n % 4
        if kind == 0:
            proxy.delay = 0.05
        elif kind == 1:
            proxy.stalled = True
        elif kind == 2:
            proxy.refusing = True
        await asyncio.sleep(rng.uniform(0.15, 0.5))
        proxy.cut()
        proxy.heal()


def a_space_of(config: ServerConfig, username: str) -> str:
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            person = conn.execute(sa.select(t.account.c.person_id).where(
                t.account.c.username == username)).scalar_one()
            return str(conn.execute(
                sa.select(t.membership.c.space_id)
                .join(t.space, t.space.c.id == t.membership.c.space_id)
                .where(t.membership.c.person_id == person, t.space.c.space_kind != "announcements")
                .order_by(t.membership.c.space_id)).scalars().first())
    finally:
        engine.dispose()


def stored_copies(config: ServerConfig, ids: list[str]) -> int:
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.post).where(
                t.post.c.id.in_(ids))).scalar_one())
    finally:
        engine.dispose()


class TestClientAndServer:
    async def test_an_answer_cut_mid_page_is_a_pause_and_the_next_sync_completes(
        self, live: TestServer, config: ServerConfig, proxy_to_live: FaultProxy,
        psession: ProfileSession,
    ) -> None:
        proxy = proxy_to_live
        await psession.login(proxy.url, DEMO_USER, DEMO_PASSWORD, "pytest")
        proxy.cut_after = 100_000  # the first feed page is several times that
        client = psession.client()
        engine = psession.engine(client)
        try:
            with pytest.raises(ServerUnreachable, match="connection broke") as cut:
                await engine.sync_once()
            assert cut.value.reason == "connection_broke"
            proxy.heal()
            await engine.sync_once()
        finally:
            await client.close()
        assert proxy.cuts == 1
        assert cache_records(psession.cache) == await server_view(live, DEMO_USER)

    async def test_sync_and_unsent_posts_converge_once_the_wire_heals(
        self, live: TestServer, config: ServerConfig, proxy_to_live: FaultProxy,
        psession: ProfileSession,
    ) -> None:
        proxy = proxy_to_live
        await psession.login(proxy.url, DEMO_USER, DEMO_PASSWORD, "pytest")
        space = a_space_of(config, DEMO_USER)
        ids = [queue_post(psession.cache, space, f"Über eine wacklige Leitung Nr. {i}").id
               for i in range(3)]
        client = psession.client()
        engine = psession.engine(client)
        stop = asyncio.Event()
        running = asyncio.ensure_future(engine.run(stop))
        try:
            await misbehave(proxy, ROUNDS, seed=1)
            engine.request_sync()  # the wire is back; don't wait out the back-off
            await wait_for(lambda: not outbox.all_items(psession.cache), timeout=60,
                           what="the unsent posts to leave the outbox")
            expected = await server_view(live, DEMO_USER)
            await wait_for(lambda: cache_records(psession.cache) == expected, timeout=60,
                           what="the cache to hold exactly the server's visible set")
        finally:
            stop.set()
            await asyncio.wait_for(running, 30)
            await client.close()
        assert proxy.cuts > 0, "the faults never hit an open connection"
        assert stored_copies(config, ids) == len(ids)  # each post exactly once
        assert all(("post", i) in expected for i in ids)
        check = psession.cache.conn.execute("PRAGMA integrity_check").fetchone()
        assert check is not None and check[0] == "ok"


@pytest.fixture
async def sites_over_proxy(tmp_path: Path) -> AsyncIterator[tuple[Site, Site, FaultProxy]]:
    """Site B pulls from site A through the proxy; A pulls from B directly."""
    a, b = make_site(tmp_path, "a.fault.test", 50, 1), make_site(tmp_path, "b.fault.test", 50, 2)
    proxy = await FaultProxy(a.port).start()
    add_peer(a, b)
    b.query(lambda conn: peers.add_peer(conn, a.name, proxy.url, a.key_text, now_ms()))
    await a.start()
    await b.start()
    yield a, b, proxy
    await proxy.close()
    await b.stop()
    await a.stop()


class TestBetweenSites:
    async def test_federation_converges_once_the_wire_heals(
        self, sites_over_proxy: tuple[Site, Site, FaultProxy],
    ) -> None:
        a, b, proxy = sites_over_proxy
        async with ClientSession() as http:
            jana = await a.login(http)
            space = next(s.id for s in a.company.spaces
                         if s.visibility == "company" and s.space_kind != "announcements")
            await jana.call("POST", f"/api/v1/spaces/{space}/join")
            faults = asyncio.ensure_future(misbehave(proxy, ROUNDS, seed=2))
            written = []
            for i in range(6):  # new records on A while the wire misbehaves
                post_id = str(uuid6.uuid7())
                status, body = await jana.call("PUT", f"/api/v1/posts/{post_id}", json={
                    "space_id": space, "text": f"Zwischen den Standorten Nr. {i}"})
                assert status == 200, body
                written.append(post_id)
                await asyncio.sleep(0.3)
            await faults
        expected = exportable_versions(a)
        assert {rid for kind, rid, _ in expected if kind == "post"} >= set(written)
        await wait_for(lambda: held_versions(b, a.name) == expected, timeout=60,
                       what="site B to hold exactly what A exports")
        assert proxy.cuts > 0, "the faults never hit an open connection"
