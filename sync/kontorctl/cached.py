"""What a read from the local cache is worth, told beside its answer.

Reads answer from the cache at once, online or not; but a person (or a script) must be
able to tell when the cache is all there is. A profile that never signed in has nothing
to read (exit 2). A signed-out one shows what its cache kept and exits 2. A signed-in
one whose server cannot be reached answers as usual (exit 0) with a note on stderr:
the answer is as old as the last sync. The check is one short request to the server's
health endpoint, bounded by PROBE_SECONDS, so a read never waits long for the network.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

from sync.client import ClientError, KontorClient
from sync.policy.model import Policy
from sync.session import NotSignedIn, ProfileSession

OK, AUTH = 0, 2  # the exit codes of main.py
PROBE_SECONDS = 2.0


def require_account(session: ProfileSession) -> None:
    """Before a read: a profile that never signed in has no cache to answer from."""
    if not session.state().server_url:
        raise NotSignedIn()


async def _reachable(url: str, policy: Policy) -> bool:
    async with KontorClient(url, policy=policy) as client:
        try:
            await asyncio.wait_for(client.request("GET", "/healthz"), PROBE_SECONDS)
        except (ClientError, TimeoutError):
            return False
    return True


def after_read(session: ProfileSession) -> int:
    """After a read's answer: the exit code, and a note on stderr when it is stale."""
    state = session.state()
    if not state.logged_in:
        print(f"kontorctl: not signed in: this is what the local cache kept from "
              f"{state.server_url}. Run: kontorctl login URL USERNAME", file=sys.stderr)
        return AUTH
    assert state.server_url is not None
    if not asyncio.run(_reachable(state.server_url, session.policy)):
        last = "never"
        if state.last_sync_at:
            last = dt.datetime.fromtimestamp(state.last_sync_at / 1000).isoformat(
                sep=" ", timespec="minutes")
        print(f"offline: {state.server_url} cannot be reached; answered from the local "
              f"cache (last sync: {last})", file=sys.stderr)
    return OK
