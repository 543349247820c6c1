"""A device signed out through one serve process is refused by every other at once,
although each of them knew the token (docs/architecture.md, "The token check")."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from server_stub.services.auth import token_hash
from server_stub.storage import accounts as acc
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.multiproc_support import cluster, sign_in
from tests.postgres_support import Postgres

ROUTES = ("/api/v1/me", "/api/v1/sync")  # both check a known token in their own read


async def _status(http: aiohttp.ClientSession, url: str, headers: dict[str, str],
                  path: str) -> tuple[int, str]:
    async with http.get(f"{url}{path}", headers=headers) as r:
        body = await r.json()
        return r.status, body.get("error", "")


async def test_a_token_known_to_every_process_stops_everywhere_at_once(
        tmp_path: Path, postgres: Postgres) -> None:
    with postgres.database() as url:
        async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
            a, b = group.url(0), group.url(1)
            logged_out, revoked = await sign_in(http, a), await sign_in(http, a)
            for headers in (logged_out, revoked):
                for server in (a, b):
                    for path in ROUTES:  # now both processes have the token cached
                        assert (await _status(http, server, headers, path))[0] == 200

            async with http.post(f"{a}/api/v1/logout", headers=logged_out) as r:
                assert r.status == 204
            engine = make_sync_engine(url)
            with engine.begin() as conn:  # as `kontor-server device revoke` does
                owner = acc.token_owner(
                    conn, token_hash(revoked["Authorization"].removeprefix("Bearer ")))
                assert owner is not None
                assert acc.revoke_device(conn, owner.device_id, now_ms())
            engine.dispose()

            for server in (b, a):
                for path in ROUTES:
                    assert await _status(http, server, logged_out, path) == (
                        401, "unauthorized"), (server, path)
                    assert await _status(http, server, revoked, path) == (
                        401, "device_revoked"), (server, path)
