"""Health, server information and the OpenAPI document: readable without signing in."""

from __future__ import annotations

import msgspec
from aiohttp import web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.openapi.document import openapi_document
from server_stub.routes.common import json_response
from server_stub.services.health import database_reachable
from sync.protocol import PROTOCOL_VERSION, Info, paths

routes = web.RouteTableDef()


@routes.get(paths.HEALTHZ)
async def healthz(request: web.Request) -> web.Response:
    if not await database_reachable(request.app[k.DATABASE]):
        raise ApiError(503, "storage_unavailable", "The database is not reachable.")
    return json_response(b'{"status":"ok"}')


@routes.get(paths.INFO)
async def info(request: web.Request) -> web.Response:
    answer = Info(
        server_name=request.app[k.CONFIG].server_name, protocol_version=PROTOCOL_VERSION
    )
    return json_response(msgspec.json.encode(answer))


@routes.get(paths.OPENAPI)
async def openapi(request: web.Request) -> web.Response:
    return json_response(openapi_document())
