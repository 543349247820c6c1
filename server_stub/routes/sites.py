"""Which peer sites are current: a quiet note for users when one stays unreachable."""

from __future__ import annotations

import msgspec
from aiohttp import web

from server_stub import appkeys as k
from server_stub.routes.common import json_response
from server_stub.services.sites import sites_answer_txn
from sync.protocol import now_ms, paths

routes = web.RouteTableDef()


@routes.get(paths.SITES)
async def sites(request: web.Request) -> web.Response:
    """This server's name and each peer's state; nothing an admin-only view would show."""
    answer = await request.app[k.DATABASE].read(
        sites_answer_txn, request.app[k.CONFIG].server_name, now_ms())
    return json_response(msgspec.json.encode(answer))
