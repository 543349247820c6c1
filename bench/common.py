"""Shared set-up of the benchmarks: a demo company, the real server, raw feed paging.

The server always runs as a `kontor-server serve` subprocess on a free loopback port,
so client and server each have their own interpreter (and, on two cores, their own
core) instead of sharing one event loop. The same goes for the baseline page server
(`python bench/common.py serve-pages FILE`), so real and baseline are measured alike.

Not a test helper: nothing here asserts, it measures and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import msgspec

REPO = Path(__file__).resolve().parent.parent
DEMO_USER = "jana.schroeder"  # server_stub.demo.generator.DEMO_USER
DEMO_PASSWORD = "kontor-demo"  # server_stub.demo.generator.DEMO_PASSWORD; demo data only
START_TIMEOUT_S = 120.0
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=300, sock_read=120)


# --- command line -----------------------------------------------------------------------


def add_common_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=100_000,
                        help="size of the demo company (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="demo company seed (default 1)")
    parser.add_argument("--data-dir", type=Path,
                        help="reuse this demo data directory instead of running init "
                             "(it is copied first, so the benchmark never changes it)")
    parser.add_argument("--workdir", type=Path,
                        help="where to put temporary files (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    parser.add_argument("--json", type=Path, dest="json_out",
                        help="also write the results as JSON to this file")


@contextlib.contextmanager
def workdir(args: argparse.Namespace) -> Iterator[Path]:
    """A scratch directory, removed afterwards unless --keep (or --workdir) was given."""
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        yield args.workdir
        return
    path = Path(tempfile.mkdtemp(prefix="kontor-bench-"))
    try:
        yield path
    finally:
        if args.keep:
            print(f"kept {path}", file=sys.stderr)
        else:
            shutil.rmtree(path, ignore_errors=True)


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the result table."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the demo company -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Demo:
    data_dir: Path
    people: int
    init_seconds: float | None  # None when an existing directory was reused


def python_cmd(*args: str) -> list[str]:
    return [sys.executable, *args]


def prepare_demo(args: argparse.Namespace, root: Path) -> Demo:
    """`kontor-server init --demo` into root/server (timed), or a copy of --data-dir."""
    target = root / "server"
    if args.data_dir is not None:
        log(f"copying demo data from {args.data_dir}")
        shutil.copytree(args.data_dir, target)
        return Demo(target, args.people, None)
    log(f"kontor-server init --demo --people {args.people}")
    started = time.perf_counter()
    subprocess.run(
        python_cmd("-m", "server_stub.cli", "init", str(target), "--demo",
                   "--people", str(args.people), "--seed", str(args.seed)),
        check=True, cwd=REPO, stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    log(f"init took {seconds:.1f} s")
    return Demo(target, args.people, seconds)


# --- server subprocesses ----------------------------------------------------------------


def peak_rss_bytes(pid: int) -> int | None:
    """The RSS high-water mark of a live process (VmHWM; Linux), else its current RSS."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    with contextlib.suppress(Exception):
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    return None


def current_rss_bytes(pid: int) -> int | None:
    """VmRSS now (Linux): the steady state, where the peak also holds passing bursts
    (argon2 takes its memory cost per concurrent sign-in)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a live process has used so far."""
    with contextlib.suppress(Exception):
        import psutil

        times = psutil.Process(pid).cpu_times()
        return float(times.user + times.system)
    return None


def load_average() -> str:
    """The 1-minute load average: on a shared 2-core machine, a figure to read numbers by."""
    with contextlib.suppress(OSError):
        return f"{os.getloadavg()[0]:.1f}"
    return "n/a"


class ServerProcess:
    """A server subprocess that prints "listening on http://HOST:PORT" once it is up."""

    def __init__(self, argv: Sequence[str], log_path: Path) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> ServerProcess:
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            self.argv, cwd=REPO, stdout=subprocess.PIPE, stderr=self._log, text=True,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                if line.startswith("listening on "):
                    self.url = line.split()[-1].strip()
                    return self
                if not line and self.proc.poll() is not None:
                    break
            elif self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"server did not start: {' '.join(self.argv)} (see {self.log_path})")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.pid) if self.proc and self.proc.poll() is None else None

    def peak_rss(self) -> int | None:
        return peak_rss_bytes(self.pid) if self.proc and self.proc.poll() is None else None

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()
        self.proc = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def kontor_server(data_dir: Path, log_dir: Path) -> ServerProcess:
    """The real server (`kontor-server serve`) on a free loopback port."""
    return ServerProcess(
        python_cmd("-m", "server_stub.cli", "serve", str(data_dir),
                   "--host", "127.0.0.1", "--port", "0"),
        log_dir / "server.log",
    )


def page_server(pages_file: Path, log_dir: Path) -> ServerProcess:
    """The baseline: the same page bytes served from memory by a bare aiohttp handler."""
    return ServerProcess(
        python_cmd(str(Path(__file__).resolve()), "serve-pages", str(pages_file)),
        log_dir / "baseline.log",
    )


# --- raw HTTP client --------------------------------------------------------------------


class FeedPage(msgspec.Struct):
    """Just enough of a page to follow it: the changes stay undecoded."""

    changes: list[msgspec.Raw]
    cursor: str
    more: bool


_page_decoder = msgspec.json.Decoder(FeedPage)


