"""The only fakes: what cannot exist on a test machine."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked


class FakeKeyring(KeyringBackend):
    """In-memory stand-in for the OS keyring, which a test machine does not have."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class FakeRegistry:
    """Stand-in for HKLM\\Software\\Policies\\Kontor as Group Policy leaves it, which a
    Linux test machine does not have: keys by path below the policy key ("" is the key
    itself), each a dict of value name -> data as winreg returns it (str for REG_SZ and
    an expanded REG_EXPAND_SZ, int for REG_DWORD, list for REG_MULTI_SZ)."""

    location = "HKLM\\Software\\Policies\\Kontor"

    def __init__(self, keys: dict[str, dict[str, object]]) -> None:
        self.keys = keys

    def values(self, subkey: str = "") -> dict[str, object] | None:
        found = self.keys.get(subkey)
        return None if found is None else dict(found)


class RefusingKeyring(KeyringBackend):
    """A keyring that is there but refuses every request, as a locked GNOME Keyring or
    KWallet does when its unlock prompt is cancelled."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the keyring is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the keyring is locked")
