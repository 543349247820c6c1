"""Pulling each peer's export: one asyncio task per allow-listed peer.

A supervisor re-reads the peer list every interval, so `kontor-server peer add/remove`
takes effect on a running server without a restart. Each peer task pulls a page,
applies it and its cursor in one transaction under the app's write lock, wakes the
local live listeners, and pulls again at once while the peer says `more`. Failures are
recorded on the peer (shown by `peer list`) and retried with full-jitter backoff; a
peer that stays away never holds up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Awaitable, Callable

import aiohttp
import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from yarl import URL

from server_stub.federation.export import PAGE_LIMIT
from server_stub.federation.importer import Applied, PeerGone, PullRefused, apply_page_txn
from server_stub.federation.signing import sign_request
from server_stub.storage import peers
from server_stub.storage.database import Database
from sync.protocol import decode_sync_page, now_ms, paths

log = logging.getLogger("kontor.federation")


class PullFailed(Exception):
    """This round failed for a reason worth showing the admin (peer list)."""


def changes_url(peer_url: str, cursor: str, limit: int = PAGE_LIMIT) -> URL:
    base = URL(peer_url)
    return base.with_path(base.path.rstrip("/") + paths.FEDERATION_CHANGES).with_query(
        {"since": cursor, "limit": str(limit)})


class Puller:
    def __init__(self, database: Database, lock: asyncio.Lock, key: Ed25519PrivateKey,
                 server_name: str, interval: float, max_backoff: float,
                 woke: Callable[[int], Awaitable[None]]) -> None:
        self.database = database
        self.lock = lock
        self.key = key
        self.server_name = server_name
        self.interval = interval
        self.max_backoff = max_backoff
        self.woke = woke
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.session: aiohttp.ClientSession | None = None

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=60, sock_connect=10)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            self.session = session
            try:
                while True:
                    try:
                        await self._reconcile()
                    except Exception as exc:  # noqa: BLE001 - keep federation alive
                        log.error("reading the peer list failed: %s", type(exc).__name__)
                    await asyncio.sleep(self.interval)
            finally:
                await self._stop_all()

    async def _reconcile(self) -> None:
        names = {peer.name for peer in await self.database.read(peers.list_peers)}
        for name in set(self.tasks) - names:
            self.tasks.pop(name).cancel()
            log.info("stopped pulling from %s (removed)", name)
        for name in names:
            task = self.tasks.get(name)
            if task is None or task.done():
                self.tasks[name] = asyncio.create_task(self._follow(name), name=f"pull {name}")

    async def _stop_all(self) -> None:
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks.clear()

    async def _follow(self, name: str) -> None:
        failures = 0
        while True:
            try:
                more = await self.pull_once(name)
                failures = 0
                delay = 0.0 if more else self.interval
            except PeerGone:
                return
            except (PullFailed, PullRefused, aiohttp.ClientError, TimeoutError,
                    msgspec.DecodeError, msgspec.ValidationError) as exc:
                failures += 1
                message = _describe(exc)
                log.warning("pull from %s failed (%d in a row): %s", name, failures, message)
                await self._record_error(name, message)
                delay = self._backoff(failures)
            except Exception as exc:  # noqa: BLE001 - a bug or a database problem here
                # Logged by class only (as errors.py does): messages may carry values.
                failures += 1
                log.error("pull from %s failed: %s", name, type(exc).__name__)
                with contextlib.suppress(Exception):
                    await self._record_error(name, f"internal error ({type(exc).__name__})")
                delay = self._backoff(failures)
            await asyncio.sleep(delay)

    def _backoff(self, failures: int) -> float:
        """Full jitter: a random wait up to interval * 2^failures, capped."""
        return random.uniform(0, min(self.max_backoff, self.interval * 2 ** failures))

    async def _record_error(self, name: str, message: str) -> None:
        async with self.lock:
            await self.database.write(peers.record_error, name, message, now_ms())

    async def pull_once(self, name: str) -> bool:
        """One page from one peer; True if the peer has more."""
        assert self.session is not None
        peer = await self.database.read(peers.get_peer, name)
        if peer is None:
            raise PeerGone(name)
        url = changes_url(peer.url, peer.cursor)
        headers = sign_request(self.key, self.server_name, "GET", url.raw_path,
                               url.raw_query_string)
        async with self.session.get(url, headers=headers, allow_redirects=False) as response:
            body = await response.read()
            status = response.status
        if status != 200:
            code = _error_code(body)
            if status == 400 and code == "unknown_cursor":
                async with self.lock:
                    await self.database.write(peers.reset_cursor, name)
                raise PullFailed("the peer's feed was reset; pulling it again from the start")
            raise PullFailed(f"HTTP {status} {code}")
        page = decode_sync_page(body)
        async with self.lock:
            applied: Applied = await self.database.write(apply_page_txn, name, page, now_ms())
        if applied.applied:
            log.info("pulled %d change(s) from %s", applied.applied, name)
        if applied.last_seq:
            await self.woke(applied.last_seq)
        return page.more


def _error_code(body: bytes) -> str:
    try:
        return str(json.loads(body).get("error", "?"))
    except (ValueError, AttributeError):
        return "(no error code)"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "unreachable (connection refused or no route)"
    if isinstance(exc, TimeoutError):
        return "unreachable (timed out)"
    if isinstance(exc, msgspec.ValidationError | msgspec.DecodeError):
        return f"refused a malformed page: {exc}"
    text = str(exc) or type(exc).__name__
    return text
