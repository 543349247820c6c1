"""Live wake-ups over the WebSocket."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import aiohttp
import pytest
import uuid6
from aiohttp import WSMsgType
from aiohttp.test_utils import TestServer

from server_stub.app import create_app
from server_stub.services.live import CLOSE_SIGNED_OUT
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import World, build_world

BACKENDS = BOTH_BACKENDS


class TestEvents:
    async def test_a_post_wakes_a_member_but_not_an_outsider(
        self, api: Api, make_api, world: World
    ) -> None:
        await api.login("alice")
        bob, carol = make_api(), make_api()
        await bob.login("bob")
        await carol.login("carol")
        async with bob.session.ws_connect(bob.url("/api/v1/events"),
                                          headers=bob.headers()) as bob_ws, \
                carol.session.ws_connect(carol.url("/api/v1/events"),
                                         headers=carol.headers()) as carol_ws:
            hello_bob = await bob_ws.receive_json(timeout=5)
            await carol_ws.receive_json(timeout=5)
            secret = str(uuid6.uuid7())
            status, _ = await api.call("PUT", f"/api/v1/posts/{secret}",
                                       json={"space_id": world.closed_space, "text": "psst"})
            assert status == 200
            woke = await bob_ws.receive_json(timeout=5)
            assert woke["seq"] > hello_bob["seq"]
            page = await bob.feed()
            assert any(c["seq"] == woke["seq"] for c in page["changes"])
            # Then a post Carol may read. Wake-ups on one connection arrive in order, so
            # Carol's next message is the one for this post only if the one for the
            # secret post never came: no fixed wait that a slow machine could outlast.
            public = str(uuid6.uuid7())
            status, _ = await api.call("PUT", f"/api/v1/posts/{public}",
                                       json={"space_id": world.open_space, "text": "Hallo"})
            assert status == 200
            next_for_carol = await carol_ws.receive(timeout=5)
            assert next_for_carol.type == WSMsgType.TEXT, next_for_carol
            assert next_for_carol.json()["seq"] > woke["seq"], "an outsider was woken"
            seen = {c["id"] for c in (await carol.feed())["changes"]}
            assert public in seen and secret not in seen
        for client in (bob, carol):
            await client.session.close()

    async def test_events_need_a_token(self, api: Api) -> None:
        status, body = await api.call("GET", "/api/v1/events")
        assert status == 401 and body["error"] == "unauthorized"

    async def test_shutdown_closes_the_socket(
        self, server, api: Api
    ) -> None:
        await api.login("bob")
        ws = await api.session.ws_connect(api.url("/api/v1/events"), headers=api.headers())
        await ws.receive_json(timeout=5)
        closing = asyncio.create_task(server.close())
        msg = await ws.receive(timeout=5)
        assert msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
        await closing
        await ws.close()



class TestWakeUpsCarryTheChanges:
    """A small write's wake-up carries what a pull right after it would return, so a
    client at the head applies it without asking: the same changes, the same cursor."""

    async def test_a_members_post_comes_with_its_wake_up_as_the_pull_gives_it(
            self, api: Api, make_api, world: World) -> None:
        await api.login("alice")
        bob = make_api()
        bob_ws, _ = await _open(bob, "bob")
        _, cursor = await bob.whole_feed()
        for space in (world.open_space, world.closed_space):
            post = str(uuid6.uuid7())
            status, _ = await api.call("PUT", f"/api/v1/posts/{post}",
                                       json={"space_id": space, "text": "Neu: Kantine zu"})
            assert status == 200
            woke = await bob_ws.receive_json(timeout=5)
            pulled = await bob.feed(since=cursor)
            assert woke["after"] == cursor
            assert woke["changes"] == pulled["changes"] and pulled["more"] is False
            assert [c["id"] for c in pulled["changes"]] == [post]
            assert woke["cursor"] == pulled["cursor"]
            assert woke["seq"] == pulled["changes"][-1]["seq"]
            cursor = pulled["cursor"]

    async def test_a_write_too_large_to_carry_wakes_with_its_number_only(
            self, api: Api, make_api, world: World) -> None:
        await api.login("alice")
        bob = make_api()
        bob_ws, _ = await _open(bob, "bob")
        _, cursor = await bob.whole_feed()
        long_post = str(uuid6.uuid7())
        status, _ = await api.call("PUT", f"/api/v1/posts/{long_post}",
                                   json={"space_id": world.open_space, "text": "ü" * 20_000})
        assert status == 200
        woke = await bob_ws.receive_json(timeout=5)
        assert set(woke) == {"seq"}
        assert [c["id"] for c in (await bob.feed(since=cursor))["changes"]] == [long_post]


async def _cli(*args: str, stdin: bytes | None = None) -> None:
    """kontor-server as the admin runs it, beside the running server."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server_stub.cli", *args, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate(stdin)
    assert process.returncode == 0, (args, out, err)


