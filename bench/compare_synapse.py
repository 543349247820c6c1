"""Kontor beside Synapse (a Matrix homeserver) on loopback: sends, concurrency, send-to-seen.

    .venv/bin/python bench/compare_synapse.py                  # 5 rounds, about 5 min
    .venv/bin/python bench/compare_synapse.py --rounds 2 --sends 50 --samples 10  # quick

Both servers run as their own processes on 127.0.0.1, each on SQLite:
- Kontor: `kontor-server serve` over `init --demo --people N` (default 300). The demo
  user posts into a company-wide space; a second account reads.
- Synapse: its own virtual environment (bench/synapse_setup.sh: build/synapse-venv,
  matrix-synapse 1.163.2), a client listener only (no federation listener, an empty
  federation allow-list), presence off, rate limits out of the way; two users made with
  the admin shared secret (register_new_matrix_user). alice sends into a private room
  that bob has joined.

Measured in interleaved rounds (Kontor and Synapse take turns, the order alternating):
1. sequential sends: one sender, one request after the other (posts into the space,
   m.room.message events into the room), sends per second;
2. concurrent sends: 8 senders at once, sends per second over all;
3. send-to-seen: from the send's start until the second user's client has it (and,
   of the same samples, until the send was answered). Kontor:
   the real sync engine (sync/engine.py) with its SQLCipher cache, following the live
   WebSocket (whose wake-up carries the post; the engine pulls only when it cannot
   take it); seen when the post is in its cache. Synapse: bob's /sync
   long-poll (timeout 30 s), seen when the event is in the answer;
4. server CPU per send (user + system of the server process over phases 1 and 2) and
   its RSS after each round.
Each figure is the median over rounds with min-max; ratios Kontor/Synapse against the
product's targets: 10x Synapse's sequential send rate, 0.25x its send-to-seen median.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import aiohttp  # noqa: E402
import uuid6  # noqa: E402
from common import (  # noqa: E402
    DEMO_PASSWORD,
    DEMO_USER,
    REPO,
    add_common_args,
    client_session,
    cpu_seconds,
    current_rss_bytes,
    kontor_server,
    load_average,
    log,
    login,
    machine,
    prepare_demo,
    print_table,
    workdir,
    write_json,
)

from sync.engine import StatusChanged, Synced  # noqa: E402
from sync.session import ProfileSession  # noqa: E402

VENV = REPO / "build" / "synapse-venv"
SYNAPSE_PASSWORD = "bench-password-1"  # a throwaway homeserver on loopback
TARGET_RATE = 10.0
TARGET_LATENCY = 0.25
Send = Callable[[aiohttp.ClientSession, str], Awaitable[None]]


# --- Synapse ----------------------------------------------------------------------------


def free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Synapse:
    def __init__(self, root: Path) -> None:
        self.dir = root / "synapse"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}
        self.room = ""

    def start(self) -> None:
        subprocess.run(["sh", str(REPO / "bench" / "synapse_setup.sh"), str(self.dir),
                        str(self.port)], check=True, cwd=REPO)
        self.proc = subprocess.Popen(
            [str(VENV / "bin" / "python"), "-m", "synapse.app.homeserver", "-c",
             str(self.dir / "homeserver.yaml")],
            stdout=subprocess.DEVNULL, stderr=(self.dir / "stderr.log").open("wb"))

    async def wait_ready(self, http: aiohttp.ClientSession) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"Synapse stopped; see {self.dir}/homeserver.log")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{self.base}/_matrix/client/versions") as r:
                    if r.status == 200:
                        return
            await asyncio.sleep(0.5)
        raise RuntimeError("Synapse did not answer within 120 s")

    def register(self, user: str) -> None:
        subprocess.run([str(VENV / "bin" / "register_new_matrix_user"), "-u", user,
                        "-p", SYNAPSE_PASSWORD, "--no-admin", "-c",
                        str(self.dir / "homeserver.yaml"), self.base],
                       check=True, stdout=subprocess.DEVNULL)

    async def call(self, http: aiohttp.ClientSession, method: str, path: str, user: str,
                   body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user in self.tokens \
            else {}
        async with http.request(method, f"{self.base}/_matrix/client/v3{path}", json=body,
                                headers=headers) as r:
            answer = await r.json()
            if r.status != 200:
                raise RuntimeError(f"Synapse {method} {path}: {r.status} {answer}")
            return answer

    async def prepare(self, http: aiohttp.ClientSession) -> None:
        await self.wait_ready(http)
        for user in ("alice", "bob"):
            self.register(user)
            answer = await self.call(http, "POST", "/login", "", {
                "type": "m.login.password", "password": SYNAPSE_PASSWORD,
                "identifier": {"type": "m.id.user", "user": user}})
            self.tokens[user] = answer["access_token"]
        room = await self.call(http, "POST", "/createRoom", "alice", {
            "preset": "private_chat", "invite": ["@bob:localhost"], "name": "Bench"})
        self.room = room["room_id"]
        await self.call(http, "POST", f"/join/{self.room}", "bob", {})

    async def send(self, http: aiohttp.ClientSession, text: str) -> None:
        await self.call(http, "PUT", f"/rooms/{self.room}/send/m.room.message/"
                        f"{secrets.token_hex(8)}", "alice", {"msgtype": "m.text", "body": text})

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class SynapseReader:
    """bob's client: /sync long-polls one after the other, noting each body it sees."""

    FILTER = json.dumps({"presence": {"types": []}, "account_data": {"types": []},
                         "room": {"timeline": {"limit": 100}, "state": {"types": []},
                                  "ephemeral": {"types": []}}})

    def __init__(self, synapse: Synapse, http: aiohttp.ClientSession) -> None:
        self.synapse = synapse
        self.http = http
        self.since = ""
        self.waiting: dict[str, asyncio.Future[float]] = {}

    async def _sync(self, timeout_ms: int) -> None:
        query = {"timeout": str(timeout_ms), "filter": self.FILTER}
        if self.since:
            query["since"] = self.since
        async with self.http.get(
                f"{self.synapse.base}/_matrix/client/v3/sync", params=query,
                headers={"Authorization": f"Bearer {self.synapse.tokens['bob']}"}) as r:
            answer = await r.json()
        now = time.perf_counter()
        self.since = answer["next_batch"]
        for room in answer.get("rooms", {}).get("join", {}).values():
            for event in room.get("timeline", {}).get("events", []):
                future = self.waiting.pop(event.get("content", {}).get("body", ""), None)
                if future is not None and not future.done():
                    future.set_result(now)

    async def run(self, stop: asyncio.Event) -> None:
        await self._sync(0)
        while not stop.is_set():
            await self._sync(30_000)


