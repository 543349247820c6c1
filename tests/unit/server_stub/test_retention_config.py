"""The retention settings in kontor.toml: checked at start, named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_stub.config import ConfigError, load_config


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "kontor.toml").write_text('[server]\nserver_name = "x"\n' + text,
                                          encoding="utf-8")
    return tmp_path


def test_rules_and_the_leaver_period_are_read(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, (
        "anonymise_leavers_after_days = 180\n"
        '[[server.retention]]\nspaces = ["Kantine", "*"]\nmax_age_days = 365\n')), env={})
    assert [(r.spaces, r.max_age_days) for r in config.retention] == [
        (["Kantine", "*"], 365)]
    assert config.anonymise_leavers_after_days == 180


def test_without_settings_nothing_is_removed(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, ""), env={})
    assert config.retention == [] and config.anonymise_leavers_after_days is None


@pytest.mark.parametrize(("rule", "named"), [
    ('spaces = ["Kantine"]\nmax_age_days = 0\n', "max_age_days"),
    ("spaces = []\nmax_age_days = 30\n", "spaces"),
    ('spaces = ["Kantine"]\n', "max_age_days"),
    ('spaces = ["Kantine"]\nmax_age_days = 30\nmax_age = 3\n', "max_age"),
])
def test_a_bad_rule_stops_the_start_and_is_named(tmp_path: Path, rule: str,
                                                 named: str) -> None:
    with pytest.raises(ConfigError, match=f"invalid setting: .*{named}"):
        load_config(_config(tmp_path, "[[server.retention]]\n" + rule), env={})
