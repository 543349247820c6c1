"""Wake-ups across serve processes on PostgreSQL: LISTEN for the feed's NOTIFY.

Every transaction that writes the feed notifies FEED_CHANNEL when it commits
(storage/feed_lock.py), whichever process ran it: another serve process behind the same
load balancer, or an admin command. Each serve process listens on a connection of its
own and wakes its sockets at once for writes it did not make itself; its own writes wake
their readers themselves. A notification is a hint like the wake-up it causes: the feed
stays the truth, and the feed-head watcher (services/live.py, every 2 s) stays as the
safety net for anything missed while the connection was down. When every entry of
that write is for everyone, the wake-up carries them (one read per write and process,
not a pull per socket).

Notifications arrive in commit order, and the feed lock makes that the order of the
seqs, so the seqs between the last notification and this one are this one's writes (or
this process's own, already woken): a wake-up for (last, seq] tells the head watcher
that range needs no second wake-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import psycopg
import sqlalchemy as sa
from psycopg.conninfo import make_conninfo

from server_stub.services.live import LiveHub
from server_stub.storage.feed_lock import FEED_CHANNEL, ORIGIN, parse_notification
from sync.protocol import WakeUp

log = logging.getLogger("kontor.live")

FIRST_PAUSE_SECONDS = 0.5  # before the first reconnect; doubles up to MAX_PAUSE_SECONDS
MAX_PAUSE_SECONDS = 30.0
# TCP keepalives, so a connection that died silently (a firewall dropping it) is noticed
# within about a minute rather than never.
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
               "keepalives_count": 3}


def conninfo(url: str) -> str:
    """The database URL as libpq takes it (without SQLAlchemy's driver suffix), with
    keepalives."""
    plain = sa.make_url(url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    return make_conninfo(plain, **_KEEPALIVES)


class FeedListener:
    def __init__(self, hub: LiveHub, url: str, read_head: Callable[[], Awaitable[int]],
                 read_carrying: Callable[[int, int], Awaitable[WakeUp | None]] | None = None,
                 first_pause: float = FIRST_PAUSE_SECONDS,
                 max_pause: float = MAX_PAUSE_SECONDS) -> None:
        self.hub = hub
        self.url = url
        self.read_head = read_head
        # The wake-up carrying another process's write (after, upto], if it can be.
        self.read_carrying = read_carrying
        self.first_pause = first_pause
        self.max_pause = max_pause
        self.known: int | None = None  # the feed head as far as notifications told
        self.connected = asyncio.Event()  # set while LISTEN is in force

    async def run(self) -> None:
        """Listen until cancelled, connecting again after a pause that doubles."""
        pause = self.first_pause
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        conninfo(self.url), autocommit=True) as conn:
                    await conn.execute(f"LISTEN {FEED_CHANNEL}")
                    await self._caught_up()
                    self.connected.set()
                    pause = self.first_pause
                    async for note in conn.notifies():
                        await self._heard(note.payload)
            except (psycopg.Error, OSError) as exc:
                log.warning("listening for feed changes failed (%s); trying again in "
                            "%.1f s, the feed watcher covers the gap",
                            type(exc).__name__, pause)
            finally:
                self.connected.clear()
            await asyncio.sleep(pause)
            pause = min(pause * 2, self.max_pause)

    async def _caught_up(self) -> None:
        """After (re)connecting: whatever committed while nobody listened wakes all."""
        head = await self.read_head()
        known = self.known
        if known is not None and head > known and self.hub.written_elsewhere(known, head):
            self._wake(known, head)
        self.known = head if known is None else max(known, head)

    async def _heard(self, payload: str) -> None:
        parsed = parse_notification(payload)
        if parsed is None:
            return
        seq, origin = parsed
        known = self.known
        if known is None or seq <= known:
            return
        self.known = seq
        if origin == ORIGIN or not self.hub.listening:
            return
        carrying = None
        if self.read_carrying is not None:
            try:
                carrying = await self.read_carrying(known, seq)
            except Exception as exc:  # noqa: BLE001 - the plain wake-up still goes out
                log.info("reading a write to carry failed: %s", type(exc).__name__)
        self._wake(known, seq, carrying)

    def _wake(self, known: int, head: int, carrying: WakeUp | None = None) -> None:
        hub = self.hub
        if hub.listening:
            hub.wake_soon(head, hub.targets("all", None, None), first_seq=known + 1,
                          carrying=carrying)
