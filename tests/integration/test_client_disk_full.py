"""The client's disk full: its profile on a small tmpfs (small_disk.py) filled up.

The sync engine keeps running and says the disk is full (it stopped for good before: the
error escaped its loop); kontorctl says so in one stable sentence; no unsent post is
lost; nothing is half-written; and sync goes on when space returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from keyring.backends.fail import Keyring as FailKeyring

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.db import Cache
from sync.cache.write import outbox
from sync.engine import EngineEvent, StatusChanged, Synced
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.integration.conftest import Api
from tests.integration.small_disk import fill, small_disk
from tests.integration.sync_support import cache_records, kontorctl, kontorctl_env, server_view
from tests.integration.test_kontorctl_reset import sign_in

FULL = ("kontorctl: The disk is full, so Kontor's local files could not be written. Free "
        "some space; nothing saved before was lost, and syncing goes on when there is room.")
LONG = "Ein langer Beitrag, der im Zwischenspeicher Platz braucht. " * 70  # about 4 KB


@pytest.fixture
def no_keyring() -> Iterator[str]:
    """As kontorctl runs in these tests: no OS keyring, the key from a passphrase."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield kontorctl_env(Path())["KONTOR_PASSPHRASE"]
    keyring.set_keyring(previous)


async def post_elsewhere(server: TestServer, space: str, count: int) -> None:
    """The same person writes from another device: the pull has to store all of it."""
    async with ClientSession() as http:
        api = Api(server, http)
        await api.login(DEMO_USER, DEMO_PASSWORD)
        for _ in range(count):
            status, body = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                          json={"space_id": space, "text": LONG})
            assert status == 200, body


def kept(cache: Cache, server_posts: set[str], ids: list[str]) -> list[str]:
    """Those of ids that are neither on the server nor waiting in the outbox: lost."""
    waiting = {i.id for i in outbox.all_items(cache)}
    return [i for i in ids if i not in waiting and i not in server_posts]


def integrity(cache: Cache) -> list[str]:
    """Every page's HMAC (SQLCipher) and SQLite's own check: empty when all is well."""
    rows = cache.conn.execute("PRAGMA cipher_integrity_check").fetchall()
    return [str(r[0]) for r in rows] + cache.integrity_problems()


async def test_a_full_disk_pauses_sync_loses_nothing_and_sync_resumes(
    live: TestServer, config: ServerConfig, tmp_path: Path, no_keyring: str
) -> None:
    with small_disk(tmp_path / "disk", 16) as disk:
        profile = disk / "p"
        await sign_in(profile, config)  # kontorctl login and the first sync
        session = ProfileSession.open(profile, passphrase=lambda: no_keyring)
        try:
            cache = session.cache
            me = session.state().person_id
            space = cache.conn.execute("SELECT space_id FROM membership WHERE person_id = ? "
                                       "ORDER BY space_id", (me,)).fetchone()[0]
            mine = [queue_post(cache, space, f"Vor dem vollen Laufwerk {i}").id
                    for i in range(3)]
            await post_elsewhere(live, space, 250)
            filler = fill(disk, leave_bytes=64 * 1024)

            client = session.client()
            engine = session.engine(client)
            full, synced = asyncio.Event(), asyncio.Event()
            details: list[str] = []

            def listen(event: EngineEvent) -> None:
                if isinstance(event, StatusChanged) and event.status == "disk_full":
                    details.append(event.detail)
                    full.set()
                elif isinstance(event, Synced):
                    synced.set()

            engine.subscribe(listen)
            stop = asyncio.Event()
            running = asyncio.create_task(engine.run(stop))
            try:
                await asyncio.wait_for(full.wait(), 60)
                assert not running.done()  # the loop waits; it does not end
                assert details[0] == FULL.removeprefix("kontorctl: ")
                on_server = {k[1] for k in await server_view(live) if k[0] == "post"}
                assert kept(cache, on_server, mine) == []
                assert integrity(cache) == []

                filler.unlink()  # space returns: the running loop catches up by itself
                engine.request_sync()
                await asyncio.wait_for(synced.wait(), 120)
                assert not running.done()
            finally:
                stop.set()
                await asyncio.wait_for(running, 30)
                await client.close()
            assert outbox.all_items(cache) == []
            assert cache_records(cache) == await server_view(live)
            assert integrity(cache) == []
        finally:
            session.close()

        # kontorctl on a full disk: one stable sentence, exit 4, nothing lost.
        await post_elsewhere(live, space, 250)
        filler = fill(disk, leave_bytes=64 * 1024)
        code, out, err = await kontorctl(profile, "sync", "-q")
        assert (code, out, err.strip()) == (4, "", FULL)
        top = fill(disk, leave_bytes=0, name="top.bin")  # no room for one more post
        code, out, err = await kontorctl(profile, "post", space, LONG)
        assert (code, out, err.strip()) == (4, "", FULL)
        filler.unlink()
        top.unlink()
        code, _, err = await kontorctl(profile, "sync", "-q")
        assert code == 0, err
        session = ProfileSession.open(profile, passphrase=lambda: no_keyring)
        try:
            assert outbox.all_items(session.cache) == []
            assert cache_records(session.cache) == await server_view(live)
            assert integrity(session.cache) == []
        finally:
            session.close()
