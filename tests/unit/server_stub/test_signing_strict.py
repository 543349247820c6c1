"""What a signed federation request may hold (signing.py): exactly one shape, all else
refused as malformed before any key is looked at.

Each test pins one rule of the strict subset of RFC 9421 at its edge: a header missing
or twice, a label, component or parameter other than the five, lengths one byte off,
values of the wrong Structured Field type. A loosened rule lets such a request through
to the key check (or into a Python error) and fails a test here.
"""

from __future__ import annotations

import base64

import pytest

from server_stub.federation.signing import (
    COMPONENTS,
    PARAMETERS,
    SignatureError,
    check_window,
    header_values,
    parse_signature,
    sign_request,
    verify_signature,
)
from tests.unit.server_stub.signing_support import KEY, NOW, PATH, QUERY


def _headers(body: bytes = b"", keyid: str = "a.test") -> dict[str, str]:
    return sign_request(KEY, keyid, "GET", PATH, QUERY, body, now=NOW)


def _fields(headers: dict[str, str]) -> dict[str, list[str]]:
    return header_values(list(headers.items()))


def _refused(fields: dict[str, list[str]], match: str) -> None:
    with pytest.raises(SignatureError, match=match) as caught:
        parse_signature(fields)
    assert caught.value.code == "signature_malformed"


def _sf_bytes(data: bytes) -> str:
    return ":" + base64.b64encode(data).decode() + ":"


def test_header_values_keeps_every_value_of_every_header_by_lower_case_name() -> None:
    items = [("Signature-Input", "one"), ("Date", "d"), ("signature-input", "two")]
    assert header_values(items) == {"signature-input": ["one", "two"], "date": ["d"]}


def test_two_signature_inputs_as_sent_on_the_wire_are_malformed() -> None:
    headers = _headers()
    items = list(headers.items()) + [("signature-input", headers["Signature-Input"])]
    _refused(header_values(items), "exactly one Signature-Input header")


@pytest.mark.parametrize("left", ["Signature", "Signature-Input"])
def test_one_of_the_two_signature_headers_alone_is_malformed_not_unsigned(left: str) -> None:
    headers = _headers()
    other = "Signature-Input" if left == "Signature" else "Signature"
    del headers[other]
    _refused(_fields(headers), f"exactly one {other} header")


@pytest.mark.parametrize("label", ["sig0", "a", "sig2"])
def test_a_signature_input_under_another_label_is_malformed(label: str) -> None:
    headers = _headers()
    headers["Signature-Input"] = label + headers["Signature-Input"].removeprefix("sig1")
    _refused(_fields(headers), "Signature-Input must hold sig1 alone")


def _components(*names: str, suffix: str = "") -> str:
    return "(" + " ".join(names) + ")" + suffix


@pytest.mark.parametrize("covered", [
    # a sixth component, the five in another order, a parameter on one, one as a token
    [f'"{name}"' for name in COMPONENTS] + ['"content-type"'],
    ['"@path"', '"@method"', '"@query"', '"content-digest"', '"date"'],
    ['"@method";req', '"@path"', '"@query"', '"content-digest"', '"date"'],
    ['"@method"', '"@path"', '"@query"', '"content-digest"', "date"],
], ids=["six", "reordered", "with-parameter", "token"])
def test_the_components_are_these_five_strings_in_this_order(covered: list[str]) -> None:
    headers = _headers()
    five = _components(*(f'"{name}"' for name in COMPONENTS))
    assert five in headers["Signature-Input"]
    headers["Signature-Input"] = headers["Signature-Input"].replace(five, _components(*covered))
    _refused(_fields(headers), "covers other components")


@pytest.mark.parametrize("missing", PARAMETERS)
def test_each_parameter_is_needed(missing: str) -> None:
    headers = _headers()
    params = headers["Signature-Input"].split(";")
    kept = [part for part in params if not part.startswith(missing + "=")]
    assert len(kept) == len(params) - 1
    headers["Signature-Input"] = ";".join(kept)
    _refused(_fields(headers), "needs exactly created, expires, nonce, keyid, alg")


