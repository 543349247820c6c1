"""Passwords and device tokens; the login slow-down lives in login_throttle.py.

Argon2id hashes; device tokens are 256-bit random values kept only as SHA-256 hashes;
an unknown user costs as much time as a wrong password and gets the same answer.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
import uuid6
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server_stub.services import shared_throttle

# Re-exported where callers have always found them.
from server_stub.services.login_throttle import TRUST_SECONDS as TRUST_SECONDS
from server_stub.services.login_throttle import LoginThrottle as LoginThrottle
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


# A device's last_seen_at is written at most once a minute: every request reads the
# token, only the first in a minute writes.
LAST_SEEN_EVERY_MS = 60_000


@dataclass(frozen=True, slots=True)
class CheckedToken:
    """A token found good: its caller, and whether last_seen_at is due to be written."""

    caller: Caller
    touch: bool


def check_token_txn(conn: sa.Connection, hashed: str, now: int) -> CheckedToken:
    """The caller a token hash belongs to, or AuthError; reads only (any transaction)."""
    owner = acc.token_owner(conn, hashed)
    if owner is None:
        raise AuthError("unauthorized", "Not signed in, or the session has ended.")
    if owner.revoked_at is not None:
        raise AuthError("device_revoked", "This device was signed out by an administrator.")
    if owner.disabled:
        raise AuthError("account_disabled", "This account is disabled.")
    touch = owner.last_seen_at is None or now - owner.last_seen_at > LAST_SEEN_EVERY_MS
    return CheckedToken(
        Caller(owner.account_id, owner.username, owner.person_id, owner.device_id,
               owner.is_admin),
        touch)


def touch_device_txn(conn: sa.Connection, device_id: str, now: int) -> None:
    acc.touch_device(conn, device_id, now)


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


def sign_in_txn(conn: sa.Connection, throttle: LoginThrottle, username: str, address: str,
                account: acc.Account, device_name: str, now: int) -> tuple[str, str]:
    """A sign-in that passed, in one transaction: the slow-down forgives the name at
    this address and trusts it there, and the new device gets its token."""
    shared_throttle.succeeded(conn, throttle, username, address)
    return create_device_txn(conn, account, device_name, now)
