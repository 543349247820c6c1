"""The operations commands of kontor-server (backup, restore, check, migrate-db), parsed
and run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from server_stub.admin import check as checks
from server_stub.admin.backup import BackupError, backup
from server_stub.admin.migrate_db import MigrateResult, migrate_db
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


def cmd_migrate_db(args: argparse.Namespace) -> None:
    config = _config(args)
    result = migrate_db(config, args.url, switch=args.switch)
    print(_migrated_text(config, result))


def _migrated_text(config: ServerConfig, result: MigrateResult) -> str:
    rows = sum(result.rows.values())
    feed = result.sequences.get("change")
    lines = [
        f"copied {len(result.rows)} tables, {rows} rows from {result.source} to "
        f"{result.target} in {result.copy_seconds:.1f} s; row counts and checksums match "
        f"(checked in {result.verify_seconds:.1f} s)",
        f"the feed keeps its epoch {result.epoch}"
        + (f" and goes on after number {feed}" if feed else "")
        + ": clients and peers continue where they are, without syncing again",
    ]
    toml = config.data_path / "kontor.toml"
    if result.config_kept is not None:
        lines += [
            f"{toml} now names the PostgreSQL database; the file before is kept as "
            f"{result.config_kept}. {result.source} is unchanged.",
            "start the server: kontor-server serve " + str(config.data_path),
        ]
    else:
        hidden = ":***@" in result.config_line
        lines += [
            f"to serve from PostgreSQL, add this line under [server] in {toml}"
            + (" (with the password in place of ***)" if hidden else "") + ", then start "
            "the server:",
            f"    {result.config_line}",
            f"{result.source} is unchanged; the site keeps serving from it until that line "
            "is there.",
        ]
    lines.append(f"to go back: remove the database_url line again. {result.source} does not "
                 "have what is written on PostgreSQL after the move (docs/admin.md, "
                 "\"Moving to PostgreSQL\").")
    return "\n".join(lines)


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
    cmd = sub.add_parser("migrate-db", help="move the SQLite database into an empty "
                                            "PostgreSQL database (server stopped)")
    cmd.add_argument("data_dir")
    cmd.add_argument("url", help="the empty target, postgresql://user@host/database")
    cmd.add_argument("--switch", action="store_true",
                     help="also set database_url in kontor.toml (the old file is kept)")
    cmd.set_defaults(func=cmd_migrate_db)
