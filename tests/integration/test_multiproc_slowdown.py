"""The sign-in slow-down counts once for every serve process on one PostgreSQL database,
and a restart does not forgive (docs/security.md, docs/admin.md "Several serve
processes"). Real processes; clients come from different loopback addresses, as people
from different desks would."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from tests.integration.multiproc_support import Cluster, cluster
from tests.postgres_support import Postgres

GUESSER, OWNER, OFFICE, ELSEWHERE = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"
# Long enough that the first wait outlasts a restart of the processes.
SETTINGS: dict[str, object] = {"login_base_delay_seconds": 60}

Client = Callable[[str], aiohttp.ClientSession]


@contextlib.asynccontextmanager
async def desks() -> AsyncIterator[Client]:
    """A client session per loopback address."""
    sessions: dict[str, aiohttp.ClientSession] = {}

    def at(address: str) -> aiohttp.ClientSession:
        if address not in sessions:
            sessions[address] = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(local_addr=(address, 0)))
        return sessions[address]

    try:
        yield at
    finally:
        for session in sessions.values():
            await session.close()


async def sign_in(http: aiohttp.ClientSession, url: str, username: str,
                  password: str) -> tuple[int, str, str | None]:
    """Status, error code and Retry-After of one sign-in."""
    async with http.post(f"{url}/api/v1/login", json={
            "username": username, "password": password, "device_name": "pytest"}) as r:
        body = await r.json()
        return r.status, body.get("error", "") if r.status != 200 else "", r.headers.get(
            "Retry-After")


def someone_else(group: Cluster, *not_these: str) -> str:
    return next(name for name in sorted(group.site.company.usernames.values())
                if name not in {DEMO_USER, *not_these})


class TestSlowDownAcrossProcesses:
    async def test_failures_through_one_process_count_in_the_other_and_after_a_restart(
            self, tmp_path: Path, postgres: Postgres) -> None:
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2, SETTINGS) as group, desks() as at:
                a, b = group.url(0), group.url(1)
                victim = someone_else(group)
                for attempt in range(5):  # the free attempts, spread over both processes
                    status, code, _ = await sign_in(at(GUESSER), (a, b)[attempt % 2], victim,
                                                    f"guess {attempt}")
                    assert (status, code) == (401, "invalid_credentials"), attempt
                # Each process alone has seen fewer than five: the next wrong try, and
                # even the right password, wait on both.
                for url_, password in ((b, "guess 5"), (a, DEMO_PASSWORD)):
                    status, code, retry = await sign_in(at(GUESSER), url_, victim, password)
                    assert (status, code) == (429, "too_many_attempts")
                    assert retry is not None and 1 <= int(retry) <= 60
                # No lock-out weapon: the owner at their desk, and someone else at another.
                for url_ in (a, b):
                    assert (await sign_in(at(OWNER), url_, victim, DEMO_PASSWORD))[0] == 200
                    assert (await sign_in(at(ELSEWHERE), url_, DEMO_USER, DEMO_PASSWORD)
                            )[0] == 200

                assert group.stop(0) == 0 and group.stop(1) == 0
                await group.start(0)
                status, code, retry = await sign_in(at(GUESSER), a, victim, DEMO_PASSWORD)
                assert (status, code) == (429, "too_many_attempts")  # a restart forgives not
                assert retry is not None and 1 <= int(retry) <= 60

    async def test_a_desk_trusted_through_one_process_is_trusted_by_the_other(
            self, tmp_path: Path, postgres: Postgres) -> None:
        """An address spraying names through both processes slows down newcomers there,
        but not a colleague who signed in there before, through whichever process."""
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2, SETTINGS) as group, desks() as at:
                a, b = group.url(0), group.url(1)
                regular = someone_else(group)
                newcomer = someone_else(group, regular)
                assert (await sign_in(at(OFFICE), a, regular, DEMO_PASSWORD))[0] == 200
                for number in range(20):  # login_address_free_attempts, over both
                    status, code, _ = await sign_in(at(OFFICE), (a, b)[number % 2],
                                                    f"nobody{number}", "guess")
                    assert (status, code) == (401, "invalid_credentials"), number
                for url_ in (a, b):
                    status, code, _ = await sign_in(at(OFFICE), url_, newcomer,
                                                    DEMO_PASSWORD)
                    assert (status, code) == (429, "too_many_attempts")
                    assert (await sign_in(at(OFFICE), url_, regular, DEMO_PASSWORD)
                            )[0] == 200
                assert (await sign_in(at(ELSEWHERE), b, newcomer, DEMO_PASSWORD))[0] == 200