@pytest.mark.parametrize("extra", ['a="x"', "tag=1", 'zz="x"'])
def test_a_parameter_beyond_the_five_is_malformed(extra: str) -> None:
    headers = _headers()
    headers["Signature-Input"] += ";" + extra
    _refused(_fields(headers), "needs exactly created, expires, nonce, keyid, alg")


def test_a_key_id_may_be_one_character_but_not_empty() -> None:
    assert parse_signature(_fields(_headers(keyid="k"))).keyid == "k"
    _refused(_fields(_headers(keyid="")), "key id is empty or too long")


@pytest.mark.parametrize("length", [63, 65])
def test_a_signature_one_byte_off_is_malformed(length: int) -> None:
    headers = _headers()
    headers["Signature"] = "sig1=" + _sf_bytes(b"\x01" * length)
    _refused(_fields(headers), "an Ed25519 signature has 64 bytes")


@pytest.mark.parametrize("signature", [
    'sig1="' + "A" * 64 + '"',  # a string of 64 characters, not bytes
    "sig1=" + _sf_bytes(b"\x01" * 64) + ";alg=x",  # bytes, with a parameter
], ids=["string", "with-parameter"])
def test_a_signature_is_a_bare_byte_sequence(signature: str) -> None:
    headers = _headers()
    headers["Signature"] = signature
    _refused(_fields(headers), "Signature must be a byte sequence")


@pytest.mark.parametrize("raw", ["sig1=(", 'sig1=("@method");keyid="\udcff"'],
                         ids=["unparseable", "not-utf8"])
def test_a_signature_input_that_is_no_structured_field_is_malformed(raw: str) -> None:
    headers = _headers()
    headers["Signature-Input"] = raw
    _refused(_fields(headers), "Signature-Input is no structured field")


def _verify(headers: dict[str, str], body: bytes, path: str = PATH) -> None:
    parsed = parse_signature(_fields(headers))
    verify_signature(parsed, KEY.public_key(), "GET", path, QUERY, headers["Content-Digest"],
                     headers["Date"], body)


@pytest.mark.parametrize("digest", [
    "sha-256=" + _sf_bytes(b"\x02" * 31),
    "sha-256=" + _sf_bytes(b"\x02" * 33),
    'sha-256="' + "x" * 32 + '"',  # a string of 32 characters, not bytes
    "sha-256=" + _sf_bytes(b"\x02" * 32) + ";q=1",  # bytes of the right length, a parameter
], ids=["31-bytes", "33-bytes", "string", "with-parameter"])
def test_a_content_digest_is_32_bare_bytes(digest: str) -> None:
    headers = _headers()
    headers["Content-Digest"] = digest
    with pytest.raises(SignatureError, match="not a sha-256 digest") as caught:
        _verify(headers, b"")
    assert caught.value.code == "signature_malformed"


def test_a_signature_over_another_request_does_not_verify() -> None:
    headers = _headers()
    _verify(headers, b"")
    with pytest.raises(SignatureError, match="does not verify") as caught:
        _verify(headers, b"", path="/federation/v1/other")
    assert caught.value.code == "bad_signature"


@pytest.mark.parametrize("length", [1, 30, 59])
def test_a_window_shorter_than_sixty_seconds_is_taken(length: int) -> None:
    headers = _headers()
    fields = _fields(headers)
    fields["signature-input"] = [headers["Signature-Input"].replace(
        f"expires={NOW + 60}", f"expires={NOW + length}")]
    check_window(parse_signature(fields), headers["Date"], NOW)


@pytest.mark.parametrize("date", ["", "yesterday", "Thu, 31 Feb 2027 00:00:00 GMT",
                                  "Thu, 01 Jan 99999 00:00:00 GMT",
                                  "Thu, 01 Jan 99999999999999999999 00:00:00 GMT",
                                  "Thu, 01 Jan 2027 00:00:00 +99999999999999999999"])
def test_a_date_that_is_no_http_date_is_malformed(date: str) -> None:
    parsed = parse_signature(_fields(_headers()))
    with pytest.raises(SignatureError, match="Date is not an HTTP date") as caught:
        check_window(parsed, date, NOW)
    assert caught.value.code == "signature_malformed"
