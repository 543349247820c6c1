"""The changes feed and the live wake-up socket."""

from __future__ import annotations

import logging
from collections import Counter

from aiohttp import WSMsgType, web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.routes.common import caller_of, json_response
from server_stub.services.feed import (
    CursorError,
    audit_delivery_txn,
    build_page_txn,
    decode_cursor,
    feed_head_txn,
)
from sync.protocol import now_ms, paths

routes = web.RouteTableDef()
log = logging.getLogger("kontor.live")


@routes.get(paths.SYNC)
async def sync_feed(request: web.Request) -> web.Response:
    caller = caller_of(request)
    config = request.app[k.CONFIG]
    epoch = request.app[k.FEED_EPOCH]
    raw_limit = request.query.get("limit", str(config.feed_default_limit))
    if not raw_limit.isdigit() or int(raw_limit) < 1:
        raise ApiError(400, "invalid_limit", "limit must be a positive whole number.")
    limit = min(int(raw_limit), config.feed_max_limit)
    try:
        since = decode_cursor(request.query.get("since", ""), epoch)
        delivered: Counter[str] = Counter()
        async with request.app[k.ENGINE].connect() as conn:
            body = await conn.run_sync(
                build_page_txn, caller.person_id, epoch, since, limit,
                request.query.get("count") == "1", delivered,
            )
    except CursorError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    if delivered:
        async with request.app[k.ENGINE].begin() as conn:
            await conn.run_sync(audit_delivery_txn, caller.username, caller.person_id,
                                now_ms(), delivered)
    return json_response(body)


@routes.get(paths.EVENTS)
async def events(request: web.Request) -> web.WebSocketResponse:
    """Wake-ups only: {"seq": N} whenever the caller's visible feed may have grown."""
    caller = caller_of(request)
    ws = web.WebSocketResponse(heartbeat=request.app[k.CONFIG].heartbeat_seconds)
    await ws.prepare(request)
    hub = request.app[k.HUB]
    key = caller.person_id or "account:" + caller.account_id
    hub.add(key, ws)
    try:
        async with request.app[k.ENGINE].connect() as conn:
            head = await conn.run_sync(feed_head_txn)
        await ws.send_str(f'{{"seq":{head}}}')
        async for message in ws:
            if message.type == WSMsgType.ERROR:
                break
    finally:
        hub.remove(key, ws)
    return ws
