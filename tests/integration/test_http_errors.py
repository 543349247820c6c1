"""Requests refused before or at routing answer JSON, log one line, and never echo.

Over-long URLs and headers and headers that are not HTTP are refused by the HTTP
parser before any handler runs; a method the path does not have is 405 with Allow;
a text with a control character is refused with its field named.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import uuid6

from tests.integration.threaded import Answer, Running, serving
from tests.integration.world import PASSWORD, World, build_world

SECRET = "geheim-0123456789"


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, World, str]]:
    world = build_world(Path(tmp_path_factory.mktemp("http")) / "data")
    with serving(world.config) as running:
        yield running, world, running.login("alice", PASSWORD)


def _json(answer: Answer) -> dict[str, str]:
    assert answer.headers["Content-Type"].startswith("application/json"), answer
    body: dict[str, str] = answer.json()
    return body


@pytest.mark.parametrize(("path", "headers", "code"), [
    ("/api/v1/sync?since=" + "x" * 10_000, {}, "request_too_long"),
    ("/api/v1/sync", {"X-Filler": "y" * 10_000}, "request_too_long"),
    ("/api/v1/sync", {"X-Note": f"{SECRET}\x01"}, "bad_request"),
    ("/api/v1/sync", {"X-Note\x7f": SECRET}, "bad_request"),
])
def test_what_the_parser_refuses_is_json_and_one_log_line(
        setting: tuple[Running, World, str], caplog: pytest.LogCaptureFixture,
        path: str, headers: dict[str, str], code: str) -> None:
    running, _, token = setting
    caplog.set_level(logging.INFO)
    answer = running.request("GET", path, {k: v.encode() for k, v in headers.items()},
                             token=token)
    assert answer.status == 400
    body = _json(answer)
    assert body["error"] == code and SECRET not in body["message"]
    assert set(body) == {"error", "message"}
    refused = [r for r in caplog.records if "before routing" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None
    assert all(r.exc_info is None and SECRET not in r.getMessage() and
               "Traceback" not in r.getMessage() for r in caplog.records)


def test_a_method_the_path_lacks_is_405_with_allow(setting: tuple[Running, World, str]) -> None:
    running, _, token = setting
    answer = running.call("PATCH", f"/api/v1/posts/{uuid6.uuid7()}", {}, token)
    assert answer.status == 405
    assert _json(answer)["error"] == "method_not_allowed"
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) == {"PUT", "DELETE"}


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "esc\x1b[31m", "del\x7f", "c1\x85",
                                  "cr\r"])
def test_a_text_with_a_control_character_is_refused_by_field(
        setting: tuple[Running, World, str], text: str) -> None:
    running, world, token = setting
    post = f"/api/v1/posts/{uuid6.uuid7()}"
    answer = running.call("PUT", post, {"space_id": world.open_space, "text": text}, token)
    assert answer.status == 400
    body = _json(answer)
    assert body["error"] == "control_character" and "`$.text`" in body["message"]
    answer = running.call("PATCH", "/api/v1/me", {"skills": ["SAP", "x" + text]}, token)
    assert (answer.status, _json(answer)["error"]) == (400, "control_character")
    assert "`$.skills[1]`" in _json(answer)["message"]


def test_line_breaks_and_tabs_stay(setting: tuple[Running, World, str]) -> None:
    running, world, token = setting
    text = "Zeile 1\nZeile 2\tmit Tab – und Umlaute äöü 👍"
    answer = running.call("PUT", f"/api/v1/posts/{uuid6.uuid7()}",
                          {"space_id": world.open_space, "text": text}, token)
    assert answer.status == 200 and answer.json()["text"] == text
