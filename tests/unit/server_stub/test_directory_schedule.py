"""When `serve` syncs the directory, and which [server.directory] settings it refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from server_stub.config import ConfigError, load_config
from server_stub.directory_import.schedule import seconds_until_next
from server_stub.directory_settings import DirectorySettings, LdapImportSettings

LDAP = LdapImportSettings(base_dn="ou=staff,dc=example,dc=test")


def test_a_daily_sync_runs_at_the_next_time_of_day() -> None:
    settings = DirectorySettings(ldap=LDAP, sync_source="ldap", sync_daily_at="02:30")
    before = dt.datetime(2026, 12, 3, 1, 0)
    assert seconds_until_next(settings, before) == 90 * 60
    after = dt.datetime(2026, 12, 3, 2, 30)  # just run: tomorrow's
    assert seconds_until_next(settings, after) == 24 * 3600


def test_an_interval_sync_waits_the_interval() -> None:
    settings = DirectorySettings(ldap=LDAP, sync_source="ldap", sync_interval_seconds=3600)
    assert seconds_until_next(settings, dt.datetime(2026, 12, 3, 23, 59)) == 3600


@pytest.mark.parametrize(("table", "message"), [
    ('sync_source = "ldap"\nsync_daily_at = "2:30"', "sync_daily_at must be HH:MM"),
    ('sync_source = "ldap"', "needs sync_interval_seconds or sync_daily_at"),
    ('sync_source = "csv"\nsync_daily_at = "02:30"', "needs sync_file"),
    ('sync_source = "ldap"\nsync_interval_seconds = 60', "needs \\[server.directory.ldap\\]"),
    ('sync_source = "ldap"\nsync_interval_seconds = 60\nsync_daily_at = "02:30"', "not both"),
])
def test_a_schedule_that_cannot_work_stops_at_the_configuration(
        tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "kontor.toml").write_text(f"[server]\n[server.directory]\n{table}\n")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)
