"""Where the policy is found and how a file or the registry reads: real ini files in
tmp dirs, XDG_CONFIG_DIRS set per test, a fake registry for Group Policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.policy.errors import PolicyError
from sync.policy.model import Policy, load_policy
from sync.policy.sources import managed_ini_candidates
from tests.certificates import CertificateAuthority
from tests.fakes import FakeRegistry


def managed_ini(directory: Path, text: str | bytes) -> Path:
    """IT's file where an XDG config dir keeps it: DIR/kontor/managed.ini."""
    path = directory / "kontor" / "managed.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two config dirs searched in this order, as a desktop session sets them."""
    first, second = tmp_path / "site", tmp_path / "vendor"
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}:{second}")
    return first, second


class TestFindingTheFile:
    def test_the_first_config_dir_that_holds_one_wins(self, xdg: tuple[Path, Path]) -> None:
        first, second = xdg
        managed_ini(first, "[kontor]\nlanguage = de\n")
        managed_ini(second, "[kontor]\nlanguage = en\nnotifications = false\n")

        policy = load_policy()

        assert policy.managed_value("language") == "de"
        assert policy.managed_value("notifications") is None  # files are not merged
        assert policy.origins == (str(first / "kontor" / "managed.ini"),)

    def test_a_dir_without_the_file_is_passed_over(self, xdg: tuple[Path, Path]) -> None:
        _, second = xdg
        managed_ini(second, "[kontor]\nlanguage = en\n")
        assert load_policy().managed_value("language") == "en"

    def test_without_xdg_config_dirs_it_is_etc_xdg(self, monkeypatch: pytest.MonkeyPatch,
                                                   ) -> None:
        monkeypatch.delenv("XDG_CONFIG_DIRS")
        assert managed_ini_candidates() == [Path("/etc/xdg/kontor/managed.ini")]
        monkeypatch.setenv("XDG_CONFIG_DIRS", "")
        assert managed_ini_candidates() == [Path("/etc/xdg/kontor/managed.ini")]

    def test_relative_entries_are_ignored_as_the_xdg_spec_says(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        managed_ini(tmp_path / "relative", "[kontor]\nlanguage = de\n")
        monkeypatch.setenv("XDG_CONFIG_DIRS", "relative")
        assert managed_ini_candidates() == [Path("/etc/xdg/kontor/managed.ini")]

    def test_kontor_managed_config_names_the_file_instead(
            self, xdg: tuple[Path, Path], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        managed_ini(xdg[0], "[kontor]\nlanguage = de\n")
        chosen = tmp_path / "trial.ini"
        chosen.write_text("[kontor]\nlanguage = en\n", encoding="utf-8")
        monkeypatch.setenv("KONTOR_MANAGED_CONFIG", str(chosen))
        assert load_policy().managed_value("language") == "en"

    def test_no_file_anywhere_means_nothing_is_managed(self, xdg: tuple[Path, Path]) -> None:
        policy = load_policy()
        assert policy == Policy()
        assert not policy.managed


class TestReadingAFile:
    def test_comments_byte_order_mark_and_blank_values(self, xdg: tuple[Path, Path]) -> None:
        managed_ini(xdg[0], "\ufeff; IT, ticket 4711\n[kontor]\n"
                            "server_url = https://kontor.example.com   ; the head office\n"
                            "server_url_locked = TRUE\n"
                            "proxy_url =\n"
                            "# nothing else\n")
        policy = load_policy()
        assert policy.managed_value("server_url") == "https://kontor.example.com"
        assert policy.is_locked("server_url")
        assert policy.proxy_url is None  # `key =` sets nothing

    @pytest.mark.parametrize("written", [
        "allowed_servers = https://kontor.muenchen.example.com, *.hamburg.example.com\n",
        "allowed_servers =\n    https://kontor.muenchen.example.com\n"
        "    *.hamburg.example.com\n",
    ], ids=["commas", "one a line"])
    def test_a_list_is_written_with_commas_or_one_entry_a_line(
            self, xdg: tuple[Path, Path], written: str) -> None:
        managed_ini(xdg[0], "[kontor]\n" + written)
        assert load_policy().managed_value("allowed_servers") == (
            "https://kontor.muenchen.example.com", "*.hamburg.example.com")

    def test_every_kind_of_value(self, xdg: tuple[Path, Path], tmp_path: Path) -> None:
        bundle = CertificateAuthority.create().write_bundle(tmp_path / "company-ca.pem")
        managed_ini(xdg[0], f"[kontor]\nupdate_channel_url = https://it.example.com/kontor\n"
                            f"require_os_keyring = yes\nproxy_url = http://proxy:3128\n"
                            f"ca_bundle = {bundle}\nstart_minimised = 0\n")
        policy = load_policy()
        assert policy.update_channel_url == "https://it.example.com/kontor"
        assert policy.require_os_keyring is True
        assert policy.proxy_url == "http://proxy:3128"
        assert policy.ca_bundle == bundle
        assert policy.managed_value("start_minimised") is False


BROKEN = {
    "no section": ("server_url = https://kontor.example.com\n",
                   "line 1: settings must follow a [kontor] line"),
    "set twice": ("[kontor]\nlanguage = de\nlanguage = en\n", "line 3: language is set twice"),
    "not key = value": ("[kontor]\nlanguage = de\nthis is not a setting\n",
                        "line 3: not a 'key = value' line"),
    "misspelt lock": ("[kontor]\nserver_url = https://k.example.com\nserver_url_lock = true\n",
                      "unknown setting 'server_url_lock'"),
    "other section": ("[kontor]\nlanguage = de\n[Kontor Desktop]\nlanguage = en\n",
                      "unknown section [Kontor Desktop]"),
    "no kontor section": ("[general]\n", "unknown section [general]"),
    "not a boolean": ("[kontor]\nnotifications = maybe\n",
                      "notifications: 'maybe' is neither true nor false"),
    "unknown language": ("[kontor]\nlanguage = fr\n", "'fr' is not one of system, de, en"),
    "not a server": ("[kontor]\nserver_url = ftp://files.example.com\n",
                     "server_url: 'ftp://files.example.com' is not a server address"),
    "lock without value": ("[kontor]\nlanguage_locked = true\n",
                           "language_locked is set, but language is not"),
    "not a proxy": ("[kontor]\nproxy_url = proxy.example.com:3128\n",
                    "'proxy.example.com:3128' is not a proxy address"),
    "bad allowed entry": ("[kontor]\nallowed_servers = https://a.example.com, kontor example\n",
                          "'kontor example' is neither a server address"),
    "lock of a machine rule": ("[kontor]\nproxy_url = http://p:3128\nproxy_url_locked = true\n",
                               "unknown setting 'proxy_url_locked'"),
}


class TestABrokenFileIsAnError:
    @pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
    def test_it_names_the_file_and_what_is_wrong(self, xdg: tuple[Path, Path],
                                                 case: str) -> None:
        text, expected = BROKEN[case]
        path = managed_ini(xdg[0], text)
        with pytest.raises(PolicyError, match="managed.ini") as caught:
            load_policy()
        assert str(path) in caught.value.detail
        assert expected in caught.value.detail
        assert "\n" not in caught.value.user_message  # one line for kontorctl

    def test_a_file_that_cannot_be_read(self, xdg: tuple[Path, Path]) -> None:
        path = xdg[0] / "kontor" / "managed.ini"
        path.mkdir(parents=True)  # the tests run as root: a mode would not stop a read
        with pytest.raises(PolicyError, match=r"managed.ini cannot be read \(Is a directory\)"):
            load_policy()

    def test_a_file_that_is_not_utf8(self, xdg: tuple[Path, Path]) -> None:
        managed_ini(xdg[0], "[kontor]\n; Zuständig: IT\nlanguage = de\n".encode("latin-1"))
        with pytest.raises(PolicyError, match=r"is not UTF-8 text \(byte 15\)"):
            load_policy()

    def test_a_broken_first_file_is_not_passed_over_for_the_next(
            self, xdg: tuple[Path, Path]) -> None:
        managed_ini(xdg[0], "[kontor]\nlanguage = fr\n")
        managed_ini(xdg[1], "[kontor]\nlanguage = de\n")
        with pytest.raises(PolicyError, match="'fr' is not one of"):
            load_policy()

    @pytest.mark.parametrize(("content", "expected"), [
        (None, "does not exist"),
        (b"this is not a certificate\n", "holds no PEM certificates"),
    ], ids=["missing", "not PEM"])
    def test_a_ca_bundle_that_cannot_be_used(self, xdg: tuple[Path, Path], tmp_path: Path,
                                             content: bytes | None, expected: str) -> None:
        bundle = tmp_path / "ca.pem"
        if content is not None:
            bundle.write_bytes(content)
        managed_ini(xdg[0], f"[kontor]\nca_bundle = {bundle}\n")
        with pytest.raises(PolicyError, match=f"ca_bundle {bundle} {expected}"):
            load_policy()


GROUP_POLICY: dict[str, dict[str, object]] = {
    "": {"server_url": "https://kontor.muenchen.example.com", "server_url_locked": 1,
         "language": "de", "language_locked": 0, "require_os_keyring": 1,
         "ca_bundle": ""},
    "allowed_servers": {"2": "https://kontor.hamburg.example.com",
                        "10": "*.wien.example.com",
                        "1": "https://kontor.muenchen.example.com"},
}


class TestGroupPolicy:
    def test_values_locks_and_the_list_key_read_as_the_admx_writes_them(
            self, xdg: tuple[Path, Path]) -> None:
        policy = load_policy(FakeRegistry(GROUP_POLICY))
        assert policy.managed_value("server_url") == "https://kontor.muenchen.example.com"
        assert policy.is_locked("server_url") and not policy.is_locked("language")
        assert policy.require_os_keyring
        assert policy.managed_value("allowed_servers") == (
            "https://kontor.muenchen.example.com", "https://kontor.hamburg.example.com",
            "*.wien.example.com")
        assert policy.origins == ("HKLM\\Software\\Policies\\Kontor",)

    def test_group_policy_wins_over_the_file_value_by_value(
            self, xdg: tuple[Path, Path]) -> None:
        managed_ini(xdg[0], "[kontor]\nlanguage = en\nnotifications = false\n")
        policy = load_policy(FakeRegistry({"": {"language": "de"}}))
        assert policy.managed_value("language") == "de"
        assert policy.managed_value("notifications") is False
        assert len(policy.origins) == 2

    def test_no_policy_key_means_nothing_from_the_registry(
            self, xdg: tuple[Path, Path]) -> None:
        assert load_policy(FakeRegistry({})) == Policy()

    @pytest.mark.parametrize(("values", "expected"), [
        ({"server_url_lock": 1}, r"Kontor: unknown setting 'server_url_lock'"),
        ({"require_os_keyring": 2}, r"require_os_keyring: 2 is neither true nor false"),
        ({"proxy_url": b"\x00\x01"}, r"a value of this type means nothing to Kontor"),
    ], ids=["unknown name", "DWORD not 0 or 1", "binary"])
    def test_what_group_policy_cannot_mean_is_an_error(
            self, xdg: tuple[Path, Path], values: dict[str, object], expected: str) -> None:
        with pytest.raises(PolicyError, match=expected):
            load_policy(FakeRegistry({"": values}))
