"""Live wake-ups: who is listening, and telling them the feed grew.

A wake-up carries a sequence number, and a small write's changes when every socket it
goes to may see them all (services/feed.py: carrying_wake_up); the feed stays the
truth, so a lost wake-up costs latency, never data.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import msgspec
from aiohttp import WSCloseCode, web

from sync.protocol import WakeUp

log = logging.getLogger("kontor.live")

# How often the server looks whether another process (kontor-server import, peer
# purge) moved the feed head: that writer has no sockets to wake.
FEED_WATCH_SECONDS = 2.0
# How often it looks whether the devices of open sockets are still signed in: a revoke,
# an account disabled or a password changed with the CLI happens in another process.
CREDENTIAL_WATCH_SECONDS = 1.0
# A socket closed because its device or account stopped being valid gets this code
# (4000-4999 are the application's) and, as reason, the error code an HTTP request with
# the same token gets: unauthorized, device_revoked or account_disabled.
CLOSE_SIGNED_OUT = 4401


@dataclass(frozen=True, slots=True)
class Listener:
    """Whose socket it is: for waking (key: the person, or the account without one),
    for closing when the device stops being valid, and for the caps."""

    key: str
    device_id: str
    account_id: str


class LiveHub:
    def __init__(self, per_device: int = 4, per_account: int = 12) -> None:
        self.per_device = per_device
        self.per_account = per_account
        self._by_person: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self._all: set[web.WebSocketResponse] = set()
        self._listeners: dict[web.WebSocketResponse, Listener] = {}
        # Open sockets per device and per account, for the caps: counted as they come
        # and go, so a new socket is checked in constant time (a walk over every open
        # socket made 10,000 connections take minutes).
        self._per_device: Counter[str] = Counter()
        self._per_account: Counter[str] = Counter()
        # The newest feed seq this process knows: what it woke anyone for, and what the
        # feed watcher read (for the clients' lag in /metrics).
        self.last_seq = 0
        # The seq ranges this server's own writes produced (and woke their readers for),
        # until the feed watcher has looked past them; whatever else the feed holds was
        # written by another process.
        self._written: list[tuple[int, int]] = []
        self._sending: set[asyncio.Task[None]] = set()  # wake-ups on their way (wake_soon)

    def full_for(self, device_id: str, account_id: str) -> str | None:
        """Why another socket of this device or account is refused, or None."""
        if self._per_device[device_id] >= self.per_device:
            return f"This device has {self.per_device} live connections open already."
        if self._per_account[account_id] >= self.per_account:
            return f"This account has {self.per_account} live connections open already."
        return None

    def add(self, who: Listener, ws: web.WebSocketResponse) -> None:
        self._by_person[who.key].add(ws)
        self._all.add(ws)
        self._listeners[ws] = who
        self._per_device[who.device_id] += 1
        self._per_account[who.account_id] += 1

    def remove(self, ws: web.WebSocketResponse) -> None:
        who = self._listeners.pop(ws, None)
        self._all.discard(ws)
        if who is None:
            return
        self._by_person[who.key].discard(ws)
        if not self._by_person[who.key]:
            del self._by_person[who.key]
        for counts, key in ((self._per_device, who.device_id),
                            (self._per_account, who.account_id)):
            counts[key] -= 1
            if not counts[key]:
                del counts[key]

    def device_ids(self) -> set[str]:
        return {who.device_id for who in self._listeners.values()}

    async def close_devices(self, refusals: dict[str, str]) -> int:
        """Close every socket of these devices at once, the reason being the error code
        their token now gets; returns how many were closed."""
        doomed = [(ws, refusals[who.device_id]) for ws, who in list(self._listeners.items())
                  if who.device_id in refusals]
        for ws, _ in doomed:
            self.remove(ws)  # no wake-up reaches it any more, even before it is closed
        await asyncio.gather(*(ws.close(code=CLOSE_SIGNED_OUT, message=code.encode())
                               for ws, code in doomed), return_exceptions=True)
        if doomed:
            log.info("closed %d live connection(s) of signed-out devices", len(doomed))
        return len(doomed)

    @property
    def listening(self) -> int:
        return len(self._all)

    def targets(self, scope: str, scope_id: str | None, members: set[str] | None) -> list[
        web.WebSocketResponse
    ]:
        if scope == "all":
            return list(self._all)
        if scope == "person":
            return list(self._by_person.get(scope_id or "", ()))
        return [ws for p in (members or ()) for ws in self._by_person.get(p, ())]

    async def wake(self, seq: int, targets: list[web.WebSocketResponse], *,
                   first_seq: int | None = None) -> None:
        """Tell targets the feed reached seq; first_seq..seq are the write's own changes
        (only seq itself when not given: the watcher may then wake everyone once more)."""
        await self._send(self._note(seq, first_seq), targets)

    def wake_soon(self, seq: int, targets: list[web.WebSocketResponse], *,
                  first_seq: int | None = None, carrying: WakeUp | None = None) -> None:
        """wake(), but the sends run as a task of their own: a write answers its writer
        first and its readers are woken right after, so a thousand open sockets do not
        sit on the writer's latency. What was written is noted at once (the feed
        watcher must not take it for another process's write). `carrying`: the
        wake-up with the write's changes, encoded once for every socket."""
        message = self._note(seq, first_seq, carrying)
        if not targets:
            return
        task = asyncio.get_running_loop().create_task(self._send(message, targets))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    def _note(self, seq: int, first_seq: int | None, carrying: WakeUp | None = None) -> str:
        self.last_seq = max(self.last_seq, seq)
        self._written.append((seq if first_seq is None else first_seq, seq))
        return msgspec.json.encode(carrying or WakeUp(seq)).decode()

    async def _send(self, message: str, targets: list[web.WebSocketResponse]) -> None:
        for ws in targets:
            if ws.closed:
                continue
            try:
                await ws.send_str(message)
            except (ConnectionError, RuntimeError):
                log.info("dropped a wake-up for a closing socket")

    def written_elsewhere(self, after: int, head: int) -> bool:
        """Whether any seq in (after, head] is not one of this server's own writes.

        Seqs are handed out in commit order under the write lock, so a gap between the
        ranges this server wrote is a write of another process (an import), whatever
        this server wrote after it and whomever it woke for that.
        """
        self._written = [r for r in self._written if r[1] > after]
        covered = after
        for first, last in sorted(self._written):
            if first > covered + 1:
                break
            covered = max(covered, last)
        return covered < head

    async def close_all(self) -> None:
        for task in list(self._sending):
            task.cancel()
        sockets = list(self._all)
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown") for ws in sockets),
            return_exceptions=True,
        )


