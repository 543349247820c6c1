"""Signed server-to-server requests: a strict subset of RFC 9421 (HTTP Message Signatures).

Every federation request carries

    Date: <IMF-fixdate>
    Content-Digest: sha-256=:<base64>:                       (RFC 9530, also for empty bodies)
    Signature-Input: sig1=("@method" "@path" "@query" "content-digest" "date");
        created=<unix>;expires=<unix>;nonce="<random>";keyid="<server_name>";alg="ed25519"
    Signature: sig1=:<base64 Ed25519 signature>:

The signature base is built exactly as RFC 9421 section 2.5. Parsing is strict: one
signature labelled sig1, exactly these components in this order, exactly these
parameters once each; anything else is refused rather than interpreted.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import hashlib
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COMPONENTS = ('"@method"', '"@path"', '"@query"', '"content-digest"', '"date"')
VALIDITY_SECONDS = 60  # expires - created, at most
CLOCK_SKEW_SECONDS = 30  # tolerated difference between the two servers' clocks

_INPUT = re.compile(
    r'sig1=\((?P<components>"[^"]*"(?: "[^"]*")*)\)'
    r';created=(?P<created>\d{1,12});expires=(?P<expires>\d{1,12})'
    r';nonce="(?P<nonce>[A-Za-z0-9_-]{16,64})";keyid="(?P<keyid>[^"\\\x00-\x1f\x7f]{1,200})"'
    r';alg="ed25519"'
)
_SIGNATURE = re.compile(r"sig1=:(?P<sig>[A-Za-z0-9+/]{86}==):")
_DIGEST = re.compile(r"sha-256=:(?P<digest>[A-Za-z0-9+/]{43}=):")


class SignatureError(Exception):
    """A refused request; code is stable (docs/federation.md), message is for the log."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedSignature:
    params: str  # the inner list and parameters, exactly as sent (after "sig1=")
    created: int
    expires: int
    nonce: str
    keyid: str
    signature: bytes


def content_digest(body: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def signature_base(method: str, path: str, query: str, digest: str, date: str,
                   params: str) -> bytes:
    """RFC 9421 section 2.5; query is the raw query string without its "?"."""
    lines = [
        f'"@method": {method.upper()}',
        f'"@path": {path}',
        f'"@query": ?{query}',
        f'"content-digest": {digest}',
        f'"date": {date}',
        f'"@signature-params": {params}',
    ]
    return "\n".join(lines).encode("utf-8")


def sign_request(key: Ed25519PrivateKey, keyid: str, method: str, path: str, query: str,
                 body: bytes = b"", *, now: float | None = None,
                 nonce: str | None = None) -> dict[str, str]:
    """The four headers that sign one request (path and query as they go on the wire)."""
    created = int(time.time() if now is None else now)
    date = email.utils.formatdate(created, usegmt=True)
    digest = content_digest(body)
    params = (f'({" ".join(COMPONENTS)});created={created};expires={created + VALIDITY_SECONDS}'
              f';nonce="{nonce or secrets.token_urlsafe(18)}";keyid="{keyid}";alg="ed25519"')
    signature = key.sign(signature_base(method, path, query, digest, date, params))
    return {
        "Date": date,
        "Content-Digest": digest,
        "Signature-Input": "sig1=" + params,
        "Signature": "sig1=:" + base64.b64encode(signature).decode() + ":",
    }


def _one(all_values: Mapping[str, list[str]], name: str) -> str:
    values = all_values.get(name.lower(), [])
    if len(values) != 1:
        raise SignatureError("signature_malformed", f"exactly one {name} header is needed")
    return values[0]


def parse_signature(all_values: Mapping[str, list[str]]) -> ParsedSignature:
    """Strictly parse Signature-Input and Signature (header names in lower case)."""
    if not all_values.get("signature") and not all_values.get("signature-input"):
        raise SignatureError("signature_required", "the request is not signed")
    raw_input = _one(all_values, "Signature-Input")
    raw_signature = _one(all_values, "Signature")
    match = _INPUT.fullmatch(raw_input)
    if match is None or tuple(match["components"].split(" ")) != COMPONENTS:
        raise SignatureError("signature_malformed", "Signature-Input is not the expected form")
    sig_match = _SIGNATURE.fullmatch(raw_signature)
    if sig_match is None:
        raise SignatureError("signature_malformed", "Signature is not the expected form")
    signature = base64.b64decode(sig_match["sig"], validate=True)
    if len(signature) != 64:
        raise SignatureError("signature_malformed", "an Ed25519 signature has 64 bytes")
    return ParsedSignature(raw_input.removeprefix("sig1="), int(match["created"]),
                           int(match["expires"]), match["nonce"], match["keyid"], signature)


def check_window(parsed: ParsedSignature, date: str, now: float) -> None:
    """created..expires must be short and must contain now (give or take clock skew)."""
    if not 0 < parsed.expires - parsed.created <= VALIDITY_SECONDS:
        raise SignatureError("signature_malformed", "the validity window is not allowed")
    if parsed.created > now + CLOCK_SKEW_SECONDS:
        raise SignatureError("signature_expired", "the signature is from the future")
    if now > parsed.expires + CLOCK_SKEW_SECONDS:
        raise SignatureError("signature_expired", "the signature has expired")
    try:
        sent = email.utils.parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        raise SignatureError("signature_malformed", "Date is not an HTTP date") from None
    if abs(sent - parsed.created) > CLOCK_SKEW_SECONDS:
        raise SignatureError("signature_malformed", "Date and created disagree")


def verify_signature(parsed: ParsedSignature, key: Ed25519PublicKey, method: str, path: str,
                     query: str, digest_header: str, date: str, body: bytes) -> None:
    """Check the body digest and the signature over the rebuilt signature base."""
    digest_match = _DIGEST.fullmatch(digest_header)
    if digest_match is None:
        raise SignatureError("signature_malformed", "Content-Digest is not sha-256")
    try:
        sent_digest = base64.b64decode(digest_match["digest"], validate=True)
    except binascii.Error:
        raise SignatureError("signature_malformed", "Content-Digest is not base64") from None
    if not secrets.compare_digest(sent_digest, hashlib.sha256(body).digest()):
        raise SignatureError("bad_signature", "the body does not match Content-Digest")
    base = signature_base(method, path, query, digest_header, date, parsed.params)
    try:
        key.verify(parsed.signature, base)
    except InvalidSignature:
        raise SignatureError("bad_signature", "the signature does not verify") from None


def header_values(items: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Every value of every header, by lower-case name (duplicates must be seen)."""
    values: dict[str, list[str]] = {}
    for name, value in items:
        values.setdefault(name.lower(), []).append(value)
    return values
