"""The data directory belongs to the server's user alone: 0700, every file in it 0600.

It holds every post, private note and password hash; `serve` refuses to start over one
that other users of the machine could read, and says which path and how to fix it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.integration.test_cli import SERVER_NAME, Outputs, ok, refused, serving

PASSWORD = "erstes Passwort 1"


def _modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for path in data_dir.rglob("*"):
        found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_init_and_serve_leave_only_private_files_whatever_the_umask(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)  # noqa: S103 - made by hand before init, as admins do
    previous = os.umask(0o022)  # the usual default, handed on to the subprocesses
    try:
        ok(None, "init", str(data_dir), "--server-name", SERVER_NAME)
        ok(None, "user", "add", str(data_dir), "ann", "--password-stdin",
           stdin=PASSWORD + "\n")
        outputs = Outputs()
        with serving(data_dir, outputs) as server:
            status, _ = server.login("ann", PASSWORD)  # a write: the WAL file exists now
            assert status == 200
            modes = _modes(data_dir)
    finally:
        os.umask(previous)
    assert {"kontor.db", "kontor.db-wal", "kontor.toml", "signing_key.pem"} <= set(modes)
    assert modes == {name: 0o700 if name == "." else 0o600 for name in modes}


def test_serve_refuses_a_directory_others_can_read(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    ok(None, "init", str(data_dir), "--server-name", SERVER_NAME)
    os.chmod(data_dir, 0o755)  # noqa: S103 - the open mode under test
    message = refused(None, "serve", str(data_dir), "--port", "0")
    assert f"the data directory {data_dir} is open to other users (mode 0755)" in message
    assert f"chmod 700 {data_dir}" in message
    os.chmod(data_dir, 0o700)
    os.chmod(data_dir / "kontor.db", 0o644)
    message = refused(None, "serve", str(data_dir), "--port", "0")
    assert f"{data_dir / 'kontor.db'} in the data directory is open to other users" in message
    assert f"chmod 600 {data_dir / 'kontor.db'}" in message
    os.chmod(data_dir / "kontor.db", 0o600)
    with serving(data_dir, Outputs()) as server:
        assert server.call("GET", "/healthz")[0] == 200

