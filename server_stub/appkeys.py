"""Every piece of application state, as typed web.AppKeys in one place."""

from __future__ import annotations

import asyncio
import ipaddress

from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server_stub.config import ServerConfig
from server_stub.directory_auth.ldap import Directory
from server_stub.services.auth import LoginThrottle
from server_stub.services.caller_cache import CallerCache
from server_stub.services.leader import Leadership
from server_stub.services.live import LiveHub
from server_stub.services.metrics import Metrics
from server_stub.storage.database import Database

CONFIG = web.AppKey("config", ServerConfig)
DATABASE = web.AppKey("database", Database)
WRITE_LOCK = web.AppKey("write_lock", asyncio.Lock)
HUB = web.AppKey("hub", LiveHub)
LEADERSHIP = web.AppKey("leadership", Leadership)  # which jobs run in this process
THROTTLE = web.AppKey("throttle", LoginThrottle)
CALLERS = web.AppKey("callers", CallerCache)  # token hash -> caller, checked again per use
FEED_EPOCH = web.AppKey("feed_epoch", str)
SIGNING_KEY = web.AppKey("signing_key", Ed25519PrivateKey)
METRICS = web.AppKey("metrics", Metrics)
METRICS_ADDRESS = web.AppKey("metrics_address", str)  # where metrics_listen bound
# [server.ldap]; None: local passwords only
DIRECTORY: web.AppKey[Directory | None] = web.AppKey("directory")
TRUSTED_PROXIES = web.AppKey(
    "trusted_proxies", tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...])
