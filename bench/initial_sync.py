"""Cache benchmark: first sync of an empty profile, against a bulk-insert baseline; search.

    .venv/bin/python bench/initial_sync.py                 # 100,000 people (a few minutes)
    .venv/bin/python bench/initial_sync.py --people 2000   # quick check

What it measures, on a fresh `kontor-server init --demo --people N` served by
`kontor-server serve` in its own process:
1. Seconds from an empty profile to a complete cache: ProfileSession.login + one
   SyncEngine.sync_once with page limit 1000, in a child process (this file with
   --child) so its peak RSS (VmHWM) is the syncer's alone. The key comes from the
   passphrase path (fail keyring + KONTOR_PASSPHRASE), as on a headless machine. The
   child also splits its time into waiting for pages, decoding and applying them. Then
   it fetches the photos the feed announced (SyncEngine.fetch_photos, what the app does
   in the background once the records are in), timed apart from the sync.
2. Baseline, same run, same process model: a child process of its own (--baseline-child)
   signs in with a plain HTTP request (not timed, like the sync's login), then, timed,
   pages the same feed from the same running server (limit 1000, the engine's decoder
   and validation), keeps the newest version of each record, and puts them straight
   into a fresh SQLCipher file with the same schema (migrations.migrate): one
   executemany per table in one transaction, then fts.rebuild_all builds the search
   index in bulk. It runs once before the sync and once after; the faster run is the
   baseline (the server's pages are then warm for both). Target: sync_once at most 3x
   the baseline; the login (scrypt key, sign-in) is reported apart.
3. Ranked search latency, p50/p95 over ~200 realistic queries (surname prefixes, full
   names with umlaut spellings, skills, position titles) through
   sync.cache.read.search.search(cache, q, limit=20), on the cache as the sync left it and
   again after apply.optimize_search. Target: p95 under 10 ms.
4. Cache file size (plus -wal) and the syncer's peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import msgspec
from common import (
    DEMO_PASSWORD,
    DEMO_USER,
    REPO,
    add_common_args,
    kontor_server,
    load_average,
    log,
    machine,
    mib,
    peak_rss_bytes,
    percentile,
    prepare_demo,
    print_table,
    workdir,
    write_json,
)

PAGE_LIMIT = 1000
PASSPHRASE = "kontor benchmark passphrase"
SYNC_TARGET_RATIO = 3.0
SEARCH_TARGET_P95_MS = 10.0
SEARCH_REPEATS = 3
RECORD_TABLES = ("person", "org_unit", "position", "responsibility", "connection", "space",
                 "membership", "post", "comment", "reaction", "handover")


def syncer_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"KONTOR_PASSPHRASE": PASSPHRASE,
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    return env


def file_sizes(path: Path) -> dict[str, int]:
    return {suffix or "db": Path(f"{path}{suffix}").stat().st_size
            for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists()}


# --- the child: one first sync, timed from the inside ------------------------------------


async def _child_sync(url: str, profile_dir: Path) -> dict[str, Any]:
    from sync import engine as engine_module
    from sync.session import ProfileSession

    split = {"fetch": 0.0, "decode": 0.0, "apply": 0.0}

    def timed(name: str, fn: Any) -> Any:
        def wrapper(*a: Any, **kw: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                split[name] += time.perf_counter() - t0
        return wrapper

    started = time.perf_counter()
    session = ProfileSession.open(profile_dir)
    await session.login(url, DEMO_USER, DEMO_PASSWORD, "bench")
    logged_in = time.perf_counter()
    client = session.client()
    engine = session.engine(client)
    engine.page_limit = PAGE_LIMIT
    fetch = client.fetch_page

    async def fetch_page(*a: Any, **kw: Any) -> bytes:
        t0 = time.perf_counter()
        try:
            return await fetch(*a, **kw)
        finally:
            split["fetch"] += time.perf_counter() - t0

    client.fetch_page = fetch_page  # type: ignore[method-assign]
    engine_module.p.decode_sync_page = timed("decode", engine_module.p.decode_sync_page)
    engine_module.cache_apply.apply_page = timed("apply", engine_module.cache_apply.apply_page)
    applied = await engine.sync_once()
    done = time.perf_counter()
    # What the app then does in the background (sync/photos.py): the photos the feed
    # announced, fetched after the records are on screen; not part of the sync's time.
    photos = await engine.fetch_photos()
    photos_done = time.perf_counter()
    await client.close()
    sizes_open = file_sizes(session.profile.cache_path)
    session.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": done - started,
        "login_seconds": logged_in - started,
        "sync_seconds": done - logged_in,
        "applied": applied,
        "photos": photos,
        "photo_seconds": photos_done - done,
        "split": split,
        "sizes_open": sizes_open,
        "sizes_closed": file_sizes(session.profile.cache_path),
        "peak_rss": peak_rss_bytes(os.getpid()),
        "ru_maxrss": usage.ru_maxrss * 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }


def child_main(url: str, profile_dir: Path, profile_out: Path | None) -> None:
    if profile_out is None:
        result = asyncio.run(_child_sync(url, profile_dir))
    else:
        import cProfile

        with cProfile.Profile() as prof:
            result = asyncio.run(_child_sync(url, profile_dir))
        prof.dump_stats(profile_out)
    print("RESULT " + json.dumps(result), flush=True)


def run_child(url: str, profile_dir: Path, profile_out: Path | None) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", url, str(profile_dir)]
    if profile_out is not None:
        argv += ["--child-profile", str(profile_out)]
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=REPO, env=syncer_env(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"the syncing child failed:\n{proc.stderr[-4000:]}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[len("RESULT "):])
    result["wall_seconds"] = wall
    return result


# --- opening the synced cache in this process ---------------------------------------------


def open_synced(profile_dir: Path, readonly: bool) -> Any:
    from sync.cache.db import Cache
    from sync.session import ProfileSession

    os.environ.update(syncer_env())
    session = ProfileSession.open(profile_dir)
    key = session.keystore.get()
    assert key is not None
    return Cache.open(session.profile.cache_path, key, readonly=readonly)


# --- the baseline: bulk insert into a fresh file -----------------------------------------


async def _baseline_fetch(url: str) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Every record of the first sync, paged from the server as plainly as possible."""
    import aiohttp

    from sync.protocol import paths
    from sync.protocol.feed import decode_sync_page

    times = {"fetch": 0.0, "decode": 0.0}
    latest: dict[str, dict[str, Any]] = {t: {} for t in RECORD_TABLES}
    async with aiohttp.ClientSession(url) as http:
        async with http.post(paths.LOGIN, json={"username": DEMO_USER,
                                                "password": DEMO_PASSWORD,
                                                "device_name": "bench baseline"}) as r:
            r.raise_for_status()
            token = (await r.json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        times["started"] = time.perf_counter()
        cursor, more = "", True
        while more:
            t0 = time.perf_counter()
            async with http.get(paths.SYNC, params={"limit": str(PAGE_LIMIT),
                                                    "since": cursor}, headers=headers) as r:
                r.raise_for_status()
                body = await r.read()
            t1 = time.perf_counter()
            page = decode_sync_page(body)
            for change in page.changes:
                table = latest.get(change.kind)
                if table is None:
                    continue
                if change.op == "put":
                    table[change.id] = change.record
                else:
                    table.pop(change.id, None)
            times["fetch"] += t1 - t0
            times["decode"] += time.perf_counter() - t1
            cursor, more = page.cursor, page.more
    return {t: list(v.values()) for t, v in latest.items()}, times


def baseline_child_main(url: str, path: Path) -> None:
    records, times = asyncio.run(_baseline_fetch(url))
    inserted = baseline_insert(path, records)
    seconds = time.perf_counter() - times.pop("started")
    print("RESULT " + json.dumps({**times, **inserted, "seconds": seconds,
                                  "records": sum(map(len, records.values()))}), flush=True)


def run_baseline_child(url: str, path: Path) -> dict[str, Any]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--baseline-child", url, str(path)]
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the baseline child failed:\n{proc.stderr[-4000:]}")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line[len("RESULT "):])
    return result


def baseline_insert(path: Path, records: dict[str, list[Any]]) -> dict[str, float]:
    import datetime as dt
    import secrets

    from sqlcipher3 import dbapi2 as sqlcipher

    from sync.cache import migrations
    from sync.cache.fold import fold, sort_key
    from sync.cache.migrations import store as store_schema
    from sync.cache.write import fts

    key = secrets.token_bytes(32).hex()
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    # The store (outbox, sign-in) is attached as the cache attaches it; step 3 needs it.
    conn.execute("ATTACH DATABASE ? AS store KEY ?",
                 (str(path.with_name(f"{path.stem}.store.db")), f"x'{key}'"))
    store_schema.migrate_store(conn)
    # The same pragmas as sync/cache/db.py gives the writer, so only the way in differs.
    for pragma in ("temp_store = MEMORY", "foreign_keys = ON", "cache_size = -32000",
                   "cipher_memory_security = OFF", "journal_mode = WAL", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    conn.create_function("kfold", 1, fold, deterministic=True)
    migrations.migrate(conn)
    encoder = msgspec.json.Encoder()

    def value(record: Any, column: str) -> Any:
        if column == "body":
            return encoder.encode(record).decode()
        if column == "sort_key":
            return sort_key(record.family_name, record.given_name)
        v = getattr(record, column)
        if isinstance(v, bool):
            return int(v)
        return v.isoformat() if isinstance(v, dt.date) else v

    times = {"rows": 0.0, "insert": 0.0, "fts": 0.0, "commit": 0.0}
    conn.execute("BEGIN IMMEDIATE")
    for table in RECORD_TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "n"]
        t0 = time.perf_counter()
        rows = [tuple(value(rec, c) for c in columns) for rec in records[table]]
        t1 = time.perf_counter()
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows,
        )
        times["rows"] += t1 - t0
        times["insert"] += time.perf_counter() - t1
    t0 = time.perf_counter()
    fts.rebuild_all(conn)
    t1 = time.perf_counter()
    conn.execute("COMMIT")
    times["fts"] = t1 - t0
    times["commit"] = time.perf_counter() - t1
    conn.close()
    times["size"] = sum(file_sizes(path).values())
    return times


