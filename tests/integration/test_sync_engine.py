"""The sync engine against a real server: exact copies, outbox delivery, purge, wipe."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
import uuid6
from aiohttp import web
from aiohttp.test_utils import TestServer

from server_stub import appkeys as k
from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import accounts as acc
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.db import Cache
from sync.cache.read.posts import get_post
from sync.cache.read.search import search
from sync.cache.write import outbox
from sync.cache.write import state as cache_state
from sync.client import KontorClient, ServerUnreachable
from sync.engine import Applied, Progress, SyncEngine
from sync.protocol import paths
from sync.session import ProfileSession
from sync.writes import queue_post
from tests.fakes import FakeKeyring
from tests.integration.conftest import BOTH_BACKENDS
from tests.integration.federation_support import wait_for
from tests.integration.multiproc_support import post, sign_in
from tests.integration.sync_support import (
    cache_records,
    server_view,
    start_server,
)

BACKENDS = BOTH_BACKENDS
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
def psession(tmp_path: Path, fake_keyring: FakeKeyring) -> Iterator[ProfileSession]:
    opened = ProfileSession.open(tmp_path / "profile")
    yield opened
    opened.close()


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


class TestInitialSync:
    async def test_cache_holds_exactly_the_visible_set(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        events: list[object] = []
        engine.subscribe(events.append)
        applied = await engine.sync_once()
        await client.close()
        expected = await server_view(live, DEMO_USER)
        got = cache_records(psession.cache)
        assert got.keys() == expected.keys()
        for key, body in expected.items():
            assert got[key] == body, key
        assert applied >= len(expected)
        progress = [e for e in events if isinstance(e, Progress)]
        assert progress and progress[-1].done == applied
        assert progress[0].expected == applied

    async def test_members_only_posts_stay_out_of_an_outsiders_cache(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        engine = make_sync_engine(config.db_url)
        with engine.connect() as conn:
            closed = conn.execute(sa.select(t.space.c.id).where(
                t.space.c.visibility == "members")).scalars().all()
            insiders = set(conn.execute(sa.select(t.membership.c.person_id).where(
                t.membership.c.space_id.in_(closed))).scalars())
            outsider = conn.execute(sa.select(t.account.c.username).where(
                t.account.c.person_id.not_in(insiders))).scalars().first()
        engine.dispose()
        assert closed and outsider
        await psession.login(url(config), outsider, DEMO_PASSWORD, "pytest")
        client = psession.client()
        await psession.engine(client).sync_once()
        await client.close()
        held = cache_records(psession.cache)
        assert not [k for k, v in held.items() if v.get("space_id") in closed]
        assert not [k for k in held if k[1] in closed]


def pulls_answered(server: TestServer) -> float:
    """Feed pages the server has answered, as /metrics counts them."""
    registry = server.app[k.METRICS].registry
    return registry.get_sample_value("kontor_http_requests_total", {
        "route": paths.SYNC, "method": "GET", "status": "200"}) or 0.0


def closed_space_without(config: ServerConfig, username: str) -> tuple[str, str]:
    """A members-only space username is not in, and the name of one who is."""
    engine = make_sync_engine(config.db_url)
    with engine.connect() as conn:
        person = conn.execute(sa.select(t.account.c.person_id).where(
            t.account.c.username == username)).scalar_one()
        mine = sa.select(t.membership.c.space_id).where(t.membership.c.person_id == person)
        space, insider = conn.execute(
            sa.select(t.space.c.id, t.account.c.username)
            .join(t.membership, t.membership.c.space_id == t.space.c.id)
            .join(t.account, t.account.c.person_id == t.membership.c.person_id)
            .where(t.space.c.visibility == "members", t.space.c.id.not_in(mine))
            .limit(1)).one()
    engine.dispose()
    return str(space), str(insider)


class TestLiveChanges:
    async def test_a_post_from_elsewhere_arrives_with_its_wake_up_without_a_pull(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        """The running engine applies what a wake-up carries when it follows its
        cursor: the colleague's post is in the cache, and the server answered no page
        for it. A wake-up that does not follow the cursor is pulled as before."""
        await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        arrived: dict[str, asyncio.Event] = {}

        def on_event(event: object) -> None:
            if isinstance(event, Applied):
                for change in event.changes:
                    arrived.setdefault(change.id, asyncio.Event()).set()

        engine.subscribe(on_event)
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        async with aiohttp.ClientSession() as http:
            try:
                await wait_for(lambda: engine.status == "online", what="the live socket")
                await asyncio.sleep(0.3)  # the first wake-up's round, right after connecting
                base = url(config)
                space = psession.cache.conn.execute(
                    "SELECT space_id FROM membership WHERE person_id = ? LIMIT 1",
                    (cache_state.get_sync_state(psession.cache).person_id,)).fetchone()[0]
                writer = await sign_in(http, base)  # the same person on another device
                for text in ("Kantine heute zu", "Kantine morgen wieder offen"):
                    pulls = pulls_answered(live)
                    post_id = str(uuid6.uuid7())
                    await post(http, base, writer, post_id, space, text)
                    event = arrived.setdefault(post_id, asyncio.Event())
                    await asyncio.wait_for(event.wait(), 10)
                    assert pulls_answered(live) == pulls, "the engine pulled a carried post"
                held = get_post(psession.cache, post_id)
                assert held is not None and held.text == "Kantine morgen wieder offen"
                # A post this person may not see moves the feed without waking them: the
                # next wake-up no longer follows their cursor, and the engine pulls.
                closed, insider = closed_space_without(config, DEMO_USER)
                secret = str(uuid6.uuid7())
                await post(http, base, await sign_in(http, base, insider), secret, closed,
                           "Nur für uns")
                pulls = pulls_answered(live)
                latest = str(uuid6.uuid7())
                await post(http, base, writer, latest, space, "Und noch etwas")
                await asyncio.wait_for(arrived.setdefault(latest, asyncio.Event()).wait(), 10)
                assert pulls_answered(live) > pulls
                assert get_post(psession.cache, latest) is not None
                assert get_post(psession.cache, secret) is None
            finally:
                stop.set()
                await asyncio.wait_for(running, 10)
                await client.close()


class TestOutbox:
    async def test_offline_posts_are_delivered_once_in_order_after_restart(
        self, config: ServerConfig, tmp_path: Path, fake_keyring: FakeKeyring
    ) -> None:
        server = await start_server(config)
        first = ProfileSession.open(tmp_path / "profile")
        await first.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = first.client()
        await first.engine(client).sync_once()
        await client.close()
        await server.close()  # the network is gone
        space = next(s for s in first.cache.conn.execute(
            "SELECT id FROM space WHERE id IN (SELECT space_id FROM membership "
            "WHERE person_id = ?)", (first.state().person_id,)))[0]
        texts = [f"Offline geschrieben Nr. {i}" for i in range(3)]
        ids = [queue_post(first.cache, space, text).id for text in texts]
        client = first.client()
        with pytest.raises(ServerUnreachable, match="cannot be reached"):
            await first.engine(client).sync_once()
        await client.close()
        assert [i.id for i in outbox.pending(first.cache)] == ids
        first.close()  # the app quits

        server = await start_server(config)  # the network is back
        second = ProfileSession.open(tmp_path / "profile")
        for _ in range(2):  # a second run must not send anything again
            client = second.client()
            await second.engine(client).sync_once()
            await client.close()
        assert outbox.all_items(second.cache) == []
        view = await server_view(server, DEMO_USER)
        delivered = [view[("post", i)] for i in ids]
        assert [p["text"] for p in delivered] == texts
        assert [p["created_at"] for p in delivered] == sorted(p["created_at"] for p in delivered)
        engine = make_sync_engine(config.db_url)
        with engine.connect() as conn:
            stored = conn.execute(sa.select(sa.func.count()).select_from(t.post).where(
                t.post.c.id.in_(ids))).scalar()
        engine.dispose()
        assert stored == 3
        held = cache_records(second.cache)
        assert all(("post", i) in held for i in ids)
        second.close()
        await server.close()

    async def test_a_refused_write_is_kept_as_failed_with_its_reason(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        await psession.engine(client).sync_once()
        announcements = psession.cache.conn.execute(
            "SELECT id FROM space WHERE body LIKE '%\"announcements\"%'").fetchone()[0]
        item = queue_post(psession.cache, announcements, "Ich bin kein Moderator")
        await psession.engine(client).sync_once()
        await client.close()
        [failed] = outbox.all_items(psession.cache)
        assert failed.id == item.id and failed.state == "failed"
        assert "moderators_only" in (failed.error or "")


    async def test_an_item_discarded_while_an_earlier_one_is_sent_never_leaves(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        await engine.sync_once()
        space = next(psession.cache.conn.execute(
            "SELECT space_id FROM membership WHERE person_id = ?",
            (psession.state().person_id,)))[0]
        kept = queue_post(psession.cache, space, "Geht raus")
        dropped = queue_post(psession.cache, space, "Doch nicht senden")
        push = asyncio.create_task(engine.push_outbox())
        await asyncio.sleep(0)  # the round has listed both and waits on the first
        outbox.discard(psession.cache, dropped.id)
        await push
        await engine.sync_once()
        await client.close()
        view = await server_view(live, DEMO_USER)
        assert view[("post", kept.id)]["text"] == "Geht raus"
        assert ("post", dropped.id) not in view


class TestAccessLoss:
    async def test_leaving_a_space_purges_it_from_cache_and_search(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession
    ) -> None:
        await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        engine = psession.engine(client)
        await engine.sync_once()
        me = psession.state().person_id
        row = psession.cache.conn.execute(
            "SELECT p.space_id, p.body FROM post p JOIN space s ON s.id = p.space_id "
            "WHERE s.body LIKE '%\"members\"%' LIMIT 1").fetchone()
        assert row, "the demo user should be in a members-only space with posts"
        space_id = row[0]
        import json
        word = max(json.loads(row[1])["text"].split(), key=len).strip(".,!?:;\"'")
        assert any(h.id for h in search(psession.cache, word, kinds={"post"}))
        status = await client.request("POST", f"/api/v1/spaces/{space_id}/leave")
        assert status.status == 204
        await engine.sync_once()
        await client.close()
        left = psession.cache.conn.execute(
            "SELECT count(*) FROM post WHERE space_id = ?", (space_id,)).fetchone()[0]
        assert left == 0
        hits = search(psession.cache, word, kinds={"post"})
        held_posts = {r[0] for r in psession.cache.conn.execute("SELECT id FROM post")}
        assert all(h.id in held_posts for h in hits)
        assert me


class TestRevocation:
    async def test_a_revoked_device_wipes_cache_and_key(
        self, live: TestServer, config: ServerConfig, psession: ProfileSession,
        fake_keyring: FakeKeyring,
    ) -> None:
        answer = await psession.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
        client = psession.client()
        await psession.engine(client).sync_once()
        assert fake_keyring.store
        engine = make_sync_engine(config.db_url)
        with engine.begin() as conn:
            assert acc.revoke_device(conn, answer.device_id, 1)
        engine.dispose()
        from sync.client import AuthFailed

        with pytest.raises(AuthFailed, match="signed out by an administrator"):
            await psession.engine(client).sync_once()
        await client.close()
        assert not psession.profile.cache_path.exists()
        assert not fake_keyring.store


class TestMalformedPage:
    async def test_a_bad_page_is_rejected_whole_and_its_content_never_logged(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A server (a real aiohttp app here) sends one good change and one broken one."""
        import json

        from sync.engine import PageRejected

        good = {"id": "01900000-0000-7000-8000-000000000001", "origin": "x", "version": 1,
                "updated_at": 1, "given_name": "Gerda", "family_name": "Geheimnisvoll"}
        broken = dict(good, id="01900000-0000-7000-8000-000000000002", version="zwei")
        page = {"changes": [
            {"seq": 1, "kind": "person", "id": good["id"], "op": "put", "body": good},
            {"seq": 2, "kind": "person", "id": broken["id"], "op": "put", "body": broken},
        ], "cursor": "c2", "more": False}

        async def feed(request: web.Request) -> web.Response:
            return web.json_response(page)

        async with engine_over(tmp_path, sync=feed) as (engine, cache):
            with pytest.raises(PageRejected, match="failed validation"):
                await engine.sync_once()
        assert cache.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0
        assert cache_state.get_cursor(cache) is None
        assert engine.status == "offline"
        logged = " ".join(r.getMessage() for r in caplog.records)
        assert "rejected a malformed feed page" in logged
        assert "Geheimnisvoll" not in logged and "Gerda" not in logged
        assert json.dumps(page)  # the page itself was well-formed JSON: validation caught it
        cache.close()

    async def test_a_wake_up_carrying_a_bad_change_is_taken_as_a_plain_one(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A server (a real aiohttp app here) carries a broken record in a wake-up that
        follows the client's cursor: nothing of it is applied or logged; the client
        pulls instead, as for a wake-up without changes."""
        good = {"id": "01900000-0000-7000-8000-000000000001", "origin": "x", "version": 1,
                "updated_at": 1, "given_name": "Gerda", "family_name": "Geheimnisvoll"}
        broken = dict(good, id="01900000-0000-7000-8000-000000000002", version="zwei")
        pulls: list[str] = []

        async def feed(request: web.Request) -> web.Response:
            pulls.append(request.query.get("since", ""))
            return web.json_response({"changes": [] if pulls[1:] else [
                {"seq": 1, "kind": "person", "id": good["id"], "op": "put", "body": good}],
                "cursor": "c1", "more": False})

        async def events(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await ws.send_json({"seq": 1})
            await ws.send_json({"seq": 2, "after": "c1", "cursor": "c2", "changes": [
                {"seq": 2, "kind": "person", "id": broken["id"], "op": "put",
                 "body": broken}]})
            async for _ in ws:
                pass
            return ws

        async with engine_against(tmp_path, feed, events) as (_, cache):
            # the first sync, the hello's round, and the bad wake-up's pull
            await wait_for(lambda: len(pulls) >= 3, timeout=10, what="the pulls")
        assert pulls[2] == "c1"
        assert cache.conn.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        assert cache_state.get_cursor(cache) == "c1"
        logged = " ".join(r.getMessage() for r in caplog.records)
        assert "malformed wake-up" in logged
        assert "Geheimnisvoll" not in logged and "Gerda" not in logged
        cache.close()


class TestWakeUpsOutOfOrder:
    async def test_a_late_wake_up_after_a_pull_went_past_it_costs_nothing(
        self, tmp_path: Path
    ) -> None:
        """Wake-ups for two posts come in the wrong order (a server, a real aiohttp app
        here, sending them as a busy fan-out might): the second does not follow the
        cursor, so the engine pulls, and gets both; the first then needs no request.
        Without that, each late wake-up would cost every client one more pull, and
        under load pulls would beget pulls."""
        def person(n: int) -> dict[str, object]:
            return {"id": f"01900000-0000-7000-8000-00000000000{n}", "origin": "x",
                    "version": 1, "updated_at": 1, "given_name": f"P{n}", "family_name": "X"}

        def change(n: int) -> dict[str, object]:
            return {"seq": n, "kind": "person", "id": person(n)["id"], "op": "put",
                    "body": person(n)}

        pulls: list[str] = []
        done = asyncio.Event()

        async def feed(request: web.Request) -> web.Response:
            since = request.query.get("since", "")
            pulls.append(since)
            upto = 1 if len(pulls) <= 2 else 3
            first = int(since[1:]) + 1 if since else 1
            return web.json_response({"changes": [change(n) for n in range(first, upto + 1)],
                                      "cursor": f"c{upto}", "more": False})

        async def events(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await ws.send_json({"seq": 1})
            await wait_for(lambda: len(pulls) >= 2, timeout=10, what="the hello's pull")
            await ws.send_json({"seq": 3, "after": "c2", "cursor": "c3",
                                "changes": [change(3)]})
            await wait_for(lambda: len(pulls) >= 3, timeout=10, what="the pull for seq 3")
            await ws.send_json({"seq": 2, "after": "c1", "cursor": "c2",
                                "changes": [change(2)]})
            await ws.send_json({"seq": 3})  # the same news once more, without changes
            await ws.send_json({"seq": 4, "after": "c3", "cursor": "c4",
                                "changes": [change(4)]})
            async for _ in ws:
                pass
            return ws

        async with engine_against(tmp_path, feed, events) as (engine, cache):
            engine.subscribe(lambda e: done.set() if isinstance(e, Applied) and any(
                c.seq == 4 for c in e.changes) else None)
            await asyncio.wait_for(done.wait(), 10)
        assert pulls == ["", "c1", "c1"]  # first sync, the hello, seq 3: nothing after
        names = {r[0] for r in cache.conn.execute("SELECT given_name FROM person")}
        assert names == {"P1", "P2", "P3", "P4"}
        assert cache_state.get_cursor(cache) == "c4"
        cache.close()


@contextlib.asynccontextmanager
async def engine_over(tmp_path: Path, **handlers: Handler,
                      ) -> AsyncIterator[tuple[SyncEngine, Cache]]:
    """An engine over a fresh cache, against a server (a real aiohttp app) that answers
    /api/v1/<name> with the test's own handlers (sync=..., events=...). The cache stays
    open: the test reads it afterwards and closes it."""
    app = web.Application()
    for name, handler in handlers.items():
        app.router.add_get(f"/api/v1/{name}", handler)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    cache = Cache.open(tmp_path / "cache.db", secrets.token_bytes(32))
    client = KontorClient(str(server.make_url("")), token="t")
    try:
        yield SyncEngine(cache, client, wipe=lambda: None), cache
    finally:
        await client.close()
        await server.close()


@contextlib.asynccontextmanager
async def engine_against(tmp_path: Path, feed: Handler, events: Handler,
                         ) -> AsyncIterator[tuple[SyncEngine, Cache]]:
    """engine_over with the feed and the live socket, the engine running."""
    async with engine_over(tmp_path, sync=feed, events=events) as (engine, cache):
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        try:
            yield engine, cache
        finally:
            stop.set()
            await asyncio.wait_for(running, 10)
