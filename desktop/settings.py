"""Settings: the user's own, with IT's managed policy applied last.

A value IT locks always wins; an unlocked managed value is a default that the user's
own choice overrides (sync/policy/model.py: Policy.resolve, the rule kontorctl shares).

QSettings on its own lets the user's value win over the system one (~/.config before
/etc/xdg, HKCU before HKLM), which is the wrong way round for IT policy. So the policy
is read explicitly (sync/policy: managed.ini, on Windows also Group Policy) and applied
last; a locked key is read-only in the UI and refused by set().
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.qt import QSettings
from sync.policy.model import Policy, load_policy
from sync.policy.schema import USER_SETTINGS, Value

KEYS = USER_SETTINGS  # server_url, language, start_minimised, notifications
DEFAULTS: dict[str, str | bool] = {
    "server_url": "",
    "language": "system",
    "start_minimised": False,
    "notifications": True,
}


def _as_bool(value: object) -> bool:
    """A user's stored choice: QSettings gives back "true"/"false" from its files."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


@dataclass
class AppSettings:
    values: dict[str, str | bool] = field(default_factory=lambda: dict(DEFAULTS))
    locked: set[str] = field(default_factory=set)
    user: QSettings | None = None
    policy: Policy = field(default_factory=Policy)

    @classmethod
    def load(cls, user: QSettings | None = None, policy: Policy | None = None) -> AppSettings:
        """Raises PolicyError when IT's policy cannot be read: the app then says so and
        does not start unmanaged (desktop/app.py)."""
        policy = policy if policy is not None else load_policy()
        user = user or QSettings("Kontor", "Kontor")
        settings = cls(user=user, policy=policy)
        for key in KEYS:
            default = DEFAULTS[key]
            mine: Value | None = None
            if user.contains(key):
                stored = user.value(key)
                mine = _as_bool(stored) if isinstance(default, bool) else str(stored)
            value = policy.resolve(key, mine, default)
            settings.values[key] = value if isinstance(value, str | bool) else default
            if policy.is_locked(key):
                settings.locked.add(key)
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
