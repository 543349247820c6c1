"""Crash rounds: kontorctl killed (SIGKILL) at random points of a first sync and of an
outbox push, again and again; then one sync that runs to its end.

Afterwards the cache holds exactly what the server shows the user, every post written
is on the server exactly once, and both files pass their integrity checks. A few
rounds in the normal run; `-m slow` runs twenty of each (docs/reliability.md, Client).
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.integration.damage_support import posts_on_server
from tests.integration.sync_support import (
    KONTORCTL,
    cache_records,
    kontorctl,
    kontorctl_env,
    server_view,
    start_server,
)
from tests.integration.test_kontorctl import open_cache

ROUNDS = [pytest.param(3, id="3-rounds"), pytest.param(20, id="20-rounds", marks=pytest.mark.slow)]
PAGE_LIMIT = "10"  # small pages: many commits to be killed between and inside


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


async def sign_in(profile: Path, config: ServerConfig) -> None:
    code, _, err = await kontorctl(profile, "login", url(config), DEMO_USER,
                                   "--password-stdin", "--no-sync", stdin=DEMO_PASSWORD + "\n")
    assert code == 0, err


async def killed_sync(profile: Path, rng: random.Random, after_updates: int,
                      ) -> tuple[int, int]:
    """kontorctl sync, killed after a number of progress updates (then a random moment
    more); returns (updates seen, exit code): -9 when the kill came first."""
    env = kontorctl_env(profile) | {"KONTOR_SYNC_PAGE_LIMIT": PAGE_LIMIT}
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, "sync", env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    seen = 0
    while seen < after_updates:
        chunk = await proc.stderr.read(256)
        if not chunk:
            break
        seen += chunk.count(b"\r")
    await asyncio.sleep(rng.uniform(0, 0.05))  # a random moment past that point
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL)
    return seen, await proc.wait()


async def push_killed_at(profile: Path, config: ServerConfig, ids: tuple[str, ...],
                         posts: int, rng: random.Random) -> int:
    """kontorctl sync, killed once `posts` more of ids are on the server (then a random
    moment more), or when it ends by itself; returns how many it had sent."""
    before = sum(posts_on_server(config, ids).values())
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, "sync", "-q", env=kontorctl_env(profile),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    sent = before
    while proc.returncode is None and sent < before + posts:
        try:  # the server answering is the event waited on; the process may end first
            await asyncio.wait_for(proc.wait(), 0.02)
        except TimeoutError:
            sent = sum(posts_on_server(config, ids).values())
    await asyncio.sleep(rng.uniform(0, 0.02))  # a random moment past that point
    if proc.returncode is None:
        proc.send_signal(signal.SIGKILL)
    await proc.wait()
    return sum(posts_on_server(config, ids).values()) - before


async def finish_and_check(profile: Path, server: TestServer) -> None:
    code, _, err = await kontorctl(profile, "sync", "-q")
    assert code == 0, err
    cache = open_cache(profile)
    try:
        assert cache_records(cache) == await server_view(server)
        conn = cache.conn
        assert conn.execute("PRAGMA main.cipher_integrity_check").fetchall() == []
        assert conn.execute("PRAGMA store.cipher_integrity_check").fetchall() == []
        assert cache.integrity_problems() == []
        assert conn.execute("PRAGMA store.quick_check").fetchall() == [("ok",)]
    finally:
        cache.close()


@pytest.mark.parametrize("rounds", ROUNDS)
async def test_a_first_sync_killed_again_and_again_ends_complete(
    live: TestServer, config: ServerConfig, tmp_path: Path, rounds: int
) -> None:
    rng = random.Random(rounds)
    profile = tmp_path / "p"
    await sign_in(profile, config)
    killed = 0
    for _ in range(rounds):
        _, code = await killed_sync(profile, rng, rng.randrange(0, 3))
        killed += code == -signal.SIGKILL
    assert killed >= rounds // 2  # most rounds really were cut off mid-way
    print(f"first sync: {rounds} rounds, {killed} killed before the end")
    await finish_and_check(profile, live)


@pytest.mark.parametrize("rounds", ROUNDS)
async def test_an_outbox_push_killed_again_and_again_sends_each_post_once(
    config: ServerConfig, tmp_path: Path, rounds: int
) -> None:
    rng = random.Random(1000 + rounds)
    profile = tmp_path / "p"
    server = await start_server(config)
    await sign_in(profile, config)
    code, _, err = await kontorctl(profile, "sync", "-q")
    assert code == 0, err
    cache = open_cache(profile)
    me = dict(cache.conn.execute("SELECT key, value FROM account").fetchall())["person_id"]
    space = cache.conn.execute(
        "SELECT space_id FROM membership WHERE person_id = ? LIMIT 1", (me,)).fetchone()[0]
    cache.close()
    await server.close()
    texts = [f"Notiz {i} aus der Absturzrunde" for i in range(rounds * 2)]
    for text in texts:  # written offline: all wait in the outbox
        code, _, err = await kontorctl(profile, "post", space, text)
        assert code == 3, err
    code, out, _ = await kontorctl(profile, "outbox", "--json")
    ids = tuple(i["id"] for i in json.loads(out))
    assert len(ids) == len(texts)
    server = await start_server(config)
    try:
        cut_mid_push = 0
        for _ in range(rounds):
            await push_killed_at(profile, config, ids, rng.randrange(1, 3), rng)
            cut_mid_push += 0 < sum(posts_on_server(config, ids).values()) < len(ids)
        # Whether a kill lands inside a push of six posts depends on how fast the server
        # answers (a few ms each now); the long variant holds that most rounds did.
        if rounds >= 20:
            assert cut_mid_push >= rounds // 2  # the kills did land inside the push
        print(f"outbox push: {rounds} rounds, {cut_mid_push} cut it off part-way")
        await finish_and_check(profile, server)
        assert posts_on_server(config, ids) == dict.fromkeys(ids, 1)
        code, out, _ = await kontorctl(profile, "outbox", "--json")
        assert json.loads(out) == []
        view = await server_view(server)
        written = [b["text"] for (kind, _), b in view.items() if kind == "post"
                   and b["text"] in texts]
        assert sorted(written) == sorted(texts)  # each once, none under a second id
    finally:
        await server.close()
