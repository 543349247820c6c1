"""Profiles: where they live, their stable id, and a profile.json we never clobber."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sync.profile import (
    ENV_PROFILE,
    ProfileError,
    ProfileMeta,
    default_profiles_root,
    ensure_profile_dir,
    load_or_create_meta,
    open_profile,
    read_meta,
    resolve_profile_dir,
    write_meta,
)


class TestResolveProfileDir:
    def test_explicit_wins_over_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(ENV_PROFILE, str(tmp_path / "env"))
        assert resolve_profile_dir(tmp_path / "cli") == tmp_path / "cli"

    def test_environment_wins_over_default(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(ENV_PROFILE, str(tmp_path / "env"))
        assert resolve_profile_dir(None) == tmp_path / "env"

    def test_default_is_under_the_user_data_dir(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv(ENV_PROFILE, raising=False)
        resolved = resolve_profile_dir(None)
        assert resolved.parent == default_profiles_root()
        assert "kontor" in str(default_profiles_root()).lower()


class TestProfile:
    def test_directory_is_private(self, tmp_path: Path) -> None:
        loose = tmp_path / "loose"
        loose.mkdir(mode=0o755)
        loose.chmod(0o755)
        for directory in (tmp_path / "a" / "b", loose):
            ensure_profile_dir(directory)
            assert stat.S_IMODE(directory.stat().st_mode) == 0o700

    def test_profile_id_is_stable(self, tmp_path: Path) -> None:
        first = open_profile(tmp_path / "p")
        second = open_profile(tmp_path / "p")
        assert first.id == second.id and len(first.id) == 36
        assert first.cache_path == tmp_path / "p" / "cache.db"
        assert stat.S_IMODE((tmp_path / "p" / "profile.json").stat().st_mode) == 0o600

    def test_damaged_profile_json_is_an_error_and_kept(self, tmp_path: Path) -> None:
        (tmp_path / "profile.json").write_text("{not json")
        with pytest.raises(ProfileError, match="damaged"):
            load_or_create_meta(tmp_path)
        assert (tmp_path / "profile.json").read_text() == "{not json"

    def test_meta_round_trip(self, tmp_path: Path) -> None:
        meta = ProfileMeta(profile_id="x", key_source="keyring", keyring_backend="a.B")
        write_meta(tmp_path, meta)
        assert read_meta(tmp_path) == meta
        assert not (tmp_path / "profile.json.tmp").exists()
