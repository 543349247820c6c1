"""Passwords, device tokens and the login slow-down.

Argon2id hashes; device tokens are 256-bit random values kept only as SHA-256 hashes;
an unknown user costs as much time as a wrong password and gets the same answer.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
import uuid6
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server_stub.storage import accounts as acc

_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, RFC 9106 low-memory profile
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class _Failures:
    count: int = 0
    blocked_until: float = 0.0


TRUST_SECONDS = 30 * 24 * 3600.0  # a pair that signed in is trusted this long
MAX_KEYS = 100_000  # bound on the memory a spray of names or addresses can take


@dataclass
class LoginThrottle:
    """The sign-in slow-down (docs/security.md), in memory: a restart forgives.

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
    _by_key: dict[str, _Failures] = field(default_factory=dict)
    _trusted: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str, str]:
        name = username.lower()
        return f"pair:{name}\n{address}", f"addr:{address}", f"user:{name}"

    def retry_after(self, username: str, address: str, now: float | None = None) -> float:
        """Seconds this sign-in must wait (0: it may try)."""
        now = time.monotonic() if now is None else now
        pair, by_address, by_name = self._keys(username, address)
        keys = [pair]
        if now - self._trusted.get(pair, -TRUST_SECONDS) >= TRUST_SECONDS:
            keys += [by_address, by_name]
        waits = [f.blocked_until - now for k in keys if (f := self._by_key.get(k))]
        return max([0.0, *waits])

    def failed(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        pair, by_address, by_name = self._keys(username, address)
        for key, free in ((pair, self.free_attempts), (by_address, self.address_free_attempts),
                          (by_name, self.account_free_attempts)):
            entry = self._by_key.setdefault(key, _Failures())
            entry.count += 1
            over = entry.count - free
            if over >= 0:
                entry.blocked_until = now + min(self.base_delay * 2**over, self.max_delay)
        if len(self._by_key) > MAX_KEYS:
            self._by_key.clear()

    def succeeded(self, username: str, address: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        pair, _, _ = self._keys(username, address)
        self._by_key.pop(pair, None)
        if len(self._trusted) > MAX_KEYS:
            self._trusted.clear()
        self._trusted[pair] = now


@dataclass(frozen=True, slots=True)
class Caller:
    account_id: str
    username: str
    person_id: str | None
    device_id: str
    is_admin: bool


class AuthError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def resolve_token_txn(conn: sa.Connection, token: str, now: int) -> Caller:
    found = acc.get_device_by_token_hash(conn, token_hash(token))
    if found is None:
        raise AuthError("unauthorized", "Not signed in, or the session has ended.")
    device, account = found
    if device.revoked_at is not None:
        raise AuthError("device_revoked", "This device was signed out by an administrator.")
    if account.disabled:
        raise AuthError("account_disabled", "This account is disabled.")
    if device.last_seen_at is None or now - device.last_seen_at > 60_000:
        acc.touch_device(conn, device.id, now)
    return Caller(account.id, account.username, account.person_id, device.id, account.is_admin)


def device_refusals_txn(conn: sa.Connection, device_ids: set[str]) -> dict[str, str]:
    """The devices among these whose token stopped working, with the code it now gets."""
    return acc.device_refusals(conn, device_ids)


def account_by_username_txn(conn: sa.Connection, username: str) -> acc.Account | None:
    return acc.get_account_by_username(conn, username)


def sign_out_txn(conn: sa.Connection, caller: Caller, now: int) -> None:
    """End this device's token, and say so in the audit trail."""
    acc.delete_device(conn, caller.device_id)
    acc.audit(conn, now, caller.username, "logout", "device", caller.device_id)


def create_device_txn(
    conn: sa.Connection, account: acc.Account, device_name: str, now: int
) -> tuple[str, str]:
    token, hashed = new_token()
    device_id = str(uuid6.uuid7())
    acc.add_device(conn, device_id, account.id, device_name, hashed, now)
    acc.audit(conn, now, account.username, "login", "device", device_id, {"name": device_name})
    return token, device_id
