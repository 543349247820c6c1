"""Signed server-to-server requests: a strict subset of RFC 9421 (HTTP Message Signatures).

Every federation request carries

    Date: <IMF-fixdate>
    Content-Digest: sha-256=:<base64>:                       (RFC 9530, also for empty bodies)
    Signature-Input: sig1=("@method" "@path" "@query" "content-digest" "date");
        created=<unix>;expires=<unix>;nonce="<random>";keyid="<server_name>";alg="ed25519"
    Signature: sig1=:<base64 Ed25519 signature>:

The signature base is built exactly as RFC 9421 section 2.5. The three headers are
Structured Fields (RFC 8941), read with a parser for them (http-sf) rather than by
pattern, so quoting, escapes and whitespace are read as the RFC says. What they may
hold is strict: one signature labelled sig1, exactly these components in this order,
exactly these parameters once each, a sha-256 digest alone; anything else is refused
(signature_malformed) rather than interpreted.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import http_sf
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COMPONENTS = ("@method", "@path", "@query", "content-digest", "date")
VALIDITY_SECONDS = 60  # expires - created, at most
CLOCK_SKEW_SECONDS = 30  # tolerated difference between the two servers' clocks

LABEL = "sig1"
PARAMETERS = ("created", "expires", "nonce", "keyid", "alg")
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_KEYID = 200


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
    return http_sf.ser({"sha-256": (hashlib.sha256(body).digest(), {})})


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
    covered: http_sf.InnerListType = ([(name, {}) for name in COMPONENTS], {
        "created": created, "expires": created + VALIDITY_SECONDS,
        "nonce": nonce or secrets.token_urlsafe(18), "keyid": keyid, "alg": "ed25519"})
    signature_input = http_sf.ser({LABEL: covered})
    params = signature_input.removeprefix(LABEL + "=")
    signature = key.sign(signature_base(method, path, query, digest, date, params))
    return {
        "Date": date,
        "Content-Digest": digest,
        "Signature-Input": signature_input,
        "Signature": http_sf.ser({LABEL: (signature, {})}),
    }


def one_header(all_values: Mapping[str, list[str]], name: str) -> str:
    """The value of a header that must be sent exactly once (all_values: every value
    by lower-case name, as header_values gives them)."""
    match all_values.get(name.lower()):
        case [value]:
            return value
    raise SignatureError("signature_malformed", f"exactly one {name} header is needed")


def _refuse_duplicate(key: str, where: str) -> None:
    raise http_sf.StructuredFieldError(f"{key} given twice in {where}")


def _dictionary(name: str, raw: str) -> dict[str, Any]:
    """A header read as a Structured Field Dictionary; a key given twice is refused
    (the RFC lets the last one win, which would hide what was sent)."""
    try:
        parsed = http_sf.parse(raw.encode("utf-8"), tltype="dictionary",
                               on_duplicate_key=_refuse_duplicate)
    except ValueError as exc:  # a StructuredFieldError, or a header that is not UTF-8
        raise SignatureError("signature_malformed", f"{name} is no structured field: {exc}") \
            from None
    assert isinstance(parsed, dict)
    return parsed


def _only(name: str, members: dict[str, Any], key: str) -> tuple[Any, dict[str, Any]]:
    """The value and parameters of the dictionary's one member, which must be `key`."""
    if list(members) != [key]:
        raise SignatureError("signature_malformed", f"{name} must hold {key} alone")
    value, params = members[key]
    return value, params


def _integer(params: dict[str, Any], name: str) -> int:
    value = params[name]
    if type(value) is not int or value < 0:  # not bool, which is an int to Python
        raise SignatureError("signature_malformed", f"{name} must be a whole number")
    return value


def _string(params: dict[str, Any], name: str) -> str:
    value = params[name]
    if type(value) is not str:  # a Token or a Display String is not the same thing
        raise SignatureError("signature_malformed", f"{name} must be a string")
    return value


def parse_signature(all_values: Mapping[str, list[str]]) -> ParsedSignature:
    """Strictly parse Signature-Input and Signature (header names in lower case)."""
    if not all_values.get("signature") and not all_values.get("signature-input"):
        raise SignatureError("signature_required", "the request is not signed")
    members = _dictionary("Signature-Input", one_header(all_values, "Signature-Input"))
    components, params = _only("Signature-Input", members, LABEL)
    if not isinstance(components, list) or [
            value if type(value) is str and not item_params else None
            for value, item_params in components] != list(COMPONENTS):
        raise SignatureError("signature_malformed", "Signature-Input covers other components")
    if sorted(params) != sorted(PARAMETERS):
        raise SignatureError("signature_malformed",
                             "Signature-Input needs exactly " + ", ".join(PARAMETERS))
    nonce, keyid = _string(params, "nonce"), _string(params, "keyid")
    if _string(params, "alg") != "ed25519":
        raise SignatureError("signature_malformed", "alg must be ed25519")
    if not _NONCE.fullmatch(nonce):
        raise SignatureError("signature_malformed", "the nonce is not 16 to 64 URL-safe letters")
    if not keyid or len(keyid) > MAX_KEYID:
        raise SignatureError("signature_malformed", "the key id is empty or too long")
    signature, signature_params = _only(
        "Signature", _dictionary("Signature", one_header(all_values, "Signature")), LABEL)
    if not isinstance(signature, bytes) or signature_params:
        raise SignatureError("signature_malformed", "Signature must be a byte sequence")
    if len(signature) != 64:
        raise SignatureError("signature_malformed", "an Ed25519 signature has 64 bytes")
    # The signature base holds the parameters serialized as RFC 8941 says (section 2.3
    # of RFC 9421), which is what a signer following the RFC signed.
    serialized = http_sf.ser({LABEL: members[LABEL]}).removeprefix(LABEL + "=")
    return ParsedSignature(serialized, _integer(params, "created"), _integer(params, "expires"),
                           nonce, keyid, signature)


def _sha256_digest(header: str) -> bytes:
    """The sha-256 member of Content-Digest (RFC 9530), the only one we accept."""
    digest, params = _only("Content-Digest", _dictionary("Content-Digest", header), "sha-256")
    if not isinstance(digest, bytes) or params or len(digest) != 32:
        raise SignatureError("signature_malformed", "Content-Digest is not a sha-256 digest")
    return digest


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
    except (ValueError, OverflowError):  # a year or an offset of twenty digits overflows
        raise SignatureError("signature_malformed", "Date is not an HTTP date") from None
    if abs(sent - parsed.created) > CLOCK_SKEW_SECONDS:
        raise SignatureError("signature_malformed", "Date and created disagree")


def verify_signature(parsed: ParsedSignature, key: Ed25519PublicKey, method: str, path: str,
                     query: str, digest_header: str, date: str, body: bytes) -> None:
    """Check the body digest and the signature over the rebuilt signature base."""
    sent_digest = _sha256_digest(digest_header)
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