@dataclass(frozen=True, slots=True)
class Login:
    token: str
    person_id: str | None


async def login(http: aiohttp.ClientSession, base: str, username: str = DEMO_USER,
                password: str = DEMO_PASSWORD) -> Login:
    async with http.post(f"{base}/api/v1/login", json={
        "username": username, "password": password, "device_name": "bench",
    }) as response:
        body = await response.json()
        if response.status != 200:
            raise RuntimeError(f"login failed: HTTP {response.status} {body}")
    return Login(body["token"], body.get("person_id"))


@dataclass(slots=True)
class Paging:
    seconds: float = 0.0
    changes: int = 0
    bytes: int = 0
    pages: list[bytes] = field(default_factory=list)
    page_seconds: list[float] = field(default_factory=list)

    @property
    def changes_per_second(self) -> float:
        return self.changes / self.seconds if self.seconds else 0.0

    @property
    def bytes_per_change(self) -> float:
        return self.bytes / self.changes if self.changes else 0.0


async def page_feed(http: aiohttp.ClientSession, base: str, token: str, limit: int = 1000,
                    keep: bool = False) -> Paging:
    """GET /api/v1/sync from the start, following the cursor until more=false."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    result = Paging()
    cursor = ""
    started = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        async with http.get(f"{base}/api/v1/sync?limit={limit}&since={cursor}",
                            headers=headers) as response:
            data = await response.read()
            if response.status != 200:
                raise RuntimeError(f"feed page failed: HTTP {response.status} {data[:200]!r}")
        page = _page_decoder.decode(data)
        result.page_seconds.append(time.perf_counter() - t0)
        result.changes += len(page.changes)
        result.bytes += len(data)
        if keep:
            result.pages.append(data)
        cursor = page.cursor
        if not page.more:
            break
    result.seconds = time.perf_counter() - started
    return result


# --- a space to post in ---------------------------------------------------------------


class _Change(msgspec.Struct):
    kind: str
    op: str
    body: msgspec.Raw


class _Page(msgspec.Struct):
    changes: list[_Change]


class _Member(msgspec.Struct):
    space_id: str
    person_id: str
    role: str


class _Space(msgspec.Struct):
    id: str
    name: str
    space_kind: str
    visibility: str


def writable_space(pages: list[bytes], person_id: str,
                   visibility: str | None = None) -> tuple[str, str]:
    """(id, name) of a space the person may post in, from the feed the person received;
    of the given visibility if one is given ("company": every reader sees its posts)."""
    roles: dict[str, str] = {}
    spaces: dict[str, _Space] = {}
    decoder = msgspec.json.Decoder(_Page)
    for data in pages:
        for change in decoder.decode(data).changes:
            if change.op != "put":
                continue
            if change.kind == "membership":
                member = msgspec.json.decode(change.body, type=_Member)
                if member.person_id == person_id:
                    roles[member.space_id] = member.role
            elif change.kind == "space":
                space = msgspec.json.decode(change.body, type=_Space)
                spaces[space.id] = space
    for space_id, role in sorted(roles.items()):
        space = spaces.get(space_id)
        if space is None or (visibility is not None and space.visibility != visibility):
            continue
        if space.space_kind != "announcements" or role == "moderator":
            return space.id, space.name
    raise RuntimeError(f"no space found that {person_id} may write in")



def client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=HTTP_TIMEOUT)


# --- the baseline page server -----------------------------------------------------------


def save_pages(pages: list[bytes], path: Path) -> None:
    path.write_bytes(msgspec.msgpack.encode(pages))


def _serve_pages(pages_file: Path) -> None:
    """Serve captured pages by cursor: "" is page 0, page i's cursor leads to page i+1."""

    from aiohttp import web

    pages: list[bytes] = msgspec.msgpack.decode(pages_file.read_bytes(), type=list[bytes])
    by_cursor: dict[str, bytes] = {}
    since = ""
    for data in pages:
        by_cursor[since] = data
        since = _page_decoder.decode(data).cursor

    async def sync_feed(request: web.Request) -> web.Response:
        body = by_cursor.get(request.query.get("since", ""))
        if body is None:
            return web.Response(status=400, body=b'{"error":"unknown_cursor"}',
                                content_type="application/json")
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/api/v1/sync", sync_feed)
    serve_until_signalled(app)


def serve_until_signalled(app: Any) -> None:
    """A baseline server: the app on a free loopback port, announced the way
    ServerProcess waits for ("listening on ..."), until SIGINT or SIGTERM."""
    import asyncio

    from aiohttp import web

    async def serve() -> None:
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        print(f"listening on http://{host}:{port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await runner.cleanup()

    asyncio.run(serve())


# --- statistics and output --------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


def mib(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:,.1f} MiB"


def print_table(title: str, rows: Sequence[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    vwidth = max(len(value) for _, value in rows)
    rule = "-" * (width + vwidth + 3)
    print(f"\n{title}\n{rule}")
    for name, value in rows:
        print(f"{name:<{width}}   {value:>{vwidth}}")
    print(rule, flush=True)


def write_json(path: Path | None, results: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def machine() -> str:
    import platform

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve-pages":
        _serve_pages(Path(sys.argv[2]))
    else:
        sys.exit(f"usage: {sys.argv[0]} serve-pages PAGES_FILE")
