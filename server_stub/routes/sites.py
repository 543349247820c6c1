"""Which peer sites are current: a quiet note for users when one stays unreachable."""

from __future__ import annotations

import msgspec
from aiohttp import web

from server_stub import appkeys as k
from server_stub.routes.common import json_response
from server_stub.storage import peers
from sync.protocol import SitesAnswer, SiteStatus, now_ms, paths

routes = web.RouteTableDef()


@routes.get(paths.SITES)
async def sites(request: web.Request) -> web.Response:
    """This server's name and each peer's state; nothing an admin-only view would show."""
    now = now_ms()
    async with request.app[k.ENGINE].connect() as conn:
        states = await conn.run_sync(peers.site_states, now)
    answer = SitesAnswer(
        server_name=request.app[k.CONFIG].server_name,
        peers=[SiteStatus(name=name, state=state, last_success_at=at)
               for name, state, at in states],
    )
    return json_response(msgspec.json.encode(answer))
