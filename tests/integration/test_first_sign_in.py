"""A first sign-in that cannot finish on this computer leaves no device on the server.

The server hands out a device token only once; if the computer cannot keep it (the
keyring is locked and no passphrase was given, the disk is full) the device would stay
active on the server with a token nobody holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from server_stub.demo.generator import DEMO_PASSWORD, DEMO_USER
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from sync.cache.errors import CacheDiskFullError
from sync.keys import PassphraseRequired
from sync.session import ProfileSession
from tests.fakes import RefusingKeyring
from tests.integration.sync_support import kontorctl


@pytest.fixture
def locked_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[RefusingKeyring]:
    monkeypatch.delenv("KONTOR_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    backend = RefusingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def active_devices(config: ServerConfig) -> int:
    engine = make_sync_engine(config.db_url)
    with engine.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(t.device.join(t.account))
            .where(t.account.c.username == DEMO_USER, t.device.c.revoked_at.is_(None))
        ).scalar_one()
    engine.dispose()
    return int(count)


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


async def test_a_locked_keyring_stops_the_sign_in_before_the_server_is_asked(
    live: TestServer, config: ServerConfig, tmp_path: Path, locked_keyring: RefusingKeyring
) -> None:
    before = active_devices(config)
    session = ProfileSession.open(tmp_path / "profile")
    with pytest.raises(PassphraseRequired, match="Enter a passphrase"):
        await session.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
    session.close()
    assert active_devices(config) == before


async def test_kontorctl_login_with_a_locked_keyring_leaves_no_device(
    live: TestServer, config: ServerConfig, tmp_path: Path
) -> None:
    before = active_devices(config)
    profile = tmp_path / "profile"
    code, _, err = await kontorctl(
        profile, "login", url(config), DEMO_USER, "--password-stdin",
        stdin=DEMO_PASSWORD + "\n",
        env_extra={"PYTHON_KEYRING_BACKEND": "tests.fakes.RefusingKeyring",
                   "KONTOR_PASSPHRASE": ""})
    assert code == 4, err
    assert "KONTOR_PASSPHRASE" in err
    assert active_devices(config) == before


async def test_a_sign_in_the_computer_cannot_keep_is_signed_out_again(
    live: TestServer, config: ServerConfig, tmp_path: Path, fake_keyring: object,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is there, but writing the account fails (the disk filled up between the
    two steps): the device the server just made is signed out again."""
    before = active_devices(config)
    session = ProfileSession.open(tmp_path / "profile")
    session.state()  # key and files exist

    def disk_full(*args: object, **kwargs: object) -> None:
        raise CacheDiskFullError("The disk is full, so the local cache could not be updated.")

    monkeypatch.setattr("sync.session.cache_state.store_account", disk_full)
    with pytest.raises(CacheDiskFullError, match="disk is full"):
        await session.login(url(config), DEMO_USER, DEMO_PASSWORD, "pytest")
    session.close()
    assert active_devices(config) == before
