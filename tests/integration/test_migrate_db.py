"""kontor-server migrate-db: the demo company's SQLite file moved into a real PostgreSQL.

The command runs as the admin runs it (a subprocess); the server started on the copy
serves the same feed, and a client that synced before the move goes on from its cursor.
"""

from __future__ import annotations

import asyncio
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from aiohttp import ClientSession
from uuid6 import uuid7

from server_stub.admin.table_digest import differences, digests
from server_stub.config import ServerConfig, load_config
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage.engine import make_sync_engine
from sync.engine import StatusChanged
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.conftest import Api
from tests.integration.sync_support import cache_records, start_server
from tests.integration.test_cli import CLEAN_ENV, REPO, Outputs, serving
from tests.postgres_support import Postgres


async def cli(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server_stub.cli", *args, cwd=REPO, env=CLEAN_ENV,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 300)
    return proc.returncode or 0, out.decode(), err.decode()


@pytest.fixture
def target(postgres: Postgres) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test."""
    with postgres.database() as url:
        yield url


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


def _sqlite_digests(config: ServerConfig) -> dict[str, object]:
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            return dict(digests(conn))
    finally:
        engine.dispose()


def _pg_digests(url: str) -> dict[str, object]:
    engine = make_sync_engine(url)
    try:
        with engine.connect() as conn:
            return dict(digests(conn))
    finally:
        engine.dispose()


def _file_state(data_dir: Path) -> dict[str, bytes]:
    return {name: (data_dir / name).read_bytes() for name in ("kontor.db", "kontor.toml")}


async def _pages(api: Api, limit: int = 200) -> list[tuple[list[str], str]]:
    """The whole feed as pages: each page's (kind, id, op) rows and its cursor."""
    out, cursor = [], ""
    while True:
        page = await api.feed(cursor, limit)
        out.append(([f"{c['kind']}/{c['id']}/{c['op']}" for c in page["changes"]],
                     page["cursor"]))
        cursor = page["cursor"]
        if not page["more"]:
            return out


async def test_a_client_goes_on_from_its_cursor_after_the_move_to_postgresql(
    config: ServerConfig, psession: ProfileSession, target: str
) -> None:
    base = f"http://127.0.0.1:{config.port}"
    server = await start_server(config)
    try:
        await psession.login(base, DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        await psession.engine(client).sync_once()
        await client.close()
        async with ClientSession() as http:
            api = Api(server, http)
            await api.login(DEMO_USER, DEMO_PASSWORD)
            pages_before = await _pages(api)
            space = next(c["body"]["space_id"] for c in (await api.whole_feed())[0]
                         if c["kind"] == "membership" and c["op"] == "put")
    finally:
        await server.close()
    held_before = cache_records(psession.cache)

    code, out, err = await cli("migrate-db", str(config.data_path), target, "--switch")
    assert code == 0, err
    assert "row counts and checksums match" in out
    assert "clients and peers continue where they are" in out
    kept = [p for p in config.data_path.iterdir() if p.name.startswith("kontor.toml.before-")]
    assert len(kept) == 1 and "database_url" not in kept[0].read_text()
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    moved = load_config(config.data_path, {"port": config.port})
    assert moved.database_url == target
    assert _pg_digests(target) == _sqlite_digests(config)  # counted again, independently

    server = await start_server(moved)
    try:
        async with ClientSession() as http:
            api = Api(server, http)
            await api.login(DEMO_USER, DEMO_PASSWORD)
            assert await _pages(api) == pages_before  # same pages, same cursors
            post_id = str(uuid7())
            status, body = await api.call("PUT", f"/api/v1/posts/{post_id}", json={
                "space_id": space, "text": "Zuerst auf PostgreSQL geschrieben",
                "post_kind": "post", "mentions": []})
            assert status in (200, 201), body
            # The cursor from before the move is valid and brings just the new post.
            newer = await api.feed(pages_before[-1][1])
            assert [(c["kind"], c["id"]) for c in newer["changes"]] == [("post", post_id)]
        client = psession.client()
        engine = psession.engine(client)
        events: list[object] = []
        engine.subscribe(events.append)
        applied = await engine.sync_once()
        await client.close()
    finally:
        await server.close()
    assert applied == 1  # only the new post came: no sync from the start
    told = [e.detail for e in events if isinstance(e, StatusChanged) and e.detail]
    assert not any("syncing everything again" in t for t in told), told
    held = cache_records(psession.cache)
    assert held.keys() - held_before.keys() == {("post", post_id)}


async def test_new_feed_rows_follow_the_highest_number_sqlite_ever_handed_out(
    config: ServerConfig, target: str
) -> None:
    """A feed row removed after a client read it (a peer's records purged) leaves that
    client's cursor past the largest number left; new rows must still come after it."""
    db = sqlite3.connect(config.data_path / "kontor.db")
    try:
        highest = db.execute("SELECT max(seq) FROM change").fetchone()[0]
        db.execute("DELETE FROM change WHERE seq >= ?", (highest - 2,))
        db.commit()
    finally:
        db.close()
    code, _, err = await cli("migrate-db", str(config.data_path), target, "--switch")
    assert code == 0, err
    server = await start_server(load_config(config.data_path, {"port": config.port}))
    try:
        async with ClientSession() as http:
            api = Api(server, http)
            await api.login(DEMO_USER, DEMO_PASSWORD)
            changes, _ = await api.whole_feed()
            space = next(c["body"]["space_id"] for c in changes
                         if c["kind"] == "membership" and c["op"] == "put")
            post_id = str(uuid7())
            status, body = await api.call("PUT", f"/api/v1/posts/{post_id}", json={
                "space_id": space, "text": "Nach dem Umzug", "post_kind": "post",
                "mentions": []})
            assert status in (200, 201), body
    finally:
        await server.close()
    with psycopg.connect(target) as conn:
        reused = conn.execute("SELECT count(*) FROM change WHERE seq BETWEEN %s AND %s",
                              (highest - 2, highest)).fetchone()
        new = conn.execute("SELECT seq FROM change WHERE kind = 'post' AND record_id = %s",
                           (post_id,)).fetchone()
    assert reused == (0,)  # numbers a client may have seen are never handed out again
    assert new is not None and new[0] > highest


async def test_a_non_empty_target_and_a_wrong_url_are_refused_and_the_site_stays(
    config: ServerConfig, target: str, postgres: Postgres
) -> None:
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (id int)")
    before = _file_state(config.data_path)
    code, out, err = await cli("migrate-db", str(config.data_path), target)
    assert code == 1 and out == ""
    assert err == (f"kontor-server: {target} is not empty (it has 1 table(s): notes); "
                   "migrate-db copies only into a new, empty database\n")
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                            ).fetchone() == (1,)

    missing = postgres.url("kontor_test_not_there")
    code, out, err = await cli("migrate-db", str(config.data_path), missing)
    assert code == 1 and out == ""
    assert err.startswith(f"kontor-server: cannot connect to {missing}: ")
    assert 'database "kontor_test_not_there" does not exist' in err
    assert err.count("\n") == 1 and "Traceback" not in err

    code, _, err = await cli("migrate-db", str(config.data_path), "mysql://db/kontor")
    assert code == 1
    assert err == ("kontor-server: the target must be a PostgreSQL database "
                   "(postgresql://...), not mysql\n")
    assert _file_state(config.data_path) == before


def test_migrate_db_refuses_while_the_server_runs(config: ServerConfig, target: str) -> None:
    import subprocess

    with serving(config.data_path, Outputs()):
        done = subprocess.run(
            [sys.executable, "-m", "server_stub.cli", "migrate-db", str(config.data_path),
             target], cwd=REPO, env=CLEAN_ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == (f"kontor-server: a Kontor server (or a restore) is running on "
                           f"{config.data_path}; stop it first\n")
    with psycopg.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                            ).fetchone() == (0,)


async def test_the_check_names_a_table_whose_copy_differs(
    config: ServerConfig, target: str
) -> None:
    code, _, err = await cli("migrate-db", str(config.data_path), target)
    assert code == 0, err
    source = _sqlite_digests(config)
    assert differences(source, _pg_digests(target)) == []  # type: ignore[arg-type]
    with psycopg.connect(target) as conn:
        conn.execute("UPDATE post SET text = text || '.' WHERE id = "
                     "(SELECT min(id) FROM post)")
        conn.execute("DELETE FROM reaction WHERE id = (SELECT min(id) FROM reaction)")
    reactions = source["reaction"].rows  # type: ignore[attr-defined]
    posts = source["post"].rows  # type: ignore[attr-defined]
    assert differences(source, _pg_digests(target)) == [  # type: ignore[arg-type]
        f"table post has the same {posts} rows but different content in the copy",
        f"table reaction has {reactions} rows in SQLite but {reactions - 1} in the copy",
    ]