# --- Kontor -----------------------------------------------------------------------------


class Kontor:
    def __init__(self, root: Path, data_dir: Path) -> None:
        self.root = root
        self.data_dir = data_dir
        self.server = kontor_server(data_dir, root)
        self.base = ""
        self.token = ""
        self.space = ""
        self.reader_name = ""

    def start(self) -> None:
        self.space, self.reader_name = self._space_and_reader()
        self.server.start()
        self.base = self.server.url

    def _space_and_reader(self) -> tuple[str, str]:
        with contextlib.closing(sqlite3.connect(
                f"file:{self.data_dir / 'kontor.db'}?mode=ro", uri=True)) as db:
            space = db.execute(
                "SELECT m.space_id FROM membership m JOIN account a ON a.person_id = "
                "m.person_id JOIN space s ON s.id = m.space_id WHERE a.username = ? AND "
                "s.visibility = 'company' AND s.space_kind != 'announcements' "
                "ORDER BY s.id LIMIT 1", (DEMO_USER,)).fetchone()[0]
            reader = db.execute("SELECT username FROM account WHERE username != ? "
                                "ORDER BY username LIMIT 1", (DEMO_USER,)).fetchone()[0]
        return str(space), str(reader)

    async def prepare(self, http: aiohttp.ClientSession) -> None:
        self.token = (await login(http, self.base)).token

    async def send(self, http: aiohttp.ClientSession, text: str) -> None:
        async with http.put(f"{self.base}/api/v1/posts/{uuid6.uuid7()}", json={
                "space_id": self.space, "text": text, "post_kind": "post", "mentions": []},
                headers={"Authorization": f"Bearer {self.token}"}) as r:
            if r.status not in (200, 201):
                raise RuntimeError(f"Kontor post: {r.status} {await r.text()}")


