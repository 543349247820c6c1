"""The cache key: 32 random bytes kept by the OS keyring, or derived from a passphrase.

Why this shape: a random key in the keychain (as Signal Desktop does) needs no user
input and is as strong as the cipher. Where no keychain exists (headless Linux, some
terminals) we fall back to a passphrase stretched with scrypt and a random salt kept in
profile.json. The key itself is never written to disk and never logged.

Once a profile has a key we never quietly make another one: a changed keyring backend
or a key that vanished from the keyring is reported (KeyBackendChanged, KeyMissing)
and only an explicit reset() starts over, because a new key makes the cache unreadable.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors

from sync.profile import KdfParams, ProfileMeta, read_meta, write_meta

log = logging.getLogger(__name__)

SERVICE = "kontor"
ENV_PASSPHRASE = "KONTOR_PASSPHRASE"  # noqa: S105 - the name of a variable
KEY_BYTES = 32
SALT_BYTES = 16
_CHECK_LABEL = b"kontor cache key check v1"


class KeyStoreError(Exception):
    """The environment cannot provide the cache key; user_message says what to do."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class KeyBackendChanged(KeyStoreError):
    """The key was stored with another keyring backend than the one active now."""

    def __init__(self, recorded: str, current: str) -> None:
        super().__init__(
            f"The key of your local cache was stored in {recorded}, but this session uses "
            f"{current}. Switch back to the previous keyring to keep the cache, or start "
            "afresh: the cache is then downloaded again from the server."
        )
        self.recorded = recorded
        self.current = current


class KeyMissing(KeyStoreError):
    """profile.json says a key was stored, but the keyring no longer has it."""


class KeyringFailed(KeyStoreError):
    """The keyring backend raised while reading or writing the key."""


class PassphraseRequired(KeyStoreError):
    """No keyring is usable and no passphrase was given (prompt or KONTOR_PASSPHRASE)."""


class KeyringRequired(KeyStoreError):
    """IT's policy requires the OS keyring (require_os_keyring): no passphrase."""


class WrongPassphrase(KeyStoreError):
    """The passphrase does not derive the key this profile was set up with."""


def backend_name_of(backend: keyring.backend.KeyringBackend) -> str:
    """Fully qualified class name: every backend class is called 'Keyring'."""
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def keyring_usable(backend: keyring.backend.KeyringBackend) -> bool:
    """False for the fail backend and an empty chainer; a round trip decides the rest."""
    if isinstance(backend, keyring.backends.fail.Keyring):
        return False
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return bool(backend.backends)
    return True


def derive_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    """scrypt over the NFC-normalised passphrase, so umlauts typed on any OS agree."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(
        secret,
        salt=salt,
        n=kdf.n,
        r=kdf.r,
        p=kdf.p,
        maxmem=256 * kdf.r * kdf.n + (16 << 20),
        dklen=KEY_BYTES,
    )


def key_check(key: bytes) -> str:
    """A one-way tag of the key: tells a wrong passphrase from a damaged cache."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


