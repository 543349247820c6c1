"""GET /api/v1/sites: which peer sites are current, as users may see it (no URLs, keys
or error texts), against real servers on loopback (docs/federation.md)."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import peers
from sync.client import AuthFailed, KontorClient
from sync.protocol import now_ms
from tests.integration.federation_support import (
    Site,
    add_peer,
    free_port,
    make_site,
    peer_row,
    wait_for,
)

A, B, DEAD = "muenchen.test", "hamburg.test", "koeln.test"


def some_key() -> str:
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw,
                                                                 PublicFormat.Raw)
    return base64.b64encode(raw).decode()


@pytest.fixture
async def sites(tmp_path: Path) -> AsyncIterator[tuple[Site, Site]]:
    """A peers with B (both ways) and with a site nobody listens for."""
    a, b = make_site(tmp_path, A, 50, 1), make_site(tmp_path, B, 50, 2)
    add_peer(a, b)
    add_peer(b, a)
    dead_url = f"http://127.0.0.1:{free_port()}"
    a.query(lambda conn: peers.add_peer(conn, DEAD, dead_url, some_key(), now_ms()))
    await a.start()
    await b.start()
    yield a, b
    await a.stop()
    await b.stop()


async def sites_of(session: ClientSession, site: Site) -> dict[str, Any]:
    api = await site.login(session)
    status, body = await api.call("GET", "/api/v1/sites")
    assert status == 200, body
    assert isinstance(body, dict)
    return body


def by_name(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {peer["name"]: peer for peer in answer["peers"]}


class TestSites:
    async def test_ok_never_and_stale_without_urls_keys_or_errors(
        self, sites: tuple[Site, Site],
    ) -> None:
        a, b = sites
        await wait_for(lambda: (row := peer_row(a, B)) is not None and row.last_success_at,
                       what="a first pull from hamburg")
        await wait_for(lambda: (row := peer_row(a, DEAD)) is not None and row.last_error_at,
                       what="a failed pull from koeln")
        async with ClientSession() as session:
            answer = await sites_of(session, a)
            assert answer["server_name"] == A
            found = by_name(answer)
            assert set(found) == {B, DEAD}
            assert found[B]["state"] == "ok"
            assert isinstance(found[B]["last_success_at"], int)
            assert found[DEAD] == {"name": DEAD, "state": "never", "last_success_at": None}
            for peer in answer["peers"]:
                assert set(peer) == {"name", "state", "last_success_at"}
            text = str(answer)
            assert "127.0.0.1" not in text and "http" not in text
            assert b.key_text not in text and some_key()[:8] not in text

            # Hamburg goes away: after the next failed pull it is stale, its last
            # success still shown.
            before = found[B]["last_success_at"]
            await b.stop()

            def failed_since() -> bool:
                row = peer_row(a, B)
                return bool(row and row.last_error_at and row.last_success_at
                            and row.last_error_at > row.last_success_at)

            await wait_for(failed_since, what="a failed pull from hamburg")
            found = by_name(await sites_of(session, a))
            assert found[B]["state"] == "stale"
            assert found[B]["last_success_at"] >= before
            assert found[DEAD]["state"] == "never"

    async def test_the_client_reads_it_and_it_needs_a_token(
        self, sites: tuple[Site, Site],
    ) -> None:
        a, _ = sites
        await wait_for(lambda: (row := peer_row(a, B)) is not None and row.last_success_at,
                       what="a first pull from hamburg")
        async with KontorClient(a.url) as client:
            with pytest.raises(AuthFailed, match="Sign in first"):
                await client.sites()
            await client.login(DEMO_USER, DEMO_PASSWORD, "pytest")
            answer = await client.sites()
        assert answer.server_name == A
        assert {(s.name, s.state) for s in answer.peers} == {(B, "ok"), (DEAD, "never")}


def test_stale_after_five_minutes_or_a_failure_after_a_success() -> None:
    now = now_ms()
    peer = peers.Peer(name=B, url="http://x", public_key="k", added_at=now)
    assert peers.site_state(peer, now) == "never"
    fresh = peers.Peer(name=B, url="http://x", public_key="k", added_at=now,
                       last_success_at=now - 1000)
    assert peers.site_state(fresh, now) == "ok"
    old = peers.Peer(name=B, url="http://x", public_key="k", added_at=now,
                     last_success_at=now - peers.STALE_AFTER_MS - 1)
    assert peers.site_state(old, now) == "stale"
    failing = peers.Peer(name=B, url="http://x", public_key="k", added_at=now,
                         last_success_at=now - 2000, last_error="boom",
                         last_error_at=now - 1000)
    assert peers.site_state(failing, now) == "stale"
    recovered = peers.Peer(name=B, url="http://x", public_key="k", added_at=now,
                           last_success_at=now - 1000, last_error="boom",
                           last_error_at=now - 2000)
    assert peers.site_state(recovered, now) == "ok"
