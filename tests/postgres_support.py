"""A real PostgreSQL server for the tests, and fresh databases on it.

The machine's own server on 127.0.0.1:5432 (trust authentication, user `postgres`) when
it answers; otherwise a throwaway cluster started here from Debian's `postgresql`
package (initdb and pg_ctl in a temporary directory, on a free port), stopped and
removed at the end. KONTOR_TEST_POSTGRES=cluster asks for the throwaway cluster even
when a local server answers. There is no third way: without either the tests fail.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql

from tests.ports import free_port

LOCAL = "postgresql://postgres@127.0.0.1:5432"
PREFIX = "kontor_test_"


class Postgres:
    """One PostgreSQL server reached at base (a URL without a database name)."""

    def __init__(self, base: str, directory: Path | None = None) -> None:
        self.base = base
        self.directory = directory  # a throwaway cluster's files

    def url(self, database: str) -> str:
        return f"{self.base}/{database}"

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5)

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of template); returns its name."""
        name = PREFIX + secrets.token_hex(6)
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(statement)
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    @contextlib.contextmanager
    def database(self) -> Iterator[str]:
        """A fresh database's URL for the block, dropped afterwards."""
        name = self.create_database()
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)


def local_server_answers(base: str = LOCAL) -> bool:
    try:
        with psycopg.connect(f"{base}/postgres", connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def _bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (Debian keeps them off PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                   else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL is neither answering on 127.0.0.1:5432 nor installed "
                           "(scripts/setup.sh installs Debian's postgresql package)")
    return Path(initdb).parent


def _as_cluster_owner(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the package's postgres user."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Postgres]:
    """A new cluster in a temporary directory on a free loopback port, removed afterwards."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="kontor-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    port = free_port()

    def run(*argv: str) -> None:
        subprocess.run(_as_cluster_owner(list(argv)), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--no-sync")
        # a throwaway cluster need not survive a crash of the machine
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
            str(root / "server.log"), "-w", "start")
        try:
            yield Postgres(f"postgresql://postgres@127.0.0.1:{port}", root)
        finally:
            subprocess.run(_as_cluster_owner([
                str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """The local server when it answers (and is not declined), else a throwaway cluster."""
    if os.environ.get("KONTOR_TEST_POSTGRES") != "cluster" and local_server_answers():
        yield Postgres(LOCAL)
        return
    with throwaway_cluster() as server:
        yield server
