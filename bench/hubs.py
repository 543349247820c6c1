"""Information hubs benchmark: the nightly computation, exact against sampled betweenness,
and opening the Hubs screen from the cache.

    .venv/bin/python bench/hubs.py                       # 100,000 people (many minutes)
    .venv/bin/python bench/hubs.py --people 3000 --exact-people 1500 --runs 1   # quick

What it measures:
1. `kontor-server hubs compute DIR --json` on a fresh demo company of --people (or a
   copy of --data-dir), --runs times as a subprocess: wall seconds, the read and
   compute split it reports, and the child's peak RSS (getrusage of the waited child).
   The interactions read are printed: that is the volume the demo generates.
2. On a demo company of --exact-people (small enough for exact betweenness): exact
   betweenness time, then sampled betweenness for several k (three seeds each): time,
   and how many of the exact top 100 the sample also puts in its top 100.
3. What a change of consent costs: publishing the kept result again (rolled back).
4. The Hubs screen built and filled from a synced cache (a community manager, who
   receives the most hub records), offscreen: median of --screen-runs openings.

Targets: compute under 5 minutes and 2 GB at 100,000 people on this 2-core machine;
the screen under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import (
    DEMO_PASSWORD,
    DEMO_USER,
    REPO,
    add_common_args,
    kontor_server,
    load_average,
    log,
    machine,
    prepare_demo,
    print_table,
    python_cmd,
    workdir,
    write_json,
)

sys.path.insert(0, str(REPO))

PASSPHRASE = "kontor benchmark passphrase"
COMPUTE_TARGET_S = 300.0
MEMORY_TARGET_B = 2 * 1024**3
SCREEN_TARGET_S = 1.0
TOP = 100


def run_compute(data_dir: Path) -> dict[str, Any]:
    """One `hubs compute` as a child; its peak RSS from the kernel's accounting."""
    started = time.perf_counter()
    proc = subprocess.Popen(python_cmd("-m", "server_stub.cli", "hubs", "compute",
                                       str(data_dir), "--json"),
                            cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"hubs compute failed ({proc.returncode})")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss": usage.ru_maxrss * 1024, **json.loads(out)}


