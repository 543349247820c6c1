"""The LDAP directory as Kontor asks it: is this password right, and who is it?

ldap3, blocking (the caller runs it in a thread), always over TLS: LDAPS, or StartTLS
before any bind. The server's certificate is checked against ca_file (else the
system's CAs) and its name. A simple bind with an empty password is an "unauthenticated
bind" that many directories accept as success, so an empty password never reaches the
directory.

Every failure that is not "wrong user or password" is DirectoryUnavailable: the sign-in
answers 503 and says so, and the log names the reason (never the password).
"""

from __future__ import annotations

import logging
import math
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import ldap3
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from server_stub.config import ConfigError, LdapSettings

log = logging.getLogger("kontor.ldap")
INVALID_CREDENTIALS = 49


class DirectoryUnavailable(Exception):
    """The directory could not be asked (down, TLS refused, misconfigured)."""


@dataclass(frozen=True)
class Directory:
    settings: LdapSettings
    server: ldap3.Server
    service_password: str = field(repr=False)  # never in a log line or a traceback

    @classmethod
    def from_settings(cls, settings: LdapSettings) -> Directory:
        """Checked once at start: a setting that cannot work stops the server."""
        parts = urlsplit(settings.url)
        if parts.scheme not in ("ldap", "ldaps") or not parts.hostname:
            raise ConfigError(f"ldap.url must be ldaps://HOST[:PORT] or ldap://HOST[:PORT], "
                              f"not {settings.url!r}")
        if parts.scheme == "ldap" and not settings.start_tls:
            raise ConfigError("ldap: passwords would cross the network in the clear; use an "
                              "ldaps:// url or start_tls = true")
        if bool(settings.bind_dn_template) == bool(settings.service_dn):
            raise ConfigError("ldap: set either bind_dn_template or service_dn (with "
                              "search_base), not both and not neither")
        if settings.bind_dn_template and "{username}" not in settings.bind_dn_template:
            raise ConfigError("ldap.bind_dn_template must contain {username}")
        password = ""
        if settings.service_dn:
            if not settings.search_base or "{username}" not in settings.search_filter:
                raise ConfigError("ldap: service_dn needs search_base and a search_filter "
                                  "with {username}")
            try:
                password = Path(settings.service_password_file).read_text("utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"ldap.service_password_file: cannot read "
                                  f"{settings.service_password_file!r} ({exc.strerror})") from None
        if settings.ca_file and not Path(settings.ca_file).is_file():
            raise ConfigError(f"ldap.ca_file: {settings.ca_file!r} is not a file")
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, version=ssl.PROTOCOL_TLS_CLIENT,
                        ca_certs_file=settings.ca_file or None)
        server = ldap3.Server(parts.hostname, port=parts.port, use_ssl=parts.scheme == "ldaps",
                              tls=tls, get_info=ldap3.NONE,
                              connect_timeout=settings.timeout_seconds)
        return cls(settings, server, password)

    def _connect(self, user: str, password: str) -> ldap3.Connection:
        """An open connection, over TLS before anything else is sent; not bound yet."""
        # ldap3 packs the receive timeout into SO_RCVTIMEO as whole seconds.
        conn = ldap3.Connection(self.server, user=user, password=password,
                                receive_timeout=math.ceil(self.settings.timeout_seconds),
                                raise_exceptions=False, read_only=True)
        conn.open()
        if self.settings.start_tls and not conn.start_tls():
            conn.unbind()
            raise DirectoryUnavailable(f"StartTLS refused: {conn.result.get('description')}")
        return conn

    def _bind(self, dn: str, password: str) -> tuple[ldap3.Connection | None, int]:
        conn = self._connect(dn, password)
        if conn.bind():
            return conn, 0
        code = int(conn.result.get("result", -1))
        description = conn.result.get("description")
        conn.unbind()
        if code != INVALID_CREDENTIALS:
            raise DirectoryUnavailable(f"bind refused: {description} ({code})")
        return None, code

    def service_connection(self) -> ldap3.Connection:
        """A connection bound as the service account, for reading the directory (the
        import); raises DirectoryUnavailable when the bind is refused. The caller
        unbinds it."""
        try:
            conn, _ = self._bind(self.settings.service_dn, self.service_password)
        except LDAPException as exc:
            raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from None
        if conn is None:
            raise DirectoryUnavailable("the service account's bind was refused "
                                       "(its DN or password is wrong)")
        return conn

    def _find(self, username: str) -> str | None:
        """Search-then-bind: the entry's DN, or None if not exactly one entry matches."""
        conn, _ = self._bind(self.settings.service_dn, self.service_password)
        if conn is None:
            raise DirectoryUnavailable("the service account's bind was refused "
                                       "(service_dn or its password is wrong)")
        try:
            query = self.settings.search_filter.replace("{username}",
                                                        escape_filter_chars(username))
            if not conn.search(self.settings.search_base, query, ldap3.SUBTREE,
                               attributes=[], size_limit=2):
                if conn.result.get("result") in (0, None):
                    return None  # nothing found
                raise DirectoryUnavailable(f"search failed: {conn.result.get('description')}")
            entries = conn.response or []
            found = [e["dn"] for e in entries if e.get("type") == "searchResEntry"]
            return found[0] if len(found) == 1 else None
        finally:
            conn.unbind()

    def authenticate(self, username: str, password: str) -> str | None:
        """The Kontor user name of this directory user, or None if the name or password
        is wrong; raises DirectoryUnavailable if the directory cannot say."""
        if not username or not password:
            return None
        try:
            if self.settings.service_dn:
                dn = self._find(username)
                if dn is None:
                    return None
            else:
                dn = self.settings.bind_dn_template.replace("{username}", escape_rdn(username))
            conn, _ = self._bind(dn, password)
            if conn is None:
                return None
            try:
                return self._account_name(conn, dn)
            finally:
                conn.unbind()
        except LDAPException as exc:
            raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from None

    def _account_name(self, conn: ldap3.Connection, dn: str) -> str | None:
        attribute = self.settings.account_attribute
        if not conn.search(dn, "(objectClass=*)", ldap3.BASE, attributes=[attribute]):
            raise DirectoryUnavailable(f"cannot read {attribute} of the signed-in entry: "
                                       f"{conn.result.get('description')}")
        for entry in conn.response or []:
            values = entry.get("attributes", {}).get(attribute)
            if isinstance(values, list):
                values = values[0] if values else None
            if values:
                return str(values)
        log.warning("directory entry has no %s: no Kontor account can match it", attribute)
        return None
