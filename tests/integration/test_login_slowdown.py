"""The sign-in slow-down slows the guesser, not the colleague (docs/security.md).

Clients come from different loopback addresses (127.0.0.2, 127.0.0.3 ...), as people
from different desks would: the server sees each address as its own. Over SQLite and
over PostgreSQL: the counts live in the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from tests.integration.conftest import BOTH_BACKENDS, Api
from tests.integration.world import PASSWORD

BACKENDS = BOTH_BACKENDS
From = Callable[[str], Api]


@pytest.fixture
async def from_address(server: TestServer) -> AsyncIterator[From]:
    made: list[Api] = []

    def make(address: str) -> Api:
        connector = aiohttp.TCPConnector(local_addr=(address, 0))
        made.append(Api(server, aiohttp.ClientSession(connector=connector)))
        return made[-1]

    yield make
    for client in made:
        await client.session.close()


async def _sign_in(client: Api, username: str, password: str) -> tuple[int, str]:
    status, body = await client.call("POST", "/api/v1/login", json={
        "username": username, "password": password, "device_name": "pytest"})
    return status, body.get("error", "") if status != 200 else ""


async def _guess_until_slowed(client: Api, username: str) -> int:
    """Wrong passwords until the server answers 429; how many it took."""
    for attempt in range(1, 40):
        status, code = await _sign_in(client, username, f"guess {attempt}")
        if status == 429:
            assert code == "too_many_attempts"
            return attempt
        assert (status, code) == (401, "invalid_credentials")
    raise AssertionError("no slow-down")


class TestNoLockOut:
    async def test_a_guesser_elsewhere_does_not_slow_the_owner(self, from_address: From) -> None:
        guesser, owner = from_address("127.0.0.2"), from_address("127.0.0.1")
        assert await _guess_until_slowed(guesser, "bob") == 6  # 5 free, then the wait
        assert await _sign_in(guesser, "bob", PASSWORD) == (429, "too_many_attempts")
        assert await _sign_in(owner, "bob", PASSWORD) == (200, "")

    async def test_a_guesser_at_the_same_address_does_not_slow_a_colleague(
            self, from_address: From) -> None:
        guesser, colleague = from_address("127.0.0.2"), from_address("127.0.0.2")
        await _guess_until_slowed(guesser, "bob")
        assert await _sign_in(colleague, "alice", PASSWORD) == (200, "")

    async def test_an_address_spraying_names_slows_down_except_for_known_users(
            self, from_address: From) -> None:
        office = "127.0.0.3"
        regular, sprayer, newcomer = (from_address(office) for _ in range(3))
        assert await _sign_in(regular, "alice", PASSWORD) == (200, "")
        for number in range(20):  # login_address_free_attempts
            assert await _sign_in(sprayer, f"user{number}", "guess") == (
                401, "invalid_credentials")
        assert await _sign_in(sprayer, "user20", "guess") == (429, "too_many_attempts")
        assert await _sign_in(newcomer, "carol", PASSWORD) == (429, "too_many_attempts")
        assert await _sign_in(regular, "alice", PASSWORD) == (200, "")
        assert await _sign_in(from_address("127.0.0.4"), "carol", PASSWORD) == (200, "")

    async def test_a_success_forgives_the_failures_before_it(self, from_address: From) -> None:
        bob = from_address("127.0.0.5")
        for _ in range(2):
            for attempt in range(4):
                assert await _sign_in(bob, "bob", f"typo {attempt}") == (
                    401, "invalid_credentials")
            assert await _sign_in(bob, "bob", PASSWORD) == (200, "")
