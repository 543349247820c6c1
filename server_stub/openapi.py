"""The OpenAPI 3.1 document of the server's API, built from the wire types."""

from __future__ import annotations

import functools

import msgspec


@functools.cache
def openapi_document() -> bytes:
    return msgspec.json.encode({"openapi": "3.1.0", "info": {"title": "Kontor", "version": "1"},
                                "paths": {}})
