"""Writes: posts, comments, reactions, own profile, personal connections, membership."""

from __future__ import annotations

from aiohttp import web

from server_stub.routes.common import (
    checked_in_transaction,
    json_response,
    path_uuid,
    read_as_caller,
    read_body,
    write_as_caller,
)
from server_stub.routes.record_writes import RecordEndpoint, add_record_routes
from server_stub.services import posts, profile, spaces
from server_stub.services.context import encoder
from sync import protocol as p
from sync.protocol import paths

routes = web.RouteTableDef()

add_record_routes(routes, (
    RecordEndpoint(paths.POST, p.PostWrite, posts.put_post, posts.delete_post,
                   put_versioned=True, delete_versioned=True),
    RecordEndpoint(paths.COMMENT, p.CommentWrite, posts.put_comment, posts.delete_comment,
                   put_versioned=True),
    RecordEndpoint(paths.REACTION, p.ReactionWrite, posts.put_reaction, posts.delete_reaction),
    RecordEndpoint(paths.CONNECTION, p.ConnectionWrite, profile.put_connection,
                   profile.delete_connection),
))


@routes.get(paths.ME)
@checked_in_transaction
async def get_me(request: web.Request) -> web.Response:
    result = await read_as_caller(request, lambda ctx: encoder.encode(profile.own_person(ctx)))
    return json_response(result)


@routes.patch(paths.ME)
@checked_in_transaction
async def patch_me(request: web.Request) -> web.Response:
    body = await read_body(request, p.ProfileUpdate)
    result = await write_as_caller(request, lambda ctx: profile.update_profile(ctx, body))
    return json_response(result.body, result.status)


@routes.post(paths.SPACE_JOIN)
@checked_in_transaction
async def join_space(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    membership = await write_as_caller(request, lambda ctx: spaces.join(ctx, space_id))
    return json_response(encoder.encode(membership))


@routes.post(paths.SPACE_LEAVE)
@checked_in_transaction
async def leave_space(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    await write_as_caller(request, lambda ctx: spaces.leave(ctx, space_id))
    return web.Response(status=204)


@routes.put(paths.SPACE_MEMBER)
@checked_in_transaction
async def put_member(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    person_id = path_uuid(request, "person_id")
    body = await read_body(request, p.MemberWrite)
    membership = await write_as_caller(
        request, lambda ctx: spaces.set_member(ctx, space_id, person_id, body.role)
    )
    return json_response(encoder.encode(membership))


@routes.delete(paths.SPACE_MEMBER)
@checked_in_transaction
async def delete_member(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    person_id = path_uuid(request, "person_id")
    await write_as_caller(request, lambda ctx: spaces.drop_member(ctx, space_id, person_id))
    return web.Response(status=204)
