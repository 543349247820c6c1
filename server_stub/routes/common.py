"""What every handler shares: the caller, strict JSON bodies, ids, and running a service
as the caller (write_as_caller under the write lock, read_as_caller in a snapshot)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import msgspec
from aiohttp import web

from server_stub import appkeys as k
from server_stub.errors import ApiError
from server_stub.params import entity_tag_version
from server_stub.services.auth import AuthError, Caller, resolve_token_txn
from server_stub.services.context import ReadContext, WriteContext
from server_stub.text_rules import control_character_at
from sync.protocol import is_uuid, is_uuid7, now_ms, paths

T = TypeVar("T")
CALLER = web.RequestKey("caller", Caller)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every call but the public ones needs a valid device token."""
    if request.path in paths.PUBLIC or not request.path.startswith(paths.API_PREFIX):
        return await handler(request)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "Sign in first (missing bearer token).",
                       headers={"WWW-Authenticate": "Bearer"})
    database = request.app[k.DATABASE]
    try:
        caller = await database.write(resolve_token_txn, token.strip(), now_ms())
    except AuthError as exc:
        raise ApiError(401, exc.code, exc.message,
                       headers={"WWW-Authenticate": "Bearer"}) from None
    request[CALLER] = caller
    return await handler(request)


def caller_of(request: web.Request) -> Caller:
    caller: Caller = request[CALLER]
    return caller


async def read_body(request: web.Request, body_type: type[T]) -> T:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    raw = await request.read()
    try:
        body = msgspec.json.decode(raw, type=body_type)
    except msgspec.ValidationError as exc:
        raise ApiError(400, "invalid_body", f"The request body is not valid: {exc}") from None
    except msgspec.DecodeError:
        raise ApiError(400, "malformed_json", "The request body is not valid JSON.") from None
    where = control_character_at(msgspec.json.decode(raw))
    if where is not None:
        raise ApiError(400, "control_character",
                       f"The request body is not valid: `{where}` holds a control character "
                       "(only line breaks and tabs are allowed in texts).")
    return body


def new_record_id(request: web.Request) -> str:
    record_id = request.match_info["id"]
    if not is_uuid7(record_id):
        raise ApiError(400, "invalid_id", "Record ids are lowercase UUIDv7 strings.")
    return record_id


def path_uuid(request: web.Request, name: str) -> str:
    value = request.match_info[name]
    if not is_uuid(value):
        raise ApiError(400, "invalid_id", f"{name} must be a UUID.")
    return value


def if_match(request: web.Request) -> int | None:
    raw = request.headers.get("If-Match")
    return None if raw is None else entity_tag_version(raw)


async def write_as_caller(request: web.Request, work: Callable[[WriteContext], T]) -> T:
    """One transaction under the app's write lock, then wake whoever can see the result.

    The lock makes feed sequence numbers commit in order, so a reader paging the feed
    can never skip a change that commits late with a lower number.
    """
    return await write_as(request.app, caller_of(request), work)


async def write_as(app: web.Application, caller: Caller, work: Callable[[WriteContext], T]) -> T:
    """One write transaction as the given caller: a request's (write_as_caller), or the
    server's own, such as a scheduled handover."""
    config = app[k.CONFIG]

    def txn(conn: Any) -> tuple[T, WriteContext, dict[Any, set[str]]]:
        ctx = WriteContext(conn, caller, now_ms(), config.server_name)
        result = work(ctx)
        return result, ctx, ctx.members_to_wake()

    async with app[k.WRITE_LOCK]:
        result, ctx, members = await app[k.DATABASE].write(txn)
    if ctx.woken:
        wake(app, ctx, members)  # the sends follow the answer (LiveHub.wake_soon)
    return result


async def read_as_caller(request: web.Request, work: Callable[[ReadContext], T]) -> T:
    """A read in its own snapshot, without the write lock."""
    config = request.app[k.CONFIG]
    return await request.app[k.DATABASE].read(
        lambda c: work(ReadContext(c, caller_of(request), now_ms(), config.server_name)))


def wake(app: web.Application, ctx: WriteContext, members: dict[Any, set[str]]) -> None:
    hub = app[k.HUB]
    last_seq = max(seq for seq, _ in ctx.woken)
    targets: dict[int, web.WebSocketResponse] = {}
    for _, scope in ctx.woken:
        for ws in hub.targets(scope.name, scope.scope_id, members.get(scope.scope_id)):
            targets[id(ws)] = ws
    hub.wake_soon(last_seq, list(targets.values()),
                  first_seq=min(seq for seq, _ in ctx.woken))


def json_response(body: bytes, status: int = 200) -> web.Response:
    return web.Response(status=status, body=body, content_type="application/json")
