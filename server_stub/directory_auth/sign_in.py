"""Which password check a sign-in takes: the directory, or a local password.

Without [server.ldap] every account signs in with its local password. With it, people
sign in with their directory password, and the directory attribute account_attribute
names their Kontor account. Local passwords stay only for admin accounts: the
break-glass way in when the directory is down or misconfigured.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from server_stub.directory_auth.ldap import Directory, DirectoryUnavailable
from server_stub.services import auth
from server_stub.storage.accounts import Account
from server_stub.storage.database import Database

log = logging.getLogger("kontor.auth")
Outcome = Literal["ok", "invalid", "directory_down", "no_account"]

# Local passwords are checked two at a time per process. Each Argon2id check holds
# 64 MiB (argon2-cffi's RFC 9106 profile) and a full core, so more at once only raise
# the memory peak of a sign-in burst (the 9:00 Monday case: 1,000 sign-ins peaked at
# 507 MiB with six at once) without signing anyone in sooner.
PASSWORD_CHECKS_AT_ONCE = 2
_password_checks = ThreadPoolExecutor(PASSWORD_CHECKS_AT_ONCE,
                                      thread_name_prefix="kontor-password")


async def _account(database: Database, username: str) -> Account | None:
    return await database.read(auth.account_by_username_txn, username)


async def check(database: Database, directory: Directory | None, username: str,
                password: str) -> tuple[Account | None, Outcome]:
    loop = asyncio.get_running_loop()
    account = await _account(database, username)
    if directory is None or (account is not None and account.is_admin):
        stored = account.password_hash if account else None
        if await loop.run_in_executor(_password_checks, auth.verify_password, stored,
                                   password):
            return account, "ok"
        if directory is None:
            return None, "invalid"
    try:
        name = await loop.run_in_executor(None, directory.authenticate, username, password)
    except DirectoryUnavailable as exc:
        log.error("the directory could not check a sign-in: %s", exc)
        return None, "directory_down"
    if name is None:
        return None, "invalid"
    mapped = await _account(database, name)
    if mapped is None:
        log.warning("directory user %s has no Kontor account", name)
        return None, "no_account"
    return mapped, "ok"
