"""/metrics in the Prometheus text format, for IT's monitoring.

What a request costs is counted by a middleware, by route pattern
("/api/v1/posts/{id}"), never by the path itself, so the series stay few and no record
id or name appears in them. What lives in the database (the feed head, each peer's
pull status) is read when /metrics is asked for.

/metrics is never public by default: it is served on a listener of its own
(metrics_listen, e.g. 127.0.0.1:9470) and/or on the main listener behind a bearer
token (metrics_token); with neither set the main listener answers 404.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from server_stub import appkeys as k
from server_stub.config import ConfigError
from server_stub.services.metrics import database_figures_txn, set_peer_figures
from sync.protocol import paths

METRICS_PATH = "/metrics"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _route(request: web.Request) -> str:
    info = request.match_info
    resource = info.route.resource if info.http_exception is None else None
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def metrics_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    metrics = request.app[k.METRICS]
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        route = _route(request)
        metrics.answered(route, request.method, status,
                         None if route == paths.EVENTS else time.perf_counter() - started)
        if route == paths.LOGIN and status in (401, 429):
            metrics.login_failures.inc()


async def render(app: web.Application) -> web.Response:
    metrics = app[k.METRICS]
    head, listed = await app[k.DATABASE].read(database_figures_txn)
    metrics.feed_head.set(head)
    metrics.websockets.set(app[k.HUB].listening)
    set_peer_figures(metrics, listed)
    body = generate_latest(metrics.registry)
    response = web.Response(body=body)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return response


async def main_listener_metrics(request: web.Request) -> web.StreamResponse:
    """/metrics on the main listener: 404 unless a token is set, then only with it."""
    token = request.app[k.CONFIG].metrics_token
    if not token:
        raise web.HTTPNotFound()
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                              token.encode()):
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
    return await render(request.app)


def parse_listen(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ConfigError(f"metrics_listen must be HOST:PORT (e.g. 127.0.0.1:9470), "
                          f"not {value!r}")
    return host.strip("[]"), int(port)


async def metrics_listener(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: /metrics alone on metrics_listen (if set), nothing else there."""
    listen = app[k.CONFIG].metrics_listen
    if not listen:
        yield
        return
    host, port = parse_listen(listen)
    side = web.Application()

    async def handler(_request: web.Request) -> web.Response:
        return await render(app)

    side.router.add_get(METRICS_PATH, handler)
    runner = web.AppRunner(side, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0]
    app[k.METRICS_ADDRESS] = f"{bound[0]}:{bound[1]}"
    yield
    await runner.cleanup()
