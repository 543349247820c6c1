"""The changes feed and the live wake-up socket."""

from __future__ import annotations

import logging
from collections import Counter

from aiohttp import WSMsgType, web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.params import flag, page_limit
from server_stub.routes.common import (
    caller_of,
    checked_in_transaction,
    json_response,
    read_checked,
)
from server_stub.services.feed import (
    CursorError,
    audit_delivery_txn,
    build_page_txn,
    decode_cursor,
    feed_head_txn,
)
from server_stub.services.live import Listener
from sync.protocol import now_ms, paths

routes = web.RouteTableDef()
log = logging.getLogger("kontor.live")


@routes.get(paths.SYNC)
@checked_in_transaction
async def sync_feed(request: web.Request) -> web.Response:
    config = request.app[k.CONFIG]
    epoch = request.app[k.FEED_EPOCH]
    limit = page_limit(request.query.get("limit"), config.feed_default_limit,
                       config.feed_max_limit)
    count = flag(request.query.get("count"), "count")
    delivered: Counter[str] = Counter()
    try:
        since = decode_cursor(request.query.get("since", ""), epoch)
        body = await read_checked(request, lambda conn, caller: build_page_txn(
            conn, caller.person_id, epoch, since, limit, count, delivered))
    except CursorError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    request.app[k.METRICS].client_lag.observe(max(0, request.app[k.HUB].last_seq - since))
    if delivered:
        caller = caller_of(request)
        await request.app[k.DATABASE].write(audit_delivery_txn, caller.username,
                                            caller.person_id, now_ms(), delivered)
    return json_response(body)


def ws_upgrade_requested(request: web.Request) -> bool:
    """A WebSocket handshake (checked before the caps, so a plain GET is a 400)."""
    return request.headers.get("Upgrade", "").lower() == "websocket"


@routes.get(paths.EVENTS)
async def events(request: web.Request) -> web.WebSocketResponse:
    """Wake-ups only: {"seq": N} whenever the caller's visible feed may have grown."""
    caller = caller_of(request)
    hub = request.app[k.HUB]
    if not ws_upgrade_requested(request):
        raise ApiError(400, "bad_request", "This is a WebSocket: send an upgrade request.")
    full = hub.full_for(caller.device_id, caller.account_id)
    if full is not None:
        raise ApiError(429, "too_many_connections", full + " Close one first.",
                       headers={"Retry-After": "30"})
    ws = web.WebSocketResponse(heartbeat=request.app[k.CONFIG].heartbeat_seconds)
    await ws.prepare(request)
    hub.add(Listener(caller.person_id or "account:" + caller.account_id, caller.device_id,
                     caller.account_id), ws)
    try:
        head = await request.app[k.DATABASE].read(feed_head_txn)
        await ws.send_str(f'{{"seq":{head}}}')
        async for message in ws:
            if message.type == WSMsgType.ERROR:
                break
    finally:
        hub.remove(ws)
    return ws
