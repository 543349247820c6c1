"""/metrics as IT's monitoring scrapes it, and as nobody else may."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server_stub import appkeys as k
from server_stub.app import create_app
from server_stub.federation.keys import public_key_text
from server_stub.storage import peers
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.conftest import Api
from tests.integration.sync_support import free_port
from tests.integration.world import PASSWORD, World, build_world

TOKEN = "scrape-token-for-the-test-only"


def value(text: str, name: str, **labels: str) -> float:
    """One sample of the exposition text, by metric name and labels."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        sample, _, number = line.rpartition(" ")
        got_name, _, raw = sample.partition("{")
        found = dict(re.findall(r'(\w+)="([^"]*)"', raw))
        if got_name == name and found == labels:
            return float(number)
    raise AssertionError(f"no sample {name} {labels} in:\n{text}")


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path / "data", metrics_token=TOKEN,
                       metrics_listen=f"127.0.0.1:{free_port()}")


@pytest.fixture
async def server(world: World) -> AsyncIterator[TestServer]:
    server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
    await server.start_server()
    yield server
    await server.close()


async def scrape(session: ClientSession, url: str, token: str | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with session.get(url, headers=headers) as r:
        return r.status, await r.text()


async def test_metrics_count_requests_logins_sockets_feed_and_peers(
    server: TestServer, world: World, session: ClientSession
) -> None:
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        peers.add_peer(conn, "hamburg.test", f"http://127.0.0.1:{free_port()}",
                       public_key_text(Ed25519PrivateKey.generate()), now_ms())
        peers.record_error(conn, "hamburg.test", "unreachable", now_ms())
        head = int(conn.execute(sa.select(sa.func.max(t.change.c.seq))).scalar() or 0)
    engine.dispose()
    api = Api(server, session)
    async with session.post(api.url("/api/v1/login"), json={
            "username": "alice", "password": "wrong password here", "device_name": "x"}) as r:
        assert r.status == 401
    await api.login("alice", PASSWORD)
    await api.feed()
    ws = await session.ws_connect(api.url("/api/v1/events"), headers=api.headers())
    await ws.receive()  # the first wake-up: the socket is registered
    side = f"http://{server.app[k.METRICS_ADDRESS]}/metrics"
    status, text = await scrape(session, side)
    await ws.close()
    assert status == 200
    assert value(text, "kontor_http_requests_total", route="/api/v1/login", method="POST",
                 status="401") == 1
    assert value(text, "kontor_http_requests_total", route="/api/v1/sync", method="GET",
                 status="200") == 1
    assert value(text, "kontor_http_request_duration_seconds_count", route="/api/v1/sync",
                 method="GET") == 1
    assert value(text, "kontor_login_failures_total") == 1
    assert value(text, "kontor_live_websockets") == 1
    assert value(text, "kontor_feed_head") == head > 0
    # The one pull started from nothing: the whole feed was behind it.
    assert value(text, "kontor_client_feed_lag_changes_count") == 1
    assert value(text, "kontor_client_feed_lag_changes_sum") == head
    assert value(text, "kontor_write_lock_wait_seconds_count") >= 1  # the login's device
    assert value(text, "kontor_federation_peer_up", peer="hamburg.test") == 0
    assert "alice" not in text and PASSWORD not in text


async def test_the_main_listener_shows_metrics_only_with_the_token(
    server: TestServer, session: ClientSession
) -> None:
    url = str(server.make_url("/metrics"))
    assert (await scrape(session, url))[0] == 401
    assert (await scrape(session, url, "not-the-token"))[0] == 401
    status, text = await scrape(session, url, TOKEN)
    assert status == 200 and "kontor_feed_head" in text


async def test_without_settings_metrics_are_nowhere(tmp_path: Path,
                                                    session: ClientSession) -> None:
    world = build_world(tmp_path / "plain")
    server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        status, text = await scrape(session, str(server.make_url("/metrics")), TOKEN)
        assert status == 404 and "kontor_" not in text
        assert k.METRICS_ADDRESS not in server.app
        with pytest.raises(aiohttp.ClientConnectorError, match="Connect call failed"):
            await scrape(session, "http://127.0.0.1:9470/metrics")
    finally:
        await server.close()
