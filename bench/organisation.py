"""Organisation benchmark: handovers on the server, their feed groups, the org readers.

    .venv/bin/python bench/organisation.py                  # 100,000 people (a few minutes)
    .venv/bin/python bench/organisation.py --people 20000   # quicker

What it measures, on a fresh `kontor-server init --demo --people N` served by
`kontor-server serve` in its own process:
1. Server: N handovers (PUT /api/v1/handovers/{uuid7}, dated today, so applied at once)
   of different positions in the teams of the demo user's department, each by the
   department's lead, signed in with the demo password. Baseline in the same run,
   interleaved (one before each handover): the same lead's PUT
   /api/v1/positions/{id}/absence on the same position, a plain single-record write.
   Also the size of each handover's feed group (its rows in the server's `change`
   table, read from the database file) and whether it was a team-lead seat.
2. Feed: the demo user pages with limit=1 from just before each handover to the end;
   the page that carries the group is timed. Baselines in the same run: the limit=1
   page carrying the absence write (one plain row), and a limit=G page of the demo's
   older, ungrouped rows, G being the group page's size.
3. Client readers: the demo user's profile is synced with the real engine (the child
   process of bench/initial_sync.py) before any handover; then, with the server
   stopped, p50/p95 of the org chart and onboarding readers on that cache. Each
   reader's baseline is its own SQL: the statements it ran (recorded once, with their
   parameters) replayed on the same connection, every row fetched and nothing built
   from them; the ratio is what the reader's Python adds to the database's work. A
   reader over 50 ms at p95 is flagged "slow for a GUI refresh" and its slowest SQL
   statement is shown with EXPLAIN QUERY PLAN.

Nothing asserts: it measures and prints.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import uuid6
from common import (
    DEMO_USER,
    FeedPage,
    add_common_args,
    client_session,
    kontor_server,
    load_average,
    log,
    login,
    machine,
    percentile,
    prepare_demo,
    print_table,
    workdir,
    write_json,
)
from initial_sync import open_synced, run_child

SLOW_MS = 50.0  # p95 above this is slow for a GUI refresh (a frame budget of a few)
_page = msgspec.json.Decoder(FeedPage)


# --- what to hand over, read from the server's database before it starts ---------------


@dataclass(frozen=True, slots=True)
class Plan:
    lead_username: str
    lead_person_id: str
    demo_person_id: str
    positions: list[tuple[str, bool]]  # (position id, is a team-lead seat)
    successors: list[str]  # one active person per handover, from another department
    plain_seq: int  # an older feed position whose rows are ungrouped


def plan_handovers(db_path: Path, n: int, seed: int) -> Plan:
    """The department above the demo user's team, its lead, and n held seats in its teams
    (about a fifth of them team-lead seats) without a scheduled handover."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    q = db.execute
    (me,) = q("SELECT person_id FROM account WHERE username = ?", (DEMO_USER,)).fetchone()
    (team_id,) = q("SELECT org_unit_id FROM position WHERE holder_id = ?", (me,)).fetchone()
    (dept_id,) = q("SELECT parent_id FROM org_unit WHERE id = ?", (team_id,)).fetchone()
    (lead_person,) = q("SELECT p.holder_id FROM org_unit u JOIN position p"
                       " ON p.id = u.lead_position_id WHERE u.id = ?", (dept_id,)).fetchone()
    (username,) = q("SELECT username FROM account WHERE person_id = ?",
                    (lead_person,)).fetchone()
    seats = q("""
        SELECT p.id, p.id = u.lead_position_id FROM position p JOIN org_unit u
          ON u.id = p.org_unit_id
        WHERE u.parent_id = ? AND p.holder_id IS NOT NULL AND p.holder_id != ?
          AND p.id NOT IN (SELECT position_id FROM handover WHERE state = 'scheduled')
        ORDER BY p.id""", (dept_id, me)).fetchall()
    rng = random.Random(seed)
    leads = [(s, True) for s, is_lead in seats if is_lead]
    members = [(s, False) for s, is_lead in seats if not is_lead]
    n_leads = min(len(leads), max(1, n // 5))
    chosen = rng.sample(leads, n_leads) + rng.sample(members, min(len(members), n - n_leads))
    rng.shuffle(chosen)
    others = [r[0] for r in q("""
        SELECT p.holder_id FROM position p JOIN org_unit u ON u.id = p.org_unit_id
        JOIN org_unit d ON d.id = u.parent_id JOIN person x ON x.id = p.holder_id
        WHERE d.id != ? AND d.unit_kind = 'department' AND x.status = 'active'
          AND p.id != u.lead_position_id ORDER BY p.id""", (dept_id,))]
    (head,) = q("SELECT max(seq) FROM change").fetchone()
    db.close()
    return Plan(username, lead_person, me, chosen, rng.sample(others, len(chosen)), head // 2)


def group_rows(db_path: Path, handover_id: str) -> int:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM change WHERE grp = ?",
                              (handover_id,)).fetchone()[0])
    finally:
        db.close()


OLD_GROUP = "bench-old-group"


def plain_seq_before(db_path: Path, after_seq: int) -> int:
    """The seq just before the first company-wide row after after_seq."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        (seq,) = db.execute("SELECT min(seq) FROM change WHERE scope = 'all'"
                            " AND scope_id IS NULL AND seq > ?", (after_seq,)).fetchone()
        return int(seq) - 1
    finally:
        db.close()


def mark_old_group(db_path: Path, after_seq: int) -> None:
    """Make three company-wide rows in the middle of the feed one group, as a handover
    long ago leaves them (the demo loads its past handovers ungrouped); only in this
    run's copy, with the server stopped."""
    db = sqlite3.connect(db_path)
    try:
        seqs = [r[0] for r in db.execute(
            "SELECT seq FROM change WHERE scope = 'all' AND scope_id IS NULL AND seq > ?"
            " ORDER BY seq LIMIT 3", (after_seq,))]
        db.execute(f"UPDATE change SET grp = ? WHERE seq IN ({', '.join('?' * len(seqs))})",
                   (OLD_GROUP, *seqs))
        db.commit()
    finally:
        db.close()


# --- 1 and 2: writes and feed pages -------------------------------------------------------


class _Client:
    """One signed-in client: timed PUTs and feed pages."""

    def __init__(self, http: Any, base: str, token: str) -> None:
        self.http, self.base = http, base
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    async def put(self, path: str, body: dict[str, Any]) -> float:
        data = msgspec.json.encode(body)
        t0 = time.perf_counter()
        async with self.http.put(f"{self.base}{path}", data=data, headers=self.headers) as r:
            answer = await r.read()
            if r.status != 200:
                raise RuntimeError(f"PUT {path}: HTTP {r.status} {answer[:300]!r}")
        return time.perf_counter() - t0

    async def page(self, since: str, limit: int) -> tuple[FeedPage, float]:
        t0 = time.perf_counter()
        async with self.http.get(f"{self.base}/api/v1/sync?limit={limit}&since={since}",
                                 headers=self.headers) as r:
            data = await r.read()
            if r.status != 200:
                raise RuntimeError(f"feed page: HTTP {r.status} {data[:300]!r}")
        return _page.decode(data), time.perf_counter() - t0

    async def head(self, since: str) -> str:
        """The cursor at the end of the feed, paging on from since."""
        while True:
            page, _ = await self.page(since, 1000)
            since = page.cursor
            if not page.more:
                return since


def make_cursor(sample: str, seq: int) -> str:
    """A cursor at seq, with the epoch of a real one (the format of services/feed.py)."""
    raw = base64.urlsafe_b64decode(sample + "=" * (-len(sample) % 4)).decode()
    epoch = raw.split(".")[0]
    return base64.urlsafe_b64encode(f"{epoch}.{seq}".encode()).decode().rstrip("=")


async def handovers_and_feed(url: str, db_path: Path, plan: Plan) -> list[dict[str, Any]]:
    today = dt.date.today()
    away = {"absent_from": (today + dt.timedelta(days=30)).isoformat(),
            "absent_to": (today + dt.timedelta(days=34)).isoformat()}
    rows: list[dict[str, Any]] = []
    async with client_session() as http:
        lead = _Client(http, url, (await login(http, url, plan.lead_username)).token)
        reader = _Client(http, url, (await login(http, url)).token)
        first, _ = await reader.page("", 1)
        cursor = await reader.head(first.cursor)
        plain_cursor = make_cursor(cursor, plan.plain_seq)
        for (position_id, lead_seat), successor in zip(plan.positions, plan.successors,
                                                        strict=True):
            absence = await lead.put(f"/api/v1/positions/{position_id}/absence", away)
            plain, plain_s = await reader.page(cursor, 1)
            cursor = plain.cursor
            handover_id = str(uuid6.uuid7())
            write = await lead.put(f"/api/v1/handovers/{handover_id}", {
                "position_id": position_id, "to_person_id": successor,
                "date": today.isoformat(), "note": "Übergabe im Rahmen der Rotation."})
            # Page on with limit=1: re-sent rows of members-only spaces come one a page,
            # then the group, whole, in one page.
            group_page, group_s, pages = None, 0.0, 0
            while True:
                page, seconds = await reader.page(cursor, 1)
                pages += 1
                cursor = page.cursor
                if group_page is None or len(page.changes) > len(group_page.changes):
                    group_page, group_s = page, seconds
                if not page.more:
                    break
            assert group_page is not None
            size = len(group_page.changes)
            same, same_s = await reader.page(plain_cursor, size)
            rows.append({
                "position_id": position_id, "lead_seat": bool(lead_seat),
                "handover_ms": write * 1000, "absence_ms": absence * 1000,
                "group_rows": group_rows(db_path, handover_id), "group_page_changes": size,
                "pages_after": pages, "group_page_ms": group_s * 1000,
                "plain_page_ms": plain_s * 1000, "plain_page_changes": len(plain.changes),
                "same_size_page_ms": same_s * 1000, "same_size_changes": len(same.changes),
            })
    return rows


async def pages_at(url: str, seq: int, limits: tuple[int, ...],
                   repeats: int = 15) -> dict[str, Any]:
    """The demo user's page right after seq, for each limit: p50 of repeats, and size."""
    out: dict[str, Any] = {}
    async with client_session() as http:
        reader = _Client(http, url, (await login(http, url)).token)
        first, _ = await reader.page("", 1)
        since = make_cursor(first.cursor, seq)
        for limit in limits:
            times, size = [], 0
            for _ in range(repeats):
                page, seconds = await reader.page(since, limit)
                times.append(seconds * 1000)
                size = len(page.changes)
            out[f"limit_{limit}"] = {"p50_ms": percentile(times, 50),
                                     "p95_ms": percentile(times, 95), "changes": size}
    return out


# --- 3: readers on the synced cache -------------------------------------------------------


class _TimedConn:
    """Stands in for cache.conn for one call: every statement executed, fetched, timed."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.log: list[tuple[float, str, Any]] = []

    def execute(self, sql: str, params: Any = ()) -> _Rows:
        t0 = time.perf_counter()
        rows = self.conn.execute(sql, params).fetchall()
        self.log.append((time.perf_counter() - t0, sql, params))
        return _Rows(rows)


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def fetchall(self) -> list[Any]:
        return self.rows

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Any:
        return iter(self.rows)


def replay_seconds(cache: Any, log_: list[tuple[float, str, Any]], runs: int) -> list[float]:
    """The baseline of one reader: the statements it ran, again, each row fetched."""
    for _, sql, params in log_:  # warm-up, as the reader had
        cache.conn.execute(sql, params).fetchall()
    wall = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _, sql, params in log_:
            cache.conn.execute(sql, params).fetchall()
        wall.append(time.perf_counter() - t0)
    return wall


def statements(cache: Any, fn: Callable[[], Any]) -> list[tuple[float, str, Any]]:
    """The statements one call runs, slowest first."""
    real = cache.conn
    timed = _TimedConn(real)
    cache.conn = timed
    try:
        fn()
    finally:
        cache.conn = real
    return sorted(timed.log, key=lambda e: e[0], reverse=True)


def query_plan(cache: Any, sql: str, params: Any) -> list[str]:
    return [str(r[-1]) for r in cache.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def readers(cache: Any, person_id: str, lead_id: str,
            ) -> tuple[dict[str, Callable[[], Any]], dict[str, str]]:
    """The calls to time, on the demo user's corner of the company; and who is who."""
    from sync.cache.read.handover import contact_updates, handover_digest, manageable_positions
    from sync.cache.read.lead import unowned_responsibilities
    from sync.cache.read.org import chain_up, find_org, unit_children, unit_seats, vacancies
    from sync.cache.read.people import get_org_unit, get_person, positions_of
    from sync.cache.read.start import is_new, start_here

    mine = positions_of(cache, person_id)[0]
    team = mine.org_unit_id
    dept = get_org_unit(cache, team).parent_id  # type: ignore[union-attr]
    # The new hire: the holder in her team whose current spell started last.
    hires = [(spell.start, seat.position) for seat in unit_seats(cache, team)
             if seat.holder is not None and seat.holder.id != person_id
             for spell in seat.position.history
             if spell.person_id == seat.holder.id and spell.end is None]
    hire_pos = max(hires, key=lambda h: h[0])[1] if hires else mine
    hire = hire_pos.holder_id or person_id
    ids = [r[0] for r in cache.conn.execute("SELECT id FROM person ORDER BY n LIMIT 500")]
    turn = iter(range(10**9))
    calls: dict[str, Callable[[], Any]] = {
        "get_person(id)": lambda: get_person(cache, ids[next(turn) % len(ids)]),
        "unit_seats(her team)": lambda: unit_seats(cache, team),
        "chain_up(new hire's position)": lambda: chain_up(cache, hire_pos.id),
        'find_org("Schr")': lambda: find_org(cache, "Schr"),
        "start_here(new hire)": lambda: start_here(cache, hire),
        "start_here(demo user)": lambda: start_here(cache, person_id),
        "handover_digest(new hire's position)": lambda: handover_digest(cache,
                                                                                hire_pos.id),
        "contact_updates(demo user)": lambda: contact_updates(cache, person_id),
        "manageable_positions(demo user)": lambda: manageable_positions(cache, person_id),
        "manageable_positions(department lead)": lambda: manageable_positions(
            cache, lead_id),
        "unowned_responsibilities(demo user)": lambda: unowned_responsibilities(
            cache, person_id),
        "unit_children(her department)": lambda: unit_children(cache, dept),
        "unit_children(roots)": lambda: unit_children(cache, None),
        "vacancies(her department)": lambda: vacancies(cache, dept),
    }
    who = {"team": team, "department": str(dept), "new_hire": hire,
           "new_hire_position": hire_pos.id, "is_new": str(is_new(cache, hire))}
    return calls, who


def describe(result: Any) -> str:
    """What a reader returned, in a few words (so a fast figure is not a fast nothing)."""
    if isinstance(result, list):
        return f"{len(result)} rows"
    if hasattr(result, "to_meet"):  # StartHere
        return (f"{len(result.team)} team, {len(result.to_meet)} to meet, "
                f"{len(result.responsibilities)} duties, {len(result.howtos)} how-tos, "
                f"{len(result.checklist)} checklist items")
    if hasattr(result, "contacts"):  # Digest
        return (f"{len(result.contacts)} contacts, {len(result.responsibilities)} duties, "
                f"{len(result.spaces)} spaces, {len(result.howtos)} how-tos")
    return "found" if result is not None else "none"


def time_readers(cache: Any, calls: dict[str, Callable[[], Any]], runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, fn in calls.items():
        for _ in range(2):  # warm-up: page cache, statement cache, decryption
            result = fn()
        wall: list[float] = []
        cpu: list[float] = []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.thread_time()
            fn()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        log_ = statements(cache, fn)
        slowest = log_[0] if log_ else (0.0, "", ())
        replay = replay_seconds(cache, log_, runs)
        out[name] = {"runs": runs, "returned": describe(result),
                     "sql_replay_p50_ms": percentile(replay, 50) * 1000,
                     "p50_ms": percentile(wall, 50) * 1000,
                     "p95_ms": percentile(wall, 95) * 1000, "max_ms": max(wall) * 1000,
                     "cpu_p50_ms": statistics.median(cpu) * 1000,
                     "statements": len(log_), "sql_ms": sum(e[0] for e in log_) * 1000,
                     "slowest_sql_ms": slowest[0] * 1000,
                     "slowest_sql": " ".join(slowest[1].split()),
                     "slowest_plan": query_plan(cache, slowest[1], slowest[2])
                     if slowest[1] else []}
    return out


# --- the run ------------------------------------------------------------------------------


def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    demo = prepare_demo(args, root)
    results: dict[str, Any] = {"people": args.people, "machine": machine(),
                               "date": time.strftime("%Y-%m-%d"),
                               "init_seconds": demo.init_seconds,
                               "load_start": load_average()}
    db_path = demo.data_dir / "kontor.db"
    plan = plan_handovers(db_path, args.handovers, args.seed)
    results["lead"] = plan.lead_username
    profile_dir = root / "profile"
    with kontor_server(demo.data_dir, root) as server:
        if args.only != "server":
            log(f"syncing {DEMO_USER}'s profile from {server.url} (child process)")
            sync = run_child(server.url, profile_dir, None)
            results["sync_seconds"] = sync["seconds"]
            results["synced_changes"] = sync["applied"]
        if args.only != "readers":
            log(f"{len(plan.positions)} handovers by {plan.lead_username}, "
                "each after an absence")
            h = asyncio.run(handovers_and_feed(server.url, db_path, plan))
            results["handovers"] = h
            results["summary"] = summarise(h)
            old_seq = plain_seq_before(db_path, plan.plain_seq)
            results["old_plain"] = asyncio.run(pages_at(server.url, old_seq, (1, 3)))
        results["server_peak_rss"] = server.peak_rss()
    if args.only != "readers":
        mark_old_group(db_path, plan.plain_seq)
        with kontor_server(demo.data_dir, root) as server:
            log("paging across a group in the middle of the feed")
            results["old_group"] = asyncio.run(pages_at(server.url, old_seq, (1,)))
    if args.only != "server":
        log(f"readers on the synced cache ({args.runs} runs each)")
        cache = open_synced(profile_dir, readonly=True)
        try:
            calls, results["who"] = readers(cache, plan.demo_person_id,
                                               plan.lead_person_id)
            results["readers"] = time_readers(cache, calls, args.runs)
        finally:
            cache.close()
    results["load_end"] = load_average()
    return results


def _dist(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarise(h: list[dict[str, Any]]) -> dict[str, Any]:
    def of(key: str, lead_seat: bool | None = None) -> list[float]:
        return [x[key] for x in h if lead_seat is None or x["lead_seat"] == lead_seat]

    s: dict[str, Any] = {name: _dist(of(key)) for name, key in (
        ("handover", "handover_ms"), ("absence", "absence_ms"),
        ("group_page", "group_page_ms"), ("plain_page", "plain_page_ms"),
        ("same_size_page", "same_size_page_ms"), ("group_rows", "group_rows"),
        ("group_page_changes", "group_page_changes"))}
    s.update({
        "ratio_write": s["handover"]["p50"] / s["absence"]["p50"],
        "ratio_group_page": s["group_page"]["p50"] / s["plain_page"]["p50"],
        "ratio_same_size": s["group_page"]["p50"] / s["same_size_page"]["p50"],
        "handover_p50_lead_seats": _median(of("handover_ms", True)),
        "handover_p50_member_seats": _median(of("handover_ms", False)),
        "rows_median_lead_seats": _median(of("group_rows", True)),
        "rows_median_member_seats": _median(of("group_rows", False)),
        "lead_seats": len(of("handover_ms", True)),
        "min_group_rows": min(of("group_rows")),
        "median_group_rows": _median(of("group_rows")),
    })
    return s


def _ms(d: dict[str, float]) -> str:
    return f"{d['p50']:.1f} / {d['p95']:.1f} / {d['max']:.1f} ms"


def _server_rows(r: dict[str, Any]) -> list[tuple[str, str]]:
    s = r["summary"]
    n, seats = len(r["handovers"]), s["lead_seats"]
    rows = [
        ("handovers, by", f"{n} ({seats} team-lead seats), {r['lead']} (department lead)"),
        ("PUT handover (dated today) p50 / p95 / max", _ms(s["handover"])),
        ("  team-lead seats / member seats, p50",
         f"{s['handover_p50_lead_seats']:.1f} / {s['handover_p50_member_seats']:.1f} ms"),
        ("baseline: PUT absence, same lead, p50 / p95 / max", _ms(s["absence"])),
        ("ratio handover / absence (p50)", f"{s['ratio_write']:.1f}x"),
        ("feed group rows min / median / max",
         f"{s['min_group_rows']:g} / {s['median_group_rows']:g} / {s['group_rows']['max']:g}"),
        ("  team-lead seats / member seats, median",
         f"{s['rows_median_lead_seats']:g} / {s['rows_median_member_seats']:g}"),
        ("  in the demo user's group page, max", f"{s['group_page_changes']['max']:g}"),
        ("limit=1 page carrying a group p50 / p95 / max", _ms(s["group_page"])),
        ("baseline: limit=1 page, one plain row", _ms(s["plain_page"])),
        ("baseline: plain page of the group's size", _ms(s["same_size_page"])),
        ("ratio group page / plain limit=1 page (p50)", f"{s['ratio_group_page']:.1f}x"),
        ("ratio group page / same-size plain page (p50)", f"{s['ratio_same_size']:.1f}x"),
    ]
    if "old_group" in r:
        g, plain = r["old_group"]["limit_1"], r["old_plain"]
        p1, p3 = plain["limit_1"], plain["limit_3"]
        rows += [
            (f"old group mid-feed: limit=1 page ({g['changes']} changes) p50 / p95",
             f"{g['p50_ms']:.1f} / {g['p95_ms']:.1f} ms"),
            ("baseline: same page before the rows were grouped, limit=1 / 3",
             f"{p1['p50_ms']:.1f} / {p3['p50_ms']:.1f} ms"),
            ("ratio old group page / same-size plain page (p50)",
             f"{g['p50_ms'] / p3['p50_ms']:.1f}x"),
        ]
    return rows


def _reader_rows(r: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for name, x in r["readers"].items():
        flag = "  SLOW for a GUI refresh" if x["p95_ms"] > SLOW_MS else ""
        replay = x["sql_replay_p50_ms"]
        ratio = f", {x['p50_ms'] / replay:.1f}x its SQL ({replay:.2f} ms)" if replay else ""
        rows.append((f"reader {name} p50 / p95",
                     f"{x['p50_ms']:.2f} / {x['p95_ms']:.2f} ms{ratio}{flag}"))
    return rows


def report(r: dict[str, Any]) -> None:
    init = r["init_seconds"]
    rows = [("demo company", f"{r['people']:,} people"),
            ("init --demo (generate + load)", "reused" if init is None else f"{init:.1f} s")]
    if "sync_seconds" in r:
        rows.append((f"{DEMO_USER}: first sync (child process)",
                     f"{r['sync_seconds']:.1f} s, {r['synced_changes']:,} changes"))
    if "handovers" in r:
        rows += _server_rows(r)
    if "readers" in r:
        rows += _reader_rows(r)
    rows += [
        ("server peak RSS", f"{(r['server_peak_rss'] or 0) / 2**20:,.1f} MiB"),
        ("load average at start / end (2 cores)", f"{r['load_start']} / {r['load_end']}"),
    ]
    print_table(f"Organisation benchmark ({r['date']}, {r['machine']})", rows)
    if "readers" not in r:
        return
    print("reader ratios are p50 against the p50 of replaying the reader's own SQL "
          f"(every row fetched); slow = p95 over {SLOW_MS:.0f} ms; what each returned:")
    for name, x in r["readers"].items():
        print(f"  {name}: {x['returned']}; CPU p50 {x['cpu_p50_ms']:.2f} ms; "
              f"{x['statements']} statements, {x['sql_ms']:.2f} ms in SQL")
    for name, x in r["readers"].items():
        if x["p95_ms"] > SLOW_MS:
            print(f"\n{name}: {x['statements']} statements, {x['sql_ms']:.1f} ms in SQL; "
                  f"slowest {x['slowest_sql_ms']:.1f} ms:\n  {x['slowest_sql'][:400]}")
            for line in x["slowest_plan"]:
                print(f"    plan: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--handovers", type=int, default=30, help="handovers (default 30)")
    parser.add_argument("--runs", type=int, default=40, help="timed runs per reader (40)")
    parser.add_argument("--only", choices=("server", "readers"),
                        help="only the handovers and feed pages, or only sync + readers")
    args = parser.parse_args(argv)
    with workdir(args) as root:
        results = run(args, root)
    report(results)
    write_json(args.json_out, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
