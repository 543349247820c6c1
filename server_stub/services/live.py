"""Live wake-ups: who is listening, and telling them the feed grew.

A wake-up carries only a sequence number; the feed stays the truth, so a lost
wake-up costs latency, never data.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

import msgspec
from aiohttp import WSCloseCode, web

from sync.protocol import WakeUp

log = logging.getLogger("kontor.live")

# How often the server looks whether another process (kontor-server import, peer
# purge) moved the feed head: that writer has no sockets to wake.
FEED_WATCH_SECONDS = 2.0


class LiveHub:
    def __init__(self) -> None:
        self._by_person: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self._all: set[web.WebSocketResponse] = set()
        self.last_seq = 0  # the highest seq this server has woken anyone for

    def add(self, key: str, ws: web.WebSocketResponse) -> None:
        self._by_person[key].add(ws)
        self._all.add(ws)

    def remove(self, key: str, ws: web.WebSocketResponse) -> None:
        self._by_person[key].discard(ws)
        if not self._by_person[key]:
            del self._by_person[key]
        self._all.discard(ws)

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

    async def wake(self, seq: int, targets: list[web.WebSocketResponse]) -> None:
        self.last_seq = max(self.last_seq, seq)
        message = msgspec.json.encode(WakeUp(seq)).decode()
        for ws in targets:
            if ws.closed:
                continue
            try:
                await ws.send_str(message)
            except (ConnectionError, RuntimeError):
                log.info("dropped a wake-up for a closing socket")

    async def close_all(self) -> None:
        sockets = list(self._all)
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown") for ws in sockets),
            return_exceptions=True,
        )


async def watch_feed_head(hub: LiveHub, read_head: Callable[[], Awaitable[int]],
                          interval: float = FEED_WATCH_SECONDS) -> None:
    """Wake every listener when the feed grew without this server waking anyone.

    Writes made here wake their readers themselves; a write committed by another
    process (an import from the command line) would otherwise reach clients only at
    their next reconnect. One indexed max() every few seconds; at worst a client syncs
    once more for nothing (a write of this server seen just before it woke).
    """
    known: int | None = None  # None until the first read (a client connecting gets the head)
    while True:
        try:
            head = await read_head()
        except Exception as exc:  # noqa: BLE001 - e.g. the database briefly locked
            log.info("reading the feed head failed: %s", type(exc).__name__)
        else:
            if known is not None and head > max(known, hub.last_seq) and hub.listening:
                await hub.wake(head, hub.targets("all", None, None))
            known = head if known is None else max(known, head)
        await asyncio.sleep(interval)
