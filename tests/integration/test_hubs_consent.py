"""Consent and fairness of the hub results, checked on the bytes a client receives.

A real server over the hand-made company of hubs_world.py; the results are computed
with `kontor-server hubs compute`, roles granted with `kontor-server role`, and each
reader's whole feed is read as raw JSON pages, then applied to a real SQLCipher cache.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub import cli
from server_stub.app import create_app
from server_stub.config import load_config
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.db import Cache
from sync.cache.read.hubs import hub_view
from sync.cache.write.apply import apply_page
from sync.protocol import decode_sync_page
from tests.integration.conftest import Api
from tests.integration.hubs_world import HubsWorld, build_hubs_world
from tests.integration.sync_support import kontorctl
from tests.integration.world import PASSWORD

HUB_KINDS = ("hub", "hub_unit", "hub_attention", "hub_adoption", "hub_run")


@pytest.fixture
def hubs_world(tmp_path: Path) -> HubsWorld:
    world = build_hubs_world(tmp_path / "data")
    assert cli.main(["role", "grant", str(world.config.data_path), "community_manager",
                     "clara"]) == 0
    assert cli.main(["hubs", "compute", str(world.config.data_path)]) == 0
    return world


@pytest.fixture
async def hubs_server(hubs_world: HubsWorld) -> AsyncIterator[TestServer]:
    server = TestServer(create_app(hubs_world.config), host="127.0.0.1", port=0)
    await server.start_server()
    yield server
    await server.close()


class Reader:
    """One signed-in person: raw feed pages, applied to their own real cache."""

    def __init__(self, api: Api, cache: Cache) -> None:
        self.api = api
        self.cache = cache
        self.cursor = ""

    async def sync(self) -> list[bytes]:
        """Pull to the end; returns each page's raw bytes as the server sent them."""
        raw_pages: list[bytes] = []
        while True:
            async with self.api.session.get(
                    self.api.url(f"/api/v1/sync?since={self.cursor}&limit=200"),
                    headers=self.api.headers()) as response:
                assert response.status == 200
                raw = await response.read()
            raw_pages.append(raw)
            page = decode_sync_page(raw)
            apply_page(self.cache, page.changes, page.cursor)
            self.cursor = page.cursor
            if not page.more:
                return raw_pages


def hub_bodies(raw_pages: list[bytes]) -> list[dict[str, Any]]:
    """The hub records in raw pages, with their kind."""
    found = []
    for raw in raw_pages:
        for change in json.loads(raw)["changes"]:
            if change["kind"] in HUB_KINDS and change["op"] == "put":
                found.append({"kind": change["kind"], **change["body"]})
    return found


@pytest.fixture
async def reader(hubs_server: TestServer, tmp_path: Path) -> AsyncIterator[Any]:
    sessions: list[ClientSession] = []
    caches: list[Cache] = []

    async def make(username: str) -> Reader:
        sessions.append(ClientSession())
        api = Api(hubs_server, sessions[-1])
        await api.login(username)
        caches.append(Cache.open(tmp_path / f"{username}.db", secrets.token_bytes(32)))
        return Reader(api, caches[-1])

    yield make
    for session in sessions:
        await session.close()
    for cache in caches:
        cache.close()


async def test_an_ordinary_reader_gets_the_unit_map_but_no_unnamed_hub(
        reader: Any, hubs_world: HubsWorld) -> None:
    otto = await reader("otto")
    bodies = hub_bodies(await otto.sync())
    kinds = {b["kind"] for b in bodies}
    assert kinds == {"hub_unit", "hub_run"}
    view = hub_view(otto.cache)
    assert view.hubs == [] and view.attention == []
    assert {hubs_world.units[n] for n in ("Einkauf", "Produktion", "Vertrieb", "Lager")} == {
        u.unit_id for u in view.units}


async def test_a_lead_sees_a_colleague_in_their_unit_without_a_name(
        reader: Any, hubs_world: HubsWorld) -> None:
    erika = await reader("erika")
    raw = await erika.sync()
    hubs = [b for b in hub_bodies(raw) if b["kind"] == "hub"]
    assert hubs, "the lead of Einkauf sees the hubs of Einkauf"
    assert all(h["person_id"] is None for h in hubs)
    assert {h["unit_id"] for h in hubs} == {hubs_world.units["Einkauf"]}
    hanna = hubs_world.people["Hanna"].encode()
    for page in raw:
        for change in json.loads(page)["changes"]:
            if change["kind"] in HUB_KINDS:
                assert hanna.decode() not in json.dumps(change)
    reasons = {r["kind"]: r for h in hubs for r in h["reasons"]}
    assert reasons["answers_units"]["count"] == 3  # Produktion (with Klein), Vertrieb, Lager
    assert reasons["only_job_connection"]["units"] == sorted(
        [hubs_world.units["Einkauf"], hubs_world.units["Lager"]])


