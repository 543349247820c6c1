"""Load benchmark: many live clients, a steady post rate, every wake-up accounted for.

    .venv/bin/python bench/load.py                          # 1,000 clients, 10 minutes
    .venv/bin/python bench/load.py --minutes 1              # the 1-minute variant
    .venv/bin/python bench/load.py --clients 200 --minutes 1 --people 500   # quick check
    .venv/bin/python bench/load.py --backend postgresql --servers 2 --clients 1000 \
        --minutes 1 --people 2000 --procs 2 --burst 10   # two serve processes, one database

What it does, on a fresh `kontor-server init --demo` (at least clients + 100 people):
1. Each client signs in as its own demo account, holds the live WebSocket
   (/api/v1/events) and, on every wake-up, takes the changes it carries when they
   follow its cursor, and otherwise pulls the feed from its cursor to the end, as the
   sync engine does after its initial sync (clients start at the feed head, so
   the run measures steady state, not 1,000 initial syncs). Clients are spread over
   several worker processes (--procs) so the client side is not the bottleneck.
2. One poster (the demo user) writes posts into a company-wide space at --rate posts
   per second for --minutes. Every client may read that space, so every post must
   reach every client.
3. Afterwards: write errors, client errors, missed posts (a client that never pulled
   a post within --grace seconds of the last write), the wake-up fan-out latency (from
   the write's start to the moment a client has the post in its pulled page) p50/p99,
   write latency, and the server's peak RSS and CPU.
4. Baseline, same run, same clients and poster: a bare aiohttp server in its own
   process that speaks the same four endpoints from memory (sign-in, events, feed,
   post) and wakes every socket with the post, as Kontor does. The ratio
   real/baseline is what Kontor adds over the fan-out itself (auth, storage,
   visibility filtering, JSON of real records).

Several processes (--backend postgresql --servers N): the demo is made on SQLite as
above, moved with `kontor-server migrate-db --switch` into a fresh database on the
PostgreSQL server at --postgres (dropped afterwards), and N `kontor-server serve`
processes run on it, each on its own port. Client i holds its WebSocket and pulls on
server i mod N (round-robin, as a least-conn balancer spreads long-lived sockets); the
poster writes through server 0, so every wake-up on the other servers crosses
processes (LISTEN/NOTIFY). Reported per server: RSS and CPU; also the client workers'
CPU and the CPU of the machine's postgres processes during the steady phase.
--burst S: after the clients have gone, S seconds of sequential writes by
--burst-writers writers per server: writes per second at saturation.
--clients-per-account K: K clients share one account and one sign-in (the token),
so set-up costs clients/K Argon2 checks instead of one per client; the bench raises
live_connections_per_device and live_connections_per_account to K for its servers
only (through KONTOR_SERVER_* in their environment).

Targets (docs/reliability.md): zero errors and misses, fan-out p99 under 250 ms,
server RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import psutil
import psycopg
import uuid6
from common import (
    DEMO_USER,
    REPO,
    ServerProcess,
    client_session,
    cpu_seconds,
    current_rss_bytes,
    load_average,
    log,
    login,
    machine,
    mib,
    page_feed,
    peak_rss_bytes,
    percentile,
    prepare_demo,
    print_table,
    python_cmd,
    serve_until_signalled,
    workdir,
    writable_space,
    write_json,
)
from psycopg import sql

TIMEOUT = aiohttp.ClientTimeout(total=120)
LOGIN_CONCURRENCY = 8


def raise_open_files() -> None:
    """The soft limit of open files up to the hard one: every client holds a socket and a
    pull connection, on both sides (the servers inherit the bench's limit)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- the feed, as little of it as the clients need --------------------------------------


class _Change(msgspec.Struct):
    kind: str
    id: str
    op: str
    body: msgspec.Raw = msgspec.Raw(b"null")


class _Page(msgspec.Struct):
    changes: list[_Change]
    cursor: str
    more: bool


_page = msgspec.json.Decoder(_Page)


class _Wake(msgspec.Struct):
    seq: int
    after: str | None = None
    cursor: str | None = None
    changes: list[_Change] | None = None


_wake = msgspec.json.Decoder(_Wake)


# --- one worker process: many clients ---------------------------------------------------


class Client:
    def __init__(self, base: str, username: str, password: str, cursor: str) -> None:
        self.base, self.username, self.password = base, username, password
        self.cursor = cursor
        self.seen: dict[str, float] = {}  # post id -> wall time it arrived in a page
        self.errors: list[str] = []
        self.token = ""
        self.pulls = 0  # wake-ups answered with a pull (the rest carried their changes)
        self.plain = 0  # of them, wake-ups that carried nothing
        self.live_seq = 0  # all up to this seq is here (SyncEngine.take_wake_up)

    async def sign_in(self, http: aiohttp.ClientSession, gate: asyncio.Semaphore,
                      tokens: dict[str, asyncio.Task[str]]) -> None:
        """One sign-in per account in this worker; its other clients share the token."""
        if self.username not in tokens:
            async def once() -> str:
                async with gate:
                    return (await login(http, self.base, self.username, self.password)).token

            tokens[self.username] = asyncio.ensure_future(once())
        self.token = await tokens[self.username]

    async def pull(self, http: aiohttp.ClientSession) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        while True:
            url = f"{self.base}/api/v1/sync?limit=1000&since={self.cursor}"
            async with http.get(url, headers=headers) as response:
                data = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"feed HTTP {response.status}")
            page = _page.decode(data)
            self.took(page.changes, page.cursor)
            if not page.more:
                return

    def took(self, changes: list[_Change], cursor: str) -> None:
        now = time.time()
        for change in changes:
            if change.kind == "post" and change.op == "put":
                self.seen.setdefault(change.id, now)
        self.cursor = cursor

    def carried(self, message: str) -> bool:
        """As SyncEngine.take_wake_up: False when a pull is needed."""
        wake = _wake.decode(message)
        if wake.seq <= self.live_seq:
            return True  # late: a pull or carried write since went past it
        if wake.changes is None or wake.cursor is None:
            self.plain += 1
            self.live_seq = wake.seq  # the pull that follows goes past it
            return False
        self.live_seq = wake.seq
        if wake.after != self.cursor:
            return False
        self.took(wake.changes, wake.cursor)
        return True

    async def live(self, http: aiohttp.ClientSession, ready: asyncio.Event,
                   stop: asyncio.Event) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            async with http.ws_connect(f"{self.base}/api/v1/events", headers=headers,
                                       heartbeat=None) as ws:
                await ws.receive()  # the hello with the current head
                ready.set()
                while not stop.is_set():
                    receive = asyncio.ensure_future(ws.receive())
                    halt = asyncio.ensure_future(stop.wait())
                    done, _ = await asyncio.wait({receive, halt},
                                                 return_when=asyncio.FIRST_COMPLETED)
                    halt.cancel()
                    if receive not in done:
                        receive.cancel()
                        return
                    message = receive.result()
                    if message.type != aiohttp.WSMsgType.TEXT:
                        self.errors.append("live connection closed by the server")
                        return
                    if not self.carried(message.data):
                        self.pulls += 1
                        await self.pull(http)
        except (TimeoutError, aiohttp.ClientError, RuntimeError) as exc:
            self.errors.append(f"{type(exc).__name__}: {exc}")
            ready.set()


