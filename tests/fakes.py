"""The only fakes: what cannot exist on a test machine."""

from __future__ import annotations

from keyring.backend import KeyringBackend


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
