"""Server CPU per request on the hot paths: a post write, an authenticated read, a pull.

    .venv/bin/python bench/write_path.py                  # 300-person demo, 5 rounds x 1000
    .venv/bin/python bench/write_path.py --rounds 7 --n 300

What it measures, against the real server (`kontor-server serve`, SQLite) and, in the
same run and interleaved round by round, a baseline: a bare aiohttp process doing the
least the same request needs (one token lookup by hash, one SQLite insert of the same
post row, one indexed select for the pull) with the stdlib sqlite3 module, the same
journal mode (WAL, synchronous=NORMAL) and the same client code:
1. `PUT /api/v1/posts/{uuid7}`: sequential writes; server CPU per write (the process's
   user+system time over the round divided by the writes) and client-side latency.
2. `GET /api/v1/me`: server CPU per authenticated read.
3. `GET /api/v1/sync?since=…`: the pull a live client makes after a wake-up, the page
   with the one new post (the same page every client at the head asks for); server CPU
   per pull.
Both servers are subprocesses on loopback, so the client's own CPU is not counted.
The figures are the median and the spread (min-max) of the rounds' per-request CPU,
with the load average at the start of each round beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sqlite3
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import uuid6

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    FeedPage,
    ServerProcess,
    add_common_args,
    client_session,
    kontor_server,
    load_average,
    log,
    login,
    machine,
    page_feed,
    percentile,
    prepare_demo,
    print_table,
    python_cmd,
    serve_until_signalled,
    workdir,
    writable_space,
    write_json,
)

TEXT = "Benchmark-Beitrag Nr. {i}: Übergabe der Quartalszahlen an das Team."
BASELINE_TOKEN = "baseline-token-not-a-secret"  # noqa: S105


# --- the baseline server ----------------------------------------------------------------


def _serve_baseline(db_path: Path) -> None:
    """A bare aiohttp app over stdlib sqlite3: the least each measured request needs."""
    from aiohttp import web

    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS device (token_hash TEXT PRIMARY KEY, "
               "account_id TEXT, person_id TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS person (id TEXT PRIMARY KEY, name TEXT)")
    db.execute("CREATE TABLE IF NOT EXISTS post (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, "
               "space_id TEXT, author_id TEXT, text TEXT, created_at INTEGER)")
    digest = hashlib.sha256(BASELINE_TOKEN.encode()).hexdigest()
    db.execute("INSERT OR IGNORE INTO device VALUES (?, 'a1', 'p1')", (digest,))
    db.execute("INSERT OR IGNORE INTO person VALUES ('p1', 'Jana Schröder')")

    def caller(request: web.Request) -> tuple[str, str]:
        token = request.headers.get("Authorization", "").partition(" ")[2]
        row = db.execute("SELECT account_id, person_id FROM device WHERE token_hash = ?",
                         (hashlib.sha256(token.encode()).hexdigest(),)).fetchone()
        if row is None:
            raise web.HTTPUnauthorized()
        return row[0], row[1]

    async def put_post(request: web.Request) -> web.Response:
        _, person_id = caller(request)
        body = msgspec.json.decode(await request.read())
        now = int(time.time() * 1000)
        cur = db.execute("INSERT INTO post (id, space_id, author_id, text, created_at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (request.match_info["id"], body["space_id"], person_id,
                          body["text"], now))
        return web.Response(body=msgspec.json.encode({
            "id": request.match_info["id"], "seq": cur.lastrowid, "space_id": body["space_id"],
            "author_id": person_id, "text": body["text"], "created_at": now}),
            content_type="application/json")

    async def me(request: web.Request) -> web.Response:
        account_id, person_id = caller(request)
        name = db.execute("SELECT name FROM person WHERE id = ?", (person_id,)).fetchone()[0]
        return web.Response(body=msgspec.json.encode(
            {"account_id": account_id, "person_id": person_id, "name": name}),
            content_type="application/json")

    async def pull(request: web.Request) -> web.Response:
        caller(request)
        since = int(request.query.get("since") or 0)
        rows = db.execute("SELECT seq, id, space_id, author_id, text, created_at FROM post "
                          "WHERE seq > ? ORDER BY seq LIMIT 500", (since,)).fetchall()
        changes = [{"seq": r[0], "kind": "post", "op": "put", "body": {
            "id": r[1], "space_id": r[2], "author_id": r[3], "text": r[4],
            "created_at": r[5]}} for r in rows]
        cursor = str(rows[-1][0]) if rows else str(since)
        return web.Response(body=msgspec.json.encode(
            {"changes": changes, "cursor": cursor, "more": len(rows) == 500}),
            content_type="application/json")

    app = web.Application()
    app.router.add_put("/api/v1/posts/{id}", put_post)
    app.router.add_get("/api/v1/me", me)
    app.router.add_get("/api/v1/sync", pull)
    serve_until_signalled(app)


# --- one measured round -----------------------------------------------------------------


class Target:
    """A running server and what a client needs to talk to it."""

    def __init__(self, name: str, server: ServerProcess, token: str, space_id: str,
                 cursor: str) -> None:
        self.name = name
        self.server = server
        self.headers = {"Authorization": f"Bearer {token}"}
        self.space_id = space_id
        self.cursor = cursor


Request = Callable[[aiohttp.ClientSession, Target, int], Awaitable[None]]


async def write_post(http: aiohttp.ClientSession, target: Target, i: int) -> None:
    body = msgspec.json.encode({"space_id": target.space_id, "text": TEXT.format(i=i)})
    async with http.put(f"{target.server.url}/api/v1/posts/{uuid6.uuid7()}", data=body,
                        headers={**target.headers, "Content-Type": "application/json"}) as r:
        answer = await r.read()
        if r.status != 200:
            raise RuntimeError(f"{target.name}: write failed: {r.status} {answer[:200]!r}")


async def read_me(http: aiohttp.ClientSession, target: Target, i: int) -> None:
    async with http.get(f"{target.server.url}/api/v1/me", headers=target.headers) as r:
        await r.read()
        if r.status != 200:
            raise RuntimeError(f"{target.name}: /me failed: {r.status}")


async def _pull(http: aiohttp.ClientSession, target: Target, cursor: str) -> dict[str, Any]:
    async with http.get(f"{target.server.url}/api/v1/sync",
                        params={"since": cursor, "limit": "500"},
                        headers=target.headers) as r:
        page: dict[str, Any] = msgspec.json.decode(await r.read())
        if r.status != 200:
            raise RuntimeError(f"{target.name}: pull failed: {r.status} {page!r:.200}")
        return page


async def head_page(http: aiohttp.ClientSession, target: Target) -> None:
    """Before the feed-page round: one new post, and the cursor just before it."""
    while True:  # to the head first
        page = await _pull(http, target, target.cursor)
        target.cursor = page["cursor"]
        if not page["more"]:
            break
    await write_post(http, target, 0)


async def feed_page(http: aiohttp.ClientSession, target: Target, i: int) -> None:
    """The pull a live client makes after a wake-up: the page with the one new post,
    the same page every client at the head asks for."""
    page = await _pull(http, target, target.cursor)
    if len(page["changes"]) != 1:
        raise RuntimeError(f"{target.name}: expected one new change, got "
                           f"{len(page['changes'])}")


async def measure(target: Target, request: Request, n: int,
                  setup: Callable[[aiohttp.ClientSession, Target], Awaitable[None]] | None,
                  ) -> tuple[float, list[float]]:
    """Server CPU ms per request over n sequential requests, and each one's latency."""
    latencies: list[float] = []
    async with client_session() as http:
        if setup is not None:
            await setup(http, target)
        for i in range(5):  # warm the connection and the server's caches
            await request(http, target, i)
        before = target.server.cpu_seconds()
        for i in range(n):
            t0 = time.perf_counter()
            await request(http, target, i)
            latencies.append(time.perf_counter() - t0)
        after = target.server.cpu_seconds()
    if before is None or after is None:
        raise RuntimeError(f"{target.name}: server exited")
    return (after - before) * 1000 / n, latencies


