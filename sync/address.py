"""Server addresses: how a typed address becomes the URL a profile keeps, and what it
names.

Two rules depend on reading an address the same way: the client's HTTPS requirement
(sync/client.py: plain HTTP only to this computer) and IT's list of allowed servers
(sync/policy/servers.py). Both read it here, so "kontor.example.com",
"https://KONTOR.example.com:443/" and "https://kontor.example.com" are one server to both.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefused(Exception):
    """This computer will not connect to that address; user_message says why.

    Raised before any request is made: a malformed address, plain HTTP to another
    computer (sync/client.py), a server IT does not allow (sync/policy/servers.py).
    """

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class AddressError(AddressRefused, ValueError):
    """Not an address a Kontor server can have; the message says what is wrong."""


def normalise_url(url: str) -> str:
    """The form a profile stores: no blanks, no trailing slash, https:// when no scheme."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    return url.rstrip("/")


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """A server's address taken apart: scheme and host in lower case, the port always
    given (443 for https when none is written), the path without a trailing slash."""

    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, url: str) -> ServerAddress:
        text = normalise_url(url)
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError as exc:
            raise AddressError(f"'{url}' is not a server address ({exc}).") from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise AddressError(f"'{url}' is not a server address: it must start with "
                               "https:// (or http:// for a server on this computer).")
        host = (parts.hostname or "").lower()
        if not host:
            raise AddressError(f"'{url}' is not a server address: it names no host.")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise AddressError(f"'{url}' is not a server address: it holds more than "
                               "scheme, host, port and path.")
        return cls(scheme, host, port or DEFAULT_PORTS[scheme], parts.path.rstrip("/"))

    @property
    def on_this_computer(self) -> bool:
        """localhost or a loopback address (127.0.0.0/8, ::1): traffic never leaves
        the machine, so plain HTTP there exposes nothing (the demo and the tests)."""
        if self.host == "localhost" or self.host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if DEFAULT_PORTS[self.scheme] == self.port else f":{self.port}"
        return f"{self.scheme}://{host}{port}{self.path}"
