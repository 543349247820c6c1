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
from server_stub.services.auth import (
    AuthError,
    Caller,
    CheckedToken,
    check_token_txn,
    token_hash,
    touch_device_txn,
)
from server_stub.services.context import ReadContext, WriteContext
from server_stub.services.feed import carrying_wake_up
from server_stub.text_rules import control_character_at
from sync.protocol import Change, is_uuid, is_uuid7, now_ms, paths

T = TypeVar("T")
CALLER = web.RequestKey("caller", Caller)
# The hash of a token taken from the cache: the handler's transaction checks it first.
UNCHECKED = web.RequestKey("unchecked_token", str)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_CHECKED_IN_TRANSACTION: set[Handler] = set()


def checked_in_transaction(handler: Handler) -> Handler:
    """Marks a handler whose every database transaction goes through read_checked,
    read_as_caller or write_as_caller: a token the cache knows is then checked as the
    first statement of that transaction, not in a transaction of its own before it."""
    _CHECKED_IN_TRANSACTION.add(handler)
    return handler


def _refused(exc: AuthError) -> ApiError:
    return ApiError(401, exc.code, exc.message, headers={"WWW-Authenticate": "Bearer"})


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every call but the public ones needs a valid device token.

    A token this process has seen before (CallerCache) is checked inside the handler's
    own transaction when the handler is marked checked_in_transaction: one thread hop
    and one transaction per request instead of two. Any other request is checked here,
    with a read; last_seen_at is written only when it is a minute old.
    """
    if request.path in paths.PUBLIC or not request.path.startswith(paths.API_PREFIX):
        return await handler(request)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "Sign in first (missing bearer token).",
                       headers={"WWW-Authenticate": "Bearer"})
    hashed = token_hash(token.strip())
    callers = request.app[k.CALLERS]
    cached = callers.get(hashed)
    if cached is not None and request.match_info.handler in _CHECKED_IN_TRANSACTION:
        request[CALLER] = cached
        request[UNCHECKED] = hashed
        try:
            response = await handler(request)
        except Exception:
            # Refused before its transaction (a malformed id or body): a token that no
            # longer works gets its 401 all the same, as an unknown token does.
            if UNCHECKED in request:
                await _check_apart(request, hashed)
            raise
        if UNCHECKED in request:
            # Answered without a transaction that checked the token: check it now,
            # before the answer leaves.
            await _check_apart(request, hashed)
        return response
    await _check_apart(request, hashed)
    return await handler(request)


async def _check_apart(request: web.Request, hashed: str) -> None:
    """The token check in a read of its own (and the minute's last_seen write)."""
    database = request.app[k.DATABASE]
    now = now_ms()
    try:
        checked = await database.read(check_token_txn, hashed, now)
    except AuthError as exc:
        request.app[k.CALLERS].drop(hashed)
        raise _refused(exc) from None
    if checked.touch:
        await database.write(touch_device_txn, checked.caller.device_id, now)
    _checked(request, hashed, checked.caller)


def _checked(request: web.Request, hashed: str, caller: Caller) -> None:
    request.app[k.CALLERS].put(hashed, caller)
    request[CALLER] = caller
    request.pop(UNCHECKED, None)


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
    can never skip a change that commits late with a lower number. A token not yet
    checked for this request is checked as the transaction's first statement.
    """
    hashed = request.get(UNCHECKED)
    try:
        result, caller = await _write(request.app, caller_of(request), work, hashed)
    except AuthError as exc:
        request.app[k.CALLERS].drop(hashed or "")
        raise _refused(exc) from None
    if hashed is not None:
        _checked(request, hashed, caller)
    return result


async def write_as(app: web.Application, caller: Caller, work: Callable[[WriteContext], T]) -> T:
    """One write transaction as the given caller: a request's (write_as_caller), or the
    server's own, such as a scheduled handover."""
    result, _ = await _write(app, caller, work, None)
    return result


async def _write(app: web.Application, caller: Caller, work: Callable[[WriteContext], T],
                 hashed: str | None) -> tuple[T, Caller]:
    config = app[k.CONFIG]

    def txn(conn: Any) -> tuple[T, WriteContext, dict[Any, set[str]], list[Change] | None]:
        now = now_ms()
        who = caller
        if hashed is not None:
            checked = check_token_txn(conn, hashed, now)
            who = checked.caller
            if checked.touch:
                touch_device_txn(conn, who.device_id, now)
        ctx = WriteContext(conn, who, now, config.server_name)
        result = work(ctx)
        return result, ctx, ctx.members_to_wake(), ctx.made_changes()

    async with app[k.WRITE_LOCK]:
        result, ctx, members, made = await app[k.DATABASE].write(txn)
    if ctx.woken:
        wake(app, ctx, members, made)  # the sends follow the answer (LiveHub.wake_soon)
    return result, ctx.caller


async def read_checked(request: web.Request, work: Callable[[Any, Caller], T]) -> T:
    """work(conn, caller) in one read snapshot, without the write lock; a token not yet
    checked for this request is checked first in the same snapshot."""
    hashed = request.get(UNCHECKED)
    caller = caller_of(request)
    now = now_ms()

    def txn(conn: Any) -> tuple[T, CheckedToken | None]:
        checked = None if hashed is None else check_token_txn(conn, hashed, now)
        return work(conn, caller if checked is None else checked.caller), checked

    database = request.app[k.DATABASE]
    try:
        result, checked = await database.read(txn)
    except AuthError as exc:
        request.app[k.CALLERS].drop(hashed or "")
        raise _refused(exc) from None
    if checked is not None and hashed is not None:
        if checked.touch:
            await database.write(touch_device_txn, checked.caller.device_id, now)
        _checked(request, hashed, checked.caller)
    return result


async def read_as_caller(request: web.Request, work: Callable[[ReadContext], T]) -> T:
    """A read in its own snapshot, without the write lock."""
    config = request.app[k.CONFIG]
    return await read_checked(
        request,
        lambda conn, caller: work(ReadContext(conn, caller, now_ms(), config.server_name)))


def wake(app: web.Application, ctx: WriteContext, members: dict[Any, set[str]],
         made: list[Change] | None) -> None:
    """Wake whoever may see what the write made; when all of it has one visibility,
    every socket woken may see all of it, and the wake-up carries it."""
    hub = app[k.HUB]
    last_seq = max(seq for seq, _ in ctx.woken)
    targets: dict[int, web.WebSocketResponse] = {}
    scopes = {(scope.name, scope.scope_id) for _, scope in ctx.woken}
    for name, scope_id in scopes:
        for ws in hub.targets(name, scope_id, members.get(scope_id)):
            targets[id(ws)] = ws
    carrying = None
    if made is not None and len(scopes) == 1 and ctx.head_before is not None:
        carrying = carrying_wake_up(app[k.FEED_EPOCH], ctx.head_before, made)
    hub.wake_soon(last_seq, list(targets.values()),
                  first_seq=min(seq for seq, _ in ctx.woken), carrying=carrying)


def json_response(body: bytes, status: int = 200) -> web.Response:
    return web.Response(status=status, body=body, content_type="application/json")
