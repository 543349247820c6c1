"""The client side of the Kontor HTTP API: one aiohttp session, typed answers.

Failures become three kinds the engine can act on: the server cannot be reached (stay
offline, try later), the sign-in is gone (revoked device: wipe; otherwise ask to sign in
again), and the server refused a request (keep the write as failed with its reason).

Before any of that, the address itself is checked (AddressRefused, no request made):
HTTPS is required for every server that is not on this computer, because the sign-in
password and the device token travel in every request; plain HTTP stays allowed for
localhost and loopback addresses (the demo, the tests). IT's policy then says which
servers are allowed, which proxy to use and which extra certificate authority (a PEM
bundle, trusted in addition to the system's) vouches for the server's certificate.
"""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
import msgspec

from sync import protocol as p
from sync.address import AddressRefused, ServerAddress, normalise_url
from sync.policy.model import Policy
from sync.protocol import paths

log = logging.getLogger("kontor.client")

TIMEOUT = aiohttp.ClientTimeout(total=60, connect=10, sock_read=30)


class ClientError(Exception):
    """Base of everything this module raises."""


# Why the server could not be reached, as a stable code the desktop words in the
# user's language, with the English words for logs and kontorctl. Never the class name
# of a library's exception: that means nothing to the person reading it.
UNREACHABLE_WORDS = {
    "timeout": "it did not answer in time",
    "name_not_found": "its name was not found",
    "refused": "the connection was refused",
    "proxy": "the proxy refused the connection",
    "connection_broke": "the connection broke",
    "no_connection": "no connection could be made",
}


class ServerUnreachable(ClientError):
    def __init__(self, reason: str) -> None:
        self.reason = reason if reason in UNREACHABLE_WORDS else "no_connection"
        super().__init__(
            f"The server cannot be reached ({UNREACHABLE_WORDS[self.reason]}).")


def unreachable_reason(exc: BaseException) -> str:
    """The UNREACHABLE_WORDS code for a failed connection."""
    if isinstance(exc, TimeoutError):
        return "timeout"
    cause = getattr(exc, "os_error", exc)
    if isinstance(cause, socket.gaierror):
        return "name_not_found"
    if isinstance(cause, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, aiohttp.ServerDisconnectedError | ConnectionResetError):
        return "connection_broke"
    return "no_connection"


class CertificateRejected(ServerUnreachable):
    """TLS did not verify the server: the engine stays offline as for any network
    failure, but the message says what to fix instead of "cannot be reached"."""

    def __init__(self, url: str, reason: str) -> None:
        self.reason = "certificate"
        ClientError.__init__(
            self,
            f"The certificate of {url} is not trusted ({reason}). If the server uses a "
            "certificate of your company's own authority, your IT department sets that "
            "authority's certificate for Kontor (ca_bundle in the managed settings).")


class InsecureServer(AddressRefused):
    """Plain http:// to a server that is not on this computer."""


class AuthFailed(ClientError):
    """401/403 on sign-in or a session that ended; code tells which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def revoked(self) -> bool:
        return self.code == "device_revoked"


class Refused(ClientError):
    """The server answered a request with an error it means (4xx)."""

    def __init__(self, status: int, code: str, message: str, current: bytes | None) -> None:
        super().__init__(f"{message} ({code})")
        self.status = status
        self.code = code
        self.message = message
        self.current = current


class ServerFailed(ClientError):
    """5xx or an answer that is not what the protocol says: try again later."""


class _ErrorAnswer(msgspec.Struct):
    error: str = "unknown"
    message: str = ""
    # msgspec cannot decode Raw inside a union with None (it would expect null and refuse
    # the object), so an absent `current` is the JSON null.
    current: msgspec.Raw = msgspec.Raw(b"null")


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes


def check_address(url: str, policy: Policy | None = None) -> str:
    """The URL to use for `url`, or AddressRefused: malformed, plain HTTP to another
    computer, or a server IT's policy does not allow. Makes no request."""
    address = ServerAddress.parse(url)
    if address.scheme != "https" and not address.on_this_computer:
        raise InsecureServer(
            f"Kontor connects to other computers only over HTTPS, so it will not use "
            f"{address}. Use the server's https:// address.")
    if policy is not None:
        policy.check_server(url)
    return normalise_url(url)


def tls_context(policy: Policy | None) -> ssl.SSLContext | bool:
    """The system's certificate authorities, plus IT's CA bundle when there is one."""
    if policy is None or policy.ca_bundle is None:
        return True  # aiohttp's default: verify against the system's authorities
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=policy.ca_bundle)
    return context


