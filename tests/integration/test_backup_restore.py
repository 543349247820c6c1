"""kontor-server backup and restore on a real server, and a real client after a restore.

The backup runs as the admin runs it (a subprocess) while the server takes writes; the
restore gives the feed a new epoch, and the client's sync engine notices and syncs
everything again, keeping what waits in its outbox.
"""

from __future__ import annotations

import asyncio
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from uuid6 import uuid7

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from sync.cache.write import outbox
from sync.engine import StatusChanged
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.fakes import FakeKeyring
from tests.integration.conftest import Api
from tests.integration.sync_support import cache_records, server_view, start_server
from tests.integration.test_cli import CLEAN_ENV, REPO, Outputs, serving


async def cli(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server_stub.cli", *args, cwd=REPO, env=CLEAN_ENV,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


async def _member_space(api: Api, person_id: str) -> str:
    changes, _ = await api.whole_feed()
    return next(c["body"]["space_id"] for c in changes
                if c["kind"] == "membership" and c["op"] == "put"
                and c["body"]["person_id"] == person_id)


async def test_backup_while_the_server_writes_is_whole_and_private(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    target = tmp_path / "backup" / "kontor-backup.db"
    target.parent.mkdir()
    async with ClientSession() as http:
        api = Api(live, http)
        me = await api.login(DEMO_USER, DEMO_PASSWORD)
        space = await _member_space(api, me["person_id"])
        backup = asyncio.ensure_future(cli("backup", str(config.data_path), str(target)))
        written = 0
        while not backup.done():  # writes go on for as long as the backup runs
            status, body = await api.call("PUT", f"/api/v1/posts/{uuid7()}", json={
                "space_id": space, "text": f"während der Sicherung {written}",
                "post_kind": "post", "mentions": []})
            assert status in (200, 201), body
            written += 1
        code, out, err = await backup
    assert code == 0, err
    assert out.startswith(f"backed up to {target} (")
    assert written > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no part file left
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        # One instant: every post has its feed row, and the feed has no row for a post
        # the copy does not hold.
        posts = {r[0] for r in conn.execute("SELECT id FROM post")}
        fed = {r[0] for r in conn.execute("SELECT record_id FROM change WHERE kind = 'post'")}
        assert posts == fed
        # The photos are in the database, so in the backup: one for each person whose
        # record names one (the demo company has them), and its digest.
        assert conn.execute(
            "SELECT count(*) FROM person p JOIN person_photo f ON f.person_id = p.id "
            "AND f.digest = p.photo").fetchone()[0] == conn.execute(
            "SELECT count(*) FROM person WHERE photo IS NOT NULL").fetchone()[0] > 0
    finally:
        conn.close()
    code, _, err = await cli("backup", str(config.data_path), str(target))
    assert code == 1 and err == f"kontor-server: {target} exists already; give the backup " \
                                 "a new name\n"


async def test_a_restore_makes_every_client_sync_again_and_keeps_its_outbox(
    config: ServerConfig, psession: ProfileSession, tmp_path: Path
) -> None:
    server = await start_server(config)
    await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
    client = psession.client()
    await psession.engine(client).sync_once()
    await client.close()
    person_id = psession.state().person_id
    space = next(psession.cache.conn.execute(
        "SELECT space_id FROM membership WHERE person_id = ?", (person_id,)))[0]
    backup = tmp_path / "before.db"
    assert (await cli("backup", str(config.data_path), str(backup)))[0] == 0

    lost = queue_post(psession.cache, space, "Nach der Sicherung geschrieben")
    client = psession.client()
    await psession.engine(client).sync_once()
    await client.close()
    assert ("post", lost.id) in cache_records(psession.cache)
    await server.close()

    code, _, err = await cli("restore", str(config.data_path), str(backup))
    assert code == 0, err
    aside = [p.name for p in config.data_path.iterdir() if ".before-restore-" in p.name]
    assert aside and all(stat.S_IMODE((config.data_path / n).stat().st_mode) == 0o600
                         for n in aside)
    waiting = queue_post(psession.cache, space, "Offline geschrieben, vor dem Abgleich")

    server = await start_server(config)
    try:
        client = psession.client()
        engine = psession.engine(client)
        events: list[object] = []
        engine.subscribe(events.append)
        await engine.sync_once()
        await client.close()
        view = await server_view(server, DEMO_USER)
    finally:
        await server.close()
    held = cache_records(psession.cache)
    assert ("post", lost.id) not in held  # written after the backup: gone with it
    assert held.keys() == view.keys()  # exactly the restored server's data again
    assert ("post", waiting.id) in view and outbox.all_items(psession.cache) == []
    told = [e.detail for e in events if isinstance(e, StatusChanged) and e.detail]
    assert "The server's data was restored from a backup; syncing everything again." in told


def test_restore_refuses_while_the_server_runs_and_refuses_other_files(
    config: ServerConfig, tmp_path: Path
) -> None:
    backup = tmp_path / "b.db"
    run = [sys.executable, "-m", "server_stub.cli"]
    subprocess.run([*run, "backup", str(config.data_path), str(backup)], check=True,
                   cwd=REPO, env=CLEAN_ENV, capture_output=True)
    epoch_before = _epoch(config.data_path / "kontor.db")
    with serving(config.data_path, Outputs()):
        done = subprocess.run([*run, "restore", str(config.data_path), str(backup)],
                              cwd=REPO, env=CLEAN_ENV, capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr == (f"kontor-server: a Kontor server (or a restore) is running on "
                               f"{config.data_path}; stop it first\n")
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database at all, just some notes " * 200)
    done = subprocess.run([*run, "restore", str(config.data_path), str(garbage)],
                          cwd=REPO, env=CLEAN_ENV, capture_output=True, text=True)
    assert done.returncode == 1 and f"{garbage} is not a Kontor backup" in done.stderr
    assert _epoch(config.data_path / "kontor.db") == epoch_before  # nothing replaced


def _epoch(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute(
            "SELECT value FROM server_meta WHERE key = 'feed_epoch'").fetchone()[0])
    finally:
        conn.close()
