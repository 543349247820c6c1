"""migrate-db --switch: kontor.toml names the PostgreSQL database, the old file stays."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from server_stub.admin.migrate_db import MigrateError, switch_config, target_url
from server_stub.config import load_config

BEFORE = '''[server]
server_name = "muenchen.example.com"
database_url = ""

[server.ldap]
url = "ldaps://ldap.example.com"
'''


def test_switch_puts_the_url_under_server_and_keeps_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "kontor.toml").write_text(BEFORE)
    url = sa.make_url('postgresql://kontor:ge"heim@db.example.com/kontor')
    kept = switch_config(tmp_path, url)
    assert kept.read_text() == BEFORE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "kontor.toml").stat().st_mode) == 0o600
    config = load_config(tmp_path, env={})
    # the URL as libpq reads it: the quote percent-encoded
    assert config.database_url == "postgresql://kontor:ge%22heim@db.example.com/kontor"
    assert config.server_name == "muenchen.example.com"
    assert config.ldap is not None and config.ldap.url == "ldaps://ldap.example.com"


@pytest.mark.parametrize(("url", "message"), [
    ("sqlite:////srv/kontor/kontor.db", "the target must be a PostgreSQL database"),
    ("postgresql://kontor@db.example.com", "the target URL names no database"),
    ("db.example.com/kontor", "is not a database URL"),
])
def test_a_target_that_is_not_a_postgresql_database_is_refused(url: str, message: str) -> None:
    with pytest.raises(MigrateError, match=message):
        target_url(url)