async def worker(args: argparse.Namespace) -> None:
    raise_open_files()
    lines = [line.split("\t") for line in Path(args.users).read_text().splitlines()]
    clients = [Client(base, name, args.password, args.cursor) for name, base in lines]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(sys.stdin.fileno(), stop.set)  # the parent closes stdin: stop
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as http:
        gate = asyncio.Semaphore(LOGIN_CONCURRENCY)
        tokens: dict[str, asyncio.Task[str]] = {}
        await asyncio.gather(*(c.sign_in(http, gate, tokens) for c in clients))
        readies = [asyncio.Event() for _ in clients]
        tasks = [asyncio.ensure_future(c.live(http, r, stop))
                 for c, r in zip(clients, readies, strict=True)]
        await asyncio.gather(*(r.wait() for r in readies))
        print("ready", flush=True)
        await stop.wait()
        await asyncio.gather(*tasks)
    result = {"seen": [c.seen for c in clients],
              "errors": [e for c in clients for e in c.errors],
              "pulls": sum(c.pulls for c in clients),
              "plain": sum(c.plain for c in clients)}
    Path(args.out).write_text(json.dumps(result))


# --- the baseline server: the same four endpoints from memory ---------------------------


def serve_baseline() -> None:
    from aiohttp import web

    posts: list[bytes] = []
    sockets: set[web.WebSocketResponse] = set()
    waking: set[asyncio.Task[None]] = set()

    async def sign_in(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"token": "t", "person_id": None})

    async def events(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        sockets.add(ws)
        await ws.send_str(f'{{"seq":{len(posts)}}}')
        try:
            async for _ in ws:
                pass
        finally:
            sockets.discard(ws)
        return ws

    async def feed(request: web.Request) -> web.Response:
        since = int(request.query.get("since") or 0)
        body = b'{"changes":[' + b",".join(posts[since:]) + b'],"cursor":"%d","more":false}' % (
            len(posts))
        return web.Response(body=body, content_type="application/json")

    async def post(request: web.Request) -> web.Response:
        await request.read()
        posts.append(b'{"seq":%d,"kind":"post","id":"%s","op":"put","body":null}' % (
            len(posts) + 1, request.match_info["id"].encode()))
        # The wake-up carries the post, as the real server's does.
        n = len(posts)
        message = f'{{"seq":{n},"after":"{n - 1}","cursor":"{n}","changes":[{posts[-1].decode()}]}}'
        task = asyncio.get_running_loop().create_task(wake_all(message))  # after the answer
        waking.add(task)
        task.add_done_callback(waking.discard)
        return web.json_response({"ok": True})

    async def wake_all(message: str) -> None:
        for ws in list(sockets):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.send_str(message)

    app = web.Application()
    app.router.add_post("/api/v1/login", sign_in)
    app.router.add_get("/api/v1/events", events)
    app.router.add_get("/api/v1/sync", feed)
    app.router.add_put("/api/v1/posts/{id}", post)
    serve_until_signalled(app)


# --- the servers ------------------------------------------------------------------------


def accounts(data_dir: Path, n: int) -> list[str]:
    """n sign-in names of the demo company, read from the server's database."""
    with contextlib.closing(sqlite3.connect(f"file:{data_dir / 'kontor.db'}?mode=ro",
                                            uri=True)) as db:
        rows = db.execute("SELECT username FROM account ORDER BY username LIMIT ?",
                          (n,)).fetchall()
    if len(rows) < n:
        raise RuntimeError(f"the demo company has only {len(rows)} accounts; use --people")
    return [row[0] for row in rows]


def client_accounts(data_dir: Path, clients: int, per_account: int) -> list[str]:
    """The account of each client: per_account clients in a row share one."""
    names = [u for u in accounts(data_dir, math.ceil(clients / per_account) + 1)
             if u != DEMO_USER]
    return [names[i // per_account] for i in range(clients)]


def server_environment(args: argparse.Namespace) -> None:
    """Raise the live-socket caps for the bench's servers when clients share accounts
    (the servers inherit this environment; the caps of a real site stay as configured)."""
    if args.clients_per_account > 1:
        cap = str(max(args.clients_per_account, 12))
        os.environ["KONTOR_SERVER_LIVE_CONNECTIONS_PER_DEVICE"] = cap
        os.environ["KONTOR_SERVER_LIVE_CONNECTIONS_PER_ACCOUNT"] = cap


@contextlib.contextmanager
def postgres_database(base: str) -> Iterator[str]:
    """A fresh database on the PostgreSQL server at base; its URL, dropped afterwards."""
    name = "kontor_bench_" + secrets.token_hex(4)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


@contextlib.contextmanager
def kontor_servers(data_dir: Path, root: Path, count: int) -> Iterator[list[ServerProcess]]:
    """count `kontor-server serve` processes of data_dir, each on its own port."""
    with contextlib.ExitStack() as stack:
        servers = []
        for index in range(count):
            log(f"starting serve process {index}")
            servers.append(stack.enter_context(ServerProcess(
                python_cmd("-m", "server_stub.cli", "serve", str(data_dir),
                           "--host", "127.0.0.1", "--port", "0"),
                root / f"server-{index}.log")))
        yield servers


def baseline_server(log_dir: Path) -> ServerProcess:
    return ServerProcess([sys.executable, str(Path(__file__)), "serve-baseline"],
                         log_dir / "baseline.log")


# --- measuring --------------------------------------------------------------------------


def postgres_cpu_seconds() -> float:
    """CPU so far of every postgres process on the machine (the server is shared, so
    this counts other databases' work too; read it as an upper bound)."""
    total = 0.0
    for proc in psutil.process_iter(["name"]):
        if (proc.info["name"] or "").startswith("postgres"):
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
    return total


def worker_cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        total += cpu_seconds(pid) or 0.0
    return total


# --- the run ----------------------------------------------------------------------------


async def post_steadily(base: str, token: str, space_id: str, rate: float,
                        seconds: float) -> tuple[dict[str, float], list[float], int]:
    """Posts at a steady rate: (post id -> wall time the write started, write seconds,
    failed writes)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started: dict[str, float] = {}
    durations: list[float] = []
    failures = 0
    interval = 1.0 / rate
    begin = time.perf_counter()
    async with client_session() as http:
        n = 0
        while time.perf_counter() - begin < seconds:
            post_id = str(uuid6.uuid7())
            started[post_id] = time.time()
            t0 = time.perf_counter()
            if not await put_post(http, base, headers, post_id, space_id, n):
                failures += 1
            durations.append(time.perf_counter() - t0)
            n += 1
            await asyncio.sleep(max(0.0, begin + n * interval - time.perf_counter()))
    return started, durations, failures


async def put_post(http: aiohttp.ClientSession, base: str, headers: dict[str, str],
                   post_id: str, space_id: str, n: int) -> bool:
    body = msgspec.json.encode({"space_id": space_id,
                                "text": f"Lastprobe Nr. {n}: Stand der Dinge."})
    try:
        async with http.put(f"{base}/api/v1/posts/{post_id}", data=body,
                            headers=headers) as response:
            await response.read()
            return response.status == 200
    except aiohttp.ClientError:
        return False


async def burst(bases: list[str], token: str, space_id: str, seconds: float,
                writers_per_server: int) -> dict[str, Any]:
    """Sequential writers (writers_per_server on each server) for seconds: writes per
    second when nothing waits between writes."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    done: list[float] = []
    failures = 0

    async def writer(http: aiohttp.ClientSession, base: str, deadline: float) -> None:
        nonlocal failures
        n = 0
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            if await put_post(http, base, headers, str(uuid6.uuid7()), space_id, n):
                done.append(time.perf_counter() - t0)
            else:
                failures += 1
            n += 1

    async with client_session() as http:
        began = time.perf_counter()
        await asyncio.gather(*(writer(http, base, began + seconds)
                               for base in bases for _ in range(writers_per_server)))
        elapsed = time.perf_counter() - began
    return {"writes": len(done), "failures": failures, "seconds": elapsed,
            "per_second": len(done) / elapsed,
            "p50_ms": percentile(done, 50) * 1000 if done else 0.0,
            "p99_ms": percentile(done, 99) * 1000 if done else 0.0}


def start_workers(args: argparse.Namespace, root: Path, bases: list[str], cursor: str,
                  users: list[str], tag: str) -> list[tuple[subprocess.Popen[str], Path]]:
    """Client i on server i mod N; the clients of one account stay in one worker (they
    share its sign-in)."""
    lines = [f"{name}\t{bases[i % len(bases)]}" for i, name in enumerate(users)]
    size = math.ceil(len(lines) / args.procs)
    if args.clients_per_account > 1:  # whole accounts per worker
        size = math.ceil(size / args.clients_per_account) * args.clients_per_account
    workers = []
    for i in range(args.procs):
        part = lines[i * size:(i + 1) * size] if args.clients_per_account > 1 else (
            lines[i::args.procs])
        if not part:
            continue
        users_file, out = root / f"{tag}-users-{i}.txt", root / f"{tag}-out-{i}.json"
        users_file.write_text("\n".join(part))
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__)), "client", "--cursor", cursor,
             "--users", str(users_file), "--out", str(out), "--password", args.password],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
        workers.append((proc, out))
    for proc, _ in workers:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"a client worker did not get ready: {line!r}")
    return workers