def compare_betweenness(data_dir: Path, ks: list[int]) -> dict[str, Any]:
    import sqlalchemy as sa  # noqa: F401 - the engine below needs it loaded

    from server_stub.hubs import scores
    from server_stub.hubs.inputs import read_inputs
    from server_stub.storage.engine import make_sync_engine
    from sync.protocol import now_ms

    engine = make_sync_engine(f"sqlite:///{data_dir / 'kontor.db'}")
    with engine.connect() as conn:
        inputs = read_inputs(conn, now_ms(), 90)
    engine.dispose()
    graph = scores.build_graph(inputs.edges)
    t0 = time.perf_counter()
    exact, _ = scores.betweenness(graph, exact_limit=10**9, sample_k=1)
    exact_s = time.perf_counter() - t0
    top_exact = set(sorted(exact, key=lambda v: -exact[v])[:TOP])
    rows = []
    for k in ks:
        times, overlaps, errors = [], [], []
        for seed in (1, 2, 3):
            t0 = time.perf_counter()
            sampled, _ = scores.betweenness(graph, exact_limit=0, sample_k=k, seed=seed)
            times.append(time.perf_counter() - t0)
            top = set(sorted(sampled, key=lambda v: -sampled[v])[:TOP])
            overlaps.append(len(top & top_exact))
            errors.append(max(abs(sampled[v] - exact[v]) for v in top_exact))
        rows.append({"k": k, "seconds_median": statistics.median(times),
                     "top100_overlap": overlaps, "max_abs_error_top100": max(errors)})
    return {"people": len(inputs.person_unit), "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "exact_s": exact_s, "sampled": rows}


def time_republish(data_dir: Path, runs: int = 5) -> dict[str, Any]:
    """What a change of consent costs inside its profile write: publishing the kept
    result again, each time in a transaction that is rolled back."""
    from server_stub.hubs.publish import republish
    from server_stub.storage.engine import make_sync_engine
    from sync.protocol import now_ms

    engine = make_sync_engine(f"sqlite:///{data_dir / 'kontor.db'}")
    seconds, rows = [], 0
    for _ in range(runs):
        with engine.connect() as conn:
            transaction = conn.begin()
            t0 = time.perf_counter()
            republish(conn, "bench", now_ms(), hubs_only=True)  # as a consent change does
            seconds.append(time.perf_counter() - t0)
            rows = conn.exec_driver_sql(
                "SELECT count(*) FROM change WHERE kind LIKE 'hub%'").scalar() or 0
            transaction.rollback()
    engine.dispose()
    return {"median_s": statistics.median(seconds), "min_s": min(seconds),
            "max_s": max(seconds), "records": rows}


async def sign_in_and_sync(url: str, profile: Path) -> None:
    from sync.session import ProfileSession

    session = ProfileSession.open(profile)
    await session.login(url, DEMO_USER, DEMO_PASSWORD, "bench")
    client = session.client()
    await session.engine(client).sync_once()
    await client.close()
    session.close()


def time_screen(profile: Path, runs: int) -> dict[str, Any]:
    """Build and fill the Hubs screen from the synced cache, offscreen, `runs` times."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.context import ViewContext
    from desktop.qt import QApplication
    from desktop.views.hubs.screen import HubsView
    from sync.cache.db import Cache
    from sync.session import ProfileSession

    app = QApplication.instance() or QApplication([])
    session = ProfileSession.open(profile)
    key = session.keystore.get()
    assert key is not None
    cache = Cache.open(session.profile.cache_path, key, readonly=True)
    seconds = []
    shown = (0, 0)
    for _ in range(runs):
        t0 = time.perf_counter()
        ctx = ViewContext(cache=cache, bridge=None, settings=None,  # type: ignore[arg-type]
                          navigator=None)  # type: ignore[arg-type]
        view = HubsView(ctx)
        view.refresh()
        view.resize(1200, 800)
        view.show()
        app.processEvents()  # one paint, as a first show does
        seconds.append(time.perf_counter() - t0)
        shown = (view.table.rowCount(), len(view.scene.nodes))
        view.close()
        view.deleteLater()
    cache.close()
    return {"median_s": statistics.median(seconds), "min_s": min(seconds),
            "max_s": max(seconds), "table_rows": shown[0], "units": shown[1]}


PARTS = ("compute", "republish", "betweenness", "screen")


def measure(args: argparse.Namespace, parts: set[str], results: dict[str, Any]) -> None:
    with workdir(args) as root:
        demo = prepare_demo(args, root)
        results["init_s"] = demo.init_seconds
        subprocess.run(python_cmd("-m", "server_stub.cli", "role", "grant", str(demo.data_dir),
                                  "community_manager", DEMO_USER), cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)
        if "compute" in parts:
            runs = []
            for n in range(args.runs):
                log(f"hubs compute, run {n + 1} of {args.runs} (load {load_average()})")
                runs.append(run_compute(demo.data_dir))
                log(f"  {runs[-1]['wall_s']:.1f} s wall, {runs[-1]['cpu_s']:.1f} s CPU, "
                    f"peak {runs[-1]['peak_rss'] / 2**20:.0f} MiB")
            results["compute"] = runs
        if "republish" in parts:
            results["republish"] = time_republish(demo.data_dir)
        if "betweenness" in parts:
            small = root / "small"
            log(f"demo company of {args.exact_people} for exact betweenness")
            subprocess.run(python_cmd("-m", "server_stub.cli", "init", str(small), "--demo",
                                      "--people", str(args.exact_people)), cwd=REPO,
                           check=True, stdout=subprocess.DEVNULL)
            results["betweenness"] = compare_betweenness(
                small, [int(k) for k in args.ks.split(",")])
            shutil.rmtree(small, ignore_errors=True)
        if "screen" in parts:
            os.environ.update({"KONTOR_PASSPHRASE": PASSPHRASE,
                               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
            profile = args.profile
            if profile is None:
                log("syncing a community manager's profile for the screen")
                profile = root / "profile"
                with kontor_server(demo.data_dir, root) as server:
                    asyncio.run(sign_in_and_sync(server.url, profile))
            results["screen"] = time_screen(profile, args.screen_runs)


def table(results: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    runs = results.get("compute")
    if runs:
        walls = [r["wall_s"] for r in runs]
        peaks = [r["peak_rss"] for r in runs]
        first = runs[0]
        met = "met" if max(walls) < COMPUTE_TARGET_S else "NOT met"
        rows += [
            ("people / contacts / hubs / units",
             f"{first['people']} / {first['contacts']} / {first['hubs']} / {first['units']}"),
            ("interactions read", json.dumps(first.get("interactions", {}))),
            ("betweenness", first["betweenness"]),
            ("compute wall s (median, min-max)",
             f"{statistics.median(walls):.1f} ({min(walls):.1f}-{max(walls):.1f}); target "
             f"< {COMPUTE_TARGET_S:.0f}: {met}"),
            ("CPU s (median, min-max)",
             f"{statistics.median(r['cpu_s'] for r in runs):.1f} "
             f"({min(r['cpu_s'] for r in runs):.1f}-{max(r['cpu_s'] for r in runs):.1f})"),
            ("read / compute s (median)",
             f"{statistics.median(r['read_seconds'] for r in runs):.1f} / "
             f"{statistics.median(r['compute_seconds'] for r in runs):.1f}"),
            ("peak RSS MiB (max)", f"{max(peaks) / 2**20:.0f}; target < 2048: "
             f"{'met' if max(peaks) < MEMORY_TARGET_B else 'NOT met'}"),
        ]
    if "republish" in results:
        r = results["republish"]
        rows.append(("consent change: publish again (median, min-max)",
                     f"{r['median_s'] * 1000:.0f} ms ({r['min_s'] * 1000:.0f}-"
                     f"{r['max_s'] * 1000:.0f}), {r['records']} hub records in the feed"))
    if "betweenness" in results:
        b = results["betweenness"]
        rows.append((f"exact betweenness, {b['nodes']} nodes {b['edges']} edges",
                     f"{b['exact_s']:.1f} s"))
        for r in b["sampled"]:
            rows.append((f"  sampled k={r['k']}",
                         f"{r['seconds_median']:.2f} s, top-100 overlap "
                         f"{r['top100_overlap']}, max abs error "
                         f"{r['max_abs_error_top100']:.4f}"))
    if "screen" in results:
        s = results["screen"]
        rows.append(("Hubs screen open (median, min-max)",
                     f"{s['median_s']:.3f} s ({s['min_s']:.3f}-{s['max_s']:.3f}), "
                     f"{s['table_rows']} rows, {s['units']} units; target < 1 s: "
                     f"{'met' if s['median_s'] < SCREEN_TARGET_S else 'NOT met'}"))
    rows.append(("load start / end", f"{results['load_start']} / {results['load_end']}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.add_argument("--runs", type=int, default=3, help="compute runs (default 3)")
    parser.add_argument("--exact-people", type=int, default=3000,
                        help="company size for exact against sampled (default 3000)")
    parser.add_argument("--ks", default="32,64,128,256", help="sample sizes to compare")
    parser.add_argument("--screen-runs", type=int, default=5)
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"what to measure, of {', '.join(PARTS)} (default all)")
    parser.add_argument("--profile", type=Path,
                        help="a community manager's synced profile for the screen "
                             "(default: sync one from the demo)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    results: dict[str, Any] = {"machine": machine(), "load_start": load_average(),
                               "people": args.people}
    measure(args, parts, results)
    results["load_end"] = load_average()
    print_table(f"Information hubs, {args.people} people ({results['machine']})",
                table(results))
    write_json(args.json_out, results)


if __name__ == "__main__":
    main()
