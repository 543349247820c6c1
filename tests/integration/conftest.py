"""A real Kontor server on 127.0.0.1 (random port) over a real SQLite file.

Two kinds: `server` over a small hand-built world, and `live` over the demo company,
which is generated once per module (`demo_data`, slow) and copied for each test
(`config`) so that tests can write freely.

A test module that sets `BACKENDS = BOTH_BACKENDS` runs every test twice: over SQLite
and over a real PostgreSQL server (`database_url` in the data directory's kontor.toml,
a fresh database per test; tests/postgres_support.py finds or starts the server).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.app import create_app
from server_stub.config import ServerConfig, load_config, write_config_file
from tests.integration.sync_support import (
    demo_config,
    free_port,
    set_database_url,
    start_server,
)
from tests.integration.world import PASSWORD, Org, World, build_org, build_world


class Api:
    """A thin HTTP client for tests: real requests against the real server."""

    def __init__(self, server: TestServer, session: ClientSession) -> None:
        self.server = server
        self.session = session
        self.token: str | None = None

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    async def login(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        async with self.session.post(self.url("/api/v1/login"), json={
            "username": username, "password": password, "device_name": "pytest"}) as r:
            assert r.status == 200, await r.text()
            body = await r.json()
        self.token = body["token"]
        return body

    async def call(self, method: str, path: str, *, json: Any = None,
                   headers: dict[str, str] | None = None, data: Any = None) -> tuple[int, Any]:
        async with self.session.request(method, self.url(path), json=json, data=data,
                                        headers=self.headers(headers)) as r:
            body = await r.json() if r.content_type == "application/json" else await r.read()
            return r.status, body

    async def feed(self, since: str = "", limit: int = 500) -> dict[str, Any]:
        status, body = await self.call("GET", f"/api/v1/sync?since={since}&limit={limit}")
        assert status == 200, body
        return body

    async def whole_feed(self, limit: int = 500) -> tuple[list[dict[str, Any]], str]:
        return await self.whole_feed_since("", limit)

    async def whole_feed_since(self, cursor: str, limit: int = 500) -> tuple[
            list[dict[str, Any]], str]:
        """Every visible change after cursor, and the cursor after them."""
        changes: list[dict[str, Any]] = []
        while True:
            page = await self.feed(cursor, limit)
            changes.extend(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                return changes, cursor


BOTH_BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module's BACKENDS (default: SQLite only) parametrize its `backend`;
    KONTOR_TEST_BACKENDS=sqlite,postgresql runs every module's server on both."""
    chosen = os.environ.get("KONTOR_TEST_BACKENDS")
    backends = (tuple(chosen.split(",")) if chosen
                else getattr(metafunc.module, "BACKENDS", None))
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        backends = ("sqlite",)
    if backends is not None and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", backends, scope="module")


@pytest.fixture(scope="module")
def backend() -> str:
    return "sqlite"


@pytest.fixture
def new_database(backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Makes fresh databases for this test: a PostgreSQL database's URL, each dropped
    after the test; on SQLite "" (each data directory keeps its own file)."""
    made: list[str] = []
    postgres = request.getfixturevalue("postgres") if backend == "postgresql" else None

    def make() -> str:
        if postgres is None:
            return ""
        made.append(postgres.create_database())
        return str(postgres.url(made[-1]))

    try:
        yield make
    finally:
        for name in made:
            assert postgres is not None
            postgres.drop_database(name)


@pytest.fixture
def world(tmp_path: Path, new_database: Callable[[], str]) -> World:
    data, url = tmp_path / "data", new_database()
    if url:
        data.mkdir(mode=0o700)
        write_config_file(data, "test.local")  # the name build_world gives the server
        set_database_url(data, url)
    return build_world(data)


@pytest.fixture
def org(world: World) -> Org:
    return build_org(world)


@pytest.fixture
async def server(world: World) -> AsyncIterator[TestServer]:
    server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
    await server.start_server()
    yield server
    await server.close()


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@pytest.fixture
def api(server: TestServer, session: ClientSession) -> Api:
    return Api(server, session)


@pytest.fixture
async def make_api(server: TestServer):
    """More signed-in clients, each with its own session, closed after the test."""
    made: list[Api] = []

    def make() -> Api:
        made.append(Api(server, ClientSession()))
        return made[-1]

    yield make
    for client in made:
        await client.session.close()


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory, backend: str,
              request: pytest.FixtureRequest) -> Iterator[ServerConfig]:
    """The demo company, generated once for the module that asks for it (on PostgreSQL
    into a database that each test's copy is made from)."""
    data = tmp_path_factory.mktemp("demo") / "data"
    if backend != "postgresql":
        yield demo_config(data)
        return
    postgres = request.getfixturevalue("postgres")
    name = postgres.create_database()
    try:
        yield demo_config(data, database_url=postgres.url(name))
    finally:
        postgres.drop_database(name)


@pytest.fixture
def config(demo_data: ServerConfig, tmp_path: Path,
           request: pytest.FixtureRequest) -> Iterator[ServerConfig]:
    """A private copy of the module's demo database, so tests can write freely."""
    data = tmp_path / "server"
    shutil.copytree(demo_data.data_path, data)
    if not demo_data.database_url:
        yield load_config(data, {"server_name": "demo.test", "port": free_port()})
        return
    postgres = request.getfixturevalue("postgres")
    name = postgres.create_database(template=demo_data.database_url.rsplit("/", 1)[1])
    try:
        set_database_url(data, postgres.url(name))
        yield load_config(data, {"server_name": "demo.test", "port": free_port()})
    finally:
        postgres.drop_database(name)


@pytest.fixture
async def live(config: ServerConfig) -> AsyncIterator[TestServer]:
    """The server over that copy, on its configured loopback port."""
    server = await start_server(config)
    yield server
    await server.close()
