"""Two (or more) real Kontor sites on loopback for federation tests.

Each site is a demo company in its own data directory with its own server name,
signing key and port; peers are allow-listed in each database, as `peer add` does.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import sqlalchemy as sa
import uuid6
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server_stub.app import create_app, prepare_database
from server_stub.config import ServerConfig, load_config, write_config_file
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER, DemoCompany, generate_company
from server_stub.demo.load import load_company
from server_stub.federation import keys
from server_stub.federation.signing import sign_request
from server_stub.services.auth import hash_password
from server_stub.storage import peers
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.protocol import RECORD_TYPES, now_ms
from tests import processes
from tests.integration.conftest import Api
from tests.integration.sync_support import set_database_url
from tests.ports import free_port as free_port  # where the tests' ports come from

REPO = Path(__file__).parents[2]
CHANGES = "/federation/v1/changes"
T = TypeVar("T")


@dataclass
class Site:
    name: str
    config: ServerConfig
    company: DemoCompany
    port: int
    server: TestServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def key_text(self) -> str:
        return keys.public_key_text(keys.load_signing_key(self.config.data_path))

    async def start(self) -> TestServer:
        self.server = TestServer(create_app(self.config), host="127.0.0.1", port=self.port)
        await self.server.start_server()
        return self.server

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.close()
            self.server = None

    def db(self) -> sa.Engine:
        return make_sync_engine(self.config.db_url)

    def query(self, work: Callable[[sa.Connection], T]) -> T:
        engine = self.db()
        try:
            with engine.begin() as conn:
                return work(conn)
        finally:
            engine.dispose()

    async def login(self, session: ClientSession, username: str = DEMO_USER) -> Api:
        assert self.server is not None
        api = Api(self.server, session)
        await api.login(username, DEMO_PASSWORD)
        return api


SETTINGS = {"federation_pull_interval_seconds": 0.2, "federation_max_backoff_seconds": 0.5,
            "login_base_delay_seconds": 0.5}


def make_site(root: Path, name: str, people: int, seed: int, database_url: str = "") -> Site:
    """A site in root/name over its own SQLite file, or over database_url's database."""
    data_dir = root / name
    data_dir.mkdir(parents=True, mode=0o700)  # the server refuses a directory others read
    write_config_file(data_dir, name)  # CLI runs and subprocess servers use the same name
    if database_url:
        set_database_url(data_dir, database_url)
    config = load_config(data_dir, {"server_name": name, **SETTINGS}, env={})
    prepare_database(config)
    keys.create_signing_key(data_dir)
    now = now_ms()
    company = generate_company(people, seed, name, now)
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        load_company(conn, company, hash_password(DEMO_PASSWORD), now)
    engine.dispose()
    return Site(name, config, company, free_port())


def add_peer(site: Site, other: Site) -> None:
    site.query(lambda conn: peers.add_peer(conn, other.name, other.url, other.key_text,
                                           now_ms()))


def peer_row(site: Site, name: str) -> peers.Peer | None:
    return site.query(lambda conn: peers.get_peer(conn, name))