class KontorReader:
    """The second account's client: ProfileSession + SyncEngine.run, woken by the live
    WebSocket; a post counts as seen once the engine has committed it to the cache."""

    def __init__(self, kontor: Kontor) -> None:
        self.kontor = kontor
        self.session = ProfileSession.open(kontor.root / "reader-profile",
                                           passphrase=lambda: "bench passphrase only")
        self.waiting: dict[str, asyncio.Future[float]] = {}
        self.woken: dict[str, float] = {}  # when the round that brings it started

    async def prepare(self) -> None:
        await self.session.login(self.kontor.base, self.kontor.reader_name, DEMO_PASSWORD,
                                 "bench")
        client = self.session.client()
        await self.session.engine(client).sync_once()
        await client.close()

    def _on_event(self, event: object) -> None:
        now = time.perf_counter()
        if isinstance(event, StatusChanged) and event.status == "syncing":
            for text in self.waiting:
                self.woken.setdefault(text, now)
        if not isinstance(event, Synced) or not self.waiting:
            return
        conn = self.session.cache.conn
        for text, future in list(self.waiting.items()):
            if conn.execute("SELECT 1 FROM post WHERE json_extract(body, '$.text') = ?",
                            (text,)).fetchone():
                del self.waiting[text]
                if not future.done():
                    future.set_result(now)

    async def run(self, stop: asyncio.Event) -> None:
        client = self.session.client()
        engine = self.session.engine(client)
        engine.subscribe(self._on_event)
        try:
            await engine.run(stop)
        finally:
            await client.close()


# --- the measurements -------------------------------------------------------------------


async def sequential(http: aiohttp.ClientSession, send: Send, n: int, tag: str) -> float:
    started = time.perf_counter()
    for i in range(n):
        await send(http, f"{tag} seq {i}")
    return n / (time.perf_counter() - started)


async def concurrent(http: aiohttp.ClientSession, send: Send, senders: int, each: int,
                     tag: str) -> float:
    async def one(k: int) -> None:
        for i in range(each):
            await send(http, f"{tag} conc {k}.{i}")

    started = time.perf_counter()
    await asyncio.gather(*(one(k) for k in range(senders)))
    return senders * each / (time.perf_counter() - started)


async def send_to_seen(http: aiohttp.ClientSession, send: Send,
                       reader: SynapseReader | KontorReader,
                       run: Callable[[asyncio.Event], Awaitable[None]],
                       samples: int, tag: str) -> tuple[list[float], list[float]]:
    """(send-to-seen, send-to-answer, send-to-woken) seconds of each sample; woken (the
    Kontor reader's round started) is empty for Synapse."""
    stop = asyncio.Event()
    running = asyncio.ensure_future(run(stop))
    await asyncio.sleep(1.0)  # the reader is connected and waiting
    out, answered, woken = [], [], []
    try:
        for i in range(samples):
            text = f"{tag} seen {i} {secrets.token_hex(4)}"
            future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
            reader.waiting[text] = future
            started = time.perf_counter()
            await send(http, text)
            answered.append(time.perf_counter() - started)
            seen = await asyncio.wait_for(future, 30)
            out.append(seen - started)
            if isinstance(reader, KontorReader) and text in reader.woken:
                woken.append(reader.woken.pop(text) - started)
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        if isinstance(reader, SynapseReader):
            running.cancel()  # a long-poll in flight would wait its 30 s
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(running, 40)
    return out, answered, woken


