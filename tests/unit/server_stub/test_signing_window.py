"""The time window and the body digest of a signed federation request (signing.py).

Each test pins one rule at its boundary, so that loosening the rule (accepting a
signature from the future, a Date far from `created`, a longer window, a body that is
not the one digested) fails a test.
"""

from __future__ import annotations

import dataclasses
import email.utils

import pytest

from server_stub.federation.signing import (
    CLOCK_SKEW_SECONDS,
    VALIDITY_SECONDS,
    ParsedSignature,
    SignatureError,
    check_window,
    parse_signature,
    sign_request,
    verify_signature,
)
from tests.unit.server_stub.signing_support import KEY, NOW, PATH, QUERY


def _signed(at: float = NOW, body: bytes = b"") -> tuple[dict[str, str], ParsedSignature]:
    headers = sign_request(KEY, "a.test", "GET", PATH, QUERY, body, now=at)
    return headers, parse_signature({k.lower(): [v] for k, v in headers.items()})


def _date(at: float) -> str:
    return email.utils.formatdate(at, usegmt=True)


def test_a_signature_from_the_future_is_refused_beyond_the_clock_skew() -> None:
    headers, parsed = _signed(NOW + CLOCK_SKEW_SECONDS)
    check_window(parsed, headers["Date"], NOW)
    headers, parsed = _signed(NOW + CLOCK_SKEW_SECONDS + 1)
    with pytest.raises(SignatureError, match="from the future"):
        check_window(parsed, headers["Date"], NOW)


def test_an_expired_signature_is_refused_beyond_the_clock_skew() -> None:
    headers, parsed = _signed()
    check_window(parsed, headers["Date"], NOW + VALIDITY_SECONDS + CLOCK_SKEW_SECONDS)
    with pytest.raises(SignatureError, match="has expired"):
        check_window(parsed, headers["Date"], NOW + VALIDITY_SECONDS + CLOCK_SKEW_SECONDS + 1)


@pytest.mark.parametrize("off", [CLOCK_SKEW_SECONDS + 1, -CLOCK_SKEW_SECONDS - 1])
def test_a_date_that_disagrees_with_created_is_refused(off: int) -> None:
    _, parsed = _signed()
    check_window(parsed, _date(NOW + off - (1 if off > 0 else -1)), NOW)
    with pytest.raises(SignatureError, match="Date and created disagree"):
        check_window(parsed, _date(NOW + off), NOW)


@pytest.mark.parametrize("length", [VALIDITY_SECONDS + 1, 0, -1, 3600])
def test_a_window_longer_than_allowed_or_empty_is_refused(length: int) -> None:
    headers, parsed = _signed()
    check_window(dataclasses.replace(parsed, expires=NOW + VALIDITY_SECONDS),
                 headers["Date"], NOW)
    with pytest.raises(SignatureError, match="validity window"):
        check_window(dataclasses.replace(parsed, expires=NOW + length), headers["Date"], NOW)


def test_the_body_must_be_the_one_digested() -> None:
    headers, parsed = _signed(body=b'{"a": 1}')
    args = (KEY.public_key(), "GET", PATH, QUERY, headers["Content-Digest"], headers["Date"])
    verify_signature(parsed, *args, b'{"a": 1}')
    with pytest.raises(SignatureError, match="does not match Content-Digest"):
        verify_signature(parsed, *args, b'{"a": 2}')


def test_the_clock_skew_is_thirty_seconds() -> None:
    """docs/federation.md promises 30 s either way; the boundary in plain numbers."""
    headers, parsed = _signed(NOW + 30)
    check_window(parsed, headers["Date"], NOW)
    headers, parsed = _signed(NOW + 31)
    with pytest.raises(SignatureError, match="from the future"):
        check_window(parsed, headers["Date"], NOW)


def test_a_signature_header_holds_sig1_alone() -> None:
    headers, _ = _signed()
    fields = {k.lower(): [v] for k, v in headers.items()}
    fields["signature"] = [headers["Signature"] + ", sig2=:" + "A" * 88 + ":"]
    with pytest.raises(SignatureError, match="alone"):
        parse_signature(fields)


