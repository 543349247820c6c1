"""The server's log as IT reads it: JSON lines with a start, a stop and each migration,
one line per request, and never a password or a device token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig

from server_stub.admin.schema import head_revision
from server_stub.config import write_config_file
from server_stub.logs import program_version
from server_stub.storage.engine import MIGRATIONS, make_sync_engine
from tests.integration.test_cli import Outputs, ok, serving

PASSWORD = "Geheimnis im Log 42"
WRONG = "falsches Passwort 99"


def _lines(outputs: Outputs) -> list[dict[str, Any]]:
    stderr = outputs.texts[-1]
    return [json.loads(line) for line in stderr.splitlines()]


def test_json_log_has_start_stop_and_requests_but_no_secrets(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok(None, "init", str(data), "--server-name", "log.test")
    ok(None, "user", "add", str(data), "erika", "--password-stdin", stdin=PASSWORD + "\n")
    outputs = Outputs()
    with serving(data, outputs, "--log-format", "json") as server:
        status, body = server.login("erika", PASSWORD)
        assert status == 200
        token = body["token"]
        assert server.call("GET", "/api/v1/sync?since=&limit=5", token=token)[0] == 200
        assert server.login("erika", WRONG)[0] == 401
    lines = _lines(outputs)  # every line is JSON (json.loads would fail otherwise)
    start = next(line for line in lines if line.get("event") == "start")
    assert start["version"] == program_version() != "unknown"
    assert start["schema_revision"] == head_revision()
    assert start["data_dir"] == str(data)
    assert start["level"] == "info" and start["time"].endswith("+00:00")
    assert lines[-1]["event"] == "stop"
    requests = [(line["method"], line["path"], line["status"]) for line in lines
                if line["logger"] == "aiohttp.access"]
    assert requests == [("POST", "/api/v1/login", 200), ("GET", "/api/v1/sync", 200),
                        ("POST", "/api/v1/login", 401)]
    everything = "\n".join(outputs.texts)
    for secret in (PASSWORD, WRONG, token, "$argon2"):
        assert secret not in everything


def test_each_migration_is_a_line_of_its_own(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    write_config_file(data, "old.test")
    engine = make_sync_engine(f"sqlite:///{data / 'kontor.db'}")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    outputs = Outputs()
    (data / "kontor.toml").write_text('[server]\nserver_name = "old.test"\nlog_format = "json"\n')
    for made in data.iterdir():  # as an admin does for an older version's files
        made.chmod(0o600)
    with serving(data, outputs):
        pass
    lines = _lines(outputs)
    steps = [(line["from_revision"], line["to_revision"]) for line in lines
             if line.get("event") == "migration"]
    # One line per migration, from the old revision up to this version's head.
    assert steps[0] == ("0004", "0005") and steps[-1][1] == head_revision()
    assert all(a[1] == b[0] for a, b in zip(steps, steps[1:], strict=False))
    assert len(steps) == int(head_revision()) - 4
    backup = next(line for line in lines if "backup" in line)
    assert lines.index(backup) < lines.index(next(
        line for line in lines if line.get("event") == "migration"))