async def test_no_unit_smaller_than_five_appears_in_any_result(
        reader: Any, hubs_world: HubsWorld) -> None:
    small = {hubs_world.units["Klein"], hubs_world.units["Firma"]}
    for username in ("otto", "erika", "clara"):
        raw = await (await reader(username)).sync()
        for page in raw:
            for change in json.loads(page)["changes"]:
                if change["kind"] in HUB_KINDS:
                    text = json.dumps(change["body"])
                    assert not any(unit in text for unit in small), (username, change["kind"])


async def test_consent_names_a_hub_for_everyone_and_opting_out_removes_the_name(
        reader: Any, hubs_world: HubsWorld) -> None:
    otto = await reader("otto")
    await otto.sync()
    hanna = await reader("hanna")
    status, _ = await hanna.api.call("PATCH", "/api/v1/me", json={"show_as_hub": True})
    assert status == 200
    named = [b for b in hub_bodies(await otto.sync()) if b["kind"] == "hub"]
    assert [b["person_id"] for b in named] == [hubs_world.people["Hanna"]]
    assert [r.person.given_name for r in hub_view(otto.cache).hubs if r.person] == ["Hanna"]

    status, _ = await hanna.api.call("PATCH", "/api/v1/me", json={"show_as_hub": False})
    assert status == 200
    after = hub_bodies(await otto.sync())
    assert hubs_world.people["Hanna"] not in json.dumps(after)
    assert hub_view(otto.cache).hubs == []
    held = otto.cache.conn.execute("SELECT count(*) FROM hub WHERE person_id = ?",
                                   (hubs_world.people["Hanna"],)).fetchone()[0]
    assert held == 0


async def test_a_community_manager_sees_the_company_and_each_delivery_is_audited(
        reader: Any, hubs_world: HubsWorld) -> None:
    clara = await reader("clara")
    await clara.sync()
    view = hub_view(clara.cache)
    units = {r.hub.unit_id for r in view.hubs}
    assert {hubs_world.units["Einkauf"], hubs_world.units["Lager"]} <= units
    assert all(r.person is None for r in view.hubs)
    assert [(a.attention_kind, a.target_id) for a in view.attention] == [
        ("unanswered_question", hubs_world.unanswered),
        ("outdated_howto", hubs_world.outdated_howto)]
    engine = make_sync_engine(hubs_world.config.db_url)
    with engine.connect() as conn:
        audited = conn.execute(sa.select(t.audit_event.c.actor, t.audit_event.c.detail)
                               .where(t.audit_event.c.action == "hubs.delivered")).all()
    engine.dispose()
    assert [actor for actor, _ in audited] == ["clara"]
    assert audited[0][1]["hub"] == len(view.hubs)


async def test_kontorctl_gives_and_takes_back_the_consent(
        hubs_server: TestServer, reader: Any, hubs_world: HubsWorld, tmp_path: Path) -> None:
    profile = tmp_path / "hanna-profile"
    url = str(hubs_server.make_url("")).rstrip("/")
    code, _, err = await kontorctl(profile, "login", url, "hanna", "--password-stdin",
                                   "--no-sync", stdin=PASSWORD + "\n")
    assert code == 0, err
    code, out, err = await kontorctl(profile, "hub-consent", "on")
    assert code == 0, err
    assert "hub consent" in out
    otto = await reader("otto")
    await otto.sync()
    assert [r.person.given_name for r in hub_view(otto.cache).hubs if r.person] == ["Hanna"]
    code, _, err = await kontorctl(profile, "hub-consent", "off")
    assert code == 0, err
    await otto.sync()
    assert hub_view(otto.cache).hubs == []


@pytest.fixture
def uncomputed_world(tmp_path: Path) -> HubsWorld:
    """The same company, never computed, with the server's run due every second."""
    world = build_hubs_world(tmp_path / "fresh")
    world.config = load_config(world.config.data_path, {
        "server_name": world.config.server_name, "hubs_interval_seconds": 1.0})
    return world


async def test_the_server_computes_and_publishes_by_itself_and_wakes_clients(
        uncomputed_world: HubsWorld, session: ClientSession) -> None:
    server = TestServer(create_app(uncomputed_world.config), host="127.0.0.1", port=0)
    await server.start_server()
    try:
        api = Api(server, session)
        await api.login("otto")
        async with session.ws_connect(api.url("/api/v1/events"), headers=api.headers()) as ws:
            hello = await ws.receive_json(timeout=5)
            woke = await ws.receive_json(timeout=120)  # the worker's publication
            assert woke["seq"] > hello["seq"]
        changes, _ = await api.whole_feed()
        assert "hub_run" in {c["kind"] for c in changes}
        assert "hub_unit" in {c["kind"] for c in changes}
    finally:
        await server.close()
