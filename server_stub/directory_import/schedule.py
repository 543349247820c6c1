"""The directory sync that `serve` runs by itself ([server.directory] sync_*).

Every sync_interval_seconds, or daily at sync_daily_at (the server's local time), the
server reads the directory (or HR's CSV file) and imports it as `kontor-server import
--prune --disable-accounts` would: people no longer there leave and their accounts are
disabled; accounts the directory disables are disabled; their devices are signed out
and live connections closed (the credential watch, as after `user disable`). A prune
that would let more than sync_max_leaving_share of the people go writes nothing.

Reading and importing run in worker threads; the import takes SQLite's write lock only
for its writes, as a CLI import beside a running server does. A failure (directory
down, a broken export, the database busy) is logged and tried again after
sync_retry_seconds, doubling up to an hour, but never later than the next regular run;
serving goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from server_stub.config import ServerConfig
from server_stub.directory_auth.ldap import DirectoryUnavailable
from server_stub.directory_import.file_format import DirectoryFileError
from server_stub.directory_import.run import SourceUnreadable, apply, read_source
from server_stub.directory_import.summary import ImportSummary
from server_stub.directory_settings import DirectorySettings

log = logging.getLogger("kontor.directory")
MAX_RETRY_SECONDS = 3600.0


def seconds_until_next(settings: DirectorySettings, now: dt.datetime) -> float:
    """How long until the next regular run: the interval, or the next HH:MM."""
    if settings.sync_interval_seconds:
        return settings.sync_interval_seconds
    hour, minute = (int(x) for x in settings.sync_daily_at.split(":"))
    due = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if due <= now:
        due += dt.timedelta(days=1)
    return (due - now).total_seconds()


def sync_once(config: ServerConfig) -> ImportSummary:
    """One sync, blocking: read the source and import it."""
    settings = config.directory
    assert settings is not None and settings.sync_source
    loaded = read_source(config, settings.sync_source, settings.sync_file or None)
    return apply(config, loaded, prune=settings.sync_prune,
                 disable_accounts=settings.sync_prune and settings.sync_disable_accounts,
                 max_leaving_share=settings.sync_max_leaving_share)


def _reason(exc: Exception) -> str:
    if isinstance(exc, DirectoryFileError):
        more = f" (and {exc.total - 3} more)" if exc.total > 3 else ""
        return "; ".join(exc.problems[:3]) + more
    if isinstance(exc, DirectoryUnavailable | SourceUnreadable):
        return str(exc)
    return type(exc).__name__  # a database error's text would carry bound values


def _logged(summary: ImportSummary, source: str) -> None:
    people = summary.people
    log.info("directory sync from %s: people %d created, %d updated, %d unchanged, %d left; "
             "%d accounts disabled", source, people.created, people.updated,
             people.unchanged, people.left, len(summary.disabled),
             extra={"event": "directory_sync", "source": source, **{
                 f"{kind}_{name}": value for kind, counts in summary.counts().items()
                 for name, value in counts.items()},
                 "accounts_disabled": len(summary.disabled),
                 "lock_seconds": summary.lock_seconds,
                 "warnings": len(summary.warnings)})
    for warning in summary.warnings[:20]:
        log.warning("directory sync: %s", warning, extra={"event": "directory_sync_warning"})


async def sync_forever(config: ServerConfig,
                       clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
    """Run the sync on its schedule until cancelled."""
    settings = config.directory
    assert settings is not None and settings.sync_source
    failures = 0
    delay = seconds_until_next(settings, clock())
    while True:
        await asyncio.sleep(delay)
        try:
            summary = await asyncio.to_thread(sync_once, config)
        except Exception as exc:  # noqa: BLE001 - serving goes on; tried again later
            failures += 1
            regular = seconds_until_next(settings, clock())
            delay = min(settings.sync_retry_seconds * 2 ** (failures - 1), MAX_RETRY_SECONDS,
                        regular)
            log.error("directory sync from %s failed (%s); nothing changed, trying again in "
                      "%.0f s", settings.sync_source, _reason(exc), delay,
                      extra={"event": "directory_sync_failed", "source": settings.sync_source,
                             "attempt": failures, "retry_in_seconds": delay})
            continue
        if failures:
            log.info("directory sync succeeded after %d failed tries", failures)
        failures = 0
        _logged(summary, settings.sync_source)
        delay = seconds_until_next(settings, clock())