def test_a_signature_input_without_all_parameters_is_malformed_by_name() -> None:
    headers, _ = _signed()
    fields = {k.lower(): [v] for k, v in headers.items()}
    fields["signature-input"] = [headers["Signature-Input"].replace(";alg=\"ed25519\"", "")]
    with pytest.raises(SignatureError, match="needs exactly created, expires, "):
        parse_signature(fields)


def test_the_date_sent_is_an_http_date_in_gmt() -> None:
    headers, _ = _signed()
    assert headers["Date"] == _date(NOW) and headers["Date"].endswith(" GMT")


def test_created_zero_is_a_number_and_refused_as_expired_not_as_malformed() -> None:
    headers, parsed = _signed(at=0)
    assert parsed.created == 0
    with pytest.raises(SignatureError, match="has expired"):
        check_window(parsed, headers["Date"], NOW)


def _fields(headers: dict[str, str], **changed: str) -> dict[str, list[str]]:
    fields = {k.lower(): [v] for k, v in headers.items()}
    fields.update({k.replace("_", "-"): [v] for k, v in changed.items()})
    return fields


def test_no_signature_at_all_is_unsigned_not_malformed() -> None:
    with pytest.raises(SignatureError, match="not signed") as caught:
        parse_signature({})
    assert caught.value.code == "signature_required"


def test_the_components_must_be_these_five_not_fewer() -> None:
    headers, _ = _signed()
    fewer = headers["Signature-Input"].replace(' "date"', "")
    assert fewer != headers["Signature-Input"]
    with pytest.raises(SignatureError, match="covers other components"):
        parse_signature(_fields(headers, signature_input=fewer))


@pytest.mark.parametrize("alg", ["rsa-pss-sha512", "ecdsa-p256-sha256", "hmac-sha256"])
def test_only_ed25519_is_taken(alg: str) -> None:
    headers, _ = _signed()
    other = headers["Signature-Input"].replace('alg="ed25519"', f'alg="{alg}"')
    with pytest.raises(SignatureError, match="alg must be ed25519"):
        parse_signature(_fields(headers, signature_input=other))


def test_a_key_id_of_two_hundred_characters_is_the_longest() -> None:
    for length, ok in ((200, True), (201, False)):
        headers = sign_request(KEY, "k" * length, "GET", PATH, QUERY, b"", now=NOW)
        if ok:
            assert parse_signature(_fields(headers)).keyid == "k" * length
        else:
            with pytest.raises(SignatureError, match="key id is empty or too long"):
                parse_signature(_fields(headers))


def test_a_negative_created_is_malformed() -> None:
    headers, parsed = _signed()
    negative = headers["Signature-Input"].replace(f"created={NOW}", "created=-1")
    with pytest.raises(SignatureError, match="created must be a whole number"):
        parse_signature(_fields(headers, signature_input=negative))


def test_the_window_is_sixty_seconds_in_plain_numbers() -> None:
    headers, parsed = _signed()
    check_window(dataclasses.replace(parsed, expires=NOW + 60), headers["Date"], NOW)
    with pytest.raises(SignatureError, match="validity window"):
        check_window(dataclasses.replace(parsed, expires=NOW + 61), headers["Date"], NOW)


@pytest.mark.parametrize("now", [NOW + 31, NOW + 17, NOW + 1])
def test_the_future_check_holds_whatever_the_clock_reads(now: int) -> None:
    headers, parsed = _signed(now + CLOCK_SKEW_SECONDS)
    check_window(parsed, headers["Date"], now)
    headers, parsed = _signed(now + CLOCK_SKEW_SECONDS + 1)
    with pytest.raises(SignatureError, match="from the future"):
        check_window(parsed, headers["Date"], now)


def test_two_signature_inputs_are_malformed() -> None:
    headers, _ = _signed()
    fields = _fields(headers)
    fields["signature-input"] = [headers["Signature-Input"]] * 2
    with pytest.raises(SignatureError, match="exactly one Signature-Input header"):
        parse_signature(fields)
