"""One profile in use: its key, its cache, its server connection, its sync engine.

Shared by kontorctl and the desktop app so both treat a profile the same way: a
profile synced by one opens in the other.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from sync import protocol as p
from sync.address import AddressRefused, normalise_url
from sync.cache import db as cache_db
from sync.cache.db import Cache
from sync.cache.recovery import Recovery, open_or_recover
from sync.cache.write import state as cache_state
from sync.client import KontorClient
from sync.engine import SyncEngine
from sync.keys import KeyStore
from sync.policy.model import Policy, load_policy
from sync.profile import Profile, open_profile

log = logging.getLogger("kontor.session")


class NotSignedIn(Exception):
    user_message = "This profile is not signed in. Run: kontorctl login URL USERNAME"


class ProfileSession:
    def __init__(self, profile: Profile, keystore: KeyStore, policy: Policy | None = None) -> None:
        self.profile = profile
        self.keystore = keystore
        self.policy = policy if policy is not None else Policy()
        self._cache: Cache | None = None
        self.recovery: Recovery | None = None

    @classmethod
    def open(
        cls, profile_dir: Path | None = None, passphrase: Callable[[], str] | None = None,
        policy: Policy | None = None,
    ) -> ProfileSession:
        """policy: IT's (sync/policy), read here when the caller has not read it."""
        policy = policy if policy is not None else load_policy()
        profile = open_profile(profile_dir)
        keystore = KeyStore(profile.dir, profile.id, passphrase,
                            require_keyring=policy.require_os_keyring)
        return cls(profile, keystore, policy)

    @property
    def cache(self) -> Cache:
        """The writer connection, opened on first use; damage is moved aside and noted."""
        if self._cache is None:
            key = self.keystore.get_or_create()
            self._cache, self.recovery = open_or_recover(self.profile.cache_path, key)
            if self.recovery is not None:
                log.warning("%s", self.recovery.message)
        return self._cache

    def open_reader(self) -> Cache:
        """A second, read-only connection (for a GUI thread) on the same file."""
        self.cache  # noqa: B018 - make sure the file exists and is migrated first
        key = self.keystore.get()
        assert key is not None
        return Cache.open(self.profile.cache_path, key, readonly=True)

    def state(self) -> cache_state.SyncState:
        return cache_state.get_sync_state(self.cache)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    async def login(
        self, url: str, username: str, password: str, device_name: str
    ) -> p.LoginResponse:
        """Sign in; a different account or server starts this profile's cache afresh."""
        url = normalise_url(url)
        async with KontorClient(url, policy=self.policy) as client:
            answer = await client.login(username, password, device_name)
        previous = self.state()
        if previous.server_url and (previous.server_url, previous.username) != (url, username):
            self.wipe(forget_key=False)
        cache_state.store_account(
            self.cache, server_url=url, server_name=answer.server_name,
            username=answer.username, person_id=answer.person_id,
            device_id=answer.device_id, device_token=answer.token,
            is_admin=answer.is_admin,
        )
        return answer

    def client(self) -> KontorClient:
        state = self.state()
        if not state.logged_in:
            raise NotSignedIn()
        assert state.server_url is not None
        return KontorClient(state.server_url, state.device_token, policy=self.policy)

    def engine(self, client: KontorClient) -> SyncEngine:
        limit = int(os.environ.get("KONTOR_SYNC_PAGE_LIMIT", "1000"))
        return SyncEngine(self.cache, client, wipe=self.wipe, page_limit=limit)

    def wipe(self, forget_key: bool = True) -> None:
        """Remove the cache file (and the key): after revocation or logout --wipe."""
        self.close()
        cache_db.wipe(self.profile.cache_path)
        if forget_key:
            self.keystore.delete()
        log.warning("the local cache of this profile was wiped")

    async def logout(self, wipe: bool) -> None:
        state = self.state()
        try:
            client = self.client() if state.logged_in else None
        except AddressRefused:  # a server this computer may not use: sign out here only
            client = None
        if client is not None:
            try:
                await client.logout()
            except Exception as exc:  # noqa: BLE001 - signing out locally still counts
                log.info("server logout failed: %s", type(exc).__name__)
            finally:
                await client.close()
        if wipe:
            self.wipe()
        else:
            cache_state.forget_account(self.cache)