async def one_round(name: str, http: aiohttp.ClientSession, send: Send, pid: int,
                    reader: SynapseReader | KontorReader,
                    run: Callable[[asyncio.Event], Awaitable[None]],
                    args: argparse.Namespace, round_no: int) -> dict[str, float]:
    tag = f"{name} r{round_no}"
    cpu_before = cpu_seconds(pid) or 0.0
    seq = await sequential(http, send, args.sends, tag)
    conc = await concurrent(http, send, args.senders, args.sends // args.senders, tag)
    cpu = (cpu_seconds(pid) or 0.0) - cpu_before
    sends = args.sends + args.senders * (args.sends // args.senders)
    seen, answered, woken = await send_to_seen(http, send, reader, run, args.samples, tag)
    return {"sequential_per_s": seq, "concurrent_per_s": conc,
            "cpu_ms_per_send": 1000 * cpu / sends,
            "seen_median_ms": 1000 * statistics.median(seen),
            "seen_p90_ms": 1000 * sorted(seen)[int(0.9 * (len(seen) - 1))],
            "answered_median_ms": 1000 * statistics.median(answered),
            # samples for which the Kontor reader had to pull (the rest came in the
            # wake-up), and how long after the send its round started
            "pulled_samples": float(len(woken)),
            "woken_median_ms": 1000 * statistics.median(woken) if woken else 0.0,
            "rss_mib": (current_rss_bytes(pid) or 0) / 2**20}


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.1f} ({min(values):,.1f}-{max(values):,.1f})"


async def run(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    demo = prepare_demo(args, root)
    kontor = Kontor(root, demo.data_dir)
    synapse = Synapse(root)
    log("starting Kontor and setting up Synapse")
    kontor.start()
    synapse.start()
    results: dict[str, list[dict[str, float]]] = {"kontor": [], "synapse": []}
    loads: list[str] = []
    try:
        async with client_session() as http:
            await kontor.prepare(http)
            await synapse.prepare(http)
            k_reader = KontorReader(kontor)
            await k_reader.prepare()
            s_reader = SynapseReader(synapse, http)
            assert synapse.proc is not None and kontor.server.proc is not None
            systems = {
                "kontor": (kontor.send, kontor.server.pid, k_reader, k_reader.run),
                "synapse": (synapse.send, synapse.proc.pid, s_reader, s_reader.run),
            }
            for round_no in range(1, args.rounds + 1):
                order = ["kontor", "synapse"] if round_no % 2 else ["synapse", "kontor"]
                for name in order:
                    loads.append(load_average())
                    send, pid, reader, go = systems[name]
                    figures = await one_round(name, http, send, pid, reader, go, args,
                                              round_no)
                    results[name].append(figures)
                    log(f"round {round_no} {name}: " + ", ".join(
                        f"{k} {v:.1f}" for k, v in figures.items()))
            k_reader.session.close()
    finally:
        kontor.server.stop()
        synapse.stop()
    loads.append(load_average())
    return {"people": demo.people, "results": results, "loads": loads}


def report(args: argparse.Namespace, found: dict[str, Any]) -> None:
    results = found["results"]

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    rows = []
    labels = {"sequential_per_s": "sequential sends/s",
              "concurrent_per_s": f"{args.senders} concurrent senders, sends/s",
              "seen_median_ms": "send-to-seen median, ms",
              "seen_p90_ms": "send-to-seen p90, ms",
              "answered_median_ms": "of the samples: send answered, median ms",
              "pulled_samples": "of the samples: the reader pulled for (Kontor)",
              "woken_median_ms": "of those: the reader's round started (Kontor), ms",
              "cpu_ms_per_send": "server CPU per send, ms",
              "rss_mib": "server RSS after the round, MiB"}
    for key, label in labels.items():
        for name in ("kontor", "synapse"):
            rows.append((f"{label}: {name}", spread([r[key] for r in results[name]])))
    seq_ratio = med("kontor", "sequential_per_s") / med("synapse", "sequential_per_s")
    conc_ratio = med("kontor", "concurrent_per_s") / med("synapse", "concurrent_per_s")
    seen_ratio = med("kontor", "seen_median_ms") / med("synapse", "seen_median_ms")
    cpu_ratio = med("kontor", "cpu_ms_per_send") / med("synapse", "cpu_ms_per_send")
    rows += [
        ("sequential send rate, Kontor / Synapse",
         f"{seq_ratio:.3f}x (target {TARGET_RATE:g}x: "
         f"{'met' if seq_ratio >= TARGET_RATE else 'missed'})"),
        ("concurrent send rate, Kontor / Synapse", f"{conc_ratio:.3f}x"),
        ("send-to-seen median, Kontor / Synapse",
         f"{seen_ratio:.3f}x (target {TARGET_LATENCY:g}x: "
         f"{'met' if seen_ratio <= TARGET_LATENCY else 'missed'})"),
        ("server CPU per send, Kontor / Synapse", f"{cpu_ratio:.3f}x"),
        ("1-minute load before each turn and at the end", " ".join(found["loads"])),
    ]
    print_table(f"Kontor ({found['people']} people) beside Synapse 1.163.2, both on SQLite, "
                f"{args.rounds} rounds, median (min-max) ({machine()})", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_args(parser)
    parser.set_defaults(people=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sends", type=int, default=200,
                        help="sends per round, sequential; as many again concurrent")
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--samples", type=int, default=30, help="send-to-seen per round")
    args = parser.parse_args()
    with workdir(args) as root:
        found = asyncio.run(run(args, root))
        report(args, found)
        write_json(args.json_out, found)


if __name__ == "__main__":
    sys.exit(main())
