"""Live wake-ups over the WebSocket."""

from __future__ import annotations

import asyncio

import uuid6
from aiohttp import WSMsgType

from tests.integration.conftest import Api
from tests.integration.world import World


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
            status, _ = await api.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                                       json={"space_id": world.closed_space, "text": "psst"})
            assert status == 200
            woke = await bob_ws.receive_json(timeout=5)
            assert woke["seq"] > hello_bob["seq"]
            page = await bob.feed()
            assert any(c["seq"] == woke["seq"] for c in page["changes"])
            try:
                msg = await carol_ws.receive(timeout=0.5)
                assert msg.type != WSMsgType.TEXT, "an outsider was woken"
            except TimeoutError:
                pass
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
