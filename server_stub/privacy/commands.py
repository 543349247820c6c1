"""kontor-server retention, people, export-person and erase-person (docs/privacy.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from server_stub.admin.backup import BackupError
from server_stub.config import ServerConfig, load_config
from server_stub.data_dir import write_private_text
from server_stub.privacy.anonymise import anonymise_person, is_anonymised
from server_stub.privacy.erase import erase_person
from server_stub.privacy.export import export_person
from server_stub.privacy.leavers import anonymise_due, set_left_at
from server_stub.privacy.people import PersonNotFound, find_person
from server_stub.privacy.retention import run_retention
from server_stub.services import audit
from server_stub.services.auth import Caller
from server_stub.services.context import WriteContext
from server_stub.storage.engine import admin_write, make_sync_engine, migrate
from sync import protocol as p

T = TypeVar("T")
CLI_CALLER = Caller(account_id="", username="cli", person_id=None, device_id="", is_admin=True)


class PrivacyError(BackupError):
    """A problem the admin can fix: printed without a traceback, exit code 1."""


def _config(args: argparse.Namespace) -> ServerConfig:
    data_dir = Path(args.data_dir)
    config = load_config(data_dir)
    if not config.database_url and not (data_dir / "kontor.db").exists():
        raise PrivacyError(f"{data_dir} is not a Kontor data directory (run kontor-server init).")
    engine = make_sync_engine(config.db_url)
    try:
        migrate(engine)  # an older data directory gets the person_leaving table
    finally:
        engine.dispose()
    return config


class _DryRun(Exception):
    pass


@contextmanager
def _write(config: ServerConfig) -> Iterator[sa.Connection]:
    engine = make_sync_engine(config.db_url, round(config.busy_timeout_seconds * 1000))
    try:
        with admin_write(engine, first_pause=min(1.0, config.busy_timeout_seconds)) as conn:
            yield conn
    finally:
        engine.dispose()


def _run(config: ServerConfig, work: Callable[[WriteContext], T], dry_run: bool = False) -> T:
    """work in one admin transaction as `cli`; a dry run does all of it and rolls back."""
    result: list[T] = []
    try:
        with _write(config) as conn:
            result.append(work(WriteContext(conn, CLI_CALLER, p.now_ms(), config.server_name)))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result[0]


def _person(ctx: WriteContext, name: str) -> p.Person:
    try:
        person = find_person(ctx.conn, name)
    except PersonNotFound as exc:
        raise PrivacyError(str(exc)) from None
    if person.origin != ctx.server_name:
        raise PrivacyError(f"this person belongs to {person.origin}; run this there.")
    return person


def _print(summary: dict[str, Any], as_json: bool, dry_run: bool = False) -> None:
    if as_json:
        print(json.dumps({**summary, "dry_run": dry_run}, indent=2))
        return
    words = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in summary.items()
                      if v not in (0, [], None))
    print(("dry run, nothing changed: " if dry_run else "") + (words or "nothing to do"))


def cmd_retention(args: argparse.Namespace) -> None:
    config = _config(args)

    def work(ctx: WriteContext) -> dict[str, Any]:
        anonymised, _ = anonymise_due(ctx, config.anonymise_leavers_after_days)
        result = run_retention(ctx, config.retention)
        return {**result.summary(), "people_anonymised": anonymised}

    summary = _run(config, work, args.dry_run)
    if not config.retention and config.anonymise_leavers_after_days is None:
        print("no retention rules and no anonymise_leavers_after_days in kontor.toml: "
              "nothing is removed (docs/privacy.md)", file=sys.stderr)
    _print(summary, args.json, args.dry_run)


def cmd_people(args: argparse.Namespace) -> None:
    config = _config(args)
    if args.action == "left":
        day = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
        at = int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp() * 1000)

        def left(ctx: WriteContext) -> str:
            person = _person(ctx, args.person)
            if person.status != "left":
                raise PrivacyError("this person is not marked as left (the directory import "
                                   "marks leavers; see docs/admin.md)")
            set_left_at(ctx.conn, person.id, at)
            return person.id

        print(f"{_run(config, left)} left on {day.isoformat()}")
        return
    if args.due:
        days = config.anonymise_leavers_after_days
        if days is None:
            raise PrivacyError("anonymise_leavers_after_days is not set in kontor.toml")
        count, _ = _run(config, lambda ctx: anonymise_due(ctx, days), args.dry_run)
        _print({"people_anonymised": count}, args.json, args.dry_run)
        return
    if not args.person:
        raise PrivacyError("name a person, or give --due")

    def one(ctx: WriteContext) -> dict[str, Any]:
        person = _person(ctx, args.person)
        if is_anonymised(person):
            raise PrivacyError("this person is anonymised already")
        if person.status != "left":
            raise PrivacyError("only a person marked as left is anonymised; for someone "
                               "still here use erase-person")
        return anonymise_person(ctx, person, "person.anonymise").counts()

    _print(_run(config, one, args.dry_run), args.json, args.dry_run)


def cmd_export(args: argparse.Namespace) -> None:
    config = _config(args)
    out = Path(args.out)
    if out.exists():
        raise PrivacyError(f"{out} exists; the export never overwrites a file")
    engine = make_sync_engine(config.db_url)
    try:
        with engine.connect() as conn:
            try:
                person = find_person(conn, args.person)
            except PersonNotFound as exc:
                raise PrivacyError(str(exc)) from None
            data = export_person(conn, person, config.server_name, p.now_ms())
    finally:
        engine.dispose()
    try:
        write_private_text(out, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise PrivacyError(f"cannot write {out}: {exc.strerror}") from None

    def note(ctx: WriteContext) -> None:
        audit.record(ctx, "person.export", "person", person.id)

    _run(config, note)
    print(f"exported {person.id} to {out} ({len(data['posts'])} posts, "
          f"{len(data['comments'])} comments)")


def cmd_erase(args: argparse.Namespace) -> None:
    config = _config(args)
    if not args.confirm:
        raise PrivacyError("erasure cannot be undone: add --confirm (a dry run: --dry-run)")

    def work(ctx: WriteContext) -> dict[str, int]:
        return erase_person(ctx, _person(ctx, args.person)).counts()

    _print(_run(config, work, args.dry_run), args.json, args.dry_run)


def add_commands(sub: Any) -> None:
    """Adds the retention and privacy commands to kontor-server's subcommands."""
    cmd = sub.add_parser("retention", help="remove old posts, anonymise leavers (kontor.toml)")
    rsub = cmd.add_subparsers(dest="action", required=True)
    run = rsub.add_parser("run", help="apply the retention rules now")
    run.add_argument("data_dir")
    run.add_argument("--dry-run", action="store_true", help="count, change nothing")
    run.add_argument("--json", action="store_true")
    cmd.set_defaults(func=cmd_retention)
    cmd = sub.add_parser("people", help="leavers: the day they left, anonymising")
    psub = cmd.add_subparsers(dest="action", required=True)
    anon = psub.add_parser("anonymise", help="anonymise one leaver, or all that are due")
    anon.add_argument("data_dir")
    anon.add_argument("person", nargs="?", help="id, e-mail, HR key or user name")
    anon.add_argument("--due", action="store_true",
                      help="everyone left longer than anonymise_leavers_after_days")
    anon.add_argument("--dry-run", action="store_true")
    anon.add_argument("--json", action="store_true")
    left = psub.add_parser("left", help="set the day a leaver left (default: today)")
    left.add_argument("data_dir")
    left.add_argument("person")
    left.add_argument("--on", metavar="YYYY-MM-DD")
    cmd.set_defaults(func=cmd_people)
    cmd = sub.add_parser("export-person", help="one person's own data as JSON (0600)")
    cmd.add_argument("data_dir")
    cmd.add_argument("person", help="id, e-mail, HR key or user name")
    cmd.add_argument("out", help="the JSON file to create (must not exist)")
    cmd.set_defaults(func=cmd_export)
    cmd = sub.add_parser("erase-person", help="erase one person's data on request")
    cmd.add_argument("data_dir")
    cmd.add_argument("person", help="id, e-mail, HR key or user name")
    cmd.add_argument("--confirm", action="store_true", help="required: this cannot be undone")
    cmd.add_argument("--dry-run", action="store_true")
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(func=cmd_erase)
