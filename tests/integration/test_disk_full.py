"""Disk full: a clear error, no damaged file, and work goes on when space returns.

The server's data directory and the client's profile each live on a small tmpfs of
their own (tests/integration/small_disk.py), filled until writes fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from tests.integration.conftest import Api
from tests.integration.small_disk import fill, small_disk
from tests.integration.sync_support import demo_config, start_server

TEXT = "Ein langer Beitrag, der Platz braucht. " * 100  # about 4 KB


@pytest.fixture
async def server_on_small_disk(tmp_path: Path) -> AsyncIterator[tuple[ServerConfig, TestServer]]:
    with small_disk(tmp_path / "disk", 24) as disk:
        config = demo_config(disk / "data", people=60)
        server = await start_server(config)
        yield config, server
        await server.close()


def stored(config: ServerConfig, ids: list[str]) -> list[str]:
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            found = conn.execute(sa.select(t.post.c.id).where(t.post.c.id.in_(ids))).scalars()
            result = sorted(found)
            assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            return result
    finally:
        engine.dispose()


class TestServerDiskFull:
    async def test_a_full_disk_refuses_writes_plainly_and_keeps_what_was_saved(
        self, server_on_small_disk: tuple[ServerConfig, TestServer],
    ) -> None:
        config, server = server_on_small_disk
        async with ClientSession() as http:
            api = Api(server, http)
            person = (await api.login(DEMO_USER, DEMO_PASSWORD))["person_id"]
            engine = make_sync_engine(config.db_url)
            with engine.connect() as conn:
                space = conn.execute(sa.select(t.membership.c.space_id).where(
                    t.membership.c.person_id == person)).scalars().first()
            engine.dispose()
            filler = fill(config.data_path, leave_bytes=256 * 1024)
            saved: list[str] = []
            refusal: tuple[int, object] | None = None
            for _ in range(400):
                post_id = str(uuid6.uuid7())
                status, body = await api.call("PUT", f"/api/v1/posts/{post_id}",
                                              json={"space_id": space, "text": TEXT})
                if status != 200:
                    refusal = (status, body)
                    break
                saved.append(post_id)
            assert refusal is not None, "the disk never filled"
            assert refusal[0] == 507, refusal
            assert isinstance(refusal[1], dict) and refusal[1]["error"] == "storage_full"
            assert stored(config, saved + [post_id]) == sorted(saved)

            filler.unlink()  # space returns
            again = str(uuid6.uuid7())
            status, _ = await api.call("PUT", f"/api/v1/posts/{again}",
                                       json={"space_id": space, "text": TEXT})
            assert status == 200
        assert stored(config, saved + [again]) == sorted(saved + [again])
