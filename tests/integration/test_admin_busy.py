"""kontor-server beside a server busy writing: it waits its turn, and if the database
stays locked it says so in one sentence, without a traceback, having changed nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.integration.test_cli import SERVER_NAME, ok, refused

PASSWORD = "erstes Passwort 1"


def test_an_admin_command_beside_a_busy_database_waits_then_says_so_plainly(
        tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ok(None, "init", str(data_dir), "--server-name", SERVER_NAME)
    ok(None, "user", "add", str(data_dir), "ann", "--password-stdin", stdin=PASSWORD + "\n")
    busy = sqlite3.connect(data_dir / "kontor.db", isolation_level=None)
    busy.execute("BEGIN IMMEDIATE")  # a server in the middle of a long write
    quick = {"KONTOR_SERVER_BUSY_TIMEOUT_SECONDS": "0.2"}
    message = refused(None, "user", "disable", str(data_dir), "ann", env=quick)
    assert message == ("kontor-server: the database stayed busy (database is locked) "
                       "through 4 tries; nothing changed, try again.\n")
    busy.execute("ROLLBACK")
    busy.close()
    assert "disabled ann" in ok(None, "user", "disable", str(data_dir), "ann")
