"""Server benchmark: paging the whole changes feed, against a bare-bytes baseline; writes.

    .venv/bin/python bench/server_feed.py                 # 100,000 people (a few minutes)
    .venv/bin/python bench/server_feed.py --people 2000   # quick check

What it measures, on a fresh `kontor-server init --demo --people N` (timed too):
1. One client (DEMO_USER) pages the whole feed with limit=1000 through raw aiohttp GETs,
   following the cursor until more=false: seconds, changes/s, bytes/change.
2. Baseline, same run: the very page bytes captured in 1, served by index from memory
   by a bare aiohttp handler in its own process, paged by the same client code. The
   ratio real/baseline is what the server adds over HTTP + JSON transfer alone.
3. N sequential post writes (PUT /api/v1/posts/{uuid7}) from one client into a space
   the demo user may write in: writes/s and the time per write.

Both servers run as subprocesses on loopback, so the client has its own core.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
import uuid6
from common import (
    Paging,
    add_common_args,
    client_session,
    kontor_server,
    load_average,
    log,
    login,
    machine,
    mib,
    page_feed,
    page_server,
    percentile,
    prepare_demo,
    print_table,
    save_pages,
    workdir,
    writable_space,
    write_json,
)

PAGE_LIMIT = 1000


async def sequential_writes(base: str, token: str, space_id: str, n: int) -> list[float]:
    """n posts, one after the other, each a new uuid7; returns seconds per write."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    times: list[float] = []
    async with client_session() as http:
        for i in range(n):
            body = msgspec.json.encode({
                "space_id": space_id,
                "text": f"Benchmark-Beitrag Nr. {i}: Übergabe der Quartalszahlen an das Team.",
            })
            t0 = time.perf_counter()
            async with http.put(f"{base}/api/v1/posts/{uuid6.uuid7()}", data=body,
                                headers=headers) as response:
                answer = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"write failed: HTTP {response.status} {answer[:200]!r}")
            times.append(time.perf_counter() - t0)
    return times


async def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    demo = prepare_demo(args, root)
    results: dict[str, Any] = {"people": args.people, "machine": machine(),
                               "date": time.strftime("%Y-%m-%d"),
                               "init_seconds": demo.init_seconds,
                               "load_start": load_average()}
    with kontor_server(demo.data_dir, root) as server:
        async with client_session() as http:
            me = await login(http, server.url)
            log(f"paging the feed of {server.url} (limit {PAGE_LIMIT})")
            cpu0 = server.cpu_seconds()
            real = await page_feed(http, server.url, me.token, PAGE_LIMIT, keep=True)
            cpu1 = server.cpu_seconds()
        results["server_cpu_paging"] = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        log(f"real: {real.changes} changes in {real.seconds:.1f} s")
        assert me.person_id is not None
        space_id, space_name = writable_space(real.pages, me.person_id)
        log(f"{args.writes} sequential post writes into {space_name!r}")
        writes = await sequential_writes(server.url, me.token, space_id, args.writes)
        results["server_peak_rss"] = server.peak_rss()
    pages_file = root / "pages.msgpack"
    save_pages(real.pages, pages_file)
    real.pages.clear()
    with page_server(pages_file, root) as baseline_server:
        async with client_session() as http:
            log("paging the same bytes from the baseline server")
            cpu0 = baseline_server.cpu_seconds()
            base = await page_feed(http, baseline_server.url, me.token, PAGE_LIMIT)
            cpu1 = baseline_server.cpu_seconds()
        results["baseline_cpu_paging"] = (None if cpu0 is None or cpu1 is None
                                          else cpu1 - cpu0)
    results["load_end"] = load_average()
    if base.changes != real.changes:
        raise RuntimeError(f"baseline served {base.changes} changes, real {real.changes}")

    def figures(p: Paging) -> dict[str, float]:
        return {"seconds": p.seconds, "changes": p.changes, "bytes": p.bytes,
                "pages": len(p.page_seconds), "changes_per_second": p.changes_per_second,
                "bytes_per_change": p.bytes_per_change,
                "page_p50_ms": percentile(p.page_seconds, 50) * 1000,
                "page_p95_ms": percentile(p.page_seconds, 95) * 1000}

    total = sum(writes)
    results.update({
        "feed_real": figures(real), "feed_baseline": figures(base),
        "ratio": real.seconds / base.seconds if base.seconds else None,
        "writes": {"n": len(writes), "seconds": total, "per_second": len(writes) / total,
                   "p50_ms": percentile(writes, 50) * 1000,
                   "p95_ms": percentile(writes, 95) * 1000,
                   "max_ms": max(writes) * 1000},
    })
    return results


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def report(r: dict[str, Any]) -> None:
    real, base, w = r["feed_real"], r["feed_baseline"], r["writes"]
    init = r["init_seconds"]
    rows = [
        ("demo company", f"{r['people']:,} people"),
        ("init --demo (generate + load)", "reused" if init is None else f"{init:.1f} s"),
        ("feed size", f"{real['changes']:,} changes, {real['pages']} pages, "
                      f"{real['bytes'] / 1e6:,.1f} MB"),
        ("real server: page whole feed", f"{real['seconds']:.2f} s"),
        ("real server: changes/s", f"{real['changes_per_second']:,.0f}"),
        ("real server: bytes/change", f"{real['bytes_per_change']:,.0f}"),
        ("real server: page p50 / p95",
         f"{real['page_p50_ms']:.1f} / {real['page_p95_ms']:.1f} ms"),
        ("baseline: page whole feed", f"{base['seconds']:.2f} s"),
        ("baseline: changes/s", f"{base['changes_per_second']:,.0f}"),
        ("baseline: bytes/change", f"{base['bytes_per_change']:,.0f}"),
        ("baseline: page p50 / p95", f"{base['page_p50_ms']:.1f} / {base['page_p95_ms']:.1f} ms"),
        ("ratio real / baseline", f"{r['ratio']:.1f}x"),
        ("server CPU for the whole feed (real / baseline)",
         f"{_secs(r['server_cpu_paging'])} / {_secs(r['baseline_cpu_paging'])}"),
        (f"sequential post writes (N={w['n']})", f"{w['seconds']:.2f} s"),
        ("writes/s", f"{w['per_second']:,.1f}"),
        ("time per write p50 / p95 / max",
         f"{w['p50_ms']:.1f} / {w['p95_ms']:.1f} / {w['max_ms']:.1f} ms"),
        ("server peak RSS", mib(r.get("server_peak_rss"))),
        ("load average at start / end (2 cores)", f"{r['load_start']} / {r['load_end']}"),
    ]
    print_table(f"Server feed benchmark ({r['date']}, {r['machine']})", rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--writes", type=int, default=300, help="post writes (default 300)")
    args = parser.parse_args(argv)
    with workdir(args) as root:
        results = asyncio.run(run(args, root))
    report(results)
    write_json(args.json_out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
