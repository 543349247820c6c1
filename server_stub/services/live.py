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
        # The seq ranges this server's own writes produced (and woke their readers for),
        # until the feed watcher has looked past them; whatever else the feed holds was
        # written by another process.
        self._written: list[tuple[int, int]] = []

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

    async def wake(self, seq: int, targets: list[web.WebSocketResponse], *,
                   first_seq: int | None = None) -> None:
        """Tell targets the feed reached seq; first_seq..seq are the write's own changes
        (only seq itself when not given: the watcher may then wake everyone once more)."""
        self.last_seq = max(self.last_seq, seq)
        self._written.append((seq if first_seq is None else first_seq, seq))
        message = msgspec.json.encode(WakeUp(seq)).decode()
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
        sockets = list(self._all)
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown") for ws in sockets),
            return_exceptions=True,
        )


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
        await asyncio.sleep(interval)
