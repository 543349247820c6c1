"""Writes: posts, comments, reactions, own profile, personal connections, membership."""

from __future__ import annotations

from aiohttp import web

from server_stub.routes.common import (
    if_match,
    json_response,
    new_record_id,
    path_uuid,
    read_body,
    run_read,
    run_write,
)
from server_stub.services import posts, profile, spaces
from server_stub.services.context import encoder
from sync import protocol as p
from sync.protocol import paths

routes = web.RouteTableDef()


@routes.put(paths.POST)
async def put_post(request: web.Request) -> web.Response:
    post_id = new_record_id(request)
    body = await read_body(request, p.PostWrite)
    version = if_match(request)
    result = await run_write(request, lambda ctx: posts.put_post(ctx, post_id, body, version))
    return json_response(result.body, result.status)


@routes.delete(paths.POST)
async def delete_post(request: web.Request) -> web.Response:
    post_id = path_uuid(request, "id")
    version = if_match(request)
    await run_write(request, lambda ctx: posts.delete_post(ctx, post_id, version))
    return web.Response(status=204)


@routes.put(paths.COMMENT)
async def put_comment(request: web.Request) -> web.Response:
    comment_id = new_record_id(request)
    body = await read_body(request, p.CommentWrite)
    version = if_match(request)
    result = await run_write(
        request, lambda ctx: posts.put_comment(ctx, comment_id, body, version)
    )
    return json_response(result.body, result.status)


@routes.delete(paths.COMMENT)
async def delete_comment(request: web.Request) -> web.Response:
    comment_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: posts.delete_comment(ctx, comment_id))
    return web.Response(status=204)


@routes.put(paths.REACTION)
async def put_reaction(request: web.Request) -> web.Response:
    reaction_id = new_record_id(request)
    body = await read_body(request, p.ReactionWrite)
    result = await run_write(request, lambda ctx: posts.put_reaction(ctx, reaction_id, body))
    return json_response(result.body, result.status)


@routes.delete(paths.REACTION)
async def delete_reaction(request: web.Request) -> web.Response:
    reaction_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: posts.delete_reaction(ctx, reaction_id))
    return web.Response(status=204)


@routes.get(paths.ME)
async def get_me(request: web.Request) -> web.Response:
    result = await run_read(request, lambda ctx: encoder.encode(profile.own_person(ctx)))
    return json_response(result)


@routes.patch(paths.ME)
async def patch_me(request: web.Request) -> web.Response:
    body = await read_body(request, p.ProfileUpdate)
    result = await run_write(request, lambda ctx: profile.update_profile(ctx, body))
    return json_response(result.body, result.status)


@routes.put(paths.CONNECTION)
async def put_connection(request: web.Request) -> web.Response:
    connection_id = new_record_id(request)
    body = await read_body(request, p.ConnectionWrite)
    result = await run_write(
        request, lambda ctx: profile.put_connection(ctx, connection_id, body)
    )
    return json_response(result.body, result.status)


@routes.delete(paths.CONNECTION)
async def delete_connection(request: web.Request) -> web.Response:
    connection_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: profile.delete_connection(ctx, connection_id))
    return web.Response(status=204)


@routes.post(paths.SPACE_JOIN)
async def join_space(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    membership = await run_write(request, lambda ctx: spaces.join(ctx, space_id))
    return json_response(encoder.encode(membership))


@routes.post(paths.SPACE_LEAVE)
async def leave_space(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    await run_write(request, lambda ctx: spaces.leave(ctx, space_id))
    return web.Response(status=204)


@routes.put(paths.SPACE_MEMBER)
async def put_member(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    person_id = path_uuid(request, "person_id")
    body = await read_body(request, p.MemberWrite)
    membership = await run_write(
        request, lambda ctx: spaces.set_member(ctx, space_id, person_id, body.role)
    )
    return json_response(encoder.encode(membership))


@routes.delete(paths.SPACE_MEMBER)
async def delete_member(request: web.Request) -> web.Response:
    space_id = path_uuid(request, "id")
    person_id = path_uuid(request, "person_id")
    await run_write(request, lambda ctx: spaces.drop_member(ctx, space_id, person_id))
    return web.Response(status=204)
