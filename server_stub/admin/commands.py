"""The operations commands of kontor-server (backup, restore, check), parsed and run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from server_stub.admin import check as checks
from server_stub.admin.backup import BackupError, backup
from server_stub.admin.restore import restore
from server_stub.config import ServerConfig, load_config


class ChecksFailed(BackupError):
    """`check` found problems: they are printed already; this is the summary line."""


def _config(args: argparse.Namespace) -> ServerConfig:
    data_dir = Path(args.data_dir)
    config = load_config(data_dir)
    if not config.database_url and not (data_dir / "kontor.db").exists():
        raise BackupError(f"{data_dir} is not a Kontor data directory (run kontor-server init).")
    return config


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size} bytes"


def cmd_backup(args: argparse.Namespace) -> None:
    result = backup(_config(args), Path(args.file))
    print(f"backed up to {result.path} ({_size(result.size)}, {result.seconds:.1f} s)")


def cmd_restore(args: argparse.Namespace) -> None:
    result = restore(_config(args), Path(args.file))
    if result.moved_aside is not None:
        print(f"the database before the restore is kept as {result.moved_aside}")
    print(f"restored {args.file} ({result.seconds:.1f} s); clients and peers sync again "
          "from the start when they next connect")


def cmd_check(args: argparse.Namespace) -> None:
    config = _config(args)
    problems = checks.check(config)
    for problem in problems:
        print(problem)
    if problems:
        raise ChecksFailed(f"{len(problems)} problem(s) in {config.data_path}")
    print(f"{config.data_path}: no problems found")


def add_commands(sub: Any) -> None:
    """Adds backup, restore and check to kontor-server's subcommands."""
    cmd = sub.add_parser("backup", help="copy the database while the server runs")
    cmd.add_argument("data_dir")
    cmd.add_argument("file", help="the backup file to create (must not exist)")
    cmd.set_defaults(func=cmd_backup)
    cmd = sub.add_parser("restore", help="put a backup in place (server stopped); "
                                         "clients sync again from the start")
    cmd.add_argument("data_dir")
    cmd.add_argument("file", help="a file made by kontor-server backup")
    cmd.set_defaults(func=cmd_restore)
    cmd = sub.add_parser("check", help="check the database, file modes, schema and peers")
    cmd.add_argument("data_dir")
    cmd.set_defaults(func=cmd_check)
