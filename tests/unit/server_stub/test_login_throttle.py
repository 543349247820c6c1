"""The slow-down's arithmetic, on a clock the test holds (services/login_throttle.py)."""

from __future__ import annotations

import pytest

from server_stub.services.login_throttle import TRUST_SECONDS, Failures, LoginThrottle

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


def test_trust_lasts_thirty_days_to_the_second() -> None:
    assert TRUST_SECONDS == 30 * 24 * 3600  # docs/security.md
    throttle = _throttle()
    throttle.succeeded("bob", HOME, now=0.0)
    for number in range(100):
        throttle.failed("bob", f"192.0.2.{number}", now=TRUST_SECONDS - 0.5)
    assert throttle.retry_after("bob", HOME, now=TRUST_SECONDS - 0.5) == 0.0
    assert throttle.retry_after("bob", HOME, now=TRUST_SECONDS) == 0.5  # faded exactly then


def test_the_defaults_are_the_documented_policy() -> None:
    """What the server runs when its configuration names no other figures: five tries
    of a name from an address, twenty names from an address, a hundred addresses for a
    name; then one second, doubling, at most five minutes."""
    throttle = LoginThrottle()
    for attempt in range(1, 15):
        throttle.failed("bob", AWAY, now=0.0)
        expected = 0.0 if attempt < 5 else min(2.0 ** (attempt - 5), 300.0)
        assert throttle.retry_after("bob", AWAY, now=0.0) == expected, attempt
    assert throttle.retry_after("bob", AWAY, now=0.0) == 300.0
    spray = LoginThrottle()
    for number in range(19):
        spray.failed(f"user{number}", AWAY, now=0.0)
    assert spray.retry_after("someone", AWAY, now=0.0) == 0.0
    spray.failed("user19", AWAY, now=0.0)
    assert spray.retry_after("someone", AWAY, now=0.0) == 1.0
    many = LoginThrottle()
    for number in range(99):
        many.failed("bob", f"192.0.2.{number}", now=0.0)
    assert many.retry_after("bob", "198.51.100.1", now=0.0) == 0.0
    many.failed("bob", "192.0.2.99", now=0.0)
    assert many.retry_after("bob", "198.51.100.1", now=0.0) == 1.0


def test_every_trusted_desk_is_remembered_not_only_the_last() -> None:
    throttle = _throttle()
    throttle.succeeded("bob", HOME, now=0.0)
    throttle.succeeded("ann", AWAY, now=0.0)
    for number in range(100):
        throttle.failed("bob", f"192.0.2.{number}", now=1.0)
    assert throttle.retry_after("bob", HOME, now=1.0) == 0.0


def test_a_throttle_made_from_stored_counts_answers_as_the_one_that_counted() -> None:
    """The server keeps the counts in the database and loads those of one sign-in into
    a fresh throttle (services/shared_throttle.py): the copy must wait and count on
    exactly as the original."""
    original = _throttle()
    original.succeeded("bob", HOME, now=0.0)
    for number in range(100):
        original.failed("bob", f"192.0.2.{number}", now=1.0)
    for _ in range(6):
        original.failed("bob", AWAY, now=2.0)
    keys = (*LoginThrottle.keys("bob", AWAY), LoginThrottle.keys("bob", HOME)[0])
    copy = _throttle()
    copy.by_key.update({key: Failures(entry.count, entry.blocked_until)
                        for key in keys if (entry := original.by_key.get(key))})
    copy.trusted.update(original.trusted)
    for throttle in (original, copy):
        # 106 failures of the name: 64 s from the last; the trusted desk waits not
        assert throttle.retry_after("bob", AWAY, now=2.5) == 63.5
        assert throttle.retry_after("bob", HOME, now=2.5) == 0.0
        throttle.failed("bob", AWAY, now=4.0)
        assert throttle.retry_after("bob", AWAY, now=4.0) == 128.0
        throttle.succeeded("bob", AWAY, now=200.0)
        throttle.failed("bob", AWAY, now=200.0)  # the pair starts over at a desk now trusted
        assert throttle.retry_after("bob", AWAY, now=200.0) == 0.0