# --- the run ----------------------------------------------------------------------------


async def kontor_target(server: ServerProcess) -> Target:
    async with client_session() as http:
        who = await login(http, server.url)
        paging = await page_feed(http, server.url, who.token, keep=True)
    assert who.person_id is not None
    space_id, _ = writable_space(paging.pages, who.person_id)
    cursor = msgspec.json.decode(paging.pages[-1], type=FeedPage).cursor
    return Target("Kontor", server, who.token, space_id, cursor)


async def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    demo = prepare_demo(args, root)
    results: dict[str, Any] = {"people": args.people, "machine": machine(),
                               "date": time.strftime("%Y-%m-%d"), "rounds": args.rounds,
                               "n": args.n, "load_start": load_average()}
    kinds: dict[str, tuple[Request, Any]] = {
        "post write": (write_post, None), "GET /me": (read_me, None),
        "feed page (one new change)": (feed_page, head_page)}
    cpu: dict[tuple[str, str], list[float]] = {}
    lat: dict[tuple[str, str], list[float]] = {}
    loads: list[str] = []
    baseline = ServerProcess(python_cmd(str(Path(__file__).resolve()), "serve-baseline",
                                        str(root / "baseline.sqlite")),
                             root / "baseline.log")
    with kontor_server(demo.data_dir, root) as server, baseline:
        targets = [await kontor_target(server),
                   Target("baseline", baseline, BASELINE_TOKEN, "s1", "0")]
        for round_no in range(1, args.rounds + 1):
            loads.append(load_average())
            log(f"round {round_no}/{args.rounds} (load {loads[-1]})")
            for kind, (request, setup) in kinds.items():
                for target in targets:
                    per_request, latencies = await measure(target, request, args.n, setup)
                    cpu.setdefault((kind, target.name), []).append(per_request)
                    lat.setdefault((kind, target.name), []).extend(latencies)
    results["load_end"] = load_average()
    results["load_per_round"] = loads
    results["cpu_ms"] = {f"{kind} / {name}": values for (kind, name), values in cpu.items()}
    rows: list[tuple[str, str]] = []
    for kind in kinds:
        k_med = statistics.median(cpu[(kind, "Kontor")])
        b_med = statistics.median(cpu[(kind, "baseline")])
        rows.append((f"{kind}: server CPU per request, Kontor",
                     f"{k_med:.2f} ms ({min(cpu[(kind, 'Kontor')]):.2f}-"
                     f"{max(cpu[(kind, 'Kontor')]):.2f})"))
        rows.append((f"{kind}: server CPU per request, baseline",
                     f"{b_med:.2f} ms ({min(cpu[(kind, 'baseline')]):.2f}-"
                     f"{max(cpu[(kind, 'baseline')]):.2f})"))
        rows.append((f"{kind}: ratio", f"{k_med / b_med:.1f}x" if b_med > 0 else "n/a"))
        k_lat = lat[(kind, "Kontor")]
        rows.append((f"{kind}: latency p50 / p95, Kontor",
                     f"{percentile(k_lat, 50) * 1000:.1f} / "
                     f"{percentile(k_lat, 95) * 1000:.1f} ms"))
    rows.append(("load at start / end", f"{results['load_start']} / {results['load_end']}"))
    rows.append(("load at each round's start", " ".join(loads)))
    print_table(f"Hot paths, {args.rounds} rounds x {args.n} requests "
                f"({args.people} people; {results['machine']})", rows)
    return results


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "serve-baseline":
        _serve_baseline(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.set_defaults(people=300)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--n", type=int, default=1000,
                        help="requests per round (default 1000: the CPU clock ticks in 10 ms)")
    args = parser.parse_args()
    with workdir(args) as root:
        results = asyncio.run(run(args, root))
    write_json(args.json_out, results)


if __name__ == "__main__":
    main()