def stop_workers(workers: list[tuple[subprocess.Popen[str], Path]]) -> dict[str, Any]:
    for proc, _ in workers:
        assert proc.stdin is not None
        proc.stdin.close()
    seen: list[dict[str, float]] = []
    errors: list[str] = []
    pulls = plain = 0
    for proc, out in workers:
        proc.wait(timeout=300)
        result = json.loads(out.read_text())
        seen += result["seen"]
        errors += result["errors"]
        pulls += result["pulls"]
        plain += result["plain"]
    return {"seen": seen, "errors": errors, "pulls": pulls, "plain": plain}


async def one_run(args: argparse.Namespace, root: Path, servers: list[ServerProcess],
                  users: list[str], poster_token: str, space_id: str, cursor: str,
                  tag: str) -> dict[str, Any]:
    bases = [server.url for server in servers]
    log(f"{tag}: {len(users)} clients sign in and go live on {len(servers)} server "
        f"process(es) ({args.procs} worker processes, load {load_average()})")
    t_ready = time.perf_counter()
    workers = start_workers(args, root, bases, cursor, users, tag)
    ready_seconds = time.perf_counter() - t_ready
    cpu_before = [cpu_seconds(server.pid) or 0.0 for server in servers]
    worker_pids = [proc.pid for proc, _ in workers]
    workers_before = worker_cpu_seconds(worker_pids)
    postgres_before = postgres_cpu_seconds()
    log(f"{tag}: all live after {ready_seconds:.1f} s; posting {args.rate}/s for "
        f"{args.minutes} min (load {load_average()})")
    steady_began = time.perf_counter()
    started, durations, failures = await post_steadily(
        bases[0], poster_token, space_id, args.rate, args.minutes * 60)
    await asyncio.sleep(args.grace)
    steady_seconds = time.perf_counter() - steady_began
    cpu = [(cpu_seconds(server.pid) or 0.0) - before
           for server, before in zip(servers, cpu_before, strict=True)]
    workers_cpu = worker_cpu_seconds(worker_pids) - workers_before
    postgres_cpu = postgres_cpu_seconds() - postgres_before
    rss = [peak_rss_bytes(server.pid) for server in servers]
    rss_now = [current_rss_bytes(server.pid) for server in servers]
    load = load_average()
    clients = stop_workers(workers)
    latencies: list[float] = []
    missed = 0
    for seen in clients["seen"]:
        for post_id, t0 in started.items():
            arrived = seen.get(post_id)
            if arrived is None:
                missed += 1
            else:
                latencies.append(arrived - t0)
    result = {
        "clients": len(users), "servers": len(servers), "posts": len(started),
        "write_failures": failures,
        "client_errors": len(clients["errors"]), "error_samples": clients["errors"][:5],
        "missed": missed, "ready_seconds": ready_seconds, "pulls": clients["pulls"],
        "plain": clients["plain"],
        "fanout_p50_ms": percentile(latencies, 50) * 1000 if latencies else 0.0,
        "fanout_p99_ms": percentile(latencies, 99) * 1000 if latencies else 0.0,
        "write_p50_ms": percentile(durations, 50) * 1000,
        "write_p99_ms": percentile(durations, 99) * 1000,
        "server_peak_rss": max((r or 0) for r in rss), "server_rss_end": max(
            (r or 0) for r in rss_now), "server_cpu_seconds": sum(cpu),
        "per_server": [{"peak_rss": peak, "rss_end": now, "cpu_seconds": c}
                       for peak, now, c in zip(rss, rss_now, cpu, strict=True)],
        "steady_seconds": steady_seconds, "workers_cpu_seconds": workers_cpu,
        "postgres_cpu_seconds": postgres_cpu, "load": load,
    }
    if args.burst > 0:
        log(f"{tag}: {args.burst} s of sequential writes, {args.burst_writers} writer(s) "
            f"per server")
        result["burst"] = await burst(bases, poster_token, space_id, args.burst,
                                      args.burst_writers)
    return result


