"""Profiles: one directory per account, holding the encrypted cache and profile.json.

A profile directory is private to its user (0700) because it holds the encrypted cache
and, for the passphrase fallback, the KDF salt. profile.json never holds a key: only
the stable profile id (the keyring username) and how the key is obtained, so a change
of keyring backend or a missing salt can be reported instead of silently making a new
key that would turn the cache into garbage.
"""

from __future__ import annotations

import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import msgspec
import platformdirs

PROFILE_FILE = "profile.json"
CACHE_FILE = "cache.db"
ENV_PROFILE = "KONTOR_PROFILE"
DEFAULT_PROFILE_NAME = "default"


class ProfileError(Exception):
    """The profile directory or its profile.json cannot be used; user_message says why."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class KdfParams(msgspec.Struct, frozen=True, kw_only=True):
    """Parameters of the passphrase KDF, stored so they can be raised later."""

    name: Literal["scrypt"] = "scrypt"
    n: int = 2**15
    r: int = 8
    p: int = 1


class ProfileMeta(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Non-secret facts about a profile (profile.json).

    key_source says where the cache key comes from; keyring_backend records the
    backend class that holds it so a later change is noticed. salt/kdf/key_check only
    exist for the passphrase fallback; key_check is an HMAC of the derived key, which
    lets a wrong passphrase be told apart from a damaged cache without storing the key.
    """

    profile_id: str
    key_source: Literal["keyring", "passphrase"] | None = None
    keyring_backend: str | None = None
    kdf: KdfParams | None = None
    salt: str | None = None
    key_check: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    dir: Path
    id: str

    @property
    def cache_path(self) -> Path:
        return self.dir / CACHE_FILE


_meta_decoder = msgspec.json.Decoder(ProfileMeta)


def default_profiles_root() -> Path:
    """Where profiles live unless --profile or KONTOR_PROFILE says otherwise."""
    return Path(platformdirs.user_data_dir("kontor", appauthor=False)) / "profiles"


def resolve_profile_dir(explicit: Path | None = None) -> Path:
    """--profile DIR wins, then $KONTOR_PROFILE, then the per-user default profile."""
    if explicit is not None:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_PROFILE, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_profiles_root() / DEFAULT_PROFILE_NAME


def ensure_profile_dir(path: Path) -> Path:
    """Create the directory owner-only; tighten an existing one that is too open."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o700)
    except OSError as exc:
        raise ProfileError(f"The profile folder {path} cannot be created: {exc.strerror}.") from exc
    return path


def read_meta(profile_dir: Path) -> ProfileMeta | None:
    """profile.json, or None when there is none yet.

    A damaged file is an error, never overwritten: it may hold the passphrase salt,
    without which the cache cannot be opened.
    """
    path = profile_dir / PROFILE_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ProfileError(f"{path} cannot be read: {exc.strerror}.") from exc
    try:
        return _meta_decoder.decode(data)
    except msgspec.DecodeError as exc:
        raise ProfileError(
            f"{path} is damaged ({exc}). Move it away to start this profile afresh."
        ) from exc


def write_meta(profile_dir: Path, meta: ProfileMeta) -> None:
    """Atomic replace, owner-only, so a crash never leaves half a profile.json."""
    path = profile_dir / PROFILE_FILE
    tmp = path.with_name(f"{PROFILE_FILE}.tmp")
    data = msgspec.json.format(msgspec.json.encode(meta), indent=2) + b"\n"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise ProfileError(f"{path} cannot be written: {exc.strerror}.") from exc


def load_or_create_meta(profile_dir: Path) -> ProfileMeta:
    """The profile's meta, minting a random stable profile id on first use."""
    meta = read_meta(profile_dir)
    if meta is None:
        meta = ProfileMeta(profile_id=str(uuid.uuid4()))
        write_meta(profile_dir, meta)
    return meta


def open_profile(explicit: Path | None = None) -> Profile:
    """Resolve, create and identify the profile to use."""
    directory = ensure_profile_dir(resolve_profile_dir(explicit))
    return Profile(dir=directory, id=load_or_create_meta(directory).profile_id)
