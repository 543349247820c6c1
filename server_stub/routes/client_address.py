"""Who the client is when the server sits behind a reverse proxy (trusted_proxies).

Only when the direct peer is one of the trusted proxies is X-Forwarded-For read, from
the right: each trusted proxy appends the address it got the request from, so the
right-most address that is not a trusted proxy is the client. Anything left of it was
written by the client itself and may be made up. From any other peer the header is
ignored: a client cannot choose its own address for the sign-in slow-down or the log.

The handlers see that address as request.remote (a clone of the request); the access
log reads it from the original request (logs.CLIENT).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import web

from server_stub import appkeys as k
from server_stub.config import ConfigError
from server_stub.logs import CLIENT

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def parse_networks(cidrs: Sequence[str]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)
    except ValueError as exc:
        raise ConfigError(f"trusted_proxies: {exc}") from None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: Sequence[str],
                   networks: tuple[Network, ...]) -> str:
    """The client's address: the peer itself, unless the peer is a trusted proxy."""
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    candidate = peer
    for hop in reversed(hops):
        if not _trusted(candidate, networks):
            break
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a malformed entry ends the chain: the last proxy's peer it is
        candidate = hop
    return candidate


@web.middleware
async def client_address_middleware(request: web.Request,
                                    handler: Handler) -> web.StreamResponse:
    peer = request.remote or "-"
    networks = request.app[k.TRUSTED_PROXIES]
    client = peer
    if networks and _trusted(peer, networks):
        client = client_address(peer, request.headers.getall("X-Forwarded-For", []),
                                networks)
    request[CLIENT] = client
    if client == peer:
        return await handler(request)
    return await handler(request.clone(remote=client))
