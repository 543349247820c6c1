"""The server's log: plain text or JSON lines (log_format), and the access log.

A JSON line holds time, level, logger and message, plus the fields a call passes in
`extra` (the start line's version and schema revision, a request's status and time).
What may appear is decided where a line is written, not here: request bodies,
Authorization headers and query strings (sync cursors) are never handed to the log, so
passwords and device tokens cannot reach it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import traceback
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

LogFormat = Literal["text", "json"]
CLIENT = web.RequestKey("client_address", str)

# Attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def program_version() -> str:
    try:
        return version("kontor")
    except PackageNotFoundError:
        return "unknown"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info and record.exc_info[1] is not None:
            # Class and place only, as errors.py logs them: an exception's message or a
            # stack trace's values may carry personal data or secrets.
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)
            place = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" \
                if frames else "?"
            line["exception"] = f"{type(exc).__name__} at {place}"
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainText(logging.Formatter):
    """The text format, with the extra fields after the message as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = _fields(record)
        if fields:
            text += " " + " ".join(f"{k}={v}" for k, v in fields.items())
        return text


def configure(log_format: LogFormat) -> None:
    """Root logging to stderr in the chosen format (serve calls it once)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else PlainText())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the server logs migrations


class AccessLog(AbstractAccessLogger):
    """One line per request: client, method, path without its query, status, time."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse,
            time: float) -> None:
        client = request.get(CLIENT) or request.remote or "-"
        self.logger.info(
            '%s "%s %s" %d %.1f ms', client, request.method, request.path, response.status,
            time * 1000,
            extra={"client": client, "method": request.method, "path": request.path,
                   "status": response.status, "ms": round(time * 1000, 1)})
