"""Typed server configuration: defaults < TOML file < environment < command-line flags."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any

import msgspec

from server_stub.hubs.compute import Settings as HubSettings
from server_stub.storage.engine import sqlite_url

CONFIG_FILE = "kontor.toml"
ENV_PREFIX = "KONTOR_SERVER_"


class ConfigError(Exception):
    """The configuration is unusable; the message says which setting and why."""


class ServerConfig(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    data_dir: str
    server_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] = "kontor.local"
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8470
    database_url: str = ""
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024)] = 256 * 1024
    heartbeat_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    login_free_attempts: Annotated[int, msgspec.Meta(ge=1)] = 5
    login_base_delay_seconds: Annotated[float, msgspec.Meta(ge=0)] = 1.0
    login_max_delay_seconds: Annotated[float, msgspec.Meta(ge=0)] = 300.0
    feed_default_limit: Annotated[int, msgspec.Meta(ge=1)] = 500
    feed_max_limit: Annotated[int, msgspec.Meta(ge=1)] = 1000
    federation_pull_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0
    federation_max_backoff_seconds: Annotated[float, msgspec.Meta(gt=0)] = 300.0
    # How often the server looks for scheduled handovers whose date has come.
    handover_check_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 60.0
    # Information hubs (docs/hubs.md): the window of interactions weighed, how often the
    # server computes them while serving (counted from the last run), and the smallest
    # group any published unit figure may describe.
    hubs_window_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = 90
    hubs_interval_seconds: Annotated[float, msgspec.Meta(gt=0)] = 86_400.0
    hubs_min_group: Annotated[int, msgspec.Meta(ge=2)] = 5
    hubs_max_hubs: Annotated[int, msgspec.Meta(ge=1, le=5000)] = 200
    hubs_exact_limit: Annotated[int, msgspec.Meta(ge=0)] = 2000
    hubs_sample_k: Annotated[int, msgspec.Meta(ge=1)] = 64

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
    path = data_dir / CONFIG_FILE
    if not path.exists():
        name = server_name.replace("\\", "\\\\").replace('"', '\\"')
        path.write_text(f'[server]\nserver_name = "{name}"\n', encoding="utf-8")
