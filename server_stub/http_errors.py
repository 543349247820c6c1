"""Requests refused before any handler runs answer JSON too, and log one line.

aiohttp's HTTP parser refuses a request line or header that is too long or not valid
HTTP itself: by default with a plain-text body that quotes the offending bytes (a
token, say) and a stack trace in the log. `KontorRunner` (used by `kontor-server
serve`) makes those answers `{"error", "message"}` like every other, without echoing
what was sent, and logs the class of the refusal only.
"""

from __future__ import annotations

import logging

from aiohttp import http_exceptions, web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest

from server_stub.errors import error_response

log = logging.getLogger("kontor.server")

_REFUSALS: tuple[tuple[type[Exception], str, str], ...] = (
    (http_exceptions.LineTooLong, "request_too_long",
     "The request line or a header is too long."),
    (http_exceptions.BadHttpMethod, "bad_request", "The request method is not valid."),
    (http_exceptions.InvalidURLError, "bad_request", "The request target is not a valid URL."),
    (http_exceptions.BadHttpMessage, "bad_request", "The request is not valid HTTP."),
)


def refusal_of(exc: BaseException | None, status: int) -> tuple[str, str]:
    """The stable code and the message for a request the parser refused."""
    for kind, code, message in _REFUSALS:
        if isinstance(exc, kind):
            return code, message
    if status == 500:
        return "internal_error", "Something went wrong on the server."
    return "bad_request", "The request is not valid HTTP."


class JsonErrorRequestHandler(RequestHandler):
    def handle_error(self, request: BaseRequest, status: int = 500,
                     exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        code, text = refusal_of(exc, status)
        log.warning("refused a request from %s before routing: %s (%s)", request.remote,
                    code, type(exc).__name__ if exc is not None else status)
        if request.writer.output_size > 0:
            raise ConnectionError("a response was sent already")
        response = error_response(status, code, text)
        response.force_close()
        return response


class JsonErrorServer(web.Server):
    def __call__(self) -> RequestHandler:
        return JsonErrorRequestHandler(self, loop=self._loop, **self._kwargs)


class KontorRunner(web.AppRunner):
    """web.AppRunner whose connections answer parser refusals as JSON."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        # The app's server, told to make JsonErrorRequestHandlers; the subclass adds
        # no state, only that.
        server.__class__ = JsonErrorServer
        return server
