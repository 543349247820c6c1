"""The one strict reader of numbers in headers and query strings.

A number is 1 to 15 ASCII digits, nothing else: `str.isdigit()` also takes "²" or
"٣" (which int() then refuses or reads as another number), and int() of thousands of
digits raises instead of answering. Every header and query value the API reads as a
number goes through `whole_number`, so a bad one is a 400 with a stable code, never a
500 and never a number the client did not mean.
"""

from __future__ import annotations

import re

from server_stub.errors import ApiError

MAX_DIGITS = 15  # beyond any version or sequence number, below SQLite's 64-bit integers
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
# If-Match: 3, "3" or W/"3" (the version as an HTTP entity tag), spaces or tabs around.
_ENTITY_TAG = re.compile(rf'[ \t]*(?:W/)?("?)([0-9]{{1,{MAX_DIGITS}}})\1[ \t]*')


def is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def whole_number(raw: str, *, code: str, message: str, minimum: int = 0) -> int:
    """raw as an int, or 400 `code` when it is not 1 to 15 ASCII digits >= minimum."""
    if not is_number(raw) or int(raw) < minimum:
        raise ApiError(400, code, message)
    return int(raw)


def entity_tag_version(raw: str) -> int:
    """The version an If-Match header names, or 400 invalid_if_match."""
    match = _ENTITY_TAG.fullmatch(raw)
    if match is None:
        raise ApiError(400, "invalid_if_match",
                       f"If-Match must be a record version number (1 to {MAX_DIGITS} digits).")
    return int(match.group(2))


def page_limit(raw: str | None, default: int, cap: int) -> int:
    """A `limit` query value: a positive whole number, capped; absent is the default."""
    if raw is None:
        return default
    limit = whole_number(raw, code="invalid_limit", minimum=1,
                         message="limit must be a positive whole number.")
    return min(limit, cap)


def flag(raw: str | None, name: str) -> bool:
    """A yes/no query value: absent or 0 is no, 1 is yes, anything else is 400."""
    if raw is None or raw == "0":
        return False
    if raw == "1":
        return True
    raise ApiError(400, "invalid_parameter", f"{name} must be 0 or 1.")
