"""The sign-in slow-down (docs/security.md): failures counted per name and address, per
address and per name, each with its own free attempts and a doubling wait.

The rules, over a state in memory. The server keeps that state in the database, shared
by every serve process (services/shared_throttle.py loads the rows of one sign-in into
a LoginThrottle, applies these rules and writes back what they changed). Kept apart
from the token and password functions of auth.py so its mutation testing
(scripts/mutation_tool.py) runs against its own tests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Failures:
    count: int = 0
    blocked_until: float = 0.0


TRUST_SECONDS = 30 * 24 * 3600.0  # a pair that signed in is trusted this long


@dataclass
class LoginThrottle:
    """The sign-in slow-down (docs/security.md) over the state in `by_key` and `trusted`.

    Failures count under three keys, each with its own free attempts before each
    further failure doubles the wait (base_delay, 2x, 4x ... up to max_delay):

    - the user name from this address (`free_attempts`, 5): a guesser slows down
      only their own tries at this name from their own address;
    - the address over all names (`address_free_attempts`, 20): one address spraying
      many names;
    - the user name over all addresses (`account_free_attempts`, 100): many
      addresses guessing one name.

    A wait of the address or the name alone does not hold for a user name that signed
    in from this address within TRUST_SECONDS: an attacker in the same office, or a
    botnet, cannot lock a colleague out of the account they use every day. A successful
    sign-in clears the name-from-address count.
    """

    free_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 300.0
    address_free_attempts: int = 20
    account_free_attempts: int = 100
    by_key: dict[str, Failures] = field(default_factory=dict)
    trusted: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str, str]:
        name = username.lower()
        return f"pair:{name}\n{address}", f"addr:{address}", f"user:{name}"

    def retry_after(self, username: str, address: str, now: float | None = None) -> float:
        """Seconds this sign-in must wait (0: it may try)."""
        now = time.monotonic() if now is None else now
        pair, by_address, by_name = self.keys(username, address)
        keys = [pair]
        if now - self.trusted.get(pair, -TRUST_SECONDS) >= TRUST_SECONDS:
            keys += [by_address, by_name]
        waits = [f.blocked_until - now for k in keys if (f := self.by_key.get(k))]
        return max([0.0, *waits])

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        pair, by_address, by_name = self.keys(username, address)
        for key, free in ((pair, self.free_attempts), (by_address, self.address_free_attempts),
                          (by_name, self.account_free_attempts)):
            entry = self.by_key.setdefault(key, Failures())
            entry.count += 1
            over = entry.count - free
            if over >= 0:
                entry.blocked_until = now + min(self.base_delay * 2**over, self.max_delay)

    def succeeded(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        pair, _, _ = self.keys(username, address)
        self.by_key.pop(pair, None)
        self.trusted[pair] = now
