"""SyncBridge: the one door between the GUI thread and the asyncio sync worker.

The worker thread runs its own event loop (asyncio.run) and owns the cache's writer
connection; the GUI calls in with asyncio.run_coroutine_threadsafe and hears back only
through Qt signals, which Qt queues across threads. Background code never touches a
widget; the GUI never waits on the network.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from desktop.qt import QObject, Signal
from desktop.recovery_text import recovery_text
from sync.address import AddressRefused
from sync.cache.db import Cache
from sync.cache.errors import CacheCorruptError, CacheError
from sync.client import (
    AuthFailed,
    CertificateRejected,
    ClientError,
    Refused,
    ServerFailed,
    ServerUnreachable,
    check_address,
)
from sync.engine import (
    EngineEvent,
    OutboxChanged,
    PhotosArrived,
    Progress,
    SitesChanged,
    StatusChanged,
    Synced,
    SyncEngine,
)
from sync.keys import KeyBackendChanged, KeyMissing, KeyStoreError, WrongPassphrase
from sync.session import ProfileSession

log = logging.getLogger("kontor.desktop.bridge")


class SyncBridge(QObject):
    """Signals carry plain values only; the GUI re-reads its own cache connection."""

    ready = Signal(bool, str)  # signed in?, a recovery note for the user ("" if none)
    failed = Signal(str)  # the cache or key could not be opened: plain words
    keyLost = Signal()  # the key is gone (keyring changed or emptied): offer to start afresh
    # offline|connecting|syncing|online|signed_out|revoked, and why (desktop/status_text.py)
    statusChanged = Signal(str, str)
    progress = Signal(int, int)  # done, expected (-1: unknown)
    # changes applied, at (ms, beyond 32 bits): views refresh. "qint64" names the C++
    # type PySide6 accepts but its stub does not (it lists Python types only).
    synced = Signal(int, "qint64")  # type: ignore[arg-type]
    outboxChanged = Signal(int, int)  # pending, failed
    loginFinished = Signal(bool, str, str)  # ok, error code, message
    sitesChanged = Signal(list)  # names of peer sites whose data may be out of date
    photosArrived = Signal(list)  # ids of people whose photo is now in the cache
    photoSent = Signal(bool, str, str)  # ok, error code, message (a photo set or removed)

    def __init__(self, session: ProfileSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._engine_task: asyncio.Task[None] | None = None
        self._engine: SyncEngine | None = None
        self._engine_stop = asyncio.Event()
        self.status = "offline"

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kontor-sync", daemon=True)
        self._thread.start()
        self._started.wait(10)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._started.set()
        try:
            self.session.cache  # noqa: B018 - open (or recover) the writer on this thread
        except (KeyBackendChanged, KeyMissing, WrongPassphrase):
            # Gone for good: offer Start afresh. A keyring that only failed to answer
            # (locked) is no reason to set data aside: that one is said and left alone.
            self.session.close()
            self.keyLost.emit()
            return
        except (CacheError, KeyStoreError) as exc:
            self.session.close()
            self.failed.emit(exc.user_message)
            return
        recovery = recovery_text(self.session.recovery)
        state = self.session.state()
        signed_in = state.logged_in
        if signed_in and state.server_url:
            try:  # a server IT does not allow: explain, then offer to sign in elsewhere
                check_address(state.server_url, self.session.policy)
            except AddressRefused as exc:
                signed_in = False
                recovery = "\n\n".join(filter(None, (recovery, exc.user_message)))
        self.ready.emit(signed_in, recovery)
        self._emit_outbox()
        if signed_in:
            self._start_engine()
        await self._stop.wait()
        await self._stop_engine()
        self.session.close()

    def restart(self) -> None:
        """Start the worker again after it stopped on a key or cache it could not open."""
        if self._thread is not None:
            self._thread.join(15)
            self._thread = None
        self._started.clear()
        self.start()

    def stop(self) -> None:
        """Stop syncing and close the writer; returns when the worker has finished."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(15)
            self._thread = None

    def submit(self, coro: Any) -> Future[Any]:
        assert self._loop is not None, "start() first"
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    # -- the engine ------------------------------------------------------------------

    def _start_engine(self) -> None:
        client = self.session.client()
        self._engine = self.session.engine(client)
        self._engine.subscribe(self._on_event)
        self._engine_stop = asyncio.Event()
        self._engine_task = asyncio.ensure_future(
            self._run_engine(self._engine, client, self._engine_stop))

    async def _run_engine(self, engine: SyncEngine, client: Any, stop: asyncio.Event) -> None:
        try:
            await engine.run(stop)
        except CacheCorruptError:
            # A damaged page met while syncing: keep the unclean-exit marker, so the next
            # start checks every page and sets the damaged file aside (docs/reliability.md).
            self.session.note_damage()
            log.warning("sync stopped: the local cache is damaged")
            self.statusChanged.emit("offline", "cache_damaged")
        finally:
            await client.close()

    async def _stop_engine(self) -> None:
        if self._engine_task is not None:
            self._engine_stop.set()
            try:
                await asyncio.wait_for(self._engine_task, 10)
            except (TimeoutError, asyncio.CancelledError):
                self._engine_task.cancel()
            self._engine_task = None
            self._engine = None

    def _on_event(self, event: EngineEvent) -> None:
        if isinstance(event, StatusChanged):
            self.status = event.status
            self.statusChanged.emit(event.status, event.reason)
        elif isinstance(event, Progress):
            self.progress.emit(event.done, -1 if event.expected is None else event.expected)
        elif isinstance(event, Synced):
            self.synced.emit(event.applied, event.at)
        elif isinstance(event, OutboxChanged):
            self.outboxChanged.emit(event.pending, event.failed)
        elif isinstance(event, SitesChanged):
            self.sitesChanged.emit(list(event.stale))
        elif isinstance(event, PhotosArrived):
            self.photosArrived.emit(list(event.person_ids))

    def _emit_outbox(self) -> None:
        from sync.cache.write import outbox

        counts = outbox.count_by_state(self.session.cache)
        self.outboxChanged.emit(counts.get("pending", 0), counts.get("failed", 0))

    # -- calls from the GUI ----------------------------------------------------------

    def login(self, url: str, username: str, password: str, device_name: str) -> None:
        self.submit(self._login(url, username, password, device_name))

    async def _login(self, url: str, username: str, password: str, device_name: str) -> None:
        try:
            await self.session.login(url, username, password, device_name)
        except AuthFailed as exc:
            self.loginFinished.emit(False, exc.code, exc.message)
            return
        except AddressRefused as exc:  # plain HTTP elsewhere, or a server IT rules out
            self.loginFinished.emit(False, "address_refused", exc.user_message)
            return
        except CertificateRejected as exc:
            self.loginFinished.emit(False, "certificate", str(exc))
            return
        except ServerUnreachable:
            self.loginFinished.emit(False, "unreachable", "")
            return
        except (ServerFailed, ClientError) as exc:
            self.loginFinished.emit(False, "server_error", str(exc))
            return
        self.loginFinished.emit(True, "", "")
        await self._stop_engine()
        self._start_engine()

    def send_photo(self, image: bytes | None) -> None:
        """Set (image) or remove (None) the own photo: online only, the server checks
        and re-encodes it (docs/protocol.md, Photos); photoSent tells how it went, and
        the sync that follows brings the new photo into the cache."""
        self.submit(self._send_photo(image))

    async def _send_photo(self, image: bytes | None) -> None:
        client = self.session.client()
        try:
            if image is None:
                await client.delete_photo()
            else:
                await client.put_photo(image)
        except Refused as exc:
            self.photoSent.emit(False, exc.code, exc.message)
            return
        except ServerUnreachable:
            self.photoSent.emit(False, "unreachable", "")
            return
        except ClientError as exc:
            self.photoSent.emit(False, "server_error", str(exc))
            return
        finally:
            await client.close()
        self.photoSent.emit(True, "", "")
        if self._engine is not None:
            self._engine.request_sync()

    def sync_now(self) -> None:
        if self._loop is not None and self._engine is not None:
            self._loop.call_soon_threadsafe(self._engine.request_sync)

    async def local_write(self, make: Callable[[Cache], Any]) -> Any:
        """A local write (an outbox enqueue) on the worker, then a sync soon.

        Only WriteOp (desktop/write_op.py) submits it: it brings the outcome back to
        the GUI thread."""
        try:
            result = make(self.session.cache)
        except Exception as exc:
            log.warning("local write refused: %s", exc)
            raise
        self._emit_outbox()
        if self._engine is not None:
            self._engine.request_sync()
        return result

    def logout(self, wipe: bool) -> Future[Any]:
        return self.submit(self._logout(wipe))

    async def _logout(self, wipe: bool) -> None:
        await self._stop_engine()
        await self.session.logout(wipe=wipe)
        self.statusChanged.emit("signed_out", "")
