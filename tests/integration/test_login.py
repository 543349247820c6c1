"""Signing in and out: tokens, equal answers for unknown users, the slow-down."""

from __future__ import annotations

import asyncio

import msgspec
from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from server_stub.app import create_app
from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import PASSWORD, World

BACKENDS = BOTH_BACKENDS


class TestLogin:
    async def test_success_gives_a_token_that_opens_the_api(self, api: Api) -> None:
        body = await api.login("alice")
        assert len(body["token"]) >= 43  # 256 bits, base64url
        assert body["username"] == "alice" and body["person_id"]
        status, _ = await api.call("GET", "/api/v1/me")
        assert status == 200

    async def test_wrong_password_and_unknown_user_get_the_same_answer(self, api: Api) -> None:
        wrong = await api.call("POST", "/api/v1/login", json={
            "username": "alice", "password": "nope", "device_name": "x"})
        unknown = await api.call("POST", "/api/v1/login", json={
            "username": "nobody", "password": "nope", "device_name": "x"})
        assert wrong[0] == unknown[0] == 401
        assert wrong[1] == unknown[1]
        assert wrong[1]["error"] == "invalid_credentials"

    async def test_repeated_failures_slow_down_even_the_right_password(self, api: Api) -> None:
        for _ in range(5):
            status, _ = await api.call("POST", "/api/v1/login", json={
                "username": "bob", "password": "wrong", "device_name": "x"})
            assert status == 401
        async with api.session.post(api.url("/api/v1/login"), json={
                "username": "bob", "password": PASSWORD, "device_name": "x"}) as refused:
            assert refused.status == 429
            assert (await refused.json())["error"] == "too_many_attempts"
            # The test server's first back-off step is 0.5 s: said in whole seconds,
            # rounded up, so never 0 and never earlier than the wait ends.
            assert refused.headers["Retry-After"] == "1"
        await asyncio.sleep(0.6)
        status, _ = await api.call("POST", "/api/v1/login", json={
            "username": "bob", "password": PASSWORD, "device_name": "x"})
        assert status == 200

    async def test_a_client_that_waits_as_told_is_not_refused_again(
            self, world: World, session: ClientSession) -> None:
        """Retry-After is the wait in whole seconds, rounded up: a 1.4 s wait said as 1
        (rounded) sent the owner back 0.4 s too early, into another 429."""
        config = msgspec.structs.replace(world.config, login_base_delay_seconds=1.4)
        server = TestServer(create_app(config), host="127.0.0.1", port=0)
        await server.start_server()
        try:
            api = Api(server, session)
            right = {"username": "bob", "password": PASSWORD, "device_name": "x"}
            for _ in range(5):
                status, _ = await api.call("POST", "/api/v1/login",
                                           json={**right, "password": "wrong"})
                assert status == 401
            async with session.post(api.url("/api/v1/login"), json=right) as refused:
                assert refused.status == 429
                told = int(refused.headers["Retry-After"])
            await asyncio.sleep(told)
            status, _ = await api.call("POST", "/api/v1/login", json=right)
            assert status == 200
        finally:
            await server.close()

    async def test_calls_without_or_with_a_bad_token_are_refused(self, api: Api) -> None:
        status, body = await api.call("GET", "/api/v1/sync")
        assert status == 401 and body["error"] == "unauthorized"
        api.token = "x" * 43
        status, body = await api.call("GET", "/api/v1/sync")
        assert status == 401 and body["error"] == "unauthorized"

    async def test_logout_ends_the_token(self, api: Api) -> None:
        await api.login("carol")
        status, _ = await api.call("POST", "/api/v1/logout")
        assert status == 204
        status, body = await api.call("GET", "/api/v1/me")
        assert status == 401
