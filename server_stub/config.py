"""Typed server configuration: defaults < TOML file < environment < command-line flags."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from server_stub.data_dir import write_private_text
from server_stub.directory_settings import DirectorySettings
from server_stub.hubs.compute import Settings as HubSettings
from server_stub.storage.engine import sqlite_url

CONFIG_FILE = "kontor.toml"
ENV_PREFIX = "KONTOR_SERVER_"


class ConfigError(Exception):
    """The configuration is unusable; the message says which setting and why."""


class LdapSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """[server.ldap]: sign-in against the company directory (docs/admin.md)."""

    url: str
    start_tls: bool = False
    ca_file: str = ""
    # Either a DN made from the user name (direct bind) ...
    bind_dn_template: str = ""
    # ... or search with a service account first, then bind as the entry found.
    service_dn: str = ""
    service_password_file: str = ""
    search_base: str = ""
    search_filter: str = "(uid={username})"
    # The directory attribute whose value is the Kontor user name.
    account_attribute: str = "uid"
    timeout_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0


class RetentionRule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """[[server.retention]]: posts (with their comments and reactions) and comments older
    than max_age_days are removed in these spaces, named by id or name; "*" is every
    space (docs/privacy.md)."""

    spaces: Annotated[list[str], msgspec.Meta(min_length=1)]
    max_age_days: Annotated[int, msgspec.Meta(ge=1, le=36_500)]


class ServerConfig(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    data_dir: str
    server_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] = "kontor.local"
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8470
    database_url: str = ""
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024)] = 256 * 1024
    # Profile photos (docs/protocol.md, Photos): the most bytes an upload may have (it
    # is streamed, not held to max_body_bytes) and the most pixels its header may claim.
    max_photo_bytes: Annotated[int, msgspec.Meta(ge=1024)] = 5 * 1024 * 1024
    max_photo_pixels: Annotated[int, msgspec.Meta(ge=1)] = 40_000_000
    heartbeat_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    # How long a write of kontor-server waits for a busy database per try (4 tries).
    busy_timeout_seconds: Annotated[float, msgspec.Meta(gt=0, le=600)] = 10.0
    # Live WebSockets one device, and one account over all its devices, may hold open.
    live_connections_per_device: Annotated[int, msgspec.Meta(ge=1)] = 4
    live_connections_per_account: Annotated[int, msgspec.Meta(ge=1)] = 12
    login_free_attempts: Annotated[int, msgspec.Meta(ge=1)] = 5
    login_base_delay_seconds: Annotated[float, msgspec.Meta(ge=0)] = 1.0
    login_max_delay_seconds: Annotated[float, msgspec.Meta(ge=0)] = 300.0
    # Failures from one address over all names, and for one name over all addresses,
    # before those slow down too (docs/security.md).
    login_address_free_attempts: Annotated[int, msgspec.Meta(ge=1)] = 20
    login_account_free_attempts: Annotated[int, msgspec.Meta(ge=1)] = 100
    feed_default_limit: Annotated[int, msgspec.Meta(ge=1)] = 500
    feed_max_limit: Annotated[int, msgspec.Meta(ge=1)] = 1000
    federation_pull_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0
    federation_max_backoff_seconds: Annotated[float, msgspec.Meta(gt=0)] = 300.0
    # How often the server looks for scheduled handovers whose date has come.
    handover_check_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 60.0
    # Several serve processes on one PostgreSQL database (docs/admin.md): how long a
    # process holds the lease of a background job it runs, and how often it renews it.
    leader_lease_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    leader_renew_seconds: Annotated[float, msgspec.Meta(gt=0)] = 10.0
    # Operations (docs/admin.md): the log's format; /metrics on its own listener
    # ("127.0.0.1:9470"; empty: none) and/or on the main one behind a bearer token
    # (empty: not there); the reverse proxies whose X-Forwarded-For is believed.
    log_format: Literal["text", "json"] = "text"
    metrics_listen: str = ""
    metrics_token: str = ""
    trusted_proxies: list[str] = []
    ldap: LdapSettings | None = None
    # Retention (docs/privacy.md): the rules for old posts and comments (none: nothing
    # is removed), the days after leaving at which a person is anonymised (none:
    # never), and how often the server applies both while serving.
    retention: list[RetentionRule] = []
    anonymise_leavers_after_days: Annotated[int, msgspec.Meta(ge=0, le=36_500)] | None = None
    retention_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 3600.0
    # [server.directory]: the import's CSV and LDAP sources and the sync while serving.
    directory: DirectorySettings | None = None
    # Information hubs (docs/hubs.md): the window of interactions weighed, how often the
    # server computes them while serving (counted from the last run), and the smallest
    # group any published unit figure may describe.
    hubs_window_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = 90
    hubs_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 86_400.0
    hubs_min_group: Annotated[int, msgspec.Meta(ge=2)] = 5
    hubs_max_hubs: Annotated[int, msgspec.Meta(ge=1, le=5000)] = 200
    hubs_exact_limit: Annotated[int, msgspec.Meta(ge=0)] = 10_000
    hubs_sample_k: Annotated[int, msgspec.Meta(ge=2)] = 256

    def __post_init__(self) -> None:
        if self.leader_renew_seconds >= self.leader_lease_seconds:
            raise ValueError("leader_renew_seconds must be less than leader_lease_seconds")

    @property
    def hub_settings(self) -> HubSettings:
        return HubSettings(min_group=self.hubs_min_group, max_hubs=self.hubs_max_hubs,
                           exact_limit=self.hubs_exact_limit, sample_k=self.hubs_sample_k)

    @property
    def db_url(self) -> str:
        return self.database_url or sqlite_url(self.data_path)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)


_FIELDS = set(ServerConfig.__struct_fields__)


def load_config(data_dir: Path, overrides: dict[str, Any] | None = None,
                env: dict[str, str] | None = None) -> ServerConfig:
    """Merge the layers and validate once, so a bad value fails at start, not mid-request."""
    values: dict[str, Any] = {}
    path = data_dir / CONFIG_FILE
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")).get("server", {}))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    environ = os.environ if env is None else env
    for name in _FIELDS:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = raw
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    values["data_dir"] = str(data_dir)
    unknown = set(values) - _FIELDS
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    try:
        return msgspec.convert(values, ServerConfig, strict=False)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"invalid setting: {exc}") from None


def write_config_file(data_dir: Path, server_name: str) -> None:
    """A new kontor.toml naming the server, readable by the server's user only."""
    path = data_dir / CONFIG_FILE
    if not path.exists():
        name = server_name.replace("\\", "\\\\").replace('"', '\\"')
        write_private_text(path, f'[server]\nserver_name = "{name}"\n')
