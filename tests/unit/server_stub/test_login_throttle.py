"""The slow-down's arithmetic, on a clock the test holds (services/auth.py)."""

from __future__ import annotations

import pytest

from server_stub.services.auth import TRUST_SECONDS, LoginThrottle

HOME, AWAY = "10.0.0.1", "10.0.0.2"


def _throttle() -> LoginThrottle:
    return LoginThrottle(free_attempts=5, base_delay=1.0, max_delay=300.0,
                         address_free_attempts=20, account_free_attempts=100)


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_the_cap() -> None:
    throttle = _throttle()
    waits = []
    for _ in range(15):
        throttle.failed("bob", AWAY, now=0.0)
        waits.append(throttle.retry_after("bob", AWAY, now=0.0))
    assert waits[:4] == [0.0, 0.0, 0.0, 0.0]
    assert waits[4:10] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
    assert waits[-1] == 300.0
    assert throttle.retry_after("bob", AWAY, now=300.0) == 0.0


def test_a_success_clears_the_name_at_that_address() -> None:
    throttle = _throttle()
    for _ in range(4):
        throttle.failed("bob", HOME, now=0.0)
    throttle.succeeded("bob", HOME, now=0.0)
    throttle.failed("bob", HOME, now=1.0)
    assert throttle.retry_after("bob", HOME, now=1.0) == 0.0


def test_many_addresses_guessing_one_name_slow_it_down_but_not_from_a_trusted_desk() -> None:
    throttle = _throttle()
    throttle.succeeded("bob", HOME, now=0.0)
    for number in range(100):
        throttle.failed("bob", f"192.0.2.{number}", now=1.0)
    assert throttle.retry_after("bob", "198.51.100.1", now=1.0) == 1.0
    assert throttle.retry_after("bob", HOME, now=1.0) == 0.0
    later = TRUST_SECONDS + 2.0  # trust fades: a month without signing in there
    for number in range(100):
        throttle.failed("bob", f"192.0.2.{number}", now=later)
    assert throttle.retry_after("bob", HOME, now=later) > 0


@pytest.mark.parametrize("name", ["Bob", "BOB", "bob"])
def test_a_name_is_counted_whatever_its_case(name: str) -> None:
    throttle = _throttle()
    for _ in range(5):
        throttle.failed(name, AWAY, now=0.0)
    assert throttle.retry_after("bob", AWAY, now=0.0) == 1.0
