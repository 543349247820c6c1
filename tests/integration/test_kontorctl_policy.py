"""kontorctl under IT's policy, as a user runs it: a subprocess, a real server on
loopback, IT's managed.ini where XDG_CONFIG_DIRS finds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from server_stub.config import ServerConfig
from tests.integration.sync_support import kontorctl, kontorctl_env, login

MUENCHEN = "https://kontor.muenchen.example.com"


def it_writes(etc_xdg: Path, text: str) -> Path:
    """IT's file in the first config dir, where the session's search finds it."""
    path = etc_xdg / "kontor" / "managed.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def etc_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config dirs of the user's session (kontorctl inherits them), IT's first."""
    ours = tmp_path / "etc-xdg"
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{ours}:{tmp_path / 'usr-share'}")
    return ours


def url(config: ServerConfig) -> str:
    return f"http://127.0.0.1:{config.port}"


@pytest.fixture
async def signed_in(live: TestServer, config: ServerConfig, tmp_path: Path) -> Path:
    """A profile signed in and synced before IT rolled its policy out."""
    profile = tmp_path / "p"
    code, _, err = await login(profile, url(config))
    assert code == 0, err
    code, _, err = await kontorctl(profile, "sync", "-q")
    assert code == 0, err
    return profile


class TestABrokenPolicy:
    @pytest.mark.parametrize("command", [("status",), ("people",), ("sync",)])
    async def test_stops_every_command_with_one_line(
            self, etc_xdg: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
        path = it_writes(etc_xdg, "[kontor]\nserver_url = https://kontor.example.com\n"
                                  "server_url_lock = true\n")
        code, out, err = await kontorctl(tmp_path / "p", *command)
        assert (code, out) == (1, "")
        assert err == (
            f"kontorctl: The settings your IT department manages cannot be used: {path}: "
            "unknown setting 'server_url_lock' (known: allowed_servers, ca_bundle, "
            "language, language_locked, notifications, notifications_locked, proxy_url, "
            "require_os_keyring, server_url, server_url_locked, start_minimised, "
            "start_minimised_locked, update_channel_url). Kontor does not run without "
            "them; please tell your IT department.\n")


class TestALockedServer:
    async def test_refuses_signing_in_anywhere_else(
            self, live: TestServer, config: ServerConfig, etc_xdg: Path,
            tmp_path: Path) -> None:
        it_writes(etc_xdg, f"[kontor]\nserver_url = {MUENCHEN}\nserver_url_locked = true\n")
        code, _, err = await login(tmp_path / "p", url(config))
        assert code == 1
        assert err == (f"kontorctl: Your IT department has set Kontor to use {MUENCHEN} "
                       f"only, not {url(config)}.\n")

    async def test_refuses_a_profile_signed_in_elsewhere_before(
            self, signed_in: Path, config: ServerConfig, etc_xdg: Path) -> None:
        it_writes(etc_xdg, f"[kontor]\nserver_url = {MUENCHEN}\nserver_url_locked = true\n")
        for command in (("sync",), ("people", "Müller"), ("post", "Allgemein", "Hallo")):
            code, out, err = await kontorctl(signed_in, *command)
            assert (code, out) == (1, ""), command
            assert err == (
                f"kontorctl: this profile uses {url(config)}. Your IT department has set "
                f"Kontor to use {MUENCHEN} only, not {url(config)}. Sign in to another "
                "server (kontorctl login URL USERNAME) or sign out (kontorctl logout).\n")
        code, out, _ = await kontorctl(signed_in, "outbox", "--json")
        assert code == 1 and out == ""  # nothing was queued either

    async def test_signing_out_of_it_still_works_here(
            self, live: TestServer, signed_in: Path, etc_xdg: Path) -> None:
        it_writes(etc_xdg, f"[kontor]\nserver_url = {MUENCHEN}\nserver_url_locked = true\n")
        code, out, err = await kontorctl(signed_in, "logout")
        assert code == 0, err
        code, out, _ = await kontorctl(signed_in, "status", "--json")
        assert json.loads(out)["signed_in"] is False


class TestAllowedServers:
    async def test_a_server_not_on_the_list_is_refused_before_signing_in(
            self, live: TestServer, config: ServerConfig, etc_xdg: Path,
            tmp_path: Path) -> None:
        it_writes(etc_xdg, f"[kontor]\nallowed_servers = {MUENCHEN}, *.hamburg.example.com\n")
        code, _, err = await login(tmp_path / "p", url(config))
        assert code == 1
        assert err == (f"kontorctl: Your IT department does not allow Kontor to use "
                       f"{url(config)}; allowed: {MUENCHEN}, *.hamburg.example.com.\n")
        code, out, _ = await kontorctl(tmp_path / "p", "status", "--json")
        assert json.loads(out)["server"] == ""

    async def test_a_server_on_the_list_is_used_as_before(
            self, live: TestServer, config: ServerConfig, etc_xdg: Path,
            tmp_path: Path) -> None:
        it_writes(etc_xdg, f"[kontor]\nallowed_servers = {MUENCHEN}, 127.0.0.1\n")
        code, _, err = await login(tmp_path / "p", url(config))
        assert code == 0, err
        code, out, err = await kontorctl(tmp_path / "p", "sync", "-q")
        assert code == 0, err


class TestRequireOsKeyring:
    async def test_no_passphrase_even_when_one_is_given(
            self, live: TestServer, config: ServerConfig, etc_xdg: Path,
            tmp_path: Path) -> None:
        it_writes(etc_xdg, "[kontor]\nrequire_os_keyring = true\n")
        profile = tmp_path / "p"
        assert kontorctl_env(profile)["PYTHON_KEYRING_BACKEND"].endswith("fail.Keyring")
        code, _, err = await login(profile, url(config))  # KONTOR_PASSPHRASE is set
        assert code == 4
        assert err.startswith("kontorctl: Your IT department requires the system keyring "
                              "for Kontor's local data, and none is usable here "
                              "(keyring.backends.fail.Keyring).")
        assert not (profile / "cache.db").exists()

    async def test_a_profile_protected_by_a_passphrase_is_refused(
            self, signed_in: Path, etc_xdg: Path) -> None:
        it_writes(etc_xdg, "[kontor]\nrequire_os_keyring = true\n")
        code, _, err = await kontorctl(signed_in, "people")
        assert code == 4
        assert err.strip() == (
            "kontorctl: Your IT department requires the system keyring for Kontor's local "
            "data, but this profile's data is protected by a passphrase. To start afresh, "
            f"remove the profile folder {signed_in}: Kontor then downloads the data again "
            "(posts not sent yet are lost).")


class TestShowingThePolicy:
    async def test_it_checks_its_file_without_a_profile(self, etc_xdg: Path,
                                                         tmp_path: Path) -> None:
        path = it_writes(etc_xdg, f"[kontor]\nserver_url = {MUENCHEN}\nserver_url_locked = 1\n"
                                  "language = de\nallowed_servers = 127.0.0.1, *.example.com\n"
                                  "require_os_keyring = true\n")
        code, out, err = await kontorctl(tmp_path / "p", "policy")
        assert code == 0, err
        assert out.splitlines() == [
            f"managed by {path}",
            f"server_url           {MUENCHEN}  (locked)",
            "language             de  (default: the user may change it)",
            "allowed_servers      127.0.0.1, *.example.com",
            "require_os_keyring   true",
        ]
        assert not (tmp_path / "p").exists()  # no profile, no key, no keyring asked
        code, out, _ = await kontorctl(tmp_path / "p", "policy", "--json")
        assert json.loads(out) == {
            "sources": [str(path)], "locked": ["server_url"],
            "settings": {"server_url": MUENCHEN, "language": "de",
                         "allowed_servers": ["127.0.0.1", "*.example.com"],
                         "require_os_keyring": True}}

    async def test_without_a_policy_it_says_where_it_looked(self, etc_xdg: Path,
                                                            tmp_path: Path) -> None:
        code, out, _ = await kontorctl(tmp_path / "p", "policy")
        assert code == 0
        assert out == (f"no managed settings (looked for {etc_xdg}/kontor/managed.ini, "
                       f"{tmp_path}/usr-share/kontor/managed.ini)\n")
