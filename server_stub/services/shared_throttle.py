"""The sign-in slow-down with its state in the database: one count for every serve
process on the same database, kept across restarts (docs/security.md).

Each call loads the rows of one sign-in's three keys and its trust into a LoginThrottle
carrying the configured figures, applies the rules of login_throttle.py to it, and
writes back only what they changed. Times are epoch ms on the database's clock.
A sign-in costs one small read before the password check and one small write after it
(for a success, inside the transaction that makes the device).
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from server_stub.services.login_throttle import TRUST_SECONDS, Failures, LoginThrottle
from server_stub.storage import sign_in_attempts as rows
from server_stub.storage.leases import clock_ms

# A count is forgotten a day after its last failure (never before its wait has run
# out): the table stays bounded, and a guesser who waits a day gets the free attempts
# of a day, not of an hour.
FORGET_MS = 24 * 3600 * 1000
TRUST_MS = int(TRUST_SECONDS * 1000)
# Bound on the stored counts a spray of names or addresses makes: past it the table is
# emptied, a restart's forgiveness bought by whoever sprays that much.
MAX_KEYS = 100_000


def _seconds(ms: int) -> float:
    return ms / 1000


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _load(conn: sa.Connection, policy: LoginThrottle, username: str, address: str,
          now: int, lock: bool = False) -> LoginThrottle:
    keys = policy.keys(username, address)
    stored = rows.failures(conn, keys, now, lock=lock)
    at = rows.trusted_at(conn, keys[0])
    return dataclasses.replace(
        policy,
        by_key={key: Failures(count, _seconds(blocked)) for key, (count, blocked)
                in stored.items()},
        trusted={} if at is None else {keys[0]: _seconds(at)},
    )


def _save(conn: sa.Connection, before: LoginThrottle, after: LoginThrottle,
          now: int) -> None:
    """Write what the rules changed between before and after."""
    def row(state: LoginThrottle, key: str) -> tuple[int, int] | None:
        entry = state.by_key.get(key)
        return None if entry is None else (entry.count, _ms(entry.blocked_until))

    changed: dict[str, tuple[int, int]] = {}
    gone = []
    for key in before.by_key.keys() | after.by_key.keys():
        old, new = row(before, key), row(after, key)
        if new is None and old is not None:
            gone.append(key)
        elif new is not None and new != old:
            changed[key] = new
    rows.drop_failures(conn, gone)
    rows.save_failures(conn, changed, FORGET_MS, now)
    rows.trust(conn, {pair: _ms(at) for pair, at in after.trusted.items()
                      if before.trusted.get(pair) != at})


def _prune(conn: sa.Connection, now: int) -> None:
    """Counts forgotten and trust faded: gone at the next sign-in, failed or not."""
    rows.prune_failures(conn, now)
    rows.prune_trust(conn, now - TRUST_MS)


def retry_after_txn(conn: sa.Connection, policy: LoginThrottle, username: str,
                    address: str) -> float:
    """Seconds this sign-in must wait (0: it may try)."""
    now = clock_ms(conn)
    state = _load(conn, policy, username, address, now)
    return state.retry_after(username, address, _seconds(now))


def failed_txn(conn: sa.Connection, policy: LoginThrottle, username: str,
               address: str) -> None:
    now = clock_ms(conn)
    _prune(conn, now)
    rows.open_failures(conn, policy.keys(username, address), now)
    before = _load(conn, policy, username, address, now, lock=True)
    after = dataclasses.replace(before, by_key={
        key: dataclasses.replace(entry) for key, entry in before.by_key.items()},
        trusted=dict(before.trusted))
    after.failed(username, address, _seconds(now))
    _save(conn, before, after, now)
    if any(entry.count == 0 for entry in before.by_key.values()):  # a new key
        rows.bound_failures(conn, MAX_KEYS)


def succeeded(conn: sa.Connection, policy: LoginThrottle, username: str,
              address: str) -> None:
    """Part of the transaction that signs the user in."""
    now = clock_ms(conn)
    before = _load(conn, policy, username, address, now)
    after = dataclasses.replace(before, by_key=dict(before.by_key),
                                trusted=dict(before.trusted))
    after.succeeded(username, address, _seconds(now))
    _save(conn, before, after, now)
    _prune(conn, now)