class KeyStore:
    """Fetches, creates and forgets the cache key of one profile."""

    def __init__(
        self,
        profile_dir: Path,
        profile_id: str,
        passphrase: Callable[[], str] | None = None,
        require_keyring: bool = False,
    ) -> None:
        self._dir = profile_dir
        self._profile_id = profile_id
        self._passphrase = passphrase
        self._require_keyring = require_keyring  # IT's policy: no passphrase fallback
        # Kept after the first success so a second connection (the GUI's reader) does not
        # prompt for the passphrase again or run scrypt twice.
        self._key: bytes | None = None

    @property
    def backend_name(self) -> str:
        """The keyring backend active now (not necessarily the recorded one)."""
        return backend_name_of(keyring.get_keyring())

    @property
    def key_source(self) -> str | None:
        """'keyring', 'passphrase', or None when this profile has no key yet."""
        meta = read_meta(self._dir)
        return None if meta is None else meta.key_source

    def get(self) -> bytes | None:
        """The existing key, or None when none was created or the keyring lost it."""
        if self._key is not None:
            return self._key
        meta = self._meta()
        if meta.key_source == "keyring":
            self._key = self._get_from_keyring(meta)
        elif meta.key_source == "passphrase":
            self._key = self._derive_existing(meta)
        return self._key

    def opens(self, passphrase: str) -> bool:
        """Does this passphrase derive the profile's key? (an unlock prompt asks first,
        so a wrong one is said there and tried again, never an error later)."""
        meta = self._meta()
        if meta.key_source != "passphrase" or meta.salt is None or meta.kdf is None:
            return False
        key = derive_key(passphrase, bytes.fromhex(meta.salt), meta.kdf)
        return meta.key_check is None or hmac.compare_digest(key_check(key), meta.key_check)

    def get_or_create(self) -> bytes:
        """The key, creating one on first use. Never replaces a key that went missing."""
        meta = self._meta()
        key = self.get()
        if key is not None:
            return key
        if meta.key_source is not None:
            raise KeyMissing(
                f"The key of your local cache is no longer in {meta.keyring_backend}. "
                "The cache cannot be read without it; start afresh to download it again."
            )
        self._key = self._create(meta)
        return self._key

    def reset(self) -> bytes:
        """Forget the old key and make a new one (the caller then rebuilds the cache)."""
        self.delete()
        self._key = self._create(self._meta())
        return self._key

    def delete(self) -> None:
        """Remove the key from the keyring and profile.json (device revoked, reset)."""
        self._key = None
        meta = self._meta()
        if meta.key_source == "keyring":
            try:
                keyring.get_keyring().delete_password(SERVICE, self._profile_id)
            except keyring.errors.PasswordDeleteError:
                pass  # already gone
            except Exception as exc:  # noqa: BLE001 - backends raise their own types
                log.warning("could not delete the cache key from the keyring: %s", exc)
        write_meta(self._dir, ProfileMeta(profile_id=meta.profile_id))

    # --- internals ---------------------------------------------------------------

    def _meta(self) -> ProfileMeta:
        meta = read_meta(self._dir)
        return meta if meta is not None else ProfileMeta(profile_id=self._profile_id)

    def _get_from_keyring(self, meta: ProfileMeta) -> bytes | None:
        backend = keyring.get_keyring()
        current = backend_name_of(backend)
        if meta.keyring_backend is not None and meta.keyring_backend != current:
            raise KeyBackendChanged(meta.keyring_backend, current)
        try:
            stored = backend.get_password(SERVICE, self._profile_id)
        except Exception as exc:  # noqa: BLE001 - backends raise their own types
            raise KeyringFailed(
                f"The key of your local cache could not be read from {current}: {exc}"
            ) from exc
        if stored is None:
            return None
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            key = b""
        if len(key) != KEY_BYTES:
            raise KeyringFailed(
                f"The keyring entry '{SERVICE}' for this profile is not a Kontor cache key."
            )
        return key

    def _derive_existing(self, meta: ProfileMeta) -> bytes:
        if meta.salt is None or meta.kdf is None:
            raise KeyStoreError(
                "profile.json lacks the passphrase salt; the cache cannot be opened. "
                "Start afresh to download it again."
            )
        key = derive_key(self._ask_passphrase(), bytes.fromhex(meta.salt), meta.kdf)
        if meta.key_check is not None and not hmac.compare_digest(key_check(key), meta.key_check):
            raise WrongPassphrase("This passphrase does not open your local cache.")
        return key

    def _create(self, meta: ProfileMeta) -> bytes:
        backend = keyring.get_keyring()
        name = backend_name_of(backend)
        if keyring_usable(backend):
            key = secrets.token_bytes(KEY_BYTES)
            if self._store_in_keyring(backend, key):
                write_meta(
                    self._dir,
                    ProfileMeta(
                        profile_id=meta.profile_id, key_source="keyring", keyring_backend=name
                    ),
                )
                log.info("cache key created in keyring backend %s", name)
                return key
        passphrase = self._ask_passphrase()
        salt = secrets.token_bytes(SALT_BYTES)
        kdf = KdfParams()
        key = derive_key(passphrase, salt, kdf)
        write_meta(
            self._dir,
            ProfileMeta(
                profile_id=meta.profile_id,
                key_source="passphrase",
                keyring_backend=name,
                kdf=kdf,
                salt=salt.hex(),
                key_check=key_check(key),
            ),
        )
        log.info("no usable keyring (%s): cache key derived from a passphrase", name)
        return key

    def _store_in_keyring(self, backend: keyring.backend.KeyringBackend, key: bytes) -> bool:
        """Store and read back: a backend that silently drops secrets is not usable."""
        try:
            backend.set_password(SERVICE, self._profile_id, key.hex())
            ok = backend.get_password(SERVICE, self._profile_id) == key.hex()
        except Exception as exc:  # noqa: BLE001 - backends raise their own types
            log.warning(
                "keyring %s unusable, falling back to a passphrase: %s",
                backend_name_of(backend),
                type(exc).__name__,
            )
            return False
        if not ok:
            log.warning("keyring %s did not keep the key", backend_name_of(backend))
        return ok

    def _ask_passphrase(self) -> str:
        if self._require_keyring:
            backend = backend_name_of(keyring.get_keyring())
            if self._meta().key_source == "passphrase":
                raise KeyringRequired(
                    "Your IT department requires the system keyring for Kontor's local data, "
                    "but this profile's data is protected by a passphrase. To start afresh, "
                    f"remove the profile folder {self._dir}: Kontor then downloads the data "
                    "again (posts not sent yet are lost).")
            raise KeyringRequired(
                "Your IT department requires the system keyring for Kontor's local data, "
                f"and none is usable here ({backend}). Unlock or set up the keyring "
                "(GNOME Keyring, KWallet, Windows Credential Manager) and start again.")
        value = os.environ.get(ENV_PASSPHRASE, "")
        if not value and self._passphrase is not None:
            value = self._passphrase()
        if not value:
            raise PassphraseRequired(
                "No system keyring is available to keep the key of your local cache. "
                f"Enter a passphrase (or set {ENV_PASSPHRASE})."
            )
        return value
