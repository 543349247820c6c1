"""The sync loop: push the outbox, pull the feed, follow live wake-ups.

Qt-free: observers get plain callbacks with small event objects, so the desktop turns
them into signals and kontorctl prints them. The feed is the truth; wake-ups only say
"pull now", so a missed one costs latency, never data.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import msgspec

from sync import protocol as p
from sync.cache.db import Cache
from sync.cache.errors import CacheDiskFullError
from sync.cache.write import apply as cache_apply
from sync.cache.write import outbox
from sync.cache.write import state as cache_state
from sync.client import (
    AuthFailed,
    ClientError,
    KontorClient,
    Refused,
    ServerFailed,
    ServerUnreachable,
)
from sync.photos import fetch_photos

log = logging.getLogger("kontor.sync")

# disk_full: the cache's disk cannot take what arrives; the loop waits and tries again.
Status = Literal["offline", "connecting", "syncing", "online", "signed_out", "revoked",
                 "disk_full"]

# Answers that mean "the server will not take this write as it is": keep it as failed.
PAGES_PER_COMMIT = 10

REFUSING_STATUSES = frozenset({400, 403, 404, 409, 410, 413, 415, 422, 428})


@dataclass(frozen=True, slots=True)
class StatusChanged:
    status: Status
    detail: str = ""  # English words, for logs and kontorctl
    # A stable code that a client words in its user's language (desktop/status_text.py):
    # UNREACHABLE_WORDS' keys, "certificate", "server_error", "page_rejected",
    # "feed_restored", "revoked", "session_ended".
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    expected: int | None


@dataclass(frozen=True, slots=True)
class Synced:
    applied: int
    at: int


@dataclass(frozen=True, slots=True)
class Applied:
    """One batch of changes now committed to the cache, for observers that tell what
    arrived (kontorctl sync --watch); screens read the cache itself instead."""

    changes: list[p.DecodedChange]


@dataclass(frozen=True, slots=True)
class OutboxChanged:
    pending: int
    failed: int


@dataclass(frozen=True, slots=True)
class SitesChanged:
    """Peer sites whose data may be out of date (names, sorted; empty: all current)."""

    stale: list[str]


@dataclass(frozen=True, slots=True)
class PhotosArrived:
    """Photos now in the cache (sync/photos.py), by person id: avatars to draw again."""

    person_ids: list[str]


EngineEvent = (StatusChanged | Progress | Synced | Applied | OutboxChanged | SitesChanged
               | PhotosArrived)
Listener = Callable[[EngineEvent], None]


class PageRejected(Exception):
    """A page that failed validation: nothing of it was applied; retried later."""


def offline_reason(exc: Exception) -> str:
    """StatusChanged.reason for a sync that could not finish."""
    if isinstance(exc, ServerUnreachable):
        return exc.reason
    return "page_rejected" if isinstance(exc, PageRejected) else "server_error"


class Backoff:
    """Jittered exponential back-off ("full jitter"), reset after a success."""

    def __init__(self, base: float = 1.0, cap: float = 60.0) -> None:
        self.base = base
        self.cap = cap
        self.attempt = 0

    def next_delay(self) -> float:
        delay = random.uniform(0, min(self.cap, self.base * 2**self.attempt))
        self.attempt += 1
        return delay

    def reset(self) -> None:
        self.attempt = 0


class SyncEngine:
    def __init__(
        self,
        cache: Cache,
        client: KontorClient,
        *,
        wipe: Callable[[], None],
        page_limit: int = 1000,
        backoff: Backoff | None = None,
    ) -> None:
        self.cache = cache
        self.client = client
        self.wipe = wipe
        self.page_limit = page_limit
        self.backoff = backoff or Backoff()
        self.status: Status = "offline"
        self._listeners: list[Listener] = []
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._photo_task: asyncio.Task[None] | None = None
        self._live_seq = 0  # see _follow_events
        self._photos_again = False

    # -- observers ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: EngineEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - an observer bug must not stop syncing
                log.exception("sync listener failed")

    def _set_status(self, status: Status, detail: str = "", reason: str = "") -> None:
        if status != self.status or detail:
            self.status = status
            self._emit(StatusChanged(status, detail, reason))

    def request_sync(self) -> None:
        """Ask the running loop for a sync soon (after a local write, or a wake-up)."""
        self._wake.set()

    # -- one round ---------------------------------------------------------------------

    async def sync_once(self) -> int:
        """Push what waits in the outbox, then pull the feed to its end.

        Raises ServerUnreachable/ServerFailed/PageRejected for the caller to back off;
        handles a revoked device itself (wipe) and raises AuthFailed afterwards.
        """
        async with self._lock:
            try:
                self._set_status("syncing")
                await self.push_outbox()
                applied = await self.pull()
            except AuthFailed as exc:
                if exc.revoked:
                    self._set_status("revoked", exc.message, "revoked")
                    self.wipe()
                else:
                    self._set_status("signed_out", exc.message, "session_ended")
                raise
            except (ServerUnreachable, ServerFailed, PageRejected) as exc:
                self._set_status("offline", str(exc), offline_reason(exc))
                raise
            except CacheDiskFullError as exc:
                # Nothing half-written: the transaction rolled back; what the server
                # answered stays in the outbox and is sent again (idempotent) later.
                self._set_status("disk_full", exc.user_message)
                raise
            now = p.now_ms()
            cache_state.store_last_sync(self.cache, now)
            self._set_status("online")
            self._emit(Synced(applied, now))
        await self._check_sites()
        return applied

    # -- photos, after the records -----------------------------------------------------

    async def fetch_photos(self) -> int:
        """Fetch the photos the cache lacks now (sync/photos.py); how many arrived. A
        failure is logged and left for the next round: photos never fail a sync."""
        try:
            arrived = await fetch_photos(self.cache, self.client)
        except ClientError as exc:
            log.info("fetching photos paused: %s", type(exc).__name__)
            return 0
        if arrived:
            self._emit(PhotosArrived(arrived))
        return len(arrived)

    def _photos_soon(self) -> None:
        """Fetch photos in the background after a round, so the records of a first sync
        are on screen without waiting for any image; one fetch at a time, and a round
        that ends while one runs makes it look again when it is done."""
        if self._photo_task is not None and not self._photo_task.done():
            self._photos_again = True
            return

        async def fetch() -> None:
            self._photos_again = True
            try:
                while self._photos_again:
                    self._photos_again = False
                    await self.fetch_photos()
            except Exception as exc:  # noqa: BLE001 - the sync goes on without photos
                # A cache closed or wiped under it (a revoked device, a damaged file):
                # the sync loop deals with that; this task only stops.
                log.warning("fetching photos stopped: %s", type(exc).__name__)

        self._photo_task = asyncio.ensure_future(fetch())

    async def _stop_photos(self) -> None:
        if self._photo_task is not None:
            self._photo_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._photo_task
            self._photo_task = None

    async def _check_sites(self) -> None:
        """Tell observers which peer sites are stale; a failure here never fails a sync."""
        try:
            answer = await self.client.sites()
        except Exception as exc:  # noqa: BLE001 - an older server or a blip: next sync
            log.info("reading the site status failed: %s", type(exc).__name__)
            return
        self._emit(SitesChanged(sorted(s.name for s in answer.peers if s.state != "ok")))

    async def push_outbox(self) -> None:
        """Send pending writes in order; stop at the first one the network keeps back.

        Each item is read again right before it is sent: while an earlier one waits for
        the network, the user may discard a later one (a tick taken back, a post
        withdrawn), and what goes out must be what the outbox holds now, not what it
        held when the round began.
        """
        for listed in outbox.pending(self.cache):
            item = outbox.get_item(self.cache, listed.id)
            if item is None or item.state != "pending":
                continue
            try:
                await self.client.request(
                    item.method, item.path, item.body or None, item.if_match
                )
            except Refused as exc:
                if exc.status in REFUSING_STATUSES:
                    outbox.mark_failed(self.cache, item.id, f"{exc.message} ({exc.code})")
                    self._emit_outbox()
                    continue
                raise ServerFailed(str(exc)) from None
            # The stored record arrives through the pull that follows; until then the
            # item stays (acknowledged, never sent again), so screens that lay the
            # outbox over the records never show the state from before the write.
            outbox.acknowledge(self.cache, item.id)
            self._emit_outbox()

    def _emit_outbox(self) -> None:
        counts = outbox.count_by_state(self.cache)
        self._emit(OutboxChanged(counts.get("pending", 0), counts.get("failed", 0)))

    async def pull(self) -> int:
        """Pull the feed to its end.

        During a catch-up, up to PAGES_PER_COMMIT pages are applied in one transaction
        with the last of their cursors: still all or nothing, with a fraction of the
        commits (each costs far more than its inserts on a large first sync).
        """
        cursor = cache_state.get_cursor(self.cache)
        applied = 0
        expected: int | None = None
        first = True
        batch: list[p.DecodedChange] = []
        pages_in_batch = 0
        while True:
            try:
                page = await self._next_page(cursor, count=first)
            except Refused as exc:
                if exc.code != "unknown_cursor" or not cursor:
                    if batch:
                        cache_apply.apply_page(self.cache, batch, cursor or "")
                    raise ServerFailed(f"{exc.message} ({exc.code})") from None
                # The server's feed started again (restored from a backup): what this
                # cache holds may be newer than the server's data. Start from scratch;
                # the outbox stays and is sent as usual.
                log.warning("the server's feed was reset; syncing again from the start")
                cache_apply.forget_records(self.cache)
                self._set_status("syncing", "The server's data was restored from a "
                                            "backup; syncing everything again.",
                                 "feed_restored")
                cursor, batch, pages_in_batch, first, applied = None, [], 0, True, 0
                continue
            except (ServerUnreachable, ServerFailed, PageRejected):
                if batch:  # keep what arrived before the failure
                    cache_apply.apply_page(self.cache, batch, cursor or "")
                raise
            if first and page.remaining is not None:
                expected = len(page.changes) + page.remaining
            first = False
            batch.extend(page.changes)
            pages_in_batch += 1
            cursor = page.cursor
            applied += len(page.changes)
            if pages_in_batch >= PAGES_PER_COMMIT or not page.more:
                cache_apply.apply_page(self.cache, batch, cursor)
                if batch:
                    self._emit(Applied(batch))
                batch, pages_in_batch = [], 0
                self._emit(Progress(applied, expected))
            if not page.more:
                # Every write acknowledged before this pull is in the cache now.
                if outbox.drop_acknowledged(self.cache):
                    self._emit_outbox()
                # After a long sync, merge the search index so typing stays fast.
                cache_apply.optimize_search(self.cache)
                return applied

    async def take_wake_up(self, data: str | bytes) -> bool:
        """What a wake-up asks, short of a round: True when it is done (the cache has
        everything up to its seq already, or the changes it carries followed this
        cache's cursor and are applied as the page a pull would get); False when a
        round is needed (nothing carried and news, the cursor elsewhere, a local write
        or an outbox to send)."""
        try:
            wake = p.decode_wake_up(data)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            log.warning("a malformed wake-up (%d bytes) was taken as a plain one: %s",
                        len(data), str(exc)[:200])
            return False
        if self._wake.is_set():
            return False
        async with self._lock:
            if outbox.pending(self.cache):
                return False
            if wake.seq <= self._live_seq:
                return True  # a late one: a pull or carried write since went past it
            if wake.page is None or cache_state.get_cursor(self.cache) != wake.after:
                # The round that follows pulls past this seq (it started after the write
                # committed), so wake-ups up to it that come late need nothing.
                self._live_seq = wake.seq
                return False
            try:
                cache_apply.apply_page(self.cache, wake.page.changes, wake.page.cursor)
            except CacheDiskFullError:
                return False  # the round that follows says so, and keeps trying
            self._live_seq = wake.seq
            self._emit(Applied(wake.page.changes))
            now = p.now_ms()
            cache_state.store_last_sync(self.cache, now)
            self._emit(Synced(len(wake.page.changes), now))
        return True

    async def _next_page(self, cursor: str | None, count: bool) -> p.DecodedPage:
        data = await self.client.fetch_page(cursor, self.page_limit, count=count)
        try:
            return p.decode_sync_page(data)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            # The reason names a field at most; the content never reaches the log.
            log.warning("rejected a malformed feed page (%d bytes): %s", len(data),
                        str(exc)[:200])
            raise PageRejected("The server sent a page that failed validation.") from None

    # -- the long-running loop ------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Sync, then follow wake-ups; on any failure wait (jittered) and start again.

        A sync request is consumed (the event cleared) just before a round starts, never
        after it: a request made while a round runs leads to one more round.
        """
        try:
            await self._run(stop)
        finally:
            await self._stop_photos()

    async def _run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                self._wake.clear()
                await self.sync_once()
                self.backoff.reset()
                self._photos_soon()
                await self._follow_events(stop)
            except AuthFailed:
                if self.status in ("revoked", "signed_out"):
                    return
                # The live socket was refused: a sync learns why (a revoked device is
                # wiped there) or shows it was passing.
                try:
                    self._wake.clear()
                    await self.sync_once()
                except AuthFailed:
                    return
                except (ServerUnreachable, ServerFailed, PageRejected, CacheDiskFullError):
                    pass
            except (ServerUnreachable, ServerFailed, PageRejected, CacheDiskFullError):
                pass
            if stop.is_set():
                return
            delay = self.backoff.next_delay()
            log.info("sync paused for %.1f s", delay)
            await _wait_any(stop, self._wake, seconds=delay)

    async def _follow_events(self, stop: asyncio.Event) -> None:
        self._set_status("connecting")
        async with self.client.events() as ws:
            # The newest seq this connection's wake-ups told of that the cache holds all
            # up to (per connection: a server restored from a backup counts anew).
            self._live_seq = 0
            self._set_status("online")
            receiver = asyncio.ensure_future(ws.receive())
            try:
                while not stop.is_set():
                    waker = asyncio.ensure_future(self._wake.wait())
                    stopper = asyncio.ensure_future(stop.wait())
                    done, _ = await asyncio.wait(
                        {receiver, waker, stopper}, return_when=asyncio.FIRST_COMPLETED
                    )
                    waker.cancel()
                    stopper.cancel()
                    if receiver in done:
                        message = receiver.result()
                        if message.type.name not in ("TEXT", "BINARY"):
                            raise ServerUnreachable("connection_broke")
                        receiver = asyncio.ensure_future(ws.receive())
                        if not stop.is_set() and await self.take_wake_up(message.data):
                            self._photos_soon()
                            continue
                    if not stop.is_set():
                        self._wake.clear()
                        await self.sync_once()
                        self._photos_soon()
            finally:
                receiver.cancel()


async def _wait_any(*events: asyncio.Event, seconds: float) -> None:
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
