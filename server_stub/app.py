"""The application factory: create_app(config) -> web.Application.

Every resource (database engine, live hub) is opened in cleanup_ctx, so a failed
start-up cleans up only what was opened, and shutdown closes sockets before the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import secrets
import time
from collections.abc import AsyncIterator

import sqlalchemy as sa
from aiohttp import web

from server_stub import appkeys as k
from server_stub.admin import schema
from server_stub.config import ConfigError, ServerConfig
from server_stub.data_dir import create_private_file
from server_stub.directory_auth.ldap import Directory
from server_stub.directory_import.ldap_reader import connection_settings
from server_stub.directory_import.schedule import sync_forever
from server_stub.errors import error_middleware
from server_stub.federation.keys import ensure_signing_key
from server_stub.federation.puller import Puller
from server_stub.hubs import nightly
from server_stub.hubs import run as hubs_run
from server_stub.privacy.serving import retention_task
from server_stub.routes import auth, federation, feed, meta, org, photos, sites, writes
from server_stub.routes.client_address import client_address_middleware, parse_networks
from server_stub.routes.common import auth_middleware, write_as
from server_stub.routes.metrics import (
    METRICS_PATH,
    main_listener_metrics,
    metrics_listener,
    metrics_middleware,
)
from server_stub.services import handover, leader
from server_stub.services.auth import LoginThrottle, device_refusals_txn
from server_stub.services.caller_cache import CallerCache
from server_stub.services.context import WriteContext
from server_stub.services.feed import carrying_between_txn
from server_stub.services.feed_notify import FeedListener
from server_stub.services.leader import Leadership
from server_stub.services.live import LiveHub, watch_credentials, watch_feed_head
from server_stub.services.metrics import Metrics, TimedLock
from server_stub.storage import feed as feed_store
from server_stub.storage import organisation
from server_stub.storage.database import Database
from server_stub.storage.engine import (
    DATABASE_FILE,
    make_sync_engine,
    migrate,
    refresh_statistics,
    startup_lock,
)
from sync.protocol import WakeUp, now_ms

log = logging.getLogger("kontor.server")


def prepare_database(config: ServerConfig) -> str:
    """Migrate the schema and make sure the feed epoch exists; returns the epoch."""
    if not config.database_url:
        # SQLite gives the -wal and -shm files the mode of the database file: a new
        # database made 0600 here keeps all three private whatever the umask.
        create_private_file(config.data_path / DATABASE_FILE)
    engine = make_sync_engine(config.db_url)
    try:
        with startup_lock(engine):
            return _prepare(engine, config)
    finally:
        engine.dispose()


def _prepare(engine: sa.Engine, config: ServerConfig) -> str:
    """The migration and the feed epoch, under the start-up lock."""
    with engine.connect() as conn:
        steps = schema.pending(conn)
    migrate(engine)
    for source, target, what in steps:
        log.info("schema migrated from %s to %s: %s", source, target, what,
                 extra={"event": "migration", "from_revision": source,
                        "to_revision": target})
    with engine.begin() as conn:
        epoch = feed_store.get_meta(conn, "feed_epoch")
        if epoch is None:
            epoch = secrets.token_hex(8)
            feed_store.set_meta(conn, "feed_epoch", epoch)
        stored_name = feed_store.get_meta(conn, "server_name")
        if stored_name is None:
            feed_store.set_meta(conn, "server_name", config.server_name)
        elif stored_name != config.server_name:
            # The name is the server's identity: records carry it as their origin
            # and peers know the server by it. Serving under another name would
            # turn every local record into a "foreign" one.
            raise ConfigError(
                f"server_name is {config.server_name!r} but this database belongs to "
                f"{stored_name!r}; set server_name = {stored_name!r} in kontor.toml")
    try:
        refresh_statistics(engine)
    except Exception as exc:  # noqa: BLE001 - statistics help the planner, never block
        # A server busy past the busy timeout (an admin command beside it, a long
        # import) keeps the old statistics; the command itself must still run.
        log.warning("table statistics not refreshed: %s", type(exc).__name__)
    return epoch


async def _database(app: web.Application) -> AsyncIterator[None]:
    config = app[k.CONFIG]
    app[k.FEED_EPOCH] = await asyncio.to_thread(prepare_database, config)
    database = Database(make_sync_engine(config.db_url))
    app[k.DATABASE] = database
    app[k.LEADERSHIP] = Leadership(
        database, config.leader_lease_seconds, config.leader_renew_seconds,
        always=database.engine.dialect.name == "sqlite")
    yield
    await database.close()


async def _live(app: web.Application) -> AsyncIterator[None]:
    config = app[k.CONFIG]
    hub = LiveHub(config.live_connections_per_device, config.live_connections_per_account)
    app[k.HUB] = hub
    yield
    await hub.close_all()


async def _feed_watch(app: web.Application) -> AsyncIterator[None]:
    """Wakes clients for feed changes another process committed (another serve process,
    kontor-server import): on PostgreSQL at once (LISTEN), and everywhere by looking at
    the feed head every few seconds."""
    database = app[k.DATABASE]

    async def head() -> int:
        return await database.read(feed_store.max_seq)

    app[k.HUB].last_seq = await head()  # known from the first request on
    tasks = [asyncio.create_task(watch_feed_head(app[k.HUB], head), name="feed head watch")]
    if database.engine.dialect.name == "postgresql":  # other serve processes: at once
        epoch = app[k.FEED_EPOCH]

        async def carrying(after: int, upto: int) -> WakeUp | None:
            return await database.read(carrying_between_txn, epoch, after, upto)

        listener = FeedListener(app[k.HUB], app[k.CONFIG].db_url, head, carrying)
        tasks.append(asyncio.create_task(listener.run(), name="feed listener"))
    yield
    for task in tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _credential_watch(app: web.Application) -> AsyncIterator[None]:
    """Closes live sockets whose device or account stopped being valid (the CLI)."""
    database = app[k.DATABASE]

    async def refusals(device_ids: set[str]) -> dict[str, str]:
        return await database.read(device_refusals_txn, device_ids)

    task = asyncio.create_task(watch_credentials(app[k.HUB], refusals),
                               name="live credential watch")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _federation(app: web.Application) -> AsyncIterator[None]:
    """The signing key, and the task that pulls every allow-listed peer."""
    config = app[k.CONFIG]
    key = await asyncio.to_thread(ensure_signing_key, config.data_path)
    app[k.SIGNING_KEY] = key
    hub = app[k.HUB]

    async def woke(seq: int) -> None:
        await hub.wake(seq, hub.targets("all", None, None))

    puller = Puller(app[k.DATABASE], app[k.WRITE_LOCK], key, config.server_name,
                    config.federation_pull_interval_seconds,
                    config.federation_max_backoff_seconds, woke)
    task = asyncio.create_task(app[k.LEADERSHIP].lead(leader.FEDERATION, puller.run),
                               name="federation puller")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def apply_due_handovers(app: web.Application, today: dt.date | None = None,
                              failures: handover.FailedHandovers | None = None,
                              now: float | None = None) -> int:
    """Apply every scheduled handover whose date has come; returns how many changed.

    Each is its own write under the write lock (like a request), and wakes the clients
    that can see it. One that fails stays scheduled; with `failures` (the background
    task's memory) it is logged once and tried again later and later (up to hourly),
    not every minute forever.
    """
    database = app[k.DATABASE]
    day = today or dt.date.today()
    clock = time.monotonic() if now is None else now
    due = await database.read(organisation.due_handover_ids, day)
    if failures is not None:
        failures.keep_only(due)
    changed = 0
    for handover_id in due:
        if failures is not None and not failures.due(handover_id, clock):
            continue

        def work(ctx: WriteContext, handover_id: str = handover_id) -> bool:
            handover.apply_scheduled(ctx, handover_id)
            return bool(ctx.woken)

        try:
            applied = await write_as(app, handover.SYSTEM_CALLER, work)
        except Exception as exc:  # noqa: BLE001 - one bad handover must not stop the rest
            count = failures.failed(handover_id, clock) if failures is not None else 1
            if count == 1:
                log.error("scheduled handover %s not applied: %s; trying again later",
                          handover_id, type(exc).__name__)
            continue
        if failures is not None and (before := failures.succeeded(handover_id)):
            log.info("scheduled handover %s applied after %d failed tries", handover_id,
                     before)
        changed += applied
    return changed


async def _handovers(app: web.Application) -> AsyncIterator[None]:
    """The task that applies scheduled handovers at start and then every interval."""
    interval = app[k.CONFIG].handover_check_interval_seconds
    failures = handover.FailedHandovers(interval)

    async def run() -> None:
        while True:
            try:
                await apply_due_handovers(app, failures=failures)
            except Exception as exc:  # noqa: BLE001 - e.g. the database briefly locked
                log.error("checking scheduled handovers failed: %s", type(exc).__name__)
            await asyncio.sleep(interval)

    task = asyncio.create_task(app[k.LEADERSHIP].lead(leader.HANDOVERS, run),
                               name="scheduled handovers")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def compute_hubs(app: web.Application, now: int | None = None) -> int:
    """Compute the information hubs in a worker process and publish them; returns the
    seq of the publication (docs/hubs.md)."""
    config = app[k.CONFIG]
    at = now_ms() if now is None else now
    result = await nightly.compute_in_worker(nightly.Job(
        config.db_url, config.hub_settings, config.hubs_window_days, at))
    async with app[k.WRITE_LOCK]:
        seq = await app[k.DATABASE].write(hubs_run.store_and_publish, result,
                                          config.server_name, now_ms())
    hub = app[k.HUB]
    await hub.wake(seq, hub.targets("all", None, None))
    log.info("information hubs published: %d hubs, %d units", len(result.hubs),
             len(result.units))
    return seq


async def _hubs(app: web.Application) -> AsyncIterator[None]:
    """The task that computes the hubs every interval, counted from the last run."""
    interval = app[k.CONFIG].hubs_interval_seconds

    async def run() -> None:
        while True:
            delay = await app[k.DATABASE].read(nightly.seconds_until_due, now_ms(), interval)
            await asyncio.sleep(delay)
            try:
                await compute_hubs(app)
            except Exception as exc:  # noqa: BLE001 - tried again at the next interval
                log.error("computing the information hubs failed: %s", type(exc).__name__)
                await asyncio.sleep(interval)

    task = asyncio.create_task(app[k.LEADERSHIP].lead(leader.HUBS, run),
                               name="information hubs")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _directory_sync(app: web.Application) -> AsyncIterator[None]:
    """The scheduled directory sync, when [server.directory] sets sync_source."""
    config = app[k.CONFIG]
    task = None
    if config.directory is not None and config.directory.sync_source:
        task = asyncio.create_task(
            app[k.LEADERSHIP].lead(leader.DIRECTORY_SYNC, lambda: sync_forever(config)),
            name="directory sync")
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _close_sockets(app: web.Application) -> None:
    await app[k.HUB].close_all()


def create_app(config: ServerConfig) -> web.Application:
    app = web.Application(
        middlewares=[client_address_middleware, metrics_middleware, error_middleware,
                     auth_middleware],
        client_max_size=config.max_body_bytes,
    )
    app[k.CONFIG] = config
    app[k.TRUSTED_PROXIES] = parse_networks(config.trusted_proxies)
    app[k.DIRECTORY] = Directory.from_settings(config.ldap) if config.ldap else None
    if config.directory is not None and config.directory.sync_source == "ldap":
        # A directory sync that cannot work stops the start, not every run at night.
        Directory.from_settings(connection_settings(config)[1])
    metrics = app[k.METRICS] = Metrics()
    app[k.WRITE_LOCK] = TimedLock(metrics.lock_wait.observe)
    app[k.CALLERS] = CallerCache()
    app[k.THROTTLE] = LoginThrottle(
        config.login_free_attempts,
        config.login_base_delay_seconds,
        config.login_max_delay_seconds,
        config.login_address_free_attempts,
        config.login_account_free_attempts,
    )
    app.cleanup_ctx.extend([_database, _live, _federation, _handovers, _hubs, retention_task,
                            _feed_watch, _credential_watch, _directory_sync,
                            metrics_listener])
    app.on_shutdown.append(_close_sockets)
    for table in (meta.routes, auth.routes, feed.routes, writes.routes, photos.routes,
                  org.routes, federation.routes, sites.routes):
        app.add_routes(table)
    app.router.add_get(METRICS_PATH, main_listener_metrics)
    return app
