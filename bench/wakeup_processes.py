"""Wake-up latency across serve processes on one PostgreSQL database, against one process.

    .venv/bin/python bench/wakeup_processes.py                      # 5 runs of 40 posts
    .venv/bin/python bench/wakeup_processes.py --runs 3 --posts 20  # quicker

Two `kontor-server serve` subprocesses A and B share a fresh PostgreSQL database with a
small demo company (docs/admin.md, "Several serve processes"). The demo user holds a
WebSocket (/api/v1/events) on A and posts, one post after the other with a short pause,
- through A (the baseline: the same process wakes its own socket), then
- through B (A hears B's commit through LISTEN/NOTIFY).
Per post: the time from sending the PUT until the wake-up with the post's seq or later
arrives on A's socket, and the PUT's own round trip. Each run does both, in turn; the
table gives the median over all posts, the spread of the per-run medians, p90 and the
slowest, and the 1-minute load average before and after.

--database-url is a PostgreSQL server without a database name (default: the local one
with trust authentication, as the tests use); a database is made and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import uuid6
from common import (
    REPO,
    ServerProcess,
    client_session,
    load_average,
    log,
    login,
    machine,
    page_feed,
    percentile,
    print_table,
    python_cmd,
    workdir,
    writable_space,
    write_json,
)
from psycopg import sql

PAUSE_S = 0.1  # between posts: each wake-up measured on its own


def make_database(base: str) -> str:
    name = "kontor_bench_" + secrets.token_hex(4)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(base: str, name: str) -> None:
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


def init_site(root: Path, url: str, people: int) -> Path:
    data = root / "server"
    data.mkdir(mode=0o700)
    config = data / "kontor.toml"
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f'[server]\nserver_name = "bench.test"\ndatabase_url = "{url}"\n')
    subprocess.run(python_cmd("-m", "server_stub.cli", "init", str(data), "--demo",
                              "--people", str(people), "--server-name", "bench.test"),
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    return data


def serve(data: Path, logs: Path, name: str) -> ServerProcess:
    return ServerProcess(python_cmd("-m", "server_stub.cli", "serve", str(data),
                                    "--host", "127.0.0.1", "--port", "0"),
                         logs / f"{name}.log")


async def one_post(http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse,
                   writer: str, headers: dict[str, str], space: str,
                   seen: int) -> tuple[float, float, int]:
    """(wake-up seconds, PUT seconds, seq woken) of one post through writer."""
    started = time.perf_counter()

    async def put() -> float:
        async with http.put(f"{writer}/api/v1/posts/{uuid6.uuid7()}", headers=headers,
                            json={"space_id": space, "text": "Messung"}) as r:
            if r.status != 200:
                raise RuntimeError(f"post failed: HTTP {r.status} {await r.text()}")
        return time.perf_counter() - started

    writing = asyncio.create_task(put())
    while True:
        message = await ws.receive_json(timeout=10)
        if message["seq"] > seen:
            woke = time.perf_counter() - started
            return woke, await writing, int(message["seq"])


async def measure(args: argparse.Namespace, a: str, b: str) -> dict[str, Any]:
    async with client_session() as http:
        me = await login(http, a)
        headers = {"Authorization": f"Bearer {me.token}"}
        paging = await page_feed(http, a, me.token, keep=True)
        assert me.person_id is not None
        space, _ = writable_space(paging.pages, me.person_id, "company")
        figures: dict[str, dict[str, list[float]]] = {
            label: {"wake": [], "put": [], "run_medians": []} for label in ("same", "cross")}
        async with http.ws_connect(f"{a}/api/v1/events", headers=headers) as ws:
            seen = int((await ws.receive_json(timeout=10))["seq"])
            for run in range(args.runs):
                for label, writer in (("same", a), ("cross", b)):
                    wakes = []
                    for _ in range(args.posts):
                        woke, put, seen = await one_post(http, ws, writer, headers, space,
                                                         seen)
                        wakes.append(woke)
                        figures[label]["put"].append(put)
                        await asyncio.sleep(PAUSE_S)
                    figures[label]["wake"].extend(wakes)
                    figures[label]["run_medians"].append(statistics.median(wakes))
                    log(f"run {run + 1}: {label} median {statistics.median(wakes) * 1000:.1f} ms")
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--posts", type=int, default=40, help="posts per run and path")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", type=Path, dest="json_out")
    args = parser.parse_args()
    name = make_database(args.database_url)
    try:
        with workdir(args) as root:
            data = init_site(root, f"{args.database_url}/{name}", args.people)
            load_before = load_average()
            with serve(data, root, "a") as a, serve(data, root, "b") as b:
                figures = asyncio.run(measure(args, a.url, b.url))
            load_after = load_average()
    finally:
        drop_database(args.database_url, name)

    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms"

    rows = []
    results: dict[str, Any] = {"machine": machine(), "load_before": load_before,
                               "load_after": load_after, "runs": args.runs,
                               "posts": args.posts}
    for label, title in (("same", "within A"), ("cross", "B to A")):
        wake, put, medians = (figures[label][key] for key in ("wake", "put", "run_medians"))
        rows += [(f"{title}: wake-up median", ms(statistics.median(wake))),
                 (f"{title}: run medians", f"{ms(min(medians))} - {ms(max(medians))}"),
                 (f"{title}: wake-up p90 / max", f"{ms(percentile(wake, 90))} / {ms(max(wake))}"),
                 (f"{title}: PUT median", ms(statistics.median(put)))]
        results[label] = {"wake_median_s": statistics.median(wake),
                          "run_medians_s": medians, "p90_s": percentile(wake, 90),
                          "max_s": max(wake), "put_median_s": statistics.median(put)}
    ratio = statistics.median(figures["cross"]["wake"]) / statistics.median(
        figures["same"]["wake"])
    rows.append(("ratio B to A / within A (medians)", f"{ratio:.2f}"))
    rows.append(("load (1 min) before / after", f"{load_before} / {load_after}"))
    results["ratio"] = ratio
    print_table(f"Wake-up latency, {args.runs} runs x {args.posts} posts per path "
                f"({machine()})", rows)
    write_json(args.json_out, results)


if __name__ == "__main__":
    sys.exit(main())