async def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    args.people = max(args.people,
                      math.ceil(args.clients / args.clients_per_account) + 100)
    raise_open_files()
    server_environment(args)
    demo = prepare_demo(args, root)
    users = client_accounts(demo.data_dir, args.clients, args.clients_per_account)
    results: dict[str, Any] = {"machine": machine(), "people": args.people,
                               "rate": args.rate, "minutes": args.minutes,
                               "backend": args.backend, "clients_per_account":
                               args.clients_per_account, "load_start": load_average()}
    with contextlib.ExitStack() as stack:
        if args.backend == "postgresql":
            url = stack.enter_context(postgres_database(args.postgres))
            log("kontor-server migrate-db --switch into a fresh PostgreSQL database")
            subprocess.run(python_cmd("-m", "server_stub.cli", "migrate-db", "--switch",
                                      str(demo.data_dir), url),
                           check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        servers = stack.enter_context(kontor_servers(demo.data_dir, root, args.servers))
        async with client_session() as http:
            poster = await login(http, servers[0].url)
            assert poster.person_id is not None
            paging = await page_feed(http, servers[0].url, poster.token, keep=True)
        space_id, space_name = writable_space(paging.pages, poster.person_id, "company")
        cursor = _page.decode(paging.pages[-1]).cursor
        log(f"posting into {space_name!r}")
        results["kontor"] = await one_run(args, root, servers, users, poster.token,
                                          space_id, cursor, "kontor")
    if args.no_baseline:
        return results
    with baseline_server(root) as base:
        results["baseline"] = await one_run(args, root, [base], users, "t", space_id, "0",
                                            "baseline")
    return results


def report(results: dict[str, Any]) -> None:
    k = results["kontor"]
    b = results.get("baseline") or {key: 0 for key in k} | {"burst": None}

    def ratio(key: str) -> str:
        return f"{k[key] / b[key]:.2f}x" if b[key] else "-"

    rows = [
        ("machine", results["machine"]),
        ("backend, serve processes", f"{results.get('backend', 'sqlite')}, {k['servers']}"),
        ("write failures / client errors / missed", f"{k['write_failures']} / "
         f"{k['client_errors']} / {k['missed']} (of {k['posts'] * k['clients']})"),
        ("wake-ups answered with a pull (the rest carried the post)",
         f"{k['pulls']}, {k['plain']} of them plain (baseline {b['pulls']})"),
        ("fan-out p50 (write start -> post in the client)", f"{k['fanout_p50_ms']:.0f} ms "
         f"(baseline {b['fanout_p50_ms']:.0f} ms, {ratio('fanout_p50_ms')})"),
        ("fan-out p99", f"{k['fanout_p99_ms']:.0f} ms "
         f"(baseline {b['fanout_p99_ms']:.0f} ms, {ratio('fanout_p99_ms')})"),
        ("write p50 / p99", f"{k['write_p50_ms']:.0f} / {k['write_p99_ms']:.0f} ms "
         f"(baseline {b['write_p50_ms']:.0f} / {b['write_p99_ms']:.0f} ms)"),
        ("server RSS at the end / peak (largest process)", f"{mib(k['server_rss_end'])} / "
         f"{mib(k['server_peak_rss'])} (baseline {mib(b['server_rss_end'])} / "
         f"{mib(b['server_peak_rss'])})"),
        ("server CPU per post (all processes)",
         f"{k['server_cpu_seconds'] / max(k['posts'], 1) * 1000:.0f} ms "
         f"(baseline {b['server_cpu_seconds'] / max(b['posts'], 1) * 1000:.0f} ms)"),
    ]
    if k["servers"] > 1:
        for index, server in enumerate(k["per_server"]):
            rows.append((f"  serve process {index}: RSS end / peak, CPU",
                         f"{mib(server['rss_end'])} / {mib(server['peak_rss'])}, "
                         f"{server['cpu_seconds']:.1f} s"))
    seconds = max(k["steady_seconds"], 1e-9)
    rows += [
        ("CPU busy in the steady phase (cores)",
         f"servers {k['server_cpu_seconds'] / seconds:.2f}, clients "
         f"{k['workers_cpu_seconds'] / seconds:.2f}, postgres (machine) "
         f"{k['postgres_cpu_seconds'] / seconds:.2f}"),
        ("all clients live after", f"{k['ready_seconds']:.1f} s"),
        ("load average (1 min) at the start / end",
         f"{results.get('load_start', '?')} / {k['load']}"),
    ]
    if "burst" in k:
        kb, bb = k["burst"], b.get("burst")
        rows.append(("writes per second at saturation (burst)",
                     f"{kb['per_second']:.0f}/s, p50 {kb['p50_ms']:.0f} ms, "
                     f"{kb['failures']} failed" + (
                         f" (baseline {bb['per_second']:.0f}/s)" if bb else "")))
    print_table(f"load: {k['clients']} live clients, {results['rate']} posts/s for "
                f"{results['minutes']} min ({k['posts']} posts)", rows)
    for sample in k["error_samples"]:
        print(f"  client error: {sample}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve-baseline":
        serve_baseline()
        return
    if len(sys.argv) > 1 and sys.argv[1] == "client":
        parser = argparse.ArgumentParser(prog="load.py client")
        for name in ("--cursor", "--users", "--out", "--password"):
            parser.add_argument(name, required=True)
        asyncio.run(worker(parser.parse_args(sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    from common import add_common_args

    add_common_args(parser)
    parser.set_defaults(people=2000)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=0.5,
                        help="posts per second (default 0.5: every post makes every "
                             "client pull, so the server's work is rate x clients)")
    parser.add_argument("--procs", type=int, default=4, help="client worker processes")
    parser.add_argument("--grace", type=float, default=10.0,
                        help="seconds after the last post before a post counts as missed")
    parser.add_argument("--password", default="kontor-demo")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--servers", type=int, default=1,
                        help="serve processes on the same data (default 1)")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432",
                        help="the PostgreSQL server for --backend postgresql (a URL "
                             "without a database name; a database is made and dropped)")
    parser.add_argument("--clients-per-account", type=int, default=1,
                        help="clients sharing one account and its sign-in (default 1)")
    parser.add_argument("--burst", type=float, default=0.0,
                        help="seconds of sequential writes after the steady phase "
                             "(default 0: none)")
    parser.add_argument("--burst-writers", type=int, default=4,
                        help="sequential writers per server in the burst (default 4)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the baseline run (for finding where a size breaks)")
    args = parser.parse_args()
    with workdir(args) as root:
        results = asyncio.run(run(args, root))
    report(results)
    write_json(args.json_out, results)


if __name__ == "__main__":
    main()
