"""The job lease settings in kontor.toml: checked at start, named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_stub.config import ConfigError, load_config


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "kontor.toml").write_text('[server]\nserver_name = "x"\n' + text,
                                          encoding="utf-8")
    return tmp_path


def test_the_defaults_renew_three_times_per_lease(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, ""), env={})
    assert (config.leader_lease_seconds, config.leader_renew_seconds) == (30.0, 10.0)


def test_a_shorter_lease_is_read(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, "leader_lease_seconds = 6\n"
                                           "leader_renew_seconds = 2\n"), env={})
    assert (config.leader_lease_seconds, config.leader_renew_seconds) == (6.0, 2.0)


@pytest.mark.parametrize("text", ["leader_lease_seconds = 10\n",
                                  "leader_lease_seconds = 5\nleader_renew_seconds = 8\n"])
def test_renewing_no_sooner_than_the_lease_runs_out_stops_the_start(
        tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError, match="leader_renew_seconds must be less than "
                                          "leader_lease_seconds"):
        load_config(_config(tmp_path, text), env={})


def test_a_lease_of_nothing_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid setting: .*leader_lease_seconds"):
        load_config(_config(tmp_path, "leader_lease_seconds = 0\n"), env={})