# --- search -------------------------------------------------------------------------------


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}


def spellings(name: str) -> list[str]:
    """The ways people type a name: as written, with ae/oe/ue, and without the dots."""
    if not any(ch in _UMLAUTS for ch in name):
        return [name]
    transcribed = "".join(_UMLAUTS.get(ch, ch) for ch in name)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(ch)).replace("ß", "ss")
    return [name, transcribed, plain]


def realistic_queries(cache: Any, n: int = 200, seed: int = 7) -> list[str]:
    """~n queries as people type them, drawn from the cache's own people and positions."""
    rng = random.Random(seed)
    conn = cache.conn
    people = conn.execute(
        "SELECT given_name, family_name, json_extract(body, '$.skills') FROM person"
    ).fetchall()
    titles = sorted({r[0] for r in conn.execute("SELECT title FROM position")})
    skills = sorted({s for _, _, js in people for s in json.loads(js or "[]")})
    queries = ["Müller", "Muller", "Mueller", "Jana Schröder", "Jana Schroeder",
               "Schroder", "Weiß", "Weiss", "Gärtner", "Gaertner"]
    # Surnames as typed letter by letter: mostly 3 to 5 letters, some just 1 or 2.
    for i in range(50):
        family = rng.choice(people)[1]
        length = rng.choice((1, 2)) if i < 8 else rng.randint(3, 5)
        queries.append(rng.choice(spellings(family))[:length])
    # Full names, in every spelling a colleague might use.
    while len(queries) < 110:
        given, family, _ = rng.choice(people)
        for spelled in spellings(f"{given} {family}"):
            queries.append(spelled)
    queries = queries[:110]
    queries += rng.sample(skills, min(35, len(skills)))
    for title in rng.sample(titles, min(35, len(titles))):
        words = title.split()
        queries.append(title if rng.random() < 0.6 else words[0][: max(4, len(words[0]) - 2)])
    # Someone's surname and a word of their title, as in "Müller Einkauf".
    holders = conn.execute(
        "SELECT x.family_name, p.title FROM position p JOIN person x ON x.id = p.holder_id"
    ).fetchall()
    while len(queries) < n and holders:
        family, title = rng.choice(holders)
        queries.append(f"{rng.choice(spellings(family))} {rng.choice(title.split())}")
    return queries[:n]


