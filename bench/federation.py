"""Federation benchmark: replication lag between two live sites; catch-up of a new site.

    .venv/bin/python bench/federation.py                  # catch-up of 100,000 people
    .venv/bin/python bench/federation.py --quick          # about a minute
    .venv/bin/python bench/federation.py --data-dir /tmp/dk/server   # reuse a 100k demo

What it measures (docs/federation.md), every server a `kontor-server serve` subprocess on
its own loopback port, peered through the CLI (`key show`, `peer add`) as an admin would,
with federation_pull_interval_seconds = PULL_INTERVAL (environment):
1. Replication lag. Sites A and B, small demo companies (--lag-people, different seeds
   and server names), peered both ways. A real client of B (ProfileSession + SyncEngine
   running, following B's /api/v1/events wake-ups, key from the passphrase path) keeps
   its encrypted cache current. A's demo user joins a company-wide space and posts at a
   steady rate (--rate posts/s for --seconds); per post: the time from A's 200 answer
   until the post is in the cache of B's client (taken in the engine's Synced event,
   right after the page was applied). Also the part of it until B's server held it.
   Baseline in the same run and process: a client of A set up the same way, following
   A's wake-ups, receiving the same posts, timed the same way (A's 200 until its
   Synced event with the post applied): the home-site send-to-seen. Printed per post
   and as p50/p95/min..max for both, the ratio cross-site / home-site, and per post
   the difference, against the wait for B's next pull (interval/2 on average).
2. Catch-up. Site A with the --people demo (or a copy of --data-dir), a fresh empty site
   B: the time from `peer add` at B (A lists B already) until B's puller has pulled A's
   whole export (B's peer row: a success with 0 changes behind), records/s.
   Baselines in the same run, after the catch-up: paging the same export from A with
   B's signature (GET /federation/v1/changes, the puller's page size) without applying
   it, and paging A's client feed as the demo user (limit 1000, as bench/server_feed.py).
   The ratio catch-up / export paging is what pulling adds over fetching the pages.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import uuid6
from common import (
    DEMO_PASSWORD,
    DEMO_USER,
    REPO,
    FeedPage,
    ServerProcess,
    add_common_args,
    client_session,
    load_average,
    log,
    login,
    machine,
    page_feed,
    percentile,
    prepare_demo,
    print_table,
    python_cmd,
    workdir,
    write_json,
)

PULL_INTERVAL = 0.5
PASSPHRASE = "kontor benchmark passphrase"
CHANGES = "/federation/v1/changes"
NAME_A, NAME_B = "muenchen.bench", "hamburg.bench"
SETTINGS = {"KONTOR_SERVER_FEDERATION_PULL_INTERVAL_SECONDS": str(PULL_INTERVAL),
            "KONTOR_SERVER_FEDERATION_MAX_BACKOFF_SECONDS": "2"}


# --- sites -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str) -> str:
    done = subprocess.run(python_cmd("-m", "server_stub.cli", *args), cwd=REPO,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kontor-server {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


@dataclass
class Site:
    name: str
    data_dir: Path
    port: int
    server: ServerProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db(self) -> Path:
        return self.data_dir / "kontor.db"

    def key(self) -> str:
        return cli("key", "show", str(self.data_dir))

    def add_peer(self, other: Site) -> None:
        cli("peer", "add", str(self.data_dir), other.name, other.url, "--key", other.key())

    def serve(self, log_dir: Path) -> ServerProcess:
        self.server = ServerProcess(
            python_cmd("-m", "server_stub.cli", "serve", str(self.data_dir),
                       "--host", "127.0.0.1", "--port", str(self.port)),
            log_dir / f"{self.name}.log").start()
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        """A read-only look into the server's database (WAL: never blocks the server)."""
        conn = sqlite3.connect(f"{self.db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(query, params).fetchall()
        finally:
            conn.close()

    def peer_state(self, peer: str) -> tuple[int | None, int | None, int, str | None]:
        """(last_success_at, behind, pulled, last_error) of one peer row."""
        rows = self.sql("SELECT last_success_at, behind, pulled, last_error FROM peer "
                        "WHERE name = ?", peer)
        return rows[0] if rows else (None, None, 0, None)

    def caught_up_with(self, peer: str) -> bool:
        success, behind, _, _ = self.peer_state(peer)
        return success is not None and behind == 0


def server_name(data_dir: Path) -> str:
    from server_stub.config import load_config

    return load_config(data_dir, env={}).server_name


def init_sites(specs: list[tuple[Path, str, int | None, int]]) -> None:
    """`kontor-server init` of several sites at once: (dir, name, demo people or None, seed)."""
    procs = []
    for data_dir, name, people, seed in specs:
        argv = ["init", str(data_dir), "--server-name", name, "--seed", str(seed)]
        if people is not None:
            argv += ["--demo", "--people", str(people)]
        procs.append(subprocess.Popen(python_cmd("-m", "server_stub.cli", *argv), cwd=REPO,
                                      stdout=subprocess.DEVNULL))
    for proc in procs:
        if proc.wait() != 0:
            raise RuntimeError(f"kontor-server init failed: {proc.args}")


async def wait_until(check: Any, timeout: float, what: str, step: float = 0.05) -> float:
    """Poll check() until true; returns time.monotonic() of the first true answer."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return time.monotonic()
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(step)


# --- the client side ---------------------------------------------------------------------


class _Change(msgspec.Struct):
    kind: str
    op: str
    body: msgspec.Raw


class _Page(msgspec.Struct):
    changes: list[_Change]


class _Space(msgspec.Struct):
    id: str
    name: str
    space_kind: str
    visibility: str
    origin: str = ""


def company_space(pages: list[bytes], origin: str) -> tuple[str, str]:
    """(id, name) of a company-wide, non-announcement space that is at home at origin."""
    decoder = msgspec.json.Decoder(_Page)
    for data in pages:
        for change in decoder.decode(data).changes:
            if change.op == "put" and change.kind == "space":
                space = msgspec.json.decode(change.body, type=_Space)
                if (space.visibility == "company" and space.space_kind != "announcements"
                        and space.origin == origin):
                    return space.id, space.name
    raise RuntimeError("no company-wide space found")


async def post_steadily(http: Any, base: str, token: str, space_id: str, rate: float,
                        seconds: float,
                        on_send: Callable[[str], None]) -> list[tuple[str, float, float]]:
    """Posts at a fixed schedule, each id given to on_send just before it is sent;
    returns (post id, monotonic time of the 200, request seconds) per post."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    sent: list[tuple[str, float, float]] = []
    n = max(1, int(rate * seconds))
    start = time.monotonic()
    for i in range(n):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        post_id = str(uuid6.uuid7())
        on_send(post_id)
        body = msgspec.json.encode({
            "space_id": space_id,
            "text": f"Föderations-Benchmark Nr. {i}: Grüße aus München an alle Standorte.",
        })
        t0 = time.monotonic()
        async with http.put(f"{base}/api/v1/posts/{post_id}", data=body,
                            headers=headers) as response:
            answer = await response.read()
            if response.status != 200:
                raise RuntimeError(f"post failed: HTTP {response.status} {answer[:200]!r}")
        t1 = time.monotonic()
        sent.append((post_id, t1, t1 - t0))
    return sent


def _ms_stats(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": percentile(values, 50) * 1000,
            "p95_ms": percentile(values, 95) * 1000, "max_ms": max(values) * 1000,
            "min_ms": min(values) * 1000}


class CacheWatch:
    """A real client of one site (ProfileSession + SyncEngine following the site's
    /api/v1/events wake-ups, key from the passphrase path) and when each awaited post
    was first in its encrypted cache: checked in every Synced event, right after the
    engine applied a page."""

    def __init__(self, profile: Any) -> None:
        from sync.engine import Synced

        self.profile = profile
        self.client = profile.client()
        self.engine = profile.engine(self.client)
        self.pending: set[str] = set()
        self.seen: dict[str, float] = {}
        self.synced = asyncio.Event()
        self._synced_type = Synced
        self.engine.subscribe(self.on_event)

    @classmethod
    async def sign_in(cls, directory: Path, url: str) -> CacheWatch:
        from sync.session import ProfileSession

        profile = ProfileSession.open(directory)
        await profile.login(url, DEMO_USER, DEMO_PASSWORD, "bench")
        return cls(profile)

    def on_event(self, event: object) -> None:
        if not isinstance(event, self._synced_type):
            return
        self.synced.set()
        self.check()

    def check(self) -> None:
        if not self.pending:
            return
        now = time.monotonic()
        ids = list(self.pending)
        marks = ",".join("?" * len(ids))
        for (post_id,) in self.profile.cache.conn.execute(
                f"SELECT id FROM post WHERE id IN ({marks})", ids):
            self.seen[post_id] = now
            self.pending.discard(post_id)

    async def close(self) -> None:
        await self.client.close()
        self.profile.close()


async def measure_lag(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    a = Site(NAME_A, root / "a", free_port())
    b = Site(NAME_B, root / "b", free_port())
    log(f"lag: init two demo sites of {args.lag_people} people")
    init_sites([(a.data_dir, a.name, args.lag_people, 1),
                (b.data_dir, b.name, args.lag_people, 2)])
    a.add_peer(b)
    b.add_peer(a)
    watches: list[CacheWatch] = []
    try:
        a.serve(root)
        b.serve(root)
        log("lag: waiting for both sites to pull each other's backlog")
        await wait_until(lambda: a.caught_up_with(b.name) and b.caught_up_with(a.name),
                         120, "the initial exchange", step=0.2)
        async with client_session() as http:
            me = await login(http, a.url)
            feed = await page_feed(http, a.url, me.token, 1000, keep=True)
            space_id, space_name = company_space(feed.pages, a.name)
            async with http.post(f"{a.url}/api/v1/spaces/{space_id}/join",
                                 headers={"Authorization": f"Bearer {me.token}"}) as r:
                if r.status != 200:
                    raise RuntimeError(f"join failed: HTTP {r.status} {await r.text()}")

            log("lag: a client of B and, as the baseline, a client of A sign in and sync")
            remote = await CacheWatch.sign_in(root / "profile-b", b.url)
            watches.append(remote)
            home = await CacheWatch.sign_in(root / "profile-a", a.url)
            watches.append(home)
            stop = asyncio.Event()
            runners = [asyncio.create_task(w.engine.run(stop)) for w in watches]
            try:
                for watch in watches:
                    await asyncio.wait_for(watch.synced.wait(), 120)
                # B's server side: when its database first held each post (polled).
                at_b: dict[str, float] = {}

                async def watch_b() -> None:
                    while not stop.is_set():
                        ids = [i for i in list(remote.pending) + list(remote.seen)
                               if i not in at_b]
                        if ids:
                            marks = ",".join("?" * len(ids))
                            now = time.monotonic()
                            for (post_id,) in b.sql(
                                    f"SELECT id FROM post WHERE id IN ({marks})", *ids):
                                at_b[post_id] = now
                        await asyncio.sleep(0.02)

                watcher = asyncio.create_task(watch_b())
                log(f"lag: posting {args.rate:g}/s for {args.seconds:g} s into "
                    f"{space_name!r} at A")

                def expect(post_id: str) -> None:
                    remote.pending.add(post_id)
                    home.pending.add(post_id)

                cpu_b0 = b.server.cpu_seconds() if b.server else None
                sent = await post_steadily(http, a.url, me.token, space_id, args.rate,
                                           args.seconds, expect)
                for watch in watches:
                    watch.check()
                await wait_until(lambda: not remote.pending and not home.pending, 60,
                                 "both clients to hold every post")
                cpu_b1 = b.server.cpu_seconds() if b.server else None
                stop.set()
                watcher.cancel()
            finally:
                stop.set()
                for runner in runners:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(runner, 10)
    finally:
        for watch in watches:
            with contextlib.suppress(Exception):
                await watch.close()
        a.stop()
        b.stop()
    lags = [remote.seen[pid] - t_ok for pid, t_ok, _ in sent]
    homes = [home.seen[pid] - t_ok for pid, t_ok, _ in sent]
    server_lags = [at_b[pid] - t_ok for pid, t_ok, _ in sent if pid in at_b]
    extra = [lag - h for lag, h in zip(lags, homes, strict=True)]
    return {"people_per_site": args.lag_people, "rate": args.rate, "seconds": args.seconds,
            "posts": len(sent), "space": space_name, "pull_interval_s": PULL_INTERVAL,
            "lag_client_cache": _ms_stats(lags),
            "home_client_cache": _ms_stats(homes),
            "lag_minus_home": _ms_stats(extra),
            "ratio_p50": _ratio(lags, homes, 50), "ratio_p95": _ratio(lags, homes, 95),
            "per_post_ms": [{"cross_site": round(x * 1000, 1), "home_site": round(h * 1000, 1)}
                            for x, h in zip(lags, homes, strict=True)],
            "lag_b_server": _ms_stats(server_lags) if server_lags else None,
            "post_request": _ms_stats([s for _, _, s in sent]),
            "b_server_cpu_s": None if cpu_b0 is None or cpu_b1 is None else cpu_b1 - cpu_b0}


def _ratio(over: list[float], base: list[float], pct: float) -> float | None:
    below = percentile(base, pct)
    return percentile(over, pct) / below if below > 0 else None


async def page_export(http: Any, site: Site, signer: Site, limit: int) -> tuple[float, int, int]:
    """Page site's whole export signed as signer: (seconds, changes, bytes)."""
    from server_stub.federation import keys
    from server_stub.federation.signing import sign_request

    key = keys.load_signing_key(signer.data_dir)
    cursor, changes, size = "", 0, 0
    decoder = msgspec.json.Decoder(FeedPage)
    started = time.perf_counter()
    while True:
        query = f"since={cursor}&limit={limit}"
        headers = sign_request(key, signer.name, "GET", CHANGES, query)
        async with http.get(f"{site.url}{CHANGES}?{query}", headers=headers) as response:
            data = await response.read()
            if response.status != 200:
                raise RuntimeError(f"export page: HTTP {response.status} {data[:200]!r}")
        page = decoder.decode(data)
        changes += len(page.changes)
        size += len(data)
        cursor = page.cursor
        if not page.more:
            return time.perf_counter() - started, changes, size


async def probe_latency(http: Any, url: str, stop: asyncio.Event,
                        every: float = 0.2) -> list[float]:
    """GET url every `every` seconds until stop: how B answers its own users meanwhile."""
    times: list[float] = []
    while not stop.is_set():
        t0 = time.monotonic()
        async with http.get(url) as response:
            await response.read()
        times.append(time.monotonic() - t0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
    return times


async def measure_catch_up(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    from server_stub.federation.export import PAGE_LIMIT

    root.mkdir(parents=True, exist_ok=True)
    demo = prepare_demo(args, root)
    a = Site(server_name(demo.data_dir), demo.data_dir, free_port())
    b = Site(NAME_B if a.name != NAME_B else NAME_A, root / "b", free_port())
    init_sites([(b.data_dir, b.name, None, 1)])
    a.add_peer(b)  # A answers B; B does not know A yet
    result: dict[str, Any] = {"people": args.people, "init_seconds": demo.init_seconds,
                              "site_a": a.name, "page_limit": PAGE_LIMIT}
    try:
        a.serve(root)
        b.serve(root)
        # The backlog: A's exportable feed rows (puts and deletions).
        result["export_rows"] = a.sql("SELECT count(*) FROM change WHERE export")[0][0]
        result["feed_rows"] = a.sql("SELECT count(*) FROM change")[0][0]
        log(f"catch-up: A ({a.name}) exports {result['export_rows']:,} of "
            f"{result['feed_rows']:,} feed rows; peer add at B")
        cpu_a0, cpu_b0 = a.server.cpu_seconds(), b.server.cpu_seconds()  # type: ignore[union-attr]
        t_cli = time.monotonic()
        b.add_peer(a)
        t0 = time.monotonic()
        result["peer_add_cli_s"] = t0 - t_cli
        t_first = await wait_until(lambda: b.peer_state(a.name)[2] > 0, 600, "a first page",
                                   step=0.05)
        last_log = [time.monotonic()]

        def done() -> bool:
            success, behind, pulled, error = b.peer_state(a.name)
            if time.monotonic() - last_log[0] > 10:
                last_log[0] = time.monotonic()
                log(f"catch-up: {pulled:,} pulled, {behind} behind, last error {error}")
            return success is not None and behind == 0

        async with client_session() as http:
            probe_stop = asyncio.Event()
            probe = asyncio.create_task(probe_latency(http, f"{b.url}/healthz", probe_stop))
            try:
                t1 = await wait_until(done, 3600, "B to catch up", step=0.05)
            finally:
                probe_stop.set()
                probes = await probe
        result["b_healthz_during"] = _ms_stats(probes) if probes else None
        cpu_a1, cpu_b1 = a.server.cpu_seconds(), b.server.cpu_seconds()  # type: ignore[union-attr]
        _, _, pulled, error = b.peer_state(a.name)
        held = b.sql("SELECT count(*) FROM change WHERE NOT export")[0][0]
        result.update({
            "catch_up_s": t1 - t0, "first_page_s": t_first - t0, "pulled": pulled,
            "b_feed_rows": held, "last_error": error,
            "records_per_s": pulled / (t1 - t0),
            "cpu_a_s": None if cpu_a0 is None or cpu_a1 is None else cpu_a1 - cpu_a0,
            "cpu_b_s": None if cpu_b0 is None or cpu_b1 is None else cpu_b1 - cpu_b0,
            "b_peak_rss": b.server.peak_rss() if b.server else None,
        })
        log(f"catch-up: {pulled:,} records in {t1 - t0:.1f} s; baselines")
        async with client_session() as http:
            seconds, changes, size = await page_export(http, a, b, PAGE_LIMIT)
            result["export_paging"] = {"seconds": seconds, "changes": changes, "bytes": size}
            me = await login(http, a.url)
            feed = await page_feed(http, a.url, me.token, 1000)
            result["client_feed_paging"] = {"seconds": feed.seconds, "changes": feed.changes,
                                            "bytes": feed.bytes}
        result["ratio"] = result["catch_up_s"] / seconds if seconds else None
    finally:
        a.stop()
        b.stop()
    return result


# --- output ------------------------------------------------------------------------------


def _lag_row(s: dict[str, float] | None) -> str:
    if s is None:
        return "n/a"
    return f"{s['p50_ms']:,.0f} / {s['p95_ms']:,.0f} / {s['max_ms']:,.0f} ms"


def _spread_row(s: dict[str, float]) -> str:
    """p50 / p95 and the spread over all posts (min..max)."""
    return (f"{s['p50_ms']:,.0f} / {s['p95_ms']:,.0f} ms "
            f"({s['min_ms']:,.0f}..{s['max_ms']:,.0f})")


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}x"


def report(r: dict[str, Any]) -> None:
    rows: list[tuple[str, str]] = []
    lag = r.get("lag")
    if lag is not None:
        interval_ms = lag["pull_interval_s"] * 1000
        rows += [
            ("LAG: sites (people each)", f"2 x {lag['people_per_site']:,}"),
            ("posts at A", f"{lag['posts']} ({lag['rate']:g}/s for {lag['seconds']:g} s)"),
            ("A's 200 -> in B's client cache p50/p95 (min..max)",
             _spread_row(lag["lag_client_cache"])),
            ("baseline: A's 200 -> in A's client cache p50/p95 (min..max)",
             _spread_row(lag["home_client_cache"])),
            ("ratio cross-site / home-site p50 (p95)",
             f"{_x(lag['ratio_p50'])} ({_x(lag['ratio_p95'])})"),
            ("cross-site minus home-site, per post p50/p95 (min..max)",
             _spread_row(lag["lag_minus_home"])),
            ("expected wait for B's next pull: interval/2 (up to)",
             f"{interval_ms / 2:,.0f} ms ({interval_ms:,.0f})"),
            ("A's 200 -> in B's database (20 ms polls) p50/p95/max",
             _lag_row(lag["lag_b_server"])),
            ("post request at A p50/p95/max", _lag_row(lag["post_request"])),
            ("B server CPU while posting",
             "n/a" if lag["b_server_cpu_s"] is None else f"{lag['b_server_cpu_s']:.1f} s"),
        ]
    cu = r.get("catch_up")
    if cu is not None:
        ex, cf = cu["export_paging"], cu["client_feed_paging"]
        init = cu["init_seconds"]
        rows += [
            ("CATCH-UP: site A demo company", f"{cu['people']:,} people"),
            ("init --demo of A", "reused" if init is None else f"{init:.1f} s"),
            ("A's feed rows / exportable (backlog)",
             f"{cu['feed_rows']:,} / {cu['export_rows']:,}"),
            ("records B pulled (applied)", f"{cu['pulled']:,}"),
            ("peer add at B (CLI run)", f"{cu['peer_add_cli_s']:.2f} s"),
            ("peer add -> first page applied", f"{cu['first_page_s']:.2f} s"),
            ("peer add -> whole backlog at B", f"{cu['catch_up_s']:.2f} s"),
            ("catch-up records/s", f"{cu['records_per_s']:,.0f}"),
            (f"baseline: page A's export signed (limit {cu['page_limit']})",
             f"{ex['seconds']:.2f} s ({ex['changes']:,} changes, {ex['bytes'] / 1e6:,.1f} MB)"),
            ("baseline: export changes/s", f"{ex['changes'] / ex['seconds']:,.0f}"),
            ("ratio catch-up / export paging", f"{cu['ratio']:.1f}x"),
            ("reference: page A's client feed (limit 1000)",
             f"{cf['seconds']:.2f} s ({cf['changes']:,} changes, {cf['bytes'] / 1e6:,.1f} MB)"),
            ("B's GET /healthz during catch-up p50/p95/max", _lag_row(cu.get("b_healthz_during"))),
            ("server CPU during catch-up A / B",
             f"{cu['cpu_a_s'] or 0:.1f} / {cu['cpu_b_s'] or 0:.1f} s"),
            ("B server peak RSS", "n/a" if cu["b_peak_rss"] is None
             else f"{cu['b_peak_rss'] / 2**20:,.0f} MiB"),
        ]
    rows.append(("load average at start / end", f"{r['load_start']} / {r['load_end']}"))
    print_table(f"Federation benchmark ({r['date']}, {r['machine']}, pull interval "
                f"{PULL_INTERVAL:g} s)", rows)
    if lag is not None:
        print_per_post(lag["per_post_ms"])


def print_per_post(posts: list[dict[str, float]]) -> None:
    """Each post's A's 200 -> seen in ms: B's client, A's client, the difference."""
    print("\npost   B's client   A's client   difference (ms)")
    for i, post in enumerate(posts):
        cross, home = post["cross_site"], post["home_site"]
        print(f"{i:>4}   {cross:>10,.0f}   {home:>10,.0f}   {cross - home:>10,.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--lag-people", type=int, default=300,
                        help="people per site for the lag part (default 300)")
    parser.add_argument("--rate", type=float, default=5.0, help="posts/s at A (default 5)")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="how long to post (default 20)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: 100 people per lag site, 5 s of posts, "
                             "a 2000-people catch-up")
    parser.add_argument("--only", choices=("lag", "catch-up"), help="run one part only")
    args = parser.parse_args(argv)
    if args.quick:
        args.lag_people, args.seconds = 100, 5.0
        if "--people" not in (argv or sys.argv):
            args.people = 2000
    os.environ.update(SETTINGS)
    os.environ.update({"KONTOR_PASSPHRASE": PASSPHRASE,
                       "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
                               "load_start": load_average()}
    with workdir(args) as root:
        if args.only != "catch-up":
            results["lag"] = asyncio.run(measure_lag(args, root / "lag"))
        if args.only != "lag":
            results["catch_up"] = asyncio.run(measure_catch_up(args, root / "catchup"))
    results["load_end"] = load_average()
    report(results)
    write_json(args.json_out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
