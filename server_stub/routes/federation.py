"""The federation endpoint: a peer pulls this site's export with a signed request.

Not under /api/, so the bearer-token middleware never sees it: the signature is the
only credential (server_stub/federation/signing.py, docs/federation.md).
"""

from __future__ import annotations

import logging
import time

from aiohttp import web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.federation.export import PAGE_LIMIT, build_export_txn
from server_stub.federation.inbound import InboundRequest, authenticate_txn, keyid_of
from server_stub.federation.signing import SignatureError, header_values
from server_stub.params import page_limit
from server_stub.routes.common import json_response
from server_stub.services.feed import CursorError, decode_cursor
from sync.protocol import paths

routes = web.RouteTableDef()
log = logging.getLogger("kontor.federation")


async def authenticate(request: web.Request) -> str:
    """The peer's name, or 401 with a stable code and a log line naming the reason."""
    inbound = InboundRequest(
        method=request.method, path=request.rel_url.raw_path,
        query=request.rel_url.raw_query_string,
        headers=header_values(list(request.headers.items())), body=await request.read(),
    )
    try:
        async with request.app[k.WRITE_LOCK]:
            return await request.app[k.DATABASE].write(authenticate_txn, inbound, time.time())
    except SignatureError as exc:
        log.warning("refused a federation request from %s (keyid %r): %s: %s",
                    request.remote, keyid_of(inbound), exc.code, exc.message)
        raise ApiError(401, exc.code, "The request is not signed by a listed peer, or "
                       "its signature is invalid, expired or replayed.") from None


@routes.get(paths.FEDERATION_CHANGES)
async def export_changes(request: web.Request) -> web.Response:
    peer = await authenticate(request)
    limit = page_limit(request.query.get("limit"), PAGE_LIMIT,
                       request.app[k.CONFIG].feed_max_limit)
    epoch = request.app[k.FEED_EPOCH]
    try:
        since = decode_cursor(request.query.get("since", ""), epoch)
        body = await request.app[k.DATABASE].read(build_export_txn, epoch, since, limit)
    except CursorError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    log.debug("export page for %s", peer)
    return json_response(body)
