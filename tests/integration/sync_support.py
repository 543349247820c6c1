"""Helpers for sync tests: a demo-company server on a fixed loopback port, cache dumps."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer

from server_stub.app import create_app, prepare_database
from server_stub.config import CONFIG_FILE, ServerConfig, load_config, write_config_file
from server_stub.data_dir import write_private_text
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER, generate_company
from server_stub.demo.load import load_company
from server_stub.services.auth import hash_password
from server_stub.storage.engine import make_sync_engine
from sync.cache.db import Cache
from tests.ports import free_port as free_port  # where the tests' ports come from

RECORD_TABLES = ("person", "org_unit", "position", "responsibility", "connection", "space",
                 "membership", "post", "comment", "reaction", "handover", "checklist_item",
                 "checklist_check")


def set_database_url(data_dir: Path, url: str) -> None:
    """Name the database in the data directory's kontor.toml, as an operator would, so
    `kontor-server` commands and server processes started on the directory use it too."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # the server refuses others
    path = data_dir / CONFIG_FILE
    lines = path.read_text("utf-8").splitlines() if path.exists() else ["[server]"]
    lines = [line for line in lines if not line.startswith("database_url")]
    path.unlink(missing_ok=True)
    write_private_text(path, "\n".join([*lines, f'database_url = "{url}"', ""]))


def demo_config(data_dir: Path, people: int = 300, now: int = 1_764_000_000_000,
                database_url: str = "") -> ServerConfig:
    """The demo company in data_dir's database (SQLite), or in database_url's."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # the server refuses others
    write_config_file(data_dir, "demo.test")  # so `kontor-server serve` uses the same name
    if database_url:
        set_database_url(data_dir, database_url)
    config = load_config(data_dir, {"server_name": "demo.test", "port": free_port()})
    prepare_database(config)
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        load_company(conn, generate_company(people, 7, "demo.test", now),
                     hash_password(DEMO_PASSWORD), now)
    engine.dispose()
    return config


async def start_server(config: ServerConfig) -> TestServer:
    server = TestServer(create_app(config), host="127.0.0.1", port=config.port)
    await server.start_server()
    return server


def cache_records(cache: Cache) -> dict[tuple[str, str], dict[str, Any]]:
    """Every record the cache holds, decoded from its stored body."""
    out = {}
    for table in RECORD_TABLES:
        for record_id, body in cache.conn.execute(f"SELECT id, body FROM {table}"):
            out[(table, record_id)] = json.loads(body)
    return out


def feed_records(changes: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c["kind"], c["id"]): c["body"] for c in changes
            if c["op"] == "put" and c["kind"] != "space_access"}


async def server_view(server: TestServer, username: str = DEMO_USER) -> dict[tuple[str, str], Any]:
    """What the server shows one user: every record of their whole feed."""
    return await visible_at(str(server.make_url("")).rstrip("/"), username)


async def visible_at(url: str, username: str = DEMO_USER) -> dict[tuple[str, str], Any]:
    """server_view for a server reached by its URL (one a test runs as a process)."""
    from aiohttp import ClientSession

    async with ClientSession() as http:
        async with http.post(f"{url}/api/v1/login", json={
                "username": username, "password": DEMO_PASSWORD, "device_name": "pytest"}) as r:
            assert r.status == 200, await r.text()
            token = (await r.json())["token"]
        changes: list[dict[str, Any]] = []
        cursor = ""
        while True:
            async with http.get(f"{url}/api/v1/sync?limit=1000&since={cursor}",
                                headers={"Authorization": f"Bearer {token}"}) as r:
                assert r.status == 200, await r.text()
                page = await r.json()
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["more"]:
                return feed_records(changes)


def kontorctl_env(profile: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "KONTOR_PROFILE": str(profile),
        "KONTOR_PASSPHRASE": "test passphrase for a profile",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    })
    return env


KONTORCTL = [sys.executable, "-m", "sync.kontorctl"]


async def kontorctl(profile: Path, *args: str, managed: Path | None = None,
                    stdin: str = "", env_extra: dict[str, str] | None = None,
                    ) -> tuple[int, str, str]:
    """kontorctl as a subprocess on `profile`; managed: IT's file (KONTOR_MANAGED_CONFIG).
    Returns exit code, stdout, stderr."""
    env = kontorctl_env(profile) | (env_extra or {})
    if managed is not None:
        env["KONTOR_MANAGED_CONFIG"] = str(managed)
    proc = await asyncio.create_subprocess_exec(
        *KONTORCTL, *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env)
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 120)
    return proc.returncode or 0, out.decode(), err.decode()


async def login(profile: Path, url: str, managed: Path | None = None) -> tuple[int, str, str]:
    """kontorctl login as the demo user, without the first sync."""
    return await kontorctl(profile, "login", url, DEMO_USER, "--password-stdin", "--no-sync",
                           managed=managed, stdin=DEMO_PASSWORD + "\n")
