"""Settings: the user's own, with IT's managed configuration applied last.

A value IT locks always wins; an unlocked managed value is a default the user may
change.

QSettings on its own lets the user's value win over the system one (~/.config before
/etc/xdg, HKCU before HKLM), which is the wrong way round for IT policy. So the managed
file is read explicitly and applied last; a locked key is read-only in the UI.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from desktop.qt import QSettings

ENV_MANAGED = "KONTOR_MANAGED_CONFIG"
KEYS = ("server_url", "language", "start_minimised", "notifications")
DEFAULTS: dict[str, str | bool] = {
    "server_url": "",
    "language": "system",
    "start_minimised": False,
    "notifications": True,
}


def managed_config_path() -> Path:
    """Where IT puts the managed configuration on this platform."""
    explicit = os.environ.get(ENV_MANAGED)
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "Kontor" / "managed.ini"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Kontor/managed.ini")
    return Path("/etc/xdg/kontor/managed.ini")


def _as_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


@dataclass
class AppSettings:
    values: dict[str, str | bool] = field(default_factory=lambda: dict(DEFAULTS))
    locked: set[str] = field(default_factory=set)
    user: QSettings | None = None

    @classmethod
    def load(cls, user: QSettings | None = None) -> AppSettings:
        user = user or QSettings("Kontor", "Kontor")
        settings = cls(user=user)
        for key in KEYS:
            if user.contains(key):
                settings.values[key] = user.value(key)  # type: ignore[assignment]
        path = managed_config_path()
        if path.exists():
            managed = QSettings(str(path), QSettings.Format.IniFormat)
            managed.beginGroup("kontor")
            for key in KEYS:
                if not managed.contains(key):
                    continue
                # A locked value always wins; an unlocked one is IT's default, which a
                # user's own choice overrides.
                if _as_bool(managed.value(f"{key}_locked", False)):
                    settings.locked.add(key)
                    settings.values[key] = managed.value(key)  # type: ignore[assignment]
                elif not user.contains(key):
                    settings.values[key] = managed.value(key)  # type: ignore[assignment]
            managed.endGroup()
        for key, default in DEFAULTS.items():
            if isinstance(default, bool):
                settings.values[key] = _as_bool(settings.values[key])
        return settings

    def get(self, key: str) -> str | bool:
        return self.values[key]

    def set(self, key: str, value: str | bool) -> bool:
        """Store a user choice; returns False when IT locked the key."""
        if key in self.locked:
            return False
        self.values[key] = value
        if self.user is not None:
            self.user.setValue(key, value)
            self.user.sync()
        return True
