"""The policy a program asks: what IT set, what it locked, which servers it allows.

kontor and kontorctl both call load_policy() once at start and pass the Policy on
(AppSettings, ProfileSession, KontorClient), so every check asks the same answers.
"""

from __future__ import annotations

import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sync.policy.errors import PolicyError
from sync.policy.schema import BY_NAME, KEYS, LOCK_SUFFIX, Raw, Value, read_bool, read_value
from sync.policy.servers import ServerEntry, require_allowed
from sync.policy.sources import (
    RawPolicy,
    RegistrySource,
    managed_ini_candidates,
    read_first_ini,
    read_registry,
)


@dataclass(frozen=True)
class Policy:
    """Empty (Policy()) when IT manages nothing: every check then passes."""

    values: dict[str, Value] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    origins: tuple[str, ...] = ()  # the files and registry keys it was read from
    servers: tuple[ServerEntry, ...] = ()

    @classmethod
    def from_sources(cls, sources: list[RawPolicy]) -> Policy:
        """Later sources win, value by value (on Windows: Group Policy over the file).
        A blank value (`key =` in the file, an empty registry string) sets nothing."""
        raw: dict[str, tuple[Raw, str]] = {}
        for source in sources:
            for name, value in source.values.items():
                if not (isinstance(value, str) and not value.strip()):
                    raw[name] = (value, source.origin)
        values: dict[str, Value] = {}
        locked: set[str] = set()
        for key in KEYS:
            if key.name in raw:
                value, origin = raw[key.name]
                values[key.name] = read_value(key, value, f"{origin}: {key.name}")
            lock = key.name + LOCK_SUFFIX
            if key.user_setting and lock in raw:
                value, origin = raw[lock]
                if read_bool(value, f"{origin}: {lock}"):
                    if key.name not in values:
                        raise PolicyError(f"{origin}: {lock} is set, but {key.name} is not: "
                                          "a lock needs the value it locks.")
                    locked.add(key.name)
        servers: tuple[ServerEntry, ...] = ()
        listed = values.get("allowed_servers", ())
        if isinstance(listed, tuple):
            where = f"{raw['allowed_servers'][1]}: allowed_servers" if listed else ""
            servers = tuple(ServerEntry.parse(text, where) for text in listed)
        if "ca_bundle" in values:
            _require_certificates(Path(str(values["ca_bundle"])), raw["ca_bundle"][1])
        return cls(values, frozenset(locked), tuple(s.origin for s in sources), servers)

    @property
    def managed(self) -> bool:
        """A managed.ini or a Group Policy key exists (even if it sets nothing)."""
        return bool(self.origins)

    def managed_value(self, key: str) -> Value | None:
        return self.values.get(key)

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    def resolve(self, key: str, user: Value | None, default: Value) -> Value:
        """A user setting's value: IT's when locked, else the user's own choice, else
        IT's default, else the built-in one."""
        assert BY_NAME[key].user_setting, key
        managed = self.values.get(key)
        if key in self.locked and managed is not None:
            return managed
        if user is not None:
            return user
        return managed if managed is not None else default

    @property
    def require_os_keyring(self) -> bool:
        return self.values.get("require_os_keyring") is True

    @property
    def update_channel_url(self) -> str | None:
        return self._text("update_channel_url")

    @property
    def proxy_url(self) -> str | None:
        return self._text("proxy_url")

    @property
    def ca_bundle(self) -> Path | None:
        text = self._text("ca_bundle")
        return Path(text) if text else None

    def check_server(self, url: str) -> None:
        """Raise ServerNotAllowed (an AddressRefused) unless this server may be used."""
        locked = self._text("server_url") if self.is_locked("server_url") else None
        require_allowed(url, self.servers, locked)

    def _text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) and value else None


def _require_certificates(path: Path, origin: str) -> None:
    """A CA bundle that cannot be used is found at start, not at the first connection."""
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except FileNotFoundError:
        raise PolicyError(f"{origin}: ca_bundle {path} does not exist.") from None
    except ssl.SSLError:  # an OSError too, so before it
        raise PolicyError(f"{origin}: ca_bundle {path} holds no PEM certificates.") from None
    except OSError as exc:
        raise PolicyError(f"{origin}: ca_bundle {path} cannot be read ({exc.strerror}).") from None


def load_policy(registry: RegistrySource | None = None) -> Policy:
    """IT's policy on this computer; raises PolicyError when it cannot be read.

    registry: the Windows registry source; on Windows the real one by default, a fake
    one in tests on other platforms.
    """
    sources: list[RawPolicy] = []
    ini = read_first_ini(managed_ini_candidates())
    if ini is not None:
        sources.append(ini)
    if registry is None and sys.platform == "win32":
        from sync.policy.registry import WindowsRegistry

        registry = WindowsRegistry()
    if registry is not None:
        found = read_registry(registry)
        if found is not None:
            sources.append(found)
    return Policy.from_sources(sources)
