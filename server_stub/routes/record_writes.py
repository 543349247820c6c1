"""The one shape of the record endpoints: PUT {id} creates or edits, DELETE {id} removes.

Nearly twenty endpoints read the same things in the same order (the id, the JSON body,
If-Match where the record is versioned), run one service as the caller and answer the
record or 204. Declared as RecordEndpoints, each is one line of its table instead of a
copy of the same handler, and the order of checks (and so the error a client gets for
a request wrong in two ways) is the same everywhere: id, body, If-Match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from aiohttp import web

from server_stub.routes.common import (
    Handler,
    checked_in_transaction,
    if_match,
    json_response,
    new_record_id,
    path_uuid,
    read_body,
    write_as_caller,
)
from server_stub.services.context import WriteContext, WriteResult

# put(ctx, id, body) or, when versioned, put(ctx, id, body, If-Match version or None)
PutService = Callable[..., WriteResult]
# delete(ctx, id) or, when versioned, delete(ctx, id, If-Match version or None)
DeleteService = Callable[..., None]


@dataclass(frozen=True, slots=True)
class RecordEndpoint:
    """A record's PUT and (if it has one) DELETE at one path with an {id}."""

    path: str
    body: type[msgspec.Struct]
    put: PutService
    delete: DeleteService | None = None
    put_versioned: bool = False  # PUT reads If-Match (edits name the version they edit)
    delete_versioned: bool = False  # DELETE reads If-Match
    fresh_id: bool = True  # {id} is a UUIDv7 the client made; False: any existing UUID


def _put_handler(endpoint: RecordEndpoint) -> Handler:
    @checked_in_transaction
    async def put(request: web.Request) -> web.Response:
        record_id = (new_record_id(request) if endpoint.fresh_id
                     else path_uuid(request, "id"))
        body = await read_body(request, endpoint.body)
        args: tuple[Any, ...] = (record_id, body)
        if endpoint.put_versioned:
            args += (if_match(request),)
        result = await write_as_caller(request, lambda ctx: endpoint.put(ctx, *args))
        return json_response(result.body, result.status)

    return put


def _delete_handler(endpoint: RecordEndpoint, delete: DeleteService) -> Handler:
    @checked_in_transaction
    async def remove(request: web.Request) -> web.Response:
        args: tuple[Any, ...] = (path_uuid(request, "id"),)
        if endpoint.delete_versioned:
            args += (if_match(request),)

        def work(ctx: WriteContext) -> None:
            delete(ctx, *args)

        await write_as_caller(request, work)
        return web.Response(status=204)

    return remove


def add_record_routes(routes: web.RouteTableDef, endpoints: tuple[RecordEndpoint, ...]) -> None:
    for endpoint in endpoints:
        routes.put(endpoint.path)(_put_handler(endpoint))
        if endpoint.delete is not None:
            routes.delete(endpoint.path)(_delete_handler(endpoint, endpoint.delete))
