"""What the server answers besides records: sign-in, server info, peer sites, errors."""

from __future__ import annotations

from typing import Literal

import msgspec

PROTOCOL_VERSION = 1


class LoginResponse(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    device_id: str
    person_id: str | None
    username: str
    server_name: str
    is_admin: bool = False


class Info(msgspec.Struct, frozen=True, kw_only=True):
    server_name: str
    protocol_version: int
    product: str = "kontor"


class SiteStatus(msgspec.Struct, frozen=True, kw_only=True):
    """One peer site as its users need to know it: no URL, key or error text."""

    name: str
    state: Literal["ok", "stale", "never"]
    last_success_at: int | None  # ms of the last successful pull; None: never pulled


class SitesAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """GET /api/v1/sites: this server's name and how current each peer's data is."""

    server_name: str
    peers: list[SiteStatus]


class ErrorBody(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    error: str
    message: str
    current: msgspec.Raw | None = None