class KontorClient:
    """One per process and server; call close() (or use as async context manager).

    The address is checked here (check_address), so no code path can reach a server
    that the HTTPS rule or IT's policy refuses."""

    def __init__(self, base_url: str, token: str | None = None,
                 policy: Policy | None = None) -> None:
        self.base_url = check_address(base_url, policy)
        self.token = token
        self._policy = policy
        self._proxy = policy.proxy_url if policy is not None else None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> KontorClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(ssl=tls_context(self._policy))
            self._session = aiohttp.ClientSession(timeout=TIMEOUT, connector=connector)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _headers(self, if_match: int | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if if_match is not None:
            headers["If-Match"] = str(if_match)
        return headers

    async def request(
        self, method: str, path: str, body: bytes | None = None, if_match: int | None = None,
        *, content_type: str = "application/json", extra: dict[str, str] | None = None,
    ) -> Answer:
        headers = self._headers(if_match) | (extra or {})
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            async with self.session.request(
                method, self.base_url + path, data=body, headers=headers, proxy=self._proxy
            ) as response:
                data = await response.read()
                status = response.status
        except aiohttp.ClientConnectorCertificateError as exc:
            raise CertificateRejected(self.base_url, _reason(exc)) from None
        except aiohttp.ClientHttpProxyError:
            raise ServerUnreachable("proxy") from None
        except (TimeoutError, aiohttp.ClientConnectionError, OSError) as exc:
            raise ServerUnreachable(unreachable_reason(exc)) from None
        except (aiohttp.ClientPayloadError, aiohttp.ClientResponseError):
            # The connection broke while the answer came (a cut mid-page, a proxy that
            # gave up): nothing of it is used, and like any dropped connection it is a
            # pause, never a crash of the sync loop.
            raise ServerUnreachable("connection_broke") from None
        if status < 400:
            return Answer(status, data)
        try:
            err = msgspec.json.decode(data, type=_ErrorAnswer)
        except msgspec.MsgspecError:
            err = _ErrorAnswer("http_error", f"HTTP {status}")
        if status == 401 or err.error in ("account_disabled", "device_revoked"):
            raise AuthFailed(err.error, err.message)
        if status >= 500 or status == 429:
            raise ServerFailed(f"{err.message} ({err.error})")
        current = bytes(err.current)
        raise Refused(status, err.error, err.message,
                      None if current in (b"", b"null") else current)

    async def info(self) -> p.Info:
        answer = await self.request("GET", paths.INFO)
        return msgspec.json.decode(answer.body, type=p.Info)

    async def sites(self) -> p.SitesAnswer:
        """This server's name and how current the data of each peer site is."""
        answer = await self.request("GET", paths.SITES)
        return msgspec.json.decode(answer.body, type=p.SitesAnswer)

    async def login(self, username: str, password: str, device_name: str) -> p.LoginResponse:
        body = msgspec.json.encode(
            p.LoginRequest(username=username, password=password, device_name=device_name)
        )
        try:
            answer = await self.request("POST", paths.LOGIN, body)
        except Refused as exc:
            raise AuthFailed(exc.code, exc.message) from None
        result = msgspec.json.decode(answer.body, type=p.LoginResponse)
        self.token = result.token
        return result

    async def logout(self) -> None:
        await self.request("POST", paths.LOGOUT)

    async def fetch_page(self, cursor: str | None, limit: int, count: bool = False) -> bytes:
        """Raw page bytes: decoding and validation belong to the caller (all or nothing)."""
        query = f"{paths.SYNC}?limit={limit}&since={cursor or ''}"
        if count:
            query += "&count=1"
        return (await self.request("GET", query)).body

    async def put_photo(self, image: bytes) -> p.Person:
        """Set the own photo (the server checks and re-encodes it); the new record."""
        answer = await self.request("PUT", paths.ME_PHOTO, image,
                                    content_type="application/octet-stream")
        return msgspec.json.decode(answer.body, type=p.Person)

    async def delete_photo(self) -> p.Person:
        answer = await self.request("DELETE", paths.ME_PHOTO)
        return msgspec.json.decode(answer.body, type=p.Person)

    async def fetch_photo(self, person_id: str, digest: str) -> bytes | None:
        """The person's 256 px photo; None if the server has none to give (no photo any
        more, a person of another site, one this account may not see)."""
        try:
            answer = await self.request("GET", paths.PERSON_PHOTO.format(id=person_id),
                                        extra={"Accept": "image/jpeg"})
        except Refused as exc:
            if exc.status == 404:
                return None
            raise
        return answer.body

    @asynccontextmanager
    async def events(
        self, heartbeat: float = 30.0
    ) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
        ws_url = self.base_url.replace("http", "ws", 1) + paths.EVENTS
        try:
            ws = await self.session.ws_connect(ws_url, headers=self._headers(),
                                               heartbeat=heartbeat, proxy=self._proxy)
        except aiohttp.ClientConnectorCertificateError as exc:
            raise CertificateRejected(self.base_url, _reason(exc)) from None
        except aiohttp.ClientHttpProxyError:
            raise ServerUnreachable("proxy") from None
        except aiohttp.WSServerHandshakeError as exc:
            if exc.status == 401:
                raise AuthFailed("unauthorized", "The session has ended.") from None
            raise ServerFailed(f"WebSocket refused: HTTP {exc.status}") from None
        except (TimeoutError, aiohttp.ClientConnectionError, OSError) as exc:
            raise ServerUnreachable(unreachable_reason(exc)) from None
        try:
            yield ws
        finally:
            await ws.close()


def _reason(exc: aiohttp.ClientConnectorCertificateError) -> str:
    """OpenSSL's own words ("unable to get local issuer certificate", "Hostname
    mismatch, ..."): what an administrator searches for."""
    error = exc.certificate_error
    return str(getattr(error, "verify_message", "") or error)
