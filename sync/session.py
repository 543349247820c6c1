"""One profile in use: its key, its cache, its server connection, its sync engine.

Shared by kontorctl and the desktop app so both treat a profile the same way: a
profile synced by one opens in the other.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sync import protocol as p
from sync.address import AddressRefused, normalise_url
from sync.cache import db as cache_db
from sync.cache.db import Cache
from sync.cache.errors import CacheError
from sync.cache.recovery import Recoveries, move_aside, open_or_recover
from sync.cache.write import state as cache_state
from sync.client import KontorClient
from sync.engine import SyncEngine
from sync.keys import KeyStore, KeyStoreError
from sync.policy.model import Policy, load_policy
from sync.profile import Profile, open_profile

log = logging.getLogger("kontor.session")


class NotSignedIn(Exception):
    user_message = "This profile is not signed in. Run: kontorctl login URL USERNAME"


@dataclass(frozen=True, slots=True)
class StartAfresh:
    """What start_afresh did: the store kept (still signed in, outbox kept), or moved
    aside because the key to read it is gone (sign in again)."""

    kept_store: bool
    store_aside: Path | None
    recoveries: Recoveries

    @property
    def message(self) -> str:
        if self.kept_store:
            head = ("The local copy is downloaded again from the server. Your unsent posts "
                    "and your sign-in were kept.")
        else:
            kept = (f" The file with your unsent posts and sign-in was kept as "
                    f"{self.store_aside.name}; it can only be read with the old key."
                    if self.store_aside is not None else "")
            head = ("The key of your local data was not available, so Kontor started "
                    f"afresh with a new key. Please sign in again.{kept}")
        return head  # files set aside on the way: recoveries (the caller says them)


class ProfileSession:
    def __init__(self, profile: Profile, keystore: KeyStore, policy: Policy | None = None) -> None:
        self.profile = profile
        self.keystore = keystore
        self.policy = policy if policy is not None else Policy()
        self._cache: Cache | None = None
        self.recovery = Recoveries()

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
            self._cache, found = open_or_recover(self.profile.cache_path, key)
            self.recovery.done.extend(found.done)
            if found:
                log.info("%s", found.message)  # the caller shows it (recovery)
        return self._cache

    def note_damage(self) -> None:
        """Damage was seen: keep the unclean-exit marker so the next open checks."""
        if self._cache is not None:
            self._cache.damage_seen = True

    def recover(self) -> Recoveries:
        """Damage was seen while running: check every page of both files now and move
        the damaged one aside (the replica is then rebuilt by the next sync)."""
        if self._cache is not None:
            self._cache.damage_seen = True
        self.close()
        key = self.keystore.get_or_create()
        self._cache, found = open_or_recover(self.profile.cache_path, key, check=True)
        self.recovery.done.extend(found.done)
        return found

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
        """Sign in; a different account or server starts this profile's cache afresh.

        The key and the local files come first: a sign-in the server granted but this
        computer cannot keep (keyring locked, no passphrase) would leave an active
        device whose token nobody holds. Should keeping it still fail, the device is
        signed out on the server again before the error is reported.
        """
        url = normalise_url(url)
        previous = self.state()  # opens (creates) key and files, or raises here
        async with KontorClient(url, policy=self.policy) as client:
            answer = await client.login(username, password, device_name)
        try:
            if previous.server_url and (
                    (previous.server_url, previous.username) != (url, username)):
                self.wipe(forget_key=False)
            cache_state.store_account(
                self.cache, server_url=url, server_name=answer.server_name,
                username=answer.username, person_id=answer.person_id,
                device_id=answer.device_id, device_token=answer.token,
                is_admin=answer.is_admin,
            )
        except BaseException:
            await self._revoke(url, answer.token)
            raise
        return answer

    async def _revoke(self, url: str, token: str) -> None:
        """Sign a device out whose token this computer could not keep."""
        try:
            async with KontorClient(url, token, policy=self.policy) as client:
                await client.logout()
        except Exception as exc:  # noqa: BLE001 - the first error is the one to report
            log.warning("the new device could not be signed out again: %s",
                        type(exc).__name__)

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
        """Remove both files (and the key): after revocation or logout --wipe."""
        if self._cache is not None:
            self._cache.damage_seen = False
        self.close()
        cache_db.wipe(self.profile.cache_path)
        if forget_key:
            self.keystore.delete()
        log.warning("the local cache of this profile was wiped")

    def start_afresh(self) -> StartAfresh:
        """Make the replica anew (the next sync downloads it); keep the store if the key
        opens it, else salvage what can be read; without the key, keep it aside.

        The way out when the cache cannot be opened, the passphrase is forgotten or the
        keyring that held the key is gone: nothing the user wrote is deleted.
        """
        self.close()
        key: bytes | None
        try:
            key = self.keystore.get_or_create()
        except KeyStoreError as exc:
            log.warning("start afresh without the old key: %s", type(exc).__name__)
            key = None
        if key is not None:
            try:
                self.cache  # noqa: B018 - migrates a one-file profile, salvages damage
                self.close()
            except CacheError:
                self.close()
            cache_db.wipe_replica(self.profile.cache_path)
            self.cache  # noqa: B018 - a fresh replica beside the store kept
            return StartAfresh(kept_store=True, store_aside=None, recoveries=self.recovery)
        aside: Path | None = None
        store = cache_db.store_path_for(self.profile.cache_path)
        if store.exists():
            aside = move_aside(store)
        cache_db.wipe(self.profile.cache_path)
        self.keystore.reset()
        self.cache  # noqa: B018 - new key, new files
        return StartAfresh(kept_store=False, store_aside=aside, recoveries=self.recovery)

    def forget_without_key(self) -> None:
        """logout --wipe when the key is gone: delete both files and the key's record.

        Without the key the device token cannot be read, so the server is not told;
        the caller says so (the device is revoked from another device or by IT).
        """
        self.close()
        cache_db.wipe(self.profile.cache_path)
        self.keystore.delete()

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
