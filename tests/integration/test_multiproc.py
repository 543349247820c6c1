"""Several `kontor-server serve` processes over one PostgreSQL database, as real
processes on their own ports (docs/admin.md, "Several serve processes")."""

from __future__ import annotations

import asyncio
import functools
import time
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import uuid6

from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.services import leader
from server_stub.storage import leases
from server_stub.storage.engine import make_sync_engine
from sync.engine import Applied, Synced
from sync.session import ProfileSession
from tests.fakes import FakeKeyring
from tests.integration.federation_support import wait_for
from tests.integration.multiproc_support import cluster, open_space, post, sign_in
from tests.integration.sync_support import cache_records, visible_at
from tests.postgres_support import Postgres

ROUNDS = 6


class TestWakeUpsAcrossProcesses:
    async def test_a_post_through_one_process_wakes_a_socket_on_another_at_once(
            self, tmp_path: Path, postgres: Postgres) -> None:
        # The feed watcher looks every 2 s; a wake-up that came from it would take up
        # to 2 s, and six of them in a row all under a second would be luck.
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
                a, b = group.url(0), group.url(1)
                space = open_space(group.site)
                reader = await sign_in(http, a)
                writer = await sign_in(http, b)
                async with http.post(f"{b}/api/v1/spaces/{space}/join",
                                     headers=writer) as r:
                    assert r.status == 200
                latencies = []
                async with http.ws_connect(f"{a}/api/v1/events", headers=reader) as ws:
                    seen = (await ws.receive_json(timeout=5))["seq"]
                    for round_ in range(ROUNDS):
                        post_id = str(uuid6.uuid7())
                        started = time.monotonic()
                        await post(http, b, writer, post_id, space, f"Runde {round_}")
                        # (a wake-up for the join may come after the greeting: skipped)
                        while (woke := await ws.receive_json(timeout=5))["seq"] <= seen:
                            pass
                        latencies.append(time.monotonic() - started)
                        seen = woke["seq"]
                        await asyncio.sleep(0.3)  # another moment of the watcher's cycle
                assert max(latencies) < 1.0, latencies

    async def test_a_wake_up_from_another_process_carries_a_post_everyone_may_see(
            self, tmp_path: Path, postgres: Postgres) -> None:
        """Process A reads another process's write once and sends it with the wake-up
        to its sockets, as a pull from the reader's cursor would give it; a post only
        members may see wakes with its number alone (A does not know for whom)."""
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
                a, b = group.url(0), group.url(1)
                space = open_space(group.site)
                person = next(m.person_id for m in group.site.company.memberships
                              if m.space_id == space)
                closed = next(m.space_id for m in group.site.company.memberships
                              if m.person_id == person and m.space_id in {
                                  s.id for s in group.site.company.spaces
                                  if s.visibility == "members"})
                username = group.site.company.usernames[person]
                reader = await sign_in(http, a)
                writer = await sign_in(http, b, username)
                await wait_for(lambda: listeners(url) == 2, what="both processes to listen")
                cursor = await pulled_to_the_end(http, a, reader)
                async with http.ws_connect(f"{a}/api/v1/events", headers=reader) as ws:
                    await ws.receive_json(timeout=5)
                    for text in ("Betriebsversammlung am Freitag", "Raum 4.12"):
                        post_id = str(uuid6.uuid7())
                        await post(http, b, writer, post_id, space, text)
                        woke = await ws.receive_json(timeout=5)
                        assert woke["after"] == cursor
                        assert [c["id"] for c in woke["changes"]] == [post_id]
                        assert woke["changes"][0]["body"]["text"] == text
                        cursor = await pulled_to_the_end(http, a, reader)
                        assert woke["cursor"] == cursor
                    await post(http, b, writer, str(uuid6.uuid7()), closed, "Intern")
                    woke = await ws.receive_json(timeout=5)
                    assert set(woke) == {"seq"}

    async def test_wake_ups_across_processes_come_back_after_the_listening_is_cut(
            self, tmp_path: Path, postgres: Postgres) -> None:
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
                a, b = group.url(0), group.url(1)
                space = open_space(group.site)
                reader, writer = await sign_in(http, a), await sign_in(http, b)
                async with http.post(f"{b}/api/v1/spaces/{space}/join",
                                     headers=writer) as r:
                    assert r.status == 200
                await wait_for(lambda: listeners(url) == 2, what="both processes to listen")
                async with http.ws_connect(f"{a}/api/v1/events", headers=reader) as ws:
                    seen = (await ws.receive_json(timeout=5))["seq"]
                    assert cut_listeners(url) == 2
                    # written while nobody listens: caught up on reconnecting (or by
                    # the feed watcher), never lost
                    await post(http, b, writer, str(uuid6.uuid7()), space, "in der Lücke")
                    while (woke := await ws.receive_json(timeout=5))["seq"] <= seen:
                        pass
                    seen = woke["seq"]
                    await wait_for(lambda: listeners(url) == 2, timeout=10,
                                   what="both processes to listen again")
                    for round_ in range(ROUNDS):
                        started = time.monotonic()
                        await post(http, b, writer, str(uuid6.uuid7()), space,
                                   f"wieder da {round_}")
                        while (woke := await ws.receive_json(timeout=5))["seq"] <= seen:
                            pass
                        assert time.monotonic() - started < 1.0
                        seen = woke["seq"]
                        await asyncio.sleep(0.3)
                assert "listening for feed changes failed" in group.log(0)

    async def test_a_sync_client_on_one_process_has_a_post_written_through_another_at_once(
            self, tmp_path: Path, postgres: Postgres, fake_keyring: FakeKeyring) -> None:
        # The sync engine pulls only when woken (no polling): the post reaches its
        # encrypted cache through the wake-up that crossed processes.
        with postgres.database() as url:
            async with cluster(tmp_path, url, 2) as group, aiohttp.ClientSession() as http:
                a, b = group.url(0), group.url(1)
                space = open_space(group.site)
                writer = await sign_in(http, b)
                async with http.post(f"{b}/api/v1/spaces/{space}/join",
                                     headers=writer) as r:
                    assert r.status == 200
                profile = ProfileSession.open(tmp_path / "profile")
                arrived: dict[str, float] = {}
                synced = asyncio.Event()

                def on_event(event: object) -> None:
                    if isinstance(event, Applied):
                        for change in event.changes:
                            arrived.setdefault(change.id, time.monotonic())
                    elif isinstance(event, Synced):
                        synced.set()

                stop = asyncio.Event()
                try:
                    await profile.login(a, DEMO_USER, DEMO_PASSWORD, "pytest")
                    client = profile.client()
                    engine = profile.engine(client)
                    engine.subscribe(on_event)
                    running = asyncio.create_task(engine.run(stop))
                    await asyncio.wait_for(synced.wait(), 60)
                    await wait_for(lambda: engine.status == "online", what="the socket")
                    latencies = []
                    for round_ in range(4):
                        post_id = str(uuid6.uuid7())
                        started = time.monotonic()
                        await post(http, b, writer, post_id, space, f"An alle {round_}")
                        await wait_for(functools.partial(arrived.__contains__, post_id),
                                       timeout=10, what="the post in the client's cache")
                        latencies.append(arrived[post_id] - started)
                        await asyncio.sleep(0.3)
                    stop.set()
                    await asyncio.wait_for(running, 30)
                    await client.close()
                    held = cache_records(profile.cache)
                finally:
                    profile.close()
                assert max(latencies) < 1.0, latencies
                assert held == await visible_at(a)  # the whole cache, as A shows it


