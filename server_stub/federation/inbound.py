"""Authenticating a peer's signed request: allow-list, window, signature, nonce.

The order matters for what an attacker learns and costs us: the key id must be on the
allow-list before any crypto runs, and a nonce is remembered only after the signature
verified, so forged requests cannot fill the nonce table.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from server_stub.federation import signing
from server_stub.federation.keys import KeyFileError, parse_public_key
from server_stub.storage import peers


@dataclass(frozen=True, slots=True)
class InboundRequest:
    method: str
    path: str  # raw, as sent
    query: str  # raw, without "?"
    headers: dict[str, list[str]]  # every value, by lower-case name
    body: bytes


def keyid_of(request: InboundRequest) -> str | None:
    """The claimed key id, for the log line of a refusal (None if unparseable)."""
    try:
        return signing.parse_signature(request.headers).keyid
    except signing.SignatureError:
        return None


def authenticate_txn(conn: sa.Connection, request: InboundRequest, now: float) -> str:
    """The name of the peer that signed the request; raises SignatureError otherwise."""
    parsed = signing.parse_signature(request.headers)
    peer = peers.get_peer(conn, parsed.keyid)
    if peer is None:
        raise signing.SignatureError("unknown_peer", "the key id is not on the peer list")
    date = signing.one_header(request.headers, "Date")
    signing.check_window(parsed, date, now)
    try:
        key = parse_public_key(peer.public_key)
    except KeyFileError:
        raise signing.SignatureError("unknown_peer", "the stored key of this peer is unusable") \
            from None
    digest = signing.one_header(request.headers, "Content-Digest")
    signing.verify_signature(parsed, key, request.method, request.path, request.query,
                             digest, date, request.body)
    keep_until = (parsed.expires + signing.CLOCK_SKEW_SECONDS + 1) * 1000
    if not peers.use_nonce(conn, parsed.keyid, parsed.nonce, keep_until, int(now * 1000)):
        raise signing.SignatureError("replayed_request", "this nonce was used before")
    return peer.name
