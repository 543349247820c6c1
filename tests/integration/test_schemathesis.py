"""The OpenAPI document against the running server, by schemathesis.

Every operation gets requests generated from the document (valid and invalid); every
answer must be no 5xx, a status the document lists, a documented content type and a
body that fits its schema. The normal suite runs a few examples per operation; the
`slow` marker runs many (docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from server_stub.openapi.document import build_document
from tests.integration.threaded import Running, serving
from tests.integration.world import PASSWORD, build_world

# The WebSocket is no request/response operation; signing out would end the token the
# other operations use (tests/integration/test_login.py covers it).
SKIPPED = {"events", "logout"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
QUICK_EXAMPLES = 10  # per operation in the normal suite
SLOW_EXAMPLES = 300  # per operation under -m slow

schema = schemathesis.openapi.from_dict(build_document()).exclude(
    operation_id=sorted(SKIPPED))


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, str]]:
    world = build_world(Path(tmp_path_factory.mktemp("schemathesis")) / "data",
                        login_base_delay_seconds=0.01, login_max_delay_seconds=0.05)
    with serving(world.config) as running:
        yield running, running.login("alice", PASSWORD)


def _check(case: Case, target: tuple[Running, str]) -> None:
    running, token = target
    case.call_and_validate(base_url=f"http://127.0.0.1:{running.port}",
                           headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=QUICK_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_server_answers_as_documented(case: Case, target: tuple[Running, str]) -> None:
    _check(case, target)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=SLOW_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_server_answers_as_documented_at_length(case: Case,
                                                    target: tuple[Running, str]) -> None:
    _check(case, target)
