"""Which peer sites are current, as users may see it: names and states, no addresses,
keys or error texts (those are the admin's, in `kontor-server peer list`)."""

from __future__ import annotations

import sqlalchemy as sa

from server_stub.storage import peers
from sync.protocol import SitesAnswer, SiteStatus


def sites_answer_txn(conn: sa.Connection, server_name: str, now: int) -> SitesAnswer:
    return SitesAnswer(
        server_name=server_name,
        peers=[SiteStatus(name=name, state=state, last_success_at=at)
               for name, state, at in peers.site_states(conn, now)],
    )