def search_latency(cache: Any, queries: list[str]) -> dict[str, float]:
    from sync.cache.read.search import search

    for q in queries:  # warm-up: the page cache, statement cache and decryption
        search(cache, q, limit=20)
    runs: list[list[float]] = [[] for _ in queries]
    cpu_runs: list[list[float]] = [[] for _ in queries]
    for _ in range(SEARCH_REPEATS):
        for i, q in enumerate(queries):
            t0, c0 = time.perf_counter(), time.thread_time()
            search(cache, q, limit=20)
            runs[i].append(time.perf_counter() - t0)
            cpu_runs[i].append(time.thread_time() - c0)
    # Per query the median of its runs, so one hiccup of a shared machine is not a query.
    # CPU time is reported too: it hardly depends on what else the machine runs.
    times = [statistics.median(r) for r in runs]
    cpu = [statistics.median(r) for r in cpu_runs]
    empty = sum(not search(cache, q, limit=20) for q in queries)
    slowest = sorted(zip(times, queries, strict=True), reverse=True)[:5]
    return {"n": len(times), "p50_ms": percentile(times, 50) * 1000,
            "p95_ms": percentile(times, 95) * 1000, "max_ms": max(times) * 1000,
            "cpu_p50_ms": percentile(cpu, 50) * 1000, "cpu_p95_ms": percentile(cpu, 95) * 1000,
            "no_hits": empty,
            "slowest": [f"{q!r} {t * 1000:.1f} ms" for t, q in slowest]}


