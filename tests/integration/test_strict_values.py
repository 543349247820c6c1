"""Every number in a header or a query is 1 to 15 ASCII digits or a 400 with its code.

The regressions first ("²" passed str.isdigit() and crashed int(); 4301 digits crashed
int() too), then a fuzz over every header and query parameter the OpenAPI document
declares, plus the bearer token and the content type, on every operation: whatever the
value, the answer is never a 5xx and every refusal is JSON with a code the document
lists for that operation and status.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uuid6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server_stub.federation.signing import sign_request
from server_stub.openapi.document import build_document
from server_stub.openapi.routes import ROUTES, Route
from server_stub.storage import peers
from server_stub.storage.engine import make_sync_engine
from sync.protocol import now_ms
from tests.integration.threaded import Answer, Running, serving
from tests.integration.world import PASSWORD, World, build_world

STRICT_NUMBER = re.compile(r"[0-9]{1,15}")
STRICT_TAG = re.compile(r'[ \t]*(?:W/)?("?)([0-9]{1,15})\1[ \t]*')
PEER = "peer.test"


class Setting:
    def __init__(self, running: Running, world: World, token: str, post: str,
                 sign: Any) -> None:
        self.running, self.world, self.token, self.post, self.sign = (
            running, world, token, post, sign)


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setting]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from server_stub.federation import keys

    world = build_world(Path(tmp_path_factory.mktemp("strict")) / "data")
    key = Ed25519PrivateKey.generate()
    engine = make_sync_engine(world.config.db_url)
    with engine.begin() as conn:
        peers.add_peer(conn, PEER, "http://127.0.0.1:9", keys.public_key_text(key), now_ms())
    engine.dispose()
    with serving(world.config) as running:
        token = running.login("alice", PASSWORD)
        post = str(uuid6.uuid7())
        answer = running.call("PUT", f"/api/v1/posts/{post}",
                              {"space_id": world.open_space, "text": "Hallo"}, token)
        assert answer.status == 200, answer.body

        def sign(query: str) -> dict[str, str]:
            return sign_request(key, PEER, "GET", "/federation/v1/changes", query)

        yield Setting(running, world, token, post, sign)


def _code(answer: Answer) -> str:
    assert answer.headers.get("Content-Type", "").startswith("application/json"), answer
    body = answer.json()
    assert set(body) >= {"error", "message"}, body
    code: str = body["error"]
    return code


class TestNumbersAreStrict:
    @pytest.mark.parametrize("value", ["²", "٣", "9" * 4301, "1_0", "+1", " 1 2", "0x1",
                                       "1" * 16, '"3', ""])
    def test_if_match_that_is_no_version_is_400_on_put_and_delete(
            self, setting: Setting, value: str) -> None:
        run = setting.running
        path = f"/api/v1/posts/{setting.post}"
        edit = run.call("PUT", path, {"space_id": setting.world.open_space, "text": "Neu"},
                        setting.token, headers={"If-Match": value.encode()})
        delete = run.call("DELETE", path, token=setting.token,
                          headers={"If-Match": value.encode()})
        assert (edit.status, _code(edit)) == (400, "invalid_if_match")
        assert (delete.status, _code(delete)) == (400, "invalid_if_match")

    @pytest.mark.parametrize("value", ["1", '"1"', 'W/"1"', ' "1" '])
    def test_a_version_in_any_accepted_form_is_read(self, setting: Setting,
                                                    value: str) -> None:
        # The post is at a version above 1 or 1: either way the number was read,
        # which a 409 version_conflict or a 200 shows (never invalid_if_match).
        answer = setting.running.call(
            "PUT", f"/api/v1/posts/{setting.post}",
            {"space_id": setting.world.open_space, "text": "Hallo"}, setting.token,
            headers={"If-Match": value})
        assert answer.status in (200, 409), answer.body

    @pytest.mark.parametrize("value", ["²", "9" * 4301, "0", "-1", "1.5", "1e3", "١٠"])
    def test_a_limit_that_is_no_positive_number_is_400(self, setting: Setting,
                                                       value: str) -> None:
        query = "limit=" + urllib.parse.quote(value)
        feed = setting.running.call("GET", "/api/v1/sync?" + query, token=setting.token)
        export = setting.running.request("GET", "/federation/v1/changes?" + query,
                                         headers=dict(setting.sign(query)))
        assert (feed.status, _code(feed)) == (400, "invalid_limit")
        assert (export.status, _code(export)) == (400, "invalid_limit")

    def test_a_cursor_beyond_any_number_is_400(self, setting: Setting) -> None:
        import base64

        info = setting.running.call("GET", "/api/v1/sync?limit=1", token=setting.token)
        epoch = base64.urlsafe_b64decode(info.json()["cursor"] + "==").decode().split(".")[0]
        for seq in ("9" * 4301, "9" * 30, "²"):
            cursor = base64.urlsafe_b64encode(f"{epoch}.{seq}".encode()).decode()
            answer = setting.running.call("GET", f"/api/v1/sync?since={cursor}",
                                          token=setting.token)
            assert (answer.status, _code(answer)) == (400, "bad_cursor"), seq

    def test_count_other_than_0_or_1_is_400(self, setting: Setting) -> None:
        for value, status in (("1", 200), ("0", 200), ("yes", 400), ("²", 400)):
            answer = setting.running.call("GET", "/api/v1/sync?count=" +
                                          urllib.parse.quote(value), token=setting.token)
            assert answer.status == status, (value, answer.body)
            assert ("remaining" in answer.json()) == (value == "1")


# -- the fuzz: every header and query value the API reads, on every operation ------------

_DOCUMENT = build_document()
# A header value may be any text but CR and LF (http.client refuses to send those);
# control characters the HTTP parser refuses before routing, as JSON too.
HEADER_TEXT = st.text(st.characters(exclude_characters="\r\n", codec="utf-8"),
                      max_size=60) | st.from_regex(r"\A[0-9]{1,5000}\Z") | st.sampled_from(
    ["²", "٣", "9" * 4301, '"1"', 'W/"1"', "1", "0", "-1", "Bearer x", "bearer  ", "\x00"])
# Answers of the HTTP parser, the same for every operation (docs/protocol.md, Errors).
BEFORE_ROUTING = {"bad_request", "request_too_long"}
HEADER_NAMES = {"if_match": "If-Match", "if_none_match": "If-None-Match",
                "signature": "Signature",
                "signature_input": "Signature-Input", "content_digest": "Content-Digest",
                "date": "Date"}
QUERY = {"since", "limit", "count", "size"}


def _documented(route: Route) -> dict[int, set[str]]:
    responses = _DOCUMENT["paths"][route.path][route.method]["responses"]
    out: dict[int, set[str]] = {}
    for status, answer in responses.items():
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        for part in schema.get("allOf", []):
            codes = part.get("properties", {}).get("error", {}).get("enum")
            if codes:
                out[int(status)] = set(codes)
    return out


def _targets() -> list[tuple[Route, str]]:
    """(operation, what it reads) for every declared parameter, the token and the type."""
    out: list[tuple[Route, str]] = []
    for route in ROUTES:
        out.extend((route, param) for param in route.params)
        if not route.public:
            out.append((route, "authorization"))
        if route.body is not None:
            out.append((route, "content_type"))
    return out


def _path(route: Route, setting: Setting) -> str:
    values = {name: str(uuid6.uuid7()) for name in re.findall(r"{(\w+)}", route.path)}
    if route.path == "/api/v1/posts/{id}":
        values["id"] = setting.post
    return route.path.format(**values)


def _send(setting: Setting, route: Route, param: str, value: str) -> Answer:
    path = _path(route, setting)
    headers: dict[str, str | bytes] = {}
    token: str | None = None if route.public else setting.token
    body = b"{}" if route.body is not None else None
    if route.path == "/api/v1/posts/{id}" and route.method == "put":
        body = json.dumps({"space_id": setting.world.open_space, "text": "Hallo"}).encode()
    query = ""
    if param in QUERY:
        query = f"{param}={urllib.parse.quote(value, safe='')}"
    elif param == "authorization":
        headers["Authorization"] = value.encode()
        token = None
    elif param == "content_type":
        headers["Content-Type"] = value.encode()
    else:
        headers[HEADER_NAMES[param]] = value.encode()
    if route.tag == "federation":
        signed = setting.sign(query)
        for name, signed_value in signed.items():
            headers.setdefault(name, signed_value)
    target = path + ("?" + query if query else "")
    return setting.running.request(route.method.upper(), target, headers, body, token)


FUZZ_EXAMPLES = 30  # per target; about 2,400 requests in all (docs/reliability.md)


@pytest.mark.parametrize(("route", "param"), _targets(),
                         ids=[f"{r.op_id}-{p}" for r, p in _targets()])
@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HEADER_TEXT)
def test_no_value_makes_a_5xx_or_an_undocumented_answer(
        setting: Setting, route: Route, param: str, value: str) -> None:
    if route.path == "/api/v1/events":
        return  # the WebSocket upgrade has its own test (test_events.py)
    answer = _send(setting, route, param, value)
    assert answer.status < 500, (answer.status, answer.body)
    if answer.status >= 400:
        code = _code(answer)
        assert code in _documented(route).get(answer.status, set()) or (
            answer.status == 400 and code in BEFORE_ROUTING), (
            route.op_id, param, value, answer.status, code)
    if param == "if_match" and answer.status == 400 and _code(answer) == "invalid_if_match":
        assert STRICT_TAG.fullmatch(value) is None, value
    if param == "if_match" and STRICT_TAG.fullmatch(value) is None:
        assert answer.status in (400, 401), value
    if param == "limit":
        assert (answer.status == 400 and _code(answer) == "invalid_limit") == (
            STRICT_NUMBER.fullmatch(value) is None or int(value) < 1), value
