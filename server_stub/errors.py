"""API errors: every failure leaves the server as {"error": code, "message": text}.

Codes are stable (clients switch on them); messages are for people. Unexpected
exceptions are logged by class and place only, never with a stack trace or values,
so no secret or personal data can leak through a log line or a response.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from collections.abc import Awaitable, Callable

import msgspec
import sqlalchemy as sa
from aiohttp import web

from sync.protocol import ErrorBody

log = logging.getLogger("kontor.server")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    507: "storage_full",
}


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, *,
        current: bytes | None = None, headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.current = current
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, *,
    current: bytes | None = None, headers: dict[str, str] | None = None,
) -> web.Response:
    body = ErrorBody(
        error=code, message=message,
        current=msgspec.Raw(current) if current is not None else None,
    )
    return web.Response(
        status=status, body=msgspec.json.encode(body),
        content_type="application/json", headers=headers,
    )


def storage_full(exc: Exception) -> bool:
    """SQLite says "database or disk is full" (SQLITE_FULL); a write into a WAL that
    cannot grow may also surface as a disk I/O error."""
    if not isinstance(exc, sa.exc.OperationalError):
        return False
    text = str(exc.orig).lower()
    return "database or disk is full" in text or "disk i/o error" in text


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(
            exc.status, exc.code, exc.message, current=exc.current, headers=exc.headers
        )
    except web.HTTPRequestEntityTooLarge:
        return error_response(413, "body_too_large", "The request body is too large.")
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_CODES.get(exc.status, "http_error")
        # 405 names the methods the path has (Allow), as HTTP requires.
        kept = {name: exc.headers[name] for name in ("Allow",) if name in exc.headers}
        return error_response(exc.status, code, exc.reason or code, headers=kept or None)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if not storage_full(exc):
            return internal_error(request, exc)
        # The transaction was rolled back whole: nothing of the write is stored, and
        # the database stays intact (SQLite's journal guarantees it).
        log.error("storage full: a write was refused (%s %s)", request.method, request.path)
        return error_response(
            507, "storage_full",
            "The server's disk is full, so nothing was saved. Try again later; "
            "the administrators have been told in the server log.")


def internal_error(request: web.Request, exc: Exception) -> web.Response:
    error_id = secrets.token_hex(6)
    log.error(
        "internal error %s: %s at %s (%s %s)",
        error_id, type(exc).__name__, _where(exc), request.method, request.path,
    )
    return error_response(
        500, "internal_error", f"Something went wrong on the server (error id {error_id})."
    )