# --- the run ------------------------------------------------------------------------------


def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    demo = prepare_demo(args, root)
    results: dict[str, Any] = {"people": args.people, "machine": machine(),
                               "date": time.strftime("%Y-%m-%d"),
                               "init_seconds": demo.init_seconds,
                               "load_start": load_average()}
    profile_dir = root / "profile"
    with kontor_server(demo.data_dir, root) as server:
        log(f"baseline: page the feed and bulk-insert it (child process) from {server.url}")
        before = run_baseline_child(server.url, root / "baseline-before.db")
        log(f"first sync of an empty profile from {server.url} (child process)")
        cpu0 = server.cpu_seconds()
        results["sync"] = sync = run_child(server.url, profile_dir, args.child_profile)
        cpu1 = server.cpu_seconds()
        results["server_cpu_sync"] = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        log("baseline again, after the sync")
        after = run_baseline_child(server.url, root / "baseline-after.db")
        results["server_peak_rss"] = server.peak_rss()
    log(f"synced {sync['applied']} changes in {sync['seconds']:.1f} s")
    base = min(before, after, key=lambda b: float(b["seconds"]))
    base["runs"] = [before["seconds"], after["seconds"]]
    results["baseline"] = base
    results["ratio"] = sync["sync_seconds"] / base["seconds"]

    cache = open_synced(profile_dir, readonly=True)

    queries = realistic_queries(cache)
    log(f"search: {len(queries)} queries")
    results["search"] = search_latency(cache, queries)
    cache.close()
    writer = open_synced(profile_dir, readonly=False)
    from sync.cache.write.apply import optimize_search

    t0 = time.perf_counter()
    optimize_search(writer, min_writes=0)
    results["optimize_seconds"] = time.perf_counter() - t0
    results["optimized_size"] = sum(file_sizes(writer.path).values())
    results["search_optimized"] = search_latency(writer, queries)
    writer.close()
    results["optimized_closed_size"] = sum(file_sizes(writer.path).values())
    results["queries_sample"] = queries[::20]
    results["load_end"] = load_average()
    return results


