"""A data directory to import into, the import as IT runs it, and what it left behind.

Shared by the CSV and LDAP import tests: `kontor-server init` and `user add` in this
process, kontor.toml extended with a [server.directory] table, and the imported
records read back by their HR keys.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from server_stub.cli import main as kontor_server
from server_stub.storage import records
from server_stub.storage import tables as t
from server_stub.storage.engine import make_sync_engine
from server_stub.storage.feed import max_seq
from sync import protocol as p

ACCOUNT_PASSWORD = "Ein Passwort 123"


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """kontor-server in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _stdin(stdin):
        code = kontor_server(list(args))
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def init_data_dir(path: Path, config: str, *usernames: str) -> Path:
    """A data directory with these accounts and `config` added to kontor.toml."""
    code, _, err = run("init", str(path), "--server-name", "directory.test")
    assert code == 0, err
    for username in usernames:
        code, _, err = run("user", "add", str(path), username, "--password-stdin",
                           stdin=ACCOUNT_PASSWORD + "\n")
        assert code == 0, err
    toml = path / "kontor.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + config, encoding="utf-8")
    return path


def imported(data_dir: Path, *args: str) -> dict[str, Any]:
    code, out, err = run("import", str(data_dir), *args, "--json")
    assert code == 0, err
    summary: dict[str, Any] = json.loads(out)
    return summary


class Db:
    """The server's database as the import left it."""

    def __init__(self, data_dir: Path) -> None:
        self.engine = make_sync_engine(f"sqlite:///{data_dir / 'kontor.db'}")

    def close(self) -> None:
        self.engine.dispose()

    def head(self) -> int:
        with self.engine.connect() as conn:
            return max_seq(conn)

    def keys(self) -> dict[tuple[str, str], str]:
        with self.engine.connect() as conn:
            return {(r.kind, r.key): r.record_id for r in conn.execute(sa.select(t.import_key))}

    def person(self, key: str) -> p.Person:
        with self.engine.connect() as conn:
            found = records.get_record(conn, "person", self.keys()[("person", key)])
        assert isinstance(found, p.Person)
        return found

    def position(self, key: str) -> p.Position:
        with self.engine.connect() as conn:
            found = records.get_record(conn, "position", self.keys()[("position", key)])
        assert isinstance(found, p.Position)
        return found

    def unit(self, key: str) -> p.OrgUnit:
        with self.engine.connect() as conn:
            found = records.get_record(conn, "org_unit", self.keys()[("org_unit", key)])
        assert isinstance(found, p.OrgUnit)
        return found

    def manager_key(self, key: str) -> str | None:
        """The HR key of the person's manager, as the import derived it."""
        manager = self.person(key).manager_id
        keys = {record_id: k for (kind, k), record_id in self.keys().items()
                if kind == "person"}
        return None if manager is None else keys[manager]

    def account(self, username: str) -> tuple[str | None, bool]:
        """(linked person id, disabled) of an account."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.account.c.person_id, t.account.c.disabled)
                               .where(t.account.c.username == username)).one()
        return row.person_id, bool(row.disabled)
