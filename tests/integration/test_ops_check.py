"""kontor-server check, and the backup serve takes before it migrates the schema."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server_stub.admin.schema import head_revision
from server_stub.config import write_config_file
from server_stub.federation.keys import public_key_text
from server_stub.storage.engine import MIGRATIONS, make_sync_engine
from tests.integration.sync_support import free_port
from tests.integration.test_cli import Outputs, ok, refused, run, serving


def _revision(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("template") / "data"
    ok(None, "init", str(data), "--server-name", "check.test")
    for path in data.iterdir():  # init here leaves some files 0644; the check says so
        path.chmod(0o600)
    return data


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(template, copy)
    return copy


def test_check_passes_a_good_data_directory(data_dir: Path) -> None:
    assert ok(None, "check", str(data_dir)) == f"{data_dir}: no problems found\n"


def test_check_names_each_problem_on_its_own_line(data_dir: Path, tmp_path: Path) -> None:
    peer_key = public_key_text(Ed25519PrivateKey.generate())
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    ok(None, "peer", "add", str(data_dir), "hamburg.test", nobody, "--key", peer_key)
    (data_dir / "kontor.toml").chmod(0o644)
    conn = sqlite3.connect(data_dir / "kontor.db")
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    done = run(None, "check", str(data_dir))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines == [
        f"{data_dir / 'kontor.toml'} is open to group or others (mode 644); "
        f"run: chmod 600 {data_dir / 'kontor.toml'}",
        f"the schema is at revision 0005, not {head_revision()}; `kontor-server serve` "
        "migrates it (after a backup)",
        f"peer hamburg.test at {nobody} is not reachable: [Errno 111] Connection refused",
    ]
    assert done.stderr == f"kontor-server: 3 problem(s) in {data_dir}\n"


def test_check_finds_a_damaged_database(data_dir: Path) -> None:
    db = data_dir / "kontor.db"
    conn = sqlite3.connect(db)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'server_meta'"
                        ).fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:  # a table's page overwritten, as a bad disk would
        f.seek(size * (root - 1))
        f.write(b"\x0d\xff\xff\xff" * 64)
    done = run(None, "check", str(data_dir))
    assert done.returncode == 1
    assert f"{db} is damaged:" in done.stdout or f"{db} cannot be read:" in done.stdout
    assert done.stderr.startswith("kontor-server: ") and "Traceback" not in done.stderr


def test_serve_backs_up_before_it_migrates_and_only_then(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    write_config_file(data, "old.test")
    engine = make_sync_engine(f"sqlite:///{data / 'kontor.db'}")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # a database as the previous version left it
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    engine.dispose()
    for made in data.iterdir():  # private, as the previous version made them
        made.chmod(0o600)
    outputs = Outputs()
    with serving(data, outputs) as server:
        assert server.call("GET", "/healthz")[0] == 200
    saved = list((data / "backups").iterdir())
    assert len(saved) == 1 and saved[0].name.startswith(f"kontor-0005-before-{head_revision()}-")
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700
    assert _revision(saved[0]) == "0005"
    assert _revision(data / "kontor.db") == head_revision()
    with serving(data, outputs):
        pass
    assert len(list((data / "backups").iterdir())) == 1  # at head: no second copy


def test_check_refuses_a_directory_that_is_not_kontors(tmp_path: Path) -> None:
    message = refused(None, "check", str(tmp_path))
    assert message == (f"kontor-server: {tmp_path} is not a Kontor data directory "
                       "(run kontor-server init).\n")