class _Listening:
    """A live connection read all the time, as the app's engine reads it: pings are
    answered while the test waits for an admin command (seconds on a busy machine),
    so the server's heartbeat never ends the connection before the test looks."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.messages: asyncio.Queue[aiohttp.WSMessage] = asyncio.Queue()
        self.task = asyncio.create_task(self._read(ws))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while True:
            message = await ws.receive()
            await self.messages.put(message)
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
                return

    async def receive(self, timeout: float) -> aiohttp.WSMessage:
        return await asyncio.wait_for(self.messages.get(), timeout)

    async def receive_json(self, timeout: float) -> dict[str, object]:
        message = await self.receive(timeout)
        assert message.type == WSMsgType.TEXT, message
        return dict(message.json())


async def _open(client: Api, name: str) -> tuple[_Listening, str]:
    """A signed-in device's live connection, after its first wake-up; and the device."""
    device_id: str = (await client.login(name))["device_id"]
    ws = await client.session.ws_connect(client.url("/api/v1/events"),
                                         headers=client.headers())
    listening = _Listening(ws)
    await listening.receive_json(timeout=5)
    return listening, device_id


async def _closed_as_http_says(client: Api, ws: _Listening) -> str:
    """Waits for the server to close; the reason is what an HTTP request now gets."""
    message = await ws.receive(timeout=10)
    assert message.type == WSMsgType.CLOSE, message
    assert message.data == CLOSE_SIGNED_OUT
    status, body = await client.call("GET", "/api/v1/sync")
    assert status == 401 and message.extra == body["error"], (message, body)
    return str(message.extra)


class TestSocketsEndWithTheirDevice:
    """A live connection lives only as long as its device may: revoked, disabled, a new
    password or a sign-out close it with 4401 and the code its token now gets."""

    async def test_revoke_disable_new_password_and_sign_out_close_the_socket(
            self, make_api, world: World) -> None:
        data = str(world.config.data_path)
        alice, bob, carol, kept = make_api(), make_api(), make_api(), make_api()
        (alice_ws, _), (bob_ws, bob_device), (carol_ws, _), (kept_ws, kept_device) = [
            await _open(c, n) for c, n in ((alice, "alice"), (bob, "bob"), (carol, "carol"),
                                           (kept, "alice"))]
        await _cli("device", "revoke", data, bob_device)
        assert await _closed_as_http_says(bob, bob_ws) == "device_revoked"
        await _cli("user", "disable", data, "carol")
        assert await _closed_as_http_says(carol, carol_ws) == "device_revoked"
        await _cli("user", "passwd", data, "alice", "--password-stdin", "--keep-device",
                   kept_device, stdin=b"ein neues Passwort\n")
        assert await _closed_as_http_says(alice, alice_ws) == "device_revoked"
        # The kept device goes on and is woken, until it signs out: then it closes at once.
        status, _ = await kept.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                    json={"space_id": world.open_space, "text": "noch da"})
        assert status == 200
        assert "seq" in await kept_ws.receive_json(timeout=5)
        status, _ = await kept.call("POST", "/api/v1/logout")
        assert status == 204
        assert await _closed_as_http_says(kept, kept_ws) == "unauthorized"

    async def test_a_disabled_account_without_revoked_devices_closes_too(
            self, make_api, world: World) -> None:
        """An account disabled in the database by other means (an import's prune) keeps
        its device rows; its sockets still close, with account_disabled."""
        from server_stub.storage import accounts as acc
        from server_stub.storage.engine import make_sync_engine

        carol = make_api()
        carol_ws, _ = await _open(carol, "carol")
        engine = make_sync_engine(world.config.db_url)
        with engine.begin() as conn:
            account = acc.get_account_by_username(conn, "carol")
            assert account is not None
            acc.set_disabled(conn, account.id, True)
        engine.dispose()
        assert await _closed_as_http_says(carol, carol_ws) == "account_disabled"


async def _connect_once_room(client: Api, url: str) -> aiohttp.ClientWebSocketResponse:
    """Connects as soon as the server has let go of a closed socket (it may take a
    moment after the close handshake)."""
    for _ in range(100):
        try:
            return await client.session.ws_connect(url, headers=client.headers())
        except aiohttp.WSServerHandshakeError as exc:
            assert exc.status == 429
            await asyncio.sleep(0.05)
    raise AssertionError("the closed socket still counts")


class TestSocketCaps:
    async def test_a_device_and_an_account_hold_a_bounded_number(
            self, tmp_path: Path) -> None:
        world = build_world(tmp_path / "data", live_connections_per_device=2,
                            live_connections_per_account=3)
        server = TestServer(create_app(world.config), host="127.0.0.1", port=0)
        await server.start_server()
        clients = [Api(server, aiohttp.ClientSession()) for _ in range(3)]
        try:
            for client in clients:
                await client.login("alice")
            first = clients[0]
            url = first.url("/api/v1/events")
            open_ = [await first.session.ws_connect(url, headers=first.headers())
                     for _ in range(2)]
            with pytest.raises(aiohttp.WSServerHandshakeError, match="429"):
                await first.session.ws_connect(url, headers=first.headers())
            status, body = await first.call("GET", "/api/v1/events",
                                            headers={"Upgrade": "websocket"})
            assert (status, body["error"]) == (429, "too_many_connections")
            open_.append(await clients[1].session.ws_connect(url, headers=clients[1].headers()))
            with pytest.raises(aiohttp.WSServerHandshakeError, match="429"):
                await clients[2].session.ws_connect(url, headers=clients[2].headers())
            await open_[0].close()
            again = await _connect_once_room(clients[2], url)
            assert "seq" in await again.receive_json(timeout=5)
            for ws in (*open_, again):
                await ws.close()
        finally:
            for client in clients:
                await client.session.close()
            await server.close()