async def wait_for(check: Callable[[], Any], timeout: float = 30.0,
                   what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def exportable_versions(site: Site) -> set[tuple[str, str, int]]:
    """(kind, id, version) of every record this site exports, from its own feed table."""
    def read(conn: sa.Connection) -> set[tuple[str, str, int]]:
        rows = conn.execute(sa.select(t.change.c.kind, t.change.c.record_id, t.change.c.body)
                            .where(t.change.c.export.is_(True), t.change.c.op == "put"))
        # every exported kind is a Record, which RECORD_TYPES (all Structs) cannot say
        return {(kind, rid, msgspec.json.decode(body, type=RECORD_TYPES[kind]).version)  # type: ignore[attr-defined]
                for kind, rid, body in rows}
    return site.query(read)


def held_versions(site: Site, origin: str) -> set[tuple[str, str, int]]:
    """(kind, id, version) of every record at site whose home is origin."""
    def read(conn: sa.Connection) -> set[tuple[str, str, int]]:
        found: set[tuple[str, str, int]] = set()
        for kind, table in t.RECORD_TABLES.items():
            rows = conn.execute(sa.select(table.c.id, table.c.version)
                                .where(table.c.origin == origin))
            found.update((kind, rid, version) for rid, version in rows)
        return found
    return site.query(read)


async def signed_get(session: ClientSession, site: Site, signer: Site | None, keyid: str,
                     query: str = "since=&limit=1000",
                     tamper: Callable[[dict[str, str]], None] | None = None,
                     sent_query: str | None = None, **sign: Any) -> tuple[int, bytes]:
    """A GET of site's export, signed with signer's key (or a fresh unlisted key)."""
    key = keys.load_signing_key(signer.config.data_path) if signer else \
        Ed25519PrivateKey.generate()
    headers = sign_request(key, keyid, "GET", CHANGES, query, **sign)
    if tamper is not None:
        tamper(headers)
    url = f"{site.url}{CHANGES}?{query if sent_query is None else sent_query}"
    async with session.get(url, headers=headers) as response:
        return response.status, await response.read()


def serve_subprocess(site: Site, port: int | None = None,
                     settings: dict[str, object] | None = None) -> subprocess.Popen[bytes]:
    """The site as its own process, so a test can kill it hard (SIGKILL); on another
    port than the site's for a second process of the same site. Its log goes
    to a file beside its data (appended over its lives): a pipe nobody reads fills
    after 64 KiB of access log, and the server then stops in the middle of a request."""
    port = site.port if port is None else port
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONTOR_SERVER_")}
    env.update({"KONTOR_SERVER_" + k.upper(): str(v)
                for k, v in {**SETTINGS, **(settings or {})}.items()})
    suffix = "" if port == site.port else f".{port}"
    log = site.config.data_path.parent / f"{site.name}{suffix}.serve.log"
    with log.open("ab") as output:
        return processes.start(
            [sys.executable, "-m", "server_stub.cli", "serve", str(site.config.data_path),
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
        )


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONTOR_SERVER_")}
    return subprocess.run([sys.executable, "-m", "server_stub.cli", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)


# --- records of another site inside one test server (tests/integration/test_openapi.py) ---

ELSEWHERE = "elsewhere.test"


@dataclass(frozen=True)
class ForeignRecords:
    post: str
    comment: str
    reaction: str


def add_foreign_records(config: ServerConfig, space_id: str, author_id: str) -> ForeignRecords:
    """A post, a comment and a reaction by author_id as if pulled from another site."""
    from server_stub.storage import records
    from sync import protocol as p

    ids = ForeignRecords(*(str(uuid6.uuid7()) for _ in range(3)))
    now = now_ms()
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        records.put_record(conn, "post", p.Post(
            id=ids.post, space_id=space_id, author_id=author_id, text="von woanders",
            created_at=now, origin=ELSEWHERE, version=1, updated_at=now), records.THIS_SITE)
        records.put_record(conn, "comment", p.Comment(
            id=ids.comment, post_id=ids.post, space_id=space_id, author_id=author_id,
            text="auch von woanders", created_at=now, origin=ELSEWHERE, version=1,
            updated_at=now), records.THIS_SITE)
        records.put_record(conn, "reaction", p.Reaction(
            id=ids.reaction, target_id=ids.post, space_id=space_id, person_id=author_id,
            emoji="👍", origin=ELSEWHERE, version=1, updated_at=now), records.THIS_SITE)
    engine.dispose()
    return ids


def move_home(config: ServerConfig, kind: str, record_id: str, origin: str = ELSEWHERE) -> None:
    """Pretend a record was born at another site."""
    engine = make_sync_engine(config.db_url)
    table = t.RECORD_TABLES[kind]
    with engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.id == record_id).values(origin=origin))
    engine.dispose()


def listed_signer(config: ServerConfig, name: str = ELSEWHERE) -> Callable[[str], dict[str, str]]:
    """Put a fresh key on config's peer list; returns a signer of GET /federation/v1/changes."""
    key = Ed25519PrivateKey.generate()
    engine = make_sync_engine(config.db_url)
    with engine.begin() as conn:
        peers.add_peer(conn, name, "http://127.0.0.1:9", keys.public_key_text(key), now_ms())
    engine.dispose()
    return lambda query: sign_request(key, name, "GET", CHANGES, query)
