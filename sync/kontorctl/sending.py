"""Every kontorctl write goes through the outbox and is sent at once; this tells the
person what became of it, the same way for a post, a duty or a handover.

sent: the server took it (exit 0). queued: the server cannot be reached, the write
waits in the outbox for the next sync (exit 3). refused: the server said no; the item
stays in the outbox as failed with the reason, so nothing typed is lost (exit 1).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

import msgspec

from sync.cache.write import outbox
from sync.client import ServerUnreachable
from sync.session import ProfileSession

OK, USAGE, UNREACHABLE = 0, 1, 3  # the exit codes of main.py


class Sent(msgspec.Struct, frozen=True):
    id: str
    state: str  # sent (or the record's own state, e.g. a handover's done) | pending | failed
    error: str | None


async def _push(session: ProfileSession) -> None:
    client = session.client()
    try:
        await session.engine(client).sync_once()
    finally:
        await client.close()


def send_now(session: ProfileSession, args: argparse.Namespace, item_id: str, record_id: str,
             what: str, settled: Callable[[], str | None] | None = None) -> int:
    """Send the outbox now and report on item_id. settled: the state of a record that
    has one once the server took it (a handover: done or scheduled); else "sent"."""
    try:
        asyncio.run(_push(session))
    except ServerUnreachable:
        pass
    item = outbox.get_item(session.cache, item_id)
    if item is not None and not outbox.is_acknowledged(session.cache, item_id):
        answer = Sent(record_id, item.state, item.error)
    else:
        answer = Sent(record_id, (settled() if settled else None) or "sent", None)
    if getattr(args, "json", False):
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(answer), indent=2).decode()
                         + "\n")
    elif answer.state == "pending":
        print(f"{what} {record_id}: queued, will be sent when the server is reachable "
              "(it waits in the outbox: kontorctl outbox)", file=sys.stderr)
    elif answer.state == "failed":
        print(f"kontorctl: the server refused the {what}: {answer.error}", file=sys.stderr)
    else:
        print(f"{what} {record_id}: {answer.state}")
    return {"failed": USAGE, "pending": UNREACHABLE}.get(answer.state, OK)