async def pulled_to_the_end(http: aiohttp.ClientSession, url: str,
                            headers: dict[str, str]) -> str:
    cursor = ""
    while True:
        async with http.get(f"{url}/api/v1/sync?since={cursor}&limit=1000",
                            headers=headers) as r:
            assert r.status == 200
            page = await r.json()
        cursor = page["cursor"]
        if not page["more"]:
            return str(cursor)


def listeners(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(LISTENERS.format(what="count(*)")).fetchone()
    return int(row[0]) if row else 0


def cut_listeners(url: str) -> int:
    """End the listening connections from the server side, as a restart of PostgreSQL
    or a firewall would."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(LISTENERS.format(what="pg_terminate_backend(pid)")).fetchall()
    return len(rows)


LISTENERS = ("SELECT {what} FROM pg_stat_activity WHERE datname = current_database() "
             "AND query = 'LISTEN kontor_feed'")



WRITERS_PER_PROCESS = 2
POSTS_PER_WRITER = 25
PAGE = 7  # small pages: the reader pages many times while the writers write


async def write_posts(http: aiohttp.ClientSession, url: str, space: str, label: str,
                      written: list[str]) -> None:
    headers = await sign_in(http, url)
    for number in range(POSTS_PER_WRITER):
        post_id = str(uuid6.uuid7())
        await post(http, url, headers, post_id, space, f"{label} {number}")
        written.append(post_id)


async def page_along(http: aiohttp.ClientSession, url: str, headers: dict[str, str],
                     cursor: str, done: asyncio.Event) -> list[dict[str, Any]]:
    """Every change after cursor as a client sees it, page by page, until the writers
    are done and a last page came back empty."""
    seen: list[dict[str, Any]] = []
    while True:
        finished = done.is_set()
        async with http.get(f"{url}/api/v1/sync", params={"since": cursor, "limit": PAGE},
                            headers=headers) as r:
            assert r.status == 200, await r.text()
            page = await r.json()
        seen.extend(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            if finished:
                return seen
            await asyncio.sleep(0.01)


class TestFeedAcrossProcesses:
    async def test_a_reader_on_a_third_process_sees_every_write_once_in_order(
            self, tmp_path: Path, postgres: Postgres) -> None:
        with postgres.database() as url:
            async with cluster(tmp_path, url, 3) as group, aiohttp.ClientSession() as http:
                space = open_space(group.site)
                reader_url = group.url(2)
                reader = await sign_in(http, reader_url)
                async with http.post(f"{reader_url}/api/v1/spaces/{space}/join",
                                     headers=reader) as r:
                    assert r.status == 200
                async with http.get(f"{reader_url}/api/v1/sync", params={"since": ""},
                                    headers=reader) as r:
                    first = await r.json()
                while first["more"]:  # to the head before the writers start
                    async with http.get(f"{reader_url}/api/v1/sync",
                                        params={"since": first["cursor"]},
                                        headers=reader) as r:
                        first = await r.json()
                done = asyncio.Event()
                reading = asyncio.create_task(
                    page_along(http, reader_url, reader, first["cursor"], done))
                written: list[list[str]] = [[] for _ in range(2 * WRITERS_PER_PROCESS)]
                await asyncio.gather(*(
                    write_posts(http, group.url(index % 2), space, f"Schreiber {index}",
                                written[index]) for index in range(len(written))))
                done.set()
                seen = await reading
        seqs = [change["seq"] for change in seen]
        assert seqs == sorted(set(seqs)), "a change came twice or out of order"
        posts = [change["id"] for change in seen if change["kind"] == "post"]
        everything = {post_id for writer in written for post_id in writer}
        assert len(everything) == 2 * WRITERS_PER_PROCESS * POSTS_PER_WRITER
        assert sorted(posts) == sorted(everything)  # each once, none skipped
        for writer in written:  # a writer's posts in the order it wrote them
            assert [p for p in posts if p in set(writer)] == writer


LEASE, RENEW = 4.0, 0.5
JOBS = (leader.FEDERATION, leader.HANDOVERS, leader.HUBS, leader.RETENTION)
HUBS_PUBLISHED = "information hubs published"


def lease_holders(url: str) -> dict[str, int]:
    """job -> pid of the serve process holding its lease (unexpired)."""
    engine = make_sync_engine(url)
    try:
        with engine.connect() as conn:
            return {job: int(holder.rsplit(":", 2)[1])
                    for job, holder in leases.holders(conn).items()}
    finally:
        engine.dispose()


class TestLeaderJobs:
    async def test_each_job_runs_in_one_process_and_moves_when_it_is_killed(
            self, tmp_path: Path, postgres: Postgres) -> None:
        settings: dict[str, object] = {"leader_lease_seconds": LEASE,
                                       "leader_renew_seconds": RENEW,
                    "hubs_interval_seconds": 2, "handover_check_interval_seconds": 0.2}
        with postgres.database() as url:
            async with cluster(tmp_path, url, 3, settings) as group:
                pids = {process.pid: index for index, process in
                        enumerate(group.running.values())}
                await wait_for(lambda: set(lease_holders(url)) >= set(JOBS),
                               what="every job's lease to be taken")
                await wait_for(lambda: any(
                    group.log(i).count(HUBS_PUBLISHED) >= 2 for i in range(3)),
                    what="the hubs to be published twice", timeout=60)
                holders = lease_holders(url)
                for job in JOBS:
                    runners = [i for i in range(3) if f"runs the {job} job" in group.log(i)]
                    assert runners == [pids[holders[job]]], (job, runners)
                publishers = [i for i in range(3) if HUBS_PUBLISHED in group.log(i)]
                assert publishers == [pids[holders[leader.HUBS]]]

                victim = pids[holders[leader.HUBS]]
                killed_at = time.monotonic()
                group.kill(victim)
                await wait_for(lambda: lease_holders(url).get(leader.HUBS, -1) not in (
                    -1, group_pid(pids, victim)), timeout=3 * LEASE,
                    what="another process to take the hubs lease")
                took = time.monotonic() - killed_at
                # Not before the dead holder's lease ran out (it renewed at most RENEW
                # before the kill), and within the lease and one renewal after it.
                assert LEASE - RENEW - 0.3 <= took <= LEASE + RENEW + 1.0, took
                successor = pids[lease_holders(url)[leader.HUBS]]
                published = group.log(successor).count(HUBS_PUBLISHED)
                await wait_for(lambda: group.log(successor).count(HUBS_PUBLISHED) > published,
                               what="the successor to publish the hubs", timeout=60)
                survivors = [i for i in range(3) if i != victim]
                for job in JOBS:
                    runners = [i for i in survivors if f"runs the {job} job" in group.log(i)]
                    assert len(runners) == 1, (job, runners)
                assert [i for i in survivors if HUBS_PUBLISHED in group.log(i)] == [successor]

                # A clean stop lets the leases go: the last process takes them at its
                # next try, sooner than any lease could have run out.
                last = next(i for i in survivors if i != successor)
                stopped_at = time.monotonic()
                assert group.stop(successor) == 0
                await wait_for(lambda: lease_holders(url).get(leader.HUBS) == group_pid(
                    pids, last), timeout=3 * LEASE, what="the last process to take over")
                assert time.monotonic() - stopped_at < LEASE - RENEW


def group_pid(pids: dict[int, int], index: int) -> int:
    return next(pid for pid, at in pids.items() if at == index)
