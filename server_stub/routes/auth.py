"""Sign-in and sign-out of a device."""

from __future__ import annotations

import math
from typing import assert_never

import msgspec
from aiohttp import web

from server_stub import appkeys as k
from server_stub.directory_auth import sign_in
from server_stub.errors import ApiError
from server_stub.routes.common import caller_of, json_response, read_body
from server_stub.services import auth, shared_throttle
from sync import protocol as p
from sync.protocol import paths

routes = web.RouteTableDef()

_BAD_LOGIN = "The user name or the password is wrong."


def _client_address(request: web.Request) -> str:
    return request.remote or "unknown"


@routes.post(paths.LOGIN)
async def login(request: web.Request) -> web.Response:
    body = await read_body(request, p.LoginRequest)
    throttle = request.app[k.THROTTLE]  # the figures; the counts are in the database
    database = request.app[k.DATABASE]
    address = _client_address(request)
    wait = await database.read(shared_throttle.retry_after_txn, throttle, body.username,
                               address)
    if wait > 0:
        # Whole seconds, rounded up: a client that waits as told is not refused again.
        raise ApiError(
            429, "too_many_attempts",
            "Too many failed sign-ins. Wait a moment and try again.",
            headers={"Retry-After": str(math.ceil(wait))},
        )
    account, outcome = await sign_in.check(database, request.app[k.DIRECTORY], body.username,
                                           body.password)
    match outcome:
        case "directory_down":
            raise ApiError(503, "directory_unavailable", "The company directory cannot be "
                           "reached to check the password. Try again later.")
        case "no_account":
            raise ApiError(403, "no_account", "Your company account has no Kontor account "
                           "yet. Ask your IT department.")
        case "invalid":
            async with request.app[k.WRITE_LOCK]:
                await database.write(shared_throttle.failed_txn, throttle, body.username,
                                     address)
            raise ApiError(401, "invalid_credentials", _BAD_LOGIN)
        case "ok":
            pass
        case _:
            assert_never(outcome)  # a new outcome is refused by mypy until handled here
    assert account is not None, "an outcome of ok comes with its account"
    if account.disabled:
        raise ApiError(403, "account_disabled", "This account is disabled.")
    async with request.app[k.WRITE_LOCK]:
        token, device_id = await database.write(
            auth.sign_in_txn, throttle, body.username, address, account, body.device_name,
            p.now_ms())
    answer = p.LoginResponse(
        token=token, device_id=device_id, person_id=account.person_id,
        username=account.username, server_name=request.app[k.CONFIG].server_name,
        is_admin=account.is_admin,
    )
    return json_response(msgspec.json.encode(answer))


@routes.post(paths.LOGOUT)
async def logout(request: web.Request) -> web.Response:
    caller = caller_of(request)
    async with request.app[k.WRITE_LOCK]:
        await request.app[k.DATABASE].write(auth.sign_out_txn, caller, p.now_ms())
    await request.app[k.HUB].close_devices({caller.device_id: "unauthorized"})
    return web.Response(status=204)
