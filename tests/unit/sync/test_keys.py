"""The cache key: keyring first, passphrase fallback, and no silent replacement."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.errors
import pytest

from sync.cache.db import Cache
from sync.keys import (
    ENV_PASSPHRASE,
    SERVICE,
    KeyBackendChanged,
    KeyMissing,
    KeyringFailed,
    KeyStore,
    PassphraseRequired,
    WrongPassphrase,
    backend_name_of,
    keyring_usable,
)
from sync.profile import load_or_create_meta, read_meta


class FakeKeyring(keyring.backend.KeyringBackend):
    """In-memory keyring; `broken` makes every call fail like a locked keychain."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise keyring.errors.KeyringError("keychain is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


@pytest.fixture(autouse=True)
def _restore_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_PASSPHRASE, raising=False)
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def fake() -> FakeKeyring:
    backend = FakeKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())


@pytest.fixture
def profile_id(tmp_path: Path) -> str:
    return load_or_create_meta(tmp_path).profile_id


def _disk_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in directory.rglob("*") if p.is_file())


def _never_on_disk(directory: Path, key: bytes) -> None:
    data = _disk_bytes(directory)
    assert key not in data
    assert key.hex().encode() not in data
    assert key.hex().upper().encode() not in data


class TestWithKeyring:
    def test_key_is_created_once_and_kept_in_the_keyring(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        store = KeyStore(tmp_path, profile_id)
        assert store.get() is None
        key = store.get_or_create()
        assert len(key) == 32
        assert fake.secrets == {(SERVICE, profile_id): key.hex()}
        assert KeyStore(tmp_path, profile_id).get_or_create() == key
        assert store.get() == key
        meta = json.loads((tmp_path / "profile.json").read_text())
        assert meta["keyring_backend"] == backend_name_of(fake)
        assert meta["keyring_backend"].endswith("FakeKeyring")
        assert meta["key_source"] == "keyring"
        _never_on_disk(tmp_path, key)

    def test_the_key_opens_a_cache(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        key = KeyStore(tmp_path, profile_id).get_or_create()
        Cache.open(tmp_path / "cache.db", key).close()
        again = KeyStore(tmp_path, profile_id).get_or_create()
        Cache.open(tmp_path / "cache.db", again).close()
        _never_on_disk(tmp_path, key)

    def test_changed_backend_is_reported_not_replaced(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        key = KeyStore(tmp_path, profile_id).get_or_create()
        before = (tmp_path / "profile.json").read_bytes()
        keyring.set_keyring(keyring.backends.fail.Keyring())
        store = KeyStore(tmp_path, profile_id, passphrase=lambda: "would make a new key")
        with pytest.raises(KeyBackendChanged,
                           match=r"this session uses keyring\.backends\.fail\.Keyring") as info:
            store.get_or_create()
        assert info.value.recorded.endswith("FakeKeyring")
        assert info.value.current == "keyring.backends.fail.Keyring"
        assert "FakeKeyring" in info.value.user_message
        assert (tmp_path / "profile.json").read_bytes() == before
        keyring.set_keyring(fake)  # switching back keeps the cache
        assert KeyStore(tmp_path, profile_id).get_or_create() == key

    def test_key_gone_from_the_keyring_is_reported(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        old = KeyStore(tmp_path, profile_id).get_or_create()
        fake.secrets.clear()
        store = KeyStore(tmp_path, profile_id)  # the next start of the app
        assert store.get() is None
        with pytest.raises(KeyMissing, match="no longer in"):
            store.get_or_create()
        new = store.reset()  # only an explicit reset makes another key
        assert new != old and KeyStore(tmp_path, profile_id).get_or_create() == new

    def test_failing_keyring_on_read_is_an_error_not_a_fallback(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        KeyStore(tmp_path, profile_id).get_or_create()
        fake.broken = True
        with pytest.raises(KeyringFailed, match="keychain is locked"):
            KeyStore(tmp_path, profile_id, passphrase=lambda: "unused").get_or_create()

    def test_keyring_failing_at_creation_falls_back_to_a_passphrase(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        fake.broken = True
        key = KeyStore(tmp_path, profile_id, passphrase=lambda: "geheim genug").get_or_create()
        meta = read_meta(tmp_path)
        assert meta is not None and meta.key_source == "passphrase"
        fake.broken = False
        assert KeyStore(tmp_path, profile_id, passphrase=lambda: "geheim genug").get() == key

    def test_delete_forgets_the_key(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        store = KeyStore(tmp_path, profile_id)
        store.get_or_create()
        store.delete()
        assert fake.secrets == {}
        meta = read_meta(tmp_path)
        assert meta is not None and meta.profile_id == profile_id and meta.key_source is None
        assert store.get() is None
        store.delete()  # twice is fine

    def test_foreign_entry_under_our_name_is_not_used(
        self, tmp_path: Path, profile_id: str, fake: FakeKeyring
    ) -> None:
        KeyStore(tmp_path, profile_id).get_or_create()
        fake.secrets[(SERVICE, profile_id)] = "not a key"
        with pytest.raises(KeyringFailed, match="is not a Kontor cache key"):
            KeyStore(tmp_path, profile_id).get()


class TestPassphraseFallback:
    def test_fail_backend_and_empty_chainer_are_unusable(
        self, fake: FakeKeyring, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert not keyring_usable(keyring.backends.fail.Keyring())
        monkeypatch.setattr(keyring.backends.chainer.ChainerBackend, "backends", [])
        assert not keyring_usable(keyring.backends.chainer.ChainerBackend())
        assert keyring_usable(fake)

    def test_key_is_derived_with_a_stored_salt(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        key = KeyStore(tmp_path, profile_id, passphrase=lambda: "Kaffee und Kuchen").get_or_create()
        meta = json.loads((tmp_path / "profile.json").read_text())
        assert meta["key_source"] == "passphrase"
        assert meta["kdf"] == {"name": "scrypt", "n": 2**15, "r": 8, "p": 1}
        assert len(bytes.fromhex(meta["salt"])) == 16
        assert KeyStore(tmp_path, profile_id, passphrase=lambda: "Kaffee und Kuchen").get() == key
        _never_on_disk(tmp_path, key)

    def test_same_passphrase_other_profile_gives_another_key(
        self, tmp_path: Path, no_keyring: None
    ) -> None:
        keys = []
        for name in ("a", "b"):
            directory = tmp_path / name
            directory.mkdir()
            pid = load_or_create_meta(directory).profile_id
            keys.append(KeyStore(directory, pid, passphrase=lambda: "same").get_or_create())
        assert keys[0] != keys[1]

    def test_passphrase_is_asked_once_per_session(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        asked: list[int] = []

        def prompt() -> str:
            asked.append(1)
            return "einmal reicht"

        KeyStore(tmp_path, profile_id, passphrase=prompt).get_or_create()
        session = KeyStore(tmp_path, profile_id, passphrase=prompt)
        assert session.get_or_create() == session.get() == session.get()
        assert len(asked) == 2  # once to create, once for the later session

    def test_wrong_passphrase_is_told_apart(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        KeyStore(tmp_path, profile_id, passphrase=lambda: "richtig").get_or_create()
        with pytest.raises(WrongPassphrase, match="does not open your local cache"):
            KeyStore(tmp_path, profile_id, passphrase=lambda: "falsch").get_or_create()

    def test_passphrase_from_the_environment(
        self, tmp_path: Path, profile_id: str, no_keyring: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(ENV_PASSPHRASE, "aus der Umgebung")
        key = KeyStore(tmp_path, profile_id).get_or_create()
        monkeypatch.delenv(ENV_PASSPHRASE)
        assert KeyStore(tmp_path, profile_id, passphrase=lambda: "aus der Umgebung").get() == key

    def test_no_passphrase_at_all_says_what_to_do(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        with pytest.raises(PassphraseRequired, match=ENV_PASSPHRASE):
            KeyStore(tmp_path, profile_id).get_or_create()
        with pytest.raises(PassphraseRequired, match="No system keyring is available"):
            KeyStore(tmp_path, profile_id, passphrase=lambda: "").get_or_create()
        meta = read_meta(tmp_path)
        assert meta is not None and meta.key_source is None

    def test_umlauts_typed_composed_or_decomposed_agree(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        composed = unicodedata.normalize("NFC", "Grüße aus Köln")
        decomposed = unicodedata.normalize("NFD", composed)
        assert composed != decomposed
        key = KeyStore(tmp_path, profile_id, passphrase=lambda: composed).get_or_create()
        assert KeyStore(tmp_path, profile_id, passphrase=lambda: decomposed).get() == key

    def test_a_keyring_appearing_later_does_not_change_the_key(
        self, tmp_path: Path, profile_id: str, no_keyring: None
    ) -> None:
        key = KeyStore(tmp_path, profile_id, passphrase=lambda: "bleibt").get_or_create()
        keyring.set_keyring(FakeKeyring())
        assert KeyStore(tmp_path, profile_id, passphrase=lambda: "bleibt").get_or_create() == key
