"""Which servers this computer may use: IT's allowed servers and a locked server_url.

An entry of `allowed_servers` is either a whole address or a host pattern:

- with a scheme (`https://kontor.muenchen.example.com`, with port and path if the
  server has them): exactly that server; `https://kontor.example.com` and
  `https://KONTOR.example.com:443/` are the same one;
- without (`kontor.hamburg.example.com`, `*.example.com`): that host, or with `*.` any
  host below the domain (not the domain itself), on any port. The client's own rule
  still applies on top: HTTPS, or plain HTTP only to this computer (sync/client.py).

Host patterns let IT allow every site of a company with one line; whole addresses pin
one server down to its port.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sync.address import AddressError, AddressRefused, ServerAddress
from sync.policy.errors import PolicyError

_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_HOST_PATTERN = re.compile(rf"(\*\.)?{_LABEL}(\.{_LABEL})*")


class ServerNotAllowed(AddressRefused):
    """IT's policy does not allow this server (checked before any request is made)."""


@dataclass(frozen=True, slots=True)
class ServerEntry:
    text: str  # as IT wrote it, for messages
    address: ServerAddress | None = None  # a whole address
    host: str = ""  # a host pattern: "kontor.example.com" or "*.example.com"

    @classmethod
    def parse(cls, text: str, where: str) -> ServerEntry:
        if "://" in text:
            try:
                return cls(text, address=ServerAddress.parse(text))
            except AddressError as exc:
                raise PolicyError(f"{where}: {exc.user_message}") from None
        host = text.lower()
        if not _HOST_PATTERN.fullmatch(host):
            raise PolicyError(
                f"{where}: {text!r} is neither a server address (https://kontor.example.com) "
                "nor a host pattern (kontor.example.com, *.example.com).")
        return cls(text, host=host)

    def admits(self, server: ServerAddress) -> bool:
        if self.address is not None:
            return self.address == server
        if self.host.startswith("*."):
            return server.host.endswith(self.host[1:])
        return server.host == self.host


def require_allowed(url: str, entries: tuple[ServerEntry, ...], locked_url: str | None) -> None:
    """Raise ServerNotAllowed unless the policy lets this computer use `url`.

    A locked server_url is the one server the user may use; allowed_servers (when set)
    lists the ones any profile may use. Both apply when both are set.
    """
    server = ServerAddress.parse(url)
    if locked_url is not None and ServerAddress.parse(locked_url) != server:
        raise ServerNotAllowed(
            f"Your IT department has set Kontor to use {locked_url} only, not {server}.")
    if entries and not any(entry.admits(server) for entry in entries):
        allowed = ", ".join(entry.text for entry in entries)
        raise ServerNotAllowed(
            f"Your IT department does not allow Kontor to use {server}; allowed: {allowed}.")