def _secs(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def report(r: dict[str, Any]) -> None:
    s, b, q, qo = r["sync"], r["baseline"], r["search"], r["search_optimized"]
    split = s["split"]
    other = s["sync_seconds"] - split["fetch"] - split["decode"] - split["apply"]
    init = r["init_seconds"]
    ratio_ok = "met" if r["ratio"] <= SYNC_TARGET_RATIO else "NOT met"
    p95_ok = "met" if q["p95_ms"] < SEARCH_TARGET_P95_MS else "NOT met"
    p95o_ok = "met" if qo["p95_ms"] < SEARCH_TARGET_P95_MS else "NOT met"
    opt = r["optimize_seconds"]
    rows = [
        ("demo company", f"{r['people']:,} people"),
        ("init --demo (generate + load)", "reused" if init is None else f"{init:.1f} s"),
        ("changes synced", f"{s['applied']:,}"),
        ("empty profile -> complete cache", f"{s['seconds']:.1f} s"),
        ("  login (incl. scrypt key)", f"{s['login_seconds']:.1f} s"),
        ("  sync_once", f"{s['sync_seconds']:.1f} s"),
        ("    waiting for pages (server)", f"{split['fetch']:.1f} s"),
        ("    decoding pages", f"{split['decode']:.1f} s"),
        ("    apply_page", f"{split['apply']:.1f} s"),
        ("    other", f"{other:.1f} s"),
        ("photos fetched after the sync (in the background)",
         f"{s['photos']:,} in {s['photo_seconds']:.1f} s"),
        ("  child process wall time", f"{s['wall_seconds']:.1f} s"),
        ("  CPU: syncer / server", f"{s['cpu_seconds']:.1f} / {_secs(r['server_cpu_sync'])}"),
        ("baseline (child): page + decode + bulk insert + FTS, faster of 2",
         f"{b['seconds']:.1f} s ({' and '.join(f'{x:.1f}' for x in b['runs'])} s)"),
        ("  waiting for pages / decode", f"{b['fetch']:.1f} / {b['decode']:.1f} s"),
        ("  rows / insert", f"{b['rows']:.1f} / {b['insert']:.1f} s"),
        ("  FTS rebuild_all / commit", f"{b['fts']:.1f} / {b['commit']:.1f} s"),
        ("  records", f"{b['records']:,}"),
        ("ratio sync_once / baseline (target <= 3x)", f"{r['ratio']:.1f}x {ratio_ok}"),
        ("search p50 / p95 / max, as synced",
         f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f} / {q['max_ms']:.1f} ms"),
        ("  CPU p50 / p95", f"{q['cpu_p50_ms']:.1f} / {q['cpu_p95_ms']:.1f} ms"),
        ("  p95 target < 10 ms", p95_ok),
        ("apply.optimize_search(min_writes=0) afterwards", f"{opt:.1f} s"),
        ("search p50 / p95 / max, after optimize_search",
         f"{qo['p50_ms']:.1f} / {qo['p95_ms']:.1f} / {qo['max_ms']:.1f} ms"),
        ("  CPU p50 / p95", f"{qo['cpu_p50_ms']:.1f} / {qo['cpu_p95_ms']:.1f} ms"),
        ("  p95 target < 10 ms", p95o_ok),
        ("queries without hits", f"{q['no_hits']} of {q['n']}"),
        ("cache.db + -wal at end of sync",
         " + ".join(mib(s["sizes_open"].get(k, 0)) for k in ("db", "-wal"))),
        ("cache.db after close", mib(s["sizes_closed"].get("db"))),
        ("cache.db + -wal after optimize_search", mib(r["optimized_size"])),
        ("cache.db after optimize_search + close", mib(r["optimized_closed_size"])),
        ("baseline file size (closed)", mib(b["size"])),
        ("syncer peak RSS (VmHWM)", mib(s["peak_rss"])),
        ("server peak RSS", mib(r.get("server_peak_rss"))),
        ("load average at start / end (2 cores)", f"{r['load_start']} / {r['load_end']}"),
    ]
    print_table(f"Initial sync benchmark ({r['date']}, {r['machine']})", rows)
    print("slowest queries (as synced): " + "; ".join(q["slowest"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--child-profile", type=Path,
                        help="run the syncing child under cProfile, stats to this file")
    parser.add_argument("--child", nargs=2, metavar=("URL", "PROFILE_DIR"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--baseline-child", nargs=2, metavar=("URL", "FILE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_child:
        baseline_child_main(args.baseline_child[0], Path(args.baseline_child[1]))
        return 0
    if args.child:
        child_main(args.child[0], Path(args.child[1]), args.child_profile)
        return 0
    with workdir(args) as root:
        results = run(args, root)
    report(results)
    write_json(args.json_out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