async def watch_credentials(hub: LiveHub,
                            read_refusals: Callable[[set[str]], Awaitable[dict[str, str]]],
                            interval: float = CREDENTIAL_WATCH_SECONDS) -> None:
    """Close the sockets of devices revoked, accounts disabled or signed out elsewhere.

    One indexed lookup of the connected devices a second; a sign-out through this
    server closes its sockets at once without waiting for it.
    """
    while True:
        devices = hub.device_ids()
        if devices:
            try:
                refusals = await read_refusals(devices)
            except Exception as exc:  # noqa: BLE001 - e.g. the database briefly locked
                log.info("checking live connections' devices failed: %s", type(exc).__name__)
            else:
                await hub.close_devices(refusals)
        await asyncio.sleep(interval)


async def watch_feed_head(hub: LiveHub, read_head: Callable[[], Awaitable[int]],
                          interval: float = FEED_WATCH_SECONDS) -> None:
    """Wake every listener when the feed grew by writes this server did not make.

    Writes made here wake their readers themselves; a write committed by another
    process (an import from the command line) would otherwise reach clients only at
    their next reconnect. A write of this server after the import, woken for one person
    only, must not hide the import: the watcher compares the seqs the feed moved by
    with the ranges this server wrote. One indexed max() every few seconds; at worst a
    client syncs once more for nothing (a write of this server seen before it woke).
    """
    known: int | None = None  # None until the first read (a client connecting gets the head)
    while True:
        try:
            head = await read_head()
        except Exception as exc:  # noqa: BLE001 - e.g. the database briefly locked
            log.info("reading the feed head failed: %s", type(exc).__name__)
        else:
            if known is not None and head > known and hub.written_elsewhere(known, head) and (
                    hub.listening):
                await hub.wake(head, hub.targets("all", None, None), first_seq=known + 1)
            known = head if known is None else max(known, head)
            hub.last_seq = max(hub.last_seq, head)
        await asyncio.sleep(interval)
